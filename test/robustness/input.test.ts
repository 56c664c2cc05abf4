// Bad event input: every bad line is reported with its file and line, every good line is processed,
// and nothing crashes (issue "Bad input never crashes spelunk and never loses good data").
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { toJsonRows } from "../../src/output/format.js";
import { runSearch } from "../../src/spl.js";

const dir = mkdtempSync(join(tmpdir(), "spelunk-input-"));
let n = 0;
function file(content: string | Buffer, ext = "jsonl"): string {
  const f = join(dir, `in-${n++}.${ext}`);
  writeFileSync(f, content);
  return f;
}
const good = (i: number) => JSON.stringify({ _time: 1700000000 + i, i: String(i) });

async function read(f: string, extra: { strict?: boolean } = {}) {
  const r = await runSearch("* | table i", { data: [f], now: 1, prefilter: false, ...extra });
  return { r, rows: toJsonRows(r.rows, r.columns, "UTC").map((x) => x["i"]), problems: r.inputProblems.map((p) => `${p.line}: ${p.message}`) };
}

describe("bad input lines", () => {
  it("malformed, binary and non-object lines are reported by line; the good lines all come through", async () => {
    const lines = [good(1), '{"i": "2",', "\u0000\u0001\u0002binary\u00ff", good(4), "[1,2,3]", "42", good(7)];
    const { rows, problems } = await read(file(lines.join("\n") + "\n"));
    expect(rows).toEqual(["7", "4", "1"]);
    expect(problems.map((p) => p.split(":")[0])).toEqual(["2", "3", "5", "6"]);
  });

  it("invalid UTF-8 is decoded with replacement characters, not dropped", async () => {
    const bytes = Buffer.concat([Buffer.from('{"_time": 1700000001, "i": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n' + good(2) + "\n")]);
    const { rows, problems } = await read(file(bytes));
    expect(problems).toEqual([]);
    expect(rows).toEqual(["2", "caf\ufffd("]);
  });

  it("a truncated gzip file: the lines before the cut are kept, the cut is reported", async () => {
    const body = Array.from({ length: 2000 }, (_, i) => good(i)).join("\n") + "\n";
    const gz = gzipSync(Buffer.from(body));
    const { rows, problems } = await read(file(gz.subarray(0, Math.floor(gz.length * 0.6)), "jsonl.gz"));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(2000);
    expect(problems.some((p) => /unexpected end of file|cannot read/i.test(p))).toBe(true);
  });

  // Regular files are read into one reused 1 MiB buffer: whatever outlives a chunk (a line cut by the
  // chunk's end, a whole JSON document, gzip input) must be a copy, or later chunks would overwrite it.
  it("inputs of many 1 MiB chunks keep every event: JSON Lines, a JSON array, CloudTrail Records, gzip", async () => {
    const count = 70000; // 3.3 MB as JSON Lines: four chunks, so a kept view of the buffer would be overwritten
    const records = Array.from({ length: count }, (_, i) => ({ _time: 1700000000 + i, i: String(i), pad: "p".repeat(i % 17) }));
    const lines = records.map((r) => JSON.stringify(r)).join("\n") + "\n";
    const expected = records.map((r) => r.i).reverse();
    for (const f of [
      file(lines),
      file(JSON.stringify(records, null, 1), "json"),
      file(JSON.stringify({ Records: records }), "json"),
      file(gzipSync(Buffer.from(lines)), "jsonl.gz"),
    ]) {
      const { rows, problems } = await read(f);
      expect(problems).toEqual([]);
      expect(rows).toEqual(expected);
    }
  });

  it("a 50 MB single line is one event", async () => {
    const big = JSON.stringify({ _time: 1700000000, i: "big", blob: "x".repeat(50 * 1024 * 1024) });
    const { rows, problems } = await read(file(big + "\n" + good(1) + "\n"));
    expect(problems).toEqual([]);
    expect(rows).toEqual(["1", "big"]);
  });

  it("deep nesting, huge arrays and duplicate keys are ordinary events", async () => {
    const deep = '{"_time": 1700000001, "i": "deep", "d": ' + "[".repeat(5000) + "1" + "]".repeat(5000) + "}";
    const huge = JSON.stringify({ _time: 1700000002, i: "huge", a: Array.from({ length: 100000 }, (_, k) => k) });
    const dup = '{"_time": 1700000003, "i": "dup", "k": 1, "k": 2}';
    const { rows, problems } = await read(file([deep, huge, dup].join("\n") + "\n"));
    expect(problems).toEqual([]);
    expect(rows).toEqual(["dup", "huge", "deep"]);
  });

  it("stats over 200,000 groups completes and keeps every group", async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `{"_time": ${1700000000 + i}, "id": "u${i}"}`).join("\n") + "\n";
    const r = await runSearch("* | stats count by id | stats count AS groups sum(count) AS events", { data: [file(lines)], now: 1 });
    expect(toJsonRows(r.rows, r.columns, "UTC")).toEqual([{ groups: "200000", events: "200000" }]);
  });

  it("--strict stops at the first bad line with an input error naming it", async () => {
    const { r } = await read(file([good(1), "{oops", good(3)].join("\n") + "\n"), { strict: true });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.code).toBe("input-error");
    expect(r.diagnostics[0]!.message).toMatch(/:2: malformed JSON.*--strict/);
  });
});
