// `spelunk repl` on a terminal: inputs are evaluated on this worker thread, so that Ctrl-C can stop a
// search (a regular expression that backtracks without end cannot be interrupted any other way).
import { parentPort } from "node:worker_threads";
import { evaluate, type ReplRequest } from "./repl-eval.js";

parentPort!.on("message", (req: ReplRequest) => {
  void evaluate(req).then(
    (reply) => parentPort!.postMessage({ reply }),
    (e: unknown) => parentPort!.postMessage({ internal: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
