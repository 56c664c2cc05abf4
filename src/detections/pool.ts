// Running test cases on worker threads: `jobs` at a time, each stopped after `timeoutMs` (a runaway
// search, say a regular expression that backtracks catastrophically, cannot be interrupted otherwise:
// the worker running it is terminated and replaced). Results come back in the order of the cases.
import { Worker } from "node:worker_threads";
import { removeSortFolders } from "../timeorder.js";
import { loadDetection } from "./load.js";
import type { TestSuite } from "./sidecar.js";
import type { CaseResult, RunnerOptions } from "./testrun.js";
import type { WorkerTask } from "./worker.js";

function detectionName(file: string): string {
  try {
    return loadDetection(file).name;
  } catch {
    return file;
  }
}

interface Task {
  readonly id: number;
  readonly suite: TestSuite;
  readonly index: number;
}

export async function runSuitesOnWorkers(
  suites: readonly TestSuite[],
  options: RunnerOptions,
  jobs: number,
  timeoutMs: number | null,
  progress?: (done: number, total: number, r: CaseResult) => void,
): Promise<CaseResult[]> {
  const tasks: Task[] = [];
  for (const suite of suites) suite.cases.forEach((_c, index) => tasks.push({ id: tasks.length, suite, index }));
  const results: Array<CaseResult | undefined> = new Array(tasks.length);
  let next = 0;
  let done = 0;
  const workerUrl = new URL("./worker.js", import.meta.url);

  const finish = (task: Task, r: CaseResult) => {
    results[task.id] = r;
    done++;
    progress?.(done, tasks.length, r);
  };

  const lane = async (): Promise<void> => {
    let worker: Worker | null = null;
    while (next < tasks.length) {
      const task = tasks[next++]!;
      worker ??= new Worker(workerUrl);
      const w: Worker = worker;
      const started = Date.now();
      const result = await new Promise<CaseResult | "timeout" | Error>((resolveTask) => {
        const timer = timeoutMs === null ? null : setTimeout(() => resolveTask("timeout"), timeoutMs);
        const onMessage = (m: { id: number; result: CaseResult }) => {
          if (m.id !== task.id) return;
          cleanup();
          resolveTask(m.result);
        };
        const onError = (e: Error) => {
          cleanup();
          resolveTask(e);
        };
        const cleanup = () => {
          if (timer) clearTimeout(timer);
          w.off("message", onMessage);
          w.off("error", onError);
        };
        w.on("message", onMessage);
        w.on("error", onError);
        w.postMessage({ id: task.id, suite: task.suite, index: task.index, options } satisfies WorkerTask);
      });
      if (result === "timeout" || result instanceof Error) {
        // The worker may be stuck in a search: end it (and remove the sort files it may have left), and
        // start a fresh one for the next case.
        const thread = w.threadId;
        await w.terminate();
        removeSortFolders(thread);
        worker = null;
        const c = task.suite.cases[task.index]!;
        const reason = result === "timeout" ? `timed out after ${(timeoutMs! / 1000).toFixed(1)} s (--timeout)` : `the test worker failed: ${result.message}`;
        finish(task, { file: task.suite.file, detection: detectionName(task.suite.detectionFile), case: c.name, status: "fail", reason, rows: 0, ms: Date.now() - started });
      } else finish(task, result);
    }
    if (worker) await worker.terminate();
  };

  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, tasks.length)) }, () => lane()));
  return results.map((r) => r!);
}
