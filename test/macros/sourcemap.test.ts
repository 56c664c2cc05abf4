import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { expandMacros } from "../../src/macros/expand.js";
import { SourceMap } from "../../src/macros/sourcemap.js";
import { def, spanOf, table } from "./helpers.js";

// Sources: "2.x" = /work/shared/reference/spl-semantics.md section 2; "brief" = the task
// specification (SourceMap: outside expansions 1:1 shifted, inside an expansion the whole
// outermost reference, backticks included).

const macros = table(
  def("cloudtrail", "sourcetype=aws:cloudtrail"),
  def("outer", "(`inner` OR y=2)"),
  def("inner", "x=1"),
  def("f", "f=$a$", ["a"]),
  def("empty", ""),
);

interface MapCase {
  readonly cite: string;
  readonly input: string;
  /** A piece of the expanded text (first occurrence at or after `from`) ... */
  readonly expandedPiece: string;
  readonly from?: number;
  /** ... maps to this piece of the input (first occurrence at or after `originalFrom`). */
  readonly originalPiece: string;
  readonly originalFrom?: number;
}

const cases: MapCase[] = [
  {
    cite: "brief: text before any expansion maps 1:1",
    input: "index=main `cloudtrail` eventName=X",
    expandedPiece: "index=main",
    originalPiece: "index=main",
  },
  {
    cite: "brief + Example 2.A: plain text after an expansion maps 1:1, shifted",
    input: "`cloudtrail` eventName=CreateAccessKey",
    expandedPiece: "eventName=CreateAccessKey",
    originalPiece: "eventName=CreateAccessKey",
  },
  {
    cite: "brief: part of one word after an expansion",
    input: "`cloudtrail` eventName=CreateAccessKey",
    expandedPiece: "Create",
    originalPiece: "Create",
  },
  {
    cite: "brief: a position inside an expansion maps to the whole reference",
    input: "a | `cloudtrail` | b",
    expandedPiece: "aws",
    originalPiece: "`cloudtrail`",
  },
  {
    cite: "brief: the whole expansion maps to the whole reference",
    input: "a | `cloudtrail` | b",
    expandedPiece: "sourcetype=aws:cloudtrail",
    originalPiece: "`cloudtrail`",
  },
  {
    cite: "brief + 2.3: text of a nested macro maps to the OUTERMOST reference",
    input: "search `outer` | stats count",
    expandedPiece: "x=1",
    originalPiece: "`outer`",
  },
  {
    cite: "brief: an argument's substituted text maps to the whole reference",
    input: "`f(abc)` z",
    expandedPiece: "abc",
    originalPiece: "`f(abc)`",
  },
  {
    cite: "brief: a span from plain text into an expansion widens to the reference's end",
    input: "aa `cloudtrail` bb",
    expandedPiece: "aa sourcetype",
    originalPiece: "aa `cloudtrail`",
  },
  {
    cite: "brief: a span from an expansion into plain text starts at the reference",
    input: "aa `cloudtrail` bb",
    expandedPiece: "cloudtrail b",
    originalPiece: "`cloudtrail` b",
  },
  {
    cite: "brief: a span across two expansions covers both references",
    input: "`inner` and `cloudtrail`!",
    expandedPiece: "1 and source",
    originalPiece: "`inner` and `cloudtrail`",
  },
  {
    cite: "brief: text after a macro that expanded to nothing",
    input: "a `empty` tail",
    expandedPiece: "tail",
    originalPiece: "tail",
  },
  {
    cite: "brief + 2.4: a quoted backtick is plain text and maps 1:1",
    input: '`inner` "q`inner`q" end',
    expandedPiece: '"q`inner`q"',
    originalPiece: '"q`inner`q"',
  },
  {
    cite: "brief: a comment after an expansion maps 1:1",
    input: "`inner` ```note``` end",
    expandedPiece: "```note```",
    originalPiece: "```note```",
  },
];

describe("SourceMap.toOriginal", () => {
  it.each(cases)("$cite", ({ input, expandedPiece, from, originalPiece, originalFrom }) => {
    const { text, map } = expandMacros(input, macros);
    expect(map.expandedText).toBe(text);
    expect(map.originalText).toBe(input);
    const got = map.toOriginal(spanOf(text, expandedPiece, from ?? 0));
    expect(got).toEqual(spanOf(input, originalPiece, originalFrom ?? 0));
  });

  it("brief: an empty span inside an expansion maps to the whole reference; elsewhere to a point", () => {
    const input = "ab `cloudtrail` cd";
    const { text, map } = expandMacros(input, macros);
    const inside = text.indexOf("aws");
    expect(map.toOriginal({ start: inside, end: inside })).toEqual(spanOf(input, "`cloudtrail`"));
    const after = text.indexOf("cd");
    expect(map.toOriginal({ start: after, end: after })).toEqual({ start: input.indexOf("cd"), end: input.indexOf("cd") });
  });

  it("brief: the end of the text maps to the end of the original; out-of-range spans are clamped", () => {
    const input = "`cloudtrail` x";
    const { text, map } = expandMacros(input, macros);
    expect(map.toOriginal({ start: text.length, end: text.length })).toEqual({ start: input.length, end: input.length });
    expect(map.toOriginal({ start: -5, end: text.length + 10 })).toEqual({ start: 0, end: input.length });
  });

  it("brief: text ending in an expansion maps its end to the reference's end", () => {
    const input = "x | `cloudtrail`";
    const { text, map } = expandMacros(input, macros);
    expect(map.toOriginal({ start: 0, end: text.length })).toEqual({ start: 0, end: input.length });
    expect(map.toOriginalOffset(text.length - 1)).toBe(input.indexOf("`"));
  });

  it("brief: segments cover the expanded text in order", () => {
    const { text, map } = expandMacros("a `inner` b `f(1)` c", macros);
    expect(map.expandedAnything).toBe(true);
    let at = 0;
    for (const s of map.segments) {
      expect(s.expanded.start).toBe(at);
      at = s.expanded.end;
    }
    expect(at).toBe(text.length);
    expect(map.segments.map((s) => s.kind)).toEqual(["text", "macro", "text", "macro", "text"]);
  });
});

describe("SourceMap: identity without backticks (property)", () => {
  const noBacktick = fc.string({ unit: fc.constantFrom("a", "Z", " ", "|", '"', "\\", "$", "(", ")", ",", "=", "\n", "é", "😀") });
  const spanIn = (len: number) =>
    fc.tuple(fc.integer({ min: 0, max: len }), fc.integer({ min: 0, max: len })).map(([a, b]) => ({
      start: Math.min(a, b),
      end: Math.max(a, b),
    }));

  it("brief: for text without backticks, expansion is the identity and the map is the identity", () => {
    fc.assert(
      fc.property(
        noBacktick.chain((s) => fc.tuple(fc.constant(s), spanIn(s.length))),
        ([s, span]) => {
          const { text, map } = expandMacros(s, macros);
          expect(text).toBe(s);
          expect(map.expandedAnything).toBe(false);
          expect(map.toOriginal(span)).toEqual(span);
          expect(map.toOriginalOffset(span.start)).toBe(span.start);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("brief: arbitrary strings without backticks are unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }).filter((s) => !s.includes("`")), (s) => {
        const { text, map } = expandMacros(s, macros);
        expect(text).toBe(s);
        expect(map.toOriginal({ start: 0, end: s.length })).toEqual({ start: 0, end: s.length });
      }),
      { numRuns: 300 },
    );
  });

  it("brief: SourceMap.identity maps every span to itself", () => {
    const m = SourceMap.identity("hello world");
    expect(m.toOriginal({ start: 2, end: 7 })).toEqual({ start: 2, end: 7 });
    expect(SourceMap.identity("").toOriginal({ start: 0, end: 0 })).toEqual({ start: 0, end: 0 });
  });
});

describe("SourceMap: plain text around expansions maps back to the same characters (property)", () => {
  it("brief: every character outside references maps to an equal character of the input", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", " ", "|", "="), maxLength: 6 });
    const ref = fc.constantFrom("`cloudtrail`", "`outer`", "`f(q)`", "`empty`");
    fc.assert(
      fc.property(fc.array(fc.tuple(word, ref)), word, (pairs, tail) => {
        const input = pairs.map(([w, r]) => w + r).join("") + tail;
        const { text, map } = expandMacros(input, macros);
        for (const seg of map.segments) {
          const exp = text.slice(seg.expanded.start, seg.expanded.end);
          const orig = input.slice(seg.original.start, seg.original.end);
          if (seg.kind === "text") expect(orig).toBe(exp);
          else expect(orig.startsWith("`") && orig.endsWith("`")).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
