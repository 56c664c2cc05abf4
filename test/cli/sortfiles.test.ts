// A search on a worker thread that is terminated (--timeout, Ctrl-C in the REPL, spelunk test's
// --timeout) cannot remove its own time-sort files: the thread that ended it does, by the worker's
// threadId (src/timeorder.ts removeSortFolders); a `spelunk` process stopped by a signal leaves its
// folder to the next spelunk that starts. Uses the built dist/, as the CLI does.
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

describe("a spelunk process stopped by a signal", () => {
  const bin = join(import.meta.dirname, "..", "..", "dist", "bundle", "main.js");

  it.each(["SIGTERM", "SIGINT", "SIGHUP"] as const)("%s: stops it at once; the next spelunk removes its time-sort folder", async (signal) => {
    // The search reads stdin, which stays open: it has spilled rows to disk and waits for more events.
    const tmp = mkdtempSync(join(tmpdir(), "spelunk-signal-"));
    const env = { ...process.env, TMPDIR: tmp };
    const child = spawn(process.execPath, [bin, "run", "--query", "* | table _time a", "--data", "-"], { env, stdio: ["pipe", "ignore", "pipe"] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
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
    expect(await exited).toBe(signal);
    expect(sortFolders().length).toBe(1);
    // Any later spelunk removes the folders of processes that no longer exist.
    const next = spawn(process.execPath, [bin, "run", "--query", "| makeresults"], { env, stdio: "ignore" });
    await new Promise((resolve) => next.on("exit", resolve));
    expect(sortFolders()).toEqual([]);
  }, 30000);

  it("SIGINT stops a search busy on the main thread (a regular expression that backtracks without end)", async () => {
    const child = spawn(process.execPath, [bin, "run", "--query", '| makeresults | eval a="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab" | regex a="^(a+)+$"'], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill("SIGINT");
    // Caught, the signal would wait for the regular expression (hours): the test would time out.
    expect(await exited).toBe("SIGINT");
  }, 30000);
});
