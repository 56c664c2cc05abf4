// Scanning large files on worker threads (src/events/parallel.ts) may never change results: over
// generated files (malformed lines, unparseable timestamps after skipped lines, CRLF endings,
// non-ASCII text, \u escapes, empty lines, lines longer than a segment, no final newline) and
// prefiltered searches, rows, input problems (with their line numbers), events read and lines skipped
// are the same with tiny segments and reads, on one or two workers with or without the reading thread,
// as with the reader's own scan. The workers run the built dist/ (npm test builds it first): a worker
// thread needs compiled JavaScript.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as Spelunk from "../../src/index.js";

const lib = (await import(pathToFileURL(join(import.meta.dirname, "..", "..", "dist", "src", "index.js")).href)) as typeof Spelunk;
const dir = mkdtempSync(join(tmpdir(), "spelunk-parallel-"));
let fileNo = 0;

const ct = (s: number, name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ eventVersion: "1.08", eventTime: `2024-01-15T10:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}Z`, eventSource: "ec2.amazonaws.com", eventName: name, ...extra });

const lineKinds: fc.Arbitrary<string>[] = [
  fc.integer({ min: 0, max: 3599 }).map((s) => ct(s, "ModifySnapshotAttribute", { user: "alpha" })),
  fc.integer({ min: 0, max: 3599 }).map((s) => ct(s, "DescribeInstances", { user: "beta" })),
  fc.integer({ min: 0, max: 3599 }).map((s) => ct(s, "ConsoleLogin", { note: "café – ünïcode", user: "alpha" })),
  // unparseable timestamp: the time of the nearest earlier line whose timestamp parses (8.7)
  fc.constant(JSON.stringify({ eventVersion: "1.08", eventTime: "not a time", eventSource: "ec2.amazonaws.com", eventName: "ModifySnapshotAttribute", user: "gamma" })),
  fc.constant(ct(5, "ModifySnapshotAttribute").replace("Snapshot", "\\u0053napshot")),
  fc.constant('{"eventVersion": "1.08", "eventName": "ModifySnapshotAttribute", broken'),
  fc.constant(""),
  fc.integer({ min: 0, max: 3599 }).map((s) => ct(s, "ModifySnapshotAttribute", { blob: "x".repeat(9000) })),
  fc.record({ _time: fc.integer({ min: 1705312800, max: 1705316400 }), user: fc.constantFrom("alpha", "beta") }).map((o) => JSON.stringify(o)),
];
const fileText = fc
  .tuple(fc.array(fc.oneof(...lineKinds), { minLength: 1, maxLength: 120 }), fc.boolean(), fc.boolean())
  .map(([lines, crlf, finalNewline]) => lines.join(crlf ? "\r\n" : "\n") + (finalNewline ? "\n" : ""));
const searches = ["eventName=ModifySnapshotAttribute | table _time eventName user", "alpha | table _time user note", "ModifySnapshotAttribute user=gamma | stats count by user", "beta OR gamma | table _time user"];

/** parallel: the bytes a thread reads at a time (small ones make lines span reads) and whether the
 * reading thread scans too (on files this small it would scan them alone), or false. */
async function run(search: string, file: string, parallel: { readBytes: number; readerScans: boolean; workers: number } | false) {
  const r = await lib.runSearch(search, { data: [file], now: 1705316400, parallelScan: parallel !== false ? { minBytes: 0, segmentBytes: 2048, selective: 1, ...parallel } : false });
  return { ok: r.ok, rows: lib.toJsonRows(r.rows, r.columns, "UTC"), problems: r.inputProblems, eventsRead: r.eventsRead, linesSkipped: r.linesSkipped };
}

describe("parallel scan", () => {
  it("gives the same results as the reader's own scan", async () => {
    await fc.assert(
      fc.asyncProperty(fileText, fc.constantFrom(...searches), fc.constantFrom(100, 700, 1 << 20), fc.boolean(), fc.constantFrom(1, 2), async (text, search, readBytes, readerScans, workers) => {
        const file = join(dir, `p-${fileNo++}.jsonl`);
        writeFileSync(file, text);
        expect(await run(search, file, { readBytes, readerScans, workers })).toEqual(await run(search, file, false));
      }),
      { numRuns: 40 },
    );
  });

  // (The first line must be whole JSON: a file that does not start as JSON Lines is read as one document.)
  it("numbers problem lines across segments and finds events in every segment", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) lines.push(i % 97 === 50 ? "{broken ModifySnapshotAttribute" : ct(i, i % 10 === 0 ? "ModifySnapshotAttribute" : "DescribeInstances", { i: String(i) }));
    const file = join(dir, `p-${fileNo++}.jsonl`);
    writeFileSync(file, lines.join("\n") + "\n");
    const r = await run("eventName=ModifySnapshotAttribute | stats count", file, { readBytes: 1000, readerScans: false, workers: 2 });
    expect(r.rows).toEqual([{ count: "39" }]); // every tenth line, but i = 50 (broken)
    expect(r.problems.map((p) => p.line)).toEqual([51, 148, 245, 342]);
    expect(r.linesSkipped + r.eventsRead + r.problems.length).toBe(400);
    expect(await run("eventName=ModifySnapshotAttribute | stats count", file, false)).toEqual(r);
    expect(await run("eventName=ModifySnapshotAttribute | stats count", file, { readBytes: 1000, readerScans: true, workers: 1 })).toEqual(r);
  });

  it("leaves a segment too dense for a worker's heap to the reading thread", async () => {
    // 600,000 short lines, all let through: a 4 MiB segment holds 466,033 of them, whose offsets would
    // not fit in a worker's 16 MB heap (it ran out of memory, and the file's read stopped), so the
    // worker answers "dense" past 32,768 lines and the reading thread scans the segment itself.
    const lines: string[] = [];
    for (let i = 0; i < 600000; i++) lines.push(`{"ab":1}`);
    const file = join(dir, `p-${fileNo++}.jsonl`);
    writeFileSync(file, lines.join("\n") + "\n");
    const search = "ab | stats count";
    const dense = await lib.runSearch(search, { data: [file], now: 1705316400, parallelScan: { workers: 1, minBytes: 0, selective: 1, readerScans: false } });
    expect(dense.inputProblems).toEqual([]);
    expect(lib.toJsonRows(dense.rows, dense.columns, "UTC")).toEqual([{ count: "600000" }]);
  });
});
