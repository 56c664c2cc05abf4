// A field read from the record as JSON.parse gave it (src/events/event.ts, topLevelPath) must be what
// extracting every field gives (src/events/flatten.ts): over generated records and names, including
// keys with dots in them (several paths make one name), arrays, numbers, escapes and __proto__.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flattenRecord } from "../../src/events/flatten.js";
import { ingestText, newSourceState } from "../../src/events/ingest.js";
import { loadKnowledge } from "../../src/knowledge/index.js";

const knowledge = loadKnowledge({ now: 0, tz: "UTC" }, []);
const opts = { knowledge, host: "h", index: "main", extractionCutoff: Infinity };
const keys = ["a", "b", "c", "a.b", "b.c", "a.b.c", "x y", "__proto__", "é"];

const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("q\"uote", "tab\t", "\u00e9", "\ud83d\ude00"), fc.boolean(), fc.constant(null), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("v"), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...keys), tie("v"), { maxKeys: 4 })),
})).v;
const record = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 5 });
const name = fc.array(fc.constantFrom(...keys), { minLength: 1, maxLength: 4 }).map((ks) => ks.join("."));

describe("a field read from the parsed record", () => {
  it("is what extracting every field gives", () => {
    fc.assert(
      fc.property(record, fc.array(name, { minLength: 1, maxLength: 6 }), fc.boolean(), (rec, names, respell) => {
        // Numbers written as JSON.stringify would not write them (2.0, not 2): a field keeps the text.
        const text = respell ? JSON.stringify(rec).replace(/([:[,])(-?\d+)(?=[,\]}])/g, "$1$2.0") : JSON.stringify(rec);
        const r = ingestText(text, newSourceState("t"), opts, 0);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const all = flattenRecord(text, { cutoffBytes: Infinity }, { state: "complete", errorOffset: -1 });
        for (const n of names) {
          const want = all.get(n);
          expect(r.event.get(n), `${n} of ${text}`).toEqual(want === undefined ? undefined : want.length === 1 ? want[0] : want);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("leaves a name that two paths make to extraction", () => {
    const text = JSON.stringify({ "a.b": "one", a: { b: "two" } });
    const r = ingestText(text, newSourceState("t"), opts, 0);
    expect(r.ok && r.event.get("a.b")).toEqual(["one", "two"]);
  });
});
