// The raw-text prefilter may never change results (issue "Fast and flat", src/commands/prefilter.ts):
// over generated searches and events, the rows with the prefilter on and off are the same.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivePrefilter } from "../../src/commands/prefilter.js";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { toJsonRows } from "../../src/output/format.js";
import { runSearch } from "../../src/spl.js";
import { parse } from "../../src/syntax/parse.js";
import type { SearchCommand } from "../../src/syntax/ast.js";

const dir = mkdtempSync(join(tmpdir(), "spelunk-prefilter-"));
let fileNo = 0;

const words = ["alpha", "Beta", "gamma", "ModifySnapshotAttribute", "success", "1.50", "1e2", "42", "é", "x/y", "a b", "Alpha"];
const keys = ["eventName", "errorCode", "user", "src", "n", "tags", "__proto__"];

/** JSON text of a record, sometimes with \u escapes and \/ (valid JSON that differs byte-wise). */
function jsonText(obj: Record<string, unknown>, escapeMode: number): string {
  let text = JSON.stringify(obj);
  if (escapeMode === 1) text = text.replace(/[A-Z]/g, (c) => "\\u00" + c.charCodeAt(0).toString(16));
  if (escapeMode === 2) text = text.replace(/\//g, "\\/");
  return text;
}

const scalar = fc.oneof(fc.constantFrom(...words), fc.integer({ min: 0, max: 99 }).map(String), fc.constantFrom(1.5, 100, -0, 2e21));
const record = fc.dictionary(fc.constantFrom(...keys), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), { maxKeys: 4 });
const cloudtrail = fc.record({
  eventVersion: fc.constant("1.08"),
  eventTime: fc.integer({ min: 0, max: 59 }).map((s) => `2024-01-15T10:00:${String(s).padStart(2, "0")}Z`),
  eventSource: fc.constant("ec2.amazonaws.com"),
  eventName: fc.constantFrom("ModifySnapshotAttribute", "DescribeInstances", "ConsoleLogin"),
  sourceIPAddress: fc.constantFrom("203.0.113.10", "ec2.amazonaws.com"),
  errorCode: fc.option(fc.constantFrom("AccessDenied", "success"), { nil: undefined }),
});
const line = fc.tuple(fc.oneof(record, cloudtrail), fc.integer({ min: 0, max: 2 })).map(([o, mode]) => jsonText(o as Record<string, unknown>, mode));

const value = fc.oneof(fc.constantFrom(...words, "*", "Model*", "*pha", "succ*ss", "10.0.0.0/8", "203.0.113.0/24"), fc.integer({ min: 0, max: 99 }).map(String));
const quote = (v: string) => (/[\s"]/.test(v) ? JSON.stringify(v) : v);
const atom = fc.oneof(
  value.map(quote),
  fc.tuple(fc.constantFrom(...keys, "src_ip", "sourcetype", "user_arn", "errorCode", "tags{}"), fc.constantFrom("=", "!=", ">"), value).map(([k, op, v]) => `${k}${op}${quote(v)}`),
  fc.tuple(fc.constantFrom(...keys), fc.array(value, { minLength: 1, maxLength: 3 })).map(([k, vs]) => `${k} IN (${vs.map(quote).join(", ")})`),
);
const searchExpr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: "small" },
    atom,
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a} ${b}`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `(${a} OR ${b})`),
    tie("expr").map((a) => `NOT ${a}`),
  ),
})).expr as fc.Arbitrary<string>;

async function rows(search: string, file: string, prefilter: boolean) {
  const r = await runSearch(search, { data: [file], now: 1705312800, prefilter });
  return { ok: r.ok, diagnostics: r.diagnostics, rows: toJsonRows(r.rows, r.columns, "UTC"), problems: r.inputProblems };
}

describe("prefilter", () => {
  it("never changes results (property over generated searches and events)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), searchExpr, async (lines, expr) => {
        const file = join(dir, `events-${fileNo++}.jsonl`);
        writeFileSync(file, lines.join("\n") + "\n");
        const search = `${expr} | table _raw eventName user errorCode`;
        const on = await rows(search, file, true);
        const off = await rows(search, file, false);
        expect(on.ok).toBe(off.ok);
        expect(on.rows).toEqual(off.rows);
      }),
      { numRuns: 300 },
    );
  });

  it("an event whose timestamp does not parse takes the time of the line before it, even when that line was skipped (8.7)", async () => {
    const ct = (time: string, name: string) =>
      JSON.stringify({ eventVersion: "1.08", eventTime: time, eventSource: "ec2.amazonaws.com", eventName: name, recipientAccountId: "1" });
    const file = join(dir, `fallback-${fileNo++}.jsonl`);
    writeFileSync(file, [ct("2024-01-15T09:00:00Z", "DescribeInstances"), ct("2024-01-15T10:00:00Z", "GetUser"), ct("not a time", "ModifySnapshotAttribute")].join("\n") + "\n");
    for (const prefilter of [true, false]) {
      const r = await runSearch("eventName=ModifySnapshotAttribute | eval t=_time | table t", { data: [file], now: 1, prefilter });
      expect(toJsonRows(r.rows, r.columns, "UTC"), `prefilter ${prefilter}`).toEqual([{ t: "1705312800" }]);
      expect(r.inputProblems.map((p) => p.message)).toEqual(["Failed to parse timestamp; defaulting to timestamp of previous event"]);
    }
  });

  it("derives the words of terms and of fields taken straight from the JSON", () => {
    const kb = loadKnowledge({ now: 0, tz: "UTC" });
    const words = (q: string) => derivePrefilter((parse(q).commands[0] as SearchCommand).expr, kb)?.words ?? null;
    expect(words("sourcetype=aws:cloudtrail eventName=ModifySnapshotAttribute")).toEqual([["ModifySnapshotAttribute"]]);
    expect(words("eventName=Describe* foo")).toEqual([["Describe"], ["foo"]]);
    expect(words("eventName=A* OR eventName=Bb")).toEqual([["A", "Bb"]]);
    // Aliases and calculated fields of aws:cloudtrail are not in the text as such.
    expect(words("errorCode=success src_ip=1.2.3.4")).toBeNull();
    // Negations, inequalities and CIDR values say nothing.
    expect(words("NOT foo x!=y n>5 ip=10.0.0.0/8")).toBeNull();
    // Numbers are left out: json.dumps may print them differently (1.50 -> 1.5).
    expect(words("n=1.50")).toBeNull();
  });
});
