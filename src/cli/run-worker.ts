// `spelunk run --timeout`: the search runs on this worker thread, so that the main thread can stop it
// (a regular expression that backtracks without end cannot be interrupted any other way).
import { parentPort, workerData } from "node:worker_threads";
import { runCommand } from "./run.js";

interface Job {
  readonly file: string | undefined;
  readonly opts: Record<string, unknown>;
}

const job = workerData as Job;
let stdout = "";
let stderr = "";
void runCommand(job.file, job.opts, { out: (t) => (stdout += t), err: (t) => (stderr += t) }).then((code) => parentPort!.postMessage({ code, stdout, stderr }));
