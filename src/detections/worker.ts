// A worker thread of `spelunk test`: runs the test cases it is sent, one at a time, and posts each
// result back. A case that runs too long is stopped by terminating the worker (src/detections/pool.ts).
import { parentPort } from "node:worker_threads";
import type { TestSuite } from "./sidecar.js";
import { DetectionContext, runCase, type RunnerOptions } from "./testrun.js";

export interface WorkerTask {
  readonly id: number;
  readonly suite: TestSuite;
  readonly index: number;
  readonly options: RunnerOptions;
}

let ctx: DetectionContext | null = null;

parentPort?.on("message", (task: WorkerTask) => {
  ctx ??= new DetectionContext(task.options);
  void runCase(task.suite, task.suite.cases[task.index]!, ctx, task.options).then((result) => parentPort!.postMessage({ id: task.id, result }));
});
