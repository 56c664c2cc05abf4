// A search on a worker thread that is terminated (--timeout, Ctrl-C in the REPL, spelunk test's
// --timeout) cannot remove its own time-sort files: the thread that ended it does, by the worker's
// threadId (src/timeorder.ts removeSortFolders); and a `spelunk` process stopped by a signal removes
// its own. Uses the built dist/, as the CLI does.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
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

describe("time-sort files of a spelunk process stopped by a signal", () => {
  const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "main.js");

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
    ["SIGHUP", 129],
  ] as const)("%s: removed, exit code %i", async (signal, code) => {
    // The search reads stdin, which stays open: it has spilled rows to disk and waits for more events.
    const tmp = mkdtempSync(join(tmpdir(), "spelunk-signal-"));
    const child = spawn(process.execPath, [bin, "run", "--query", "* | table _time a", "--data", "-"], { env: { ...process.env, TMPDIR: tmp }, stdio: ["pipe", "ignore", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    child.stdin.on("error", () => {}); // the rest of the input is not read: the process is stopped
    const pad = "x".repeat(300);
    const lines: string[] = [];
    for (let i = 0; i < 40000; i++) lines.push(JSON.stringify({ _time: 1700000000 + (i % 977), a: `${i}-${pad}` }));
    child.stdin.write(lines.join("\n") + "\n");
    const sortFolders = () => readdirSync(tmp).filter((n) => n.startsWith("spelunk-sort-"));
    for (let waited = 0; sortFolders().length === 0; waited += 20) {
      if (waited > 20000) throw new Error("the search did not spill");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(sortFolders()).toEqual([]);
  }, 30000);
});
