// A search on a worker thread that is terminated (--timeout, Ctrl-C in the REPL, spelunk test's
// --timeout) cannot remove its own time-sort files: the thread that ended it does, by the worker's
// threadId (src/timeorder.ts removeSortFolders). Uses the built dist/, as the CLI does.
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { removeSortFolders } from "../../src/timeorder.js";

const dist = pathToFileURL(join(import.meta.dirname, "..", "..", "dist", "src", "index.js")).href;

const folders = (thread: number) => readdirSync(tmpdir()).filter((n) => n.startsWith(`spelunk-sort-${process.pid}-${thread}-`));

describe("time-sort files of a terminated worker", () => {
  it("are removed by the thread that terminated it", async () => {
    // The worker spills (two rows at a time), then hangs in onRow while the merge reads its file.
    const code = `
      const { parentPort } = require("node:worker_threads");
      import(${JSON.stringify(dist)}).then(({ runSearch }) => runSearch("* | table a", {
        events: Array.from({ length: 20 }, (_, i) => ({ _time: 1700000000 + i, a: String(i) })),
        sortMemoryRows: 2,
        onRow: () => { parentPort.postMessage("row"); for (;;) {} },
      }));`;
    const worker = new Worker(code, { eval: true });
    const thread = worker.threadId;
    await new Promise((resolve) => worker.once("message", resolve));
    const left = folders(thread);
    expect(left.length).toBe(1);
    await worker.terminate();
    expect(existsSync(join(tmpdir(), left[0]!))).toBe(true);
    removeSortFolders(thread);
    expect(folders(thread)).toEqual([]);
  });
});
