// `spelunk run --timeout <s>`: run the search on a worker thread and stop it when it runs too long.
import { Worker } from "node:worker_threads";
import { removeSortFolders } from "../timeorder.js";
import { EXIT } from "./run.js";

export async function runWithTimeout(file: string | undefined, opts: Record<string, unknown>): Promise<number> {
  const seconds = Number(opts["timeout"]);
  if (!(seconds > 0)) {
    process.stderr.write(`spelunk: --timeout ${String(opts["timeout"])}: expected a number of seconds > 0\n`);
    return EXIT.query;
  }
  const { timeout: _t, ...rest } = opts;
  const data = Array.isArray(rest["data"]) ? rest["data"] : [];
  const worker = new Worker(new URL("./run-worker.js", import.meta.url), { workerData: { file, opts: rest }, stdin: data.includes("-") });
  if (data.includes("-") && worker.stdin) process.stdin.pipe(worker.stdin);
  return await new Promise<number>((resolve) => {
    const thread = worker.threadId; // captured now: a terminated worker's threadId is -1
    const timer = setTimeout(() => {
      void worker.terminate().then(() => {
        removeSortFolders(thread);
        process.stderr.write(`spelunk: the search was stopped after ${seconds} s (--timeout): it ran too long (a regular expression that backtracks without end, or too much input)\n`);
        resolve(EXIT.query);
      });
    }, seconds * 1000);
    worker.on("message", (m: { code: number; stdout: string; stderr: string }) => {
      clearTimeout(timer);
      process.stdout.write(m.stdout);
      process.stderr.write(m.stderr);
      void worker.terminate().then(() => resolve(m.code));
    });
    worker.on("error", (e) => {
      clearTimeout(timer);
      process.stderr.write(`spelunk: internal error: ${e.stack ?? e.message}\n`);
      resolve(EXIT.internal);
    });
  });
}
