// Maps spans of the macro-expanded text (what the parser sees) back to the text the user wrote.
//
// The expanded text is a sequence of segments:
// - "text": copied verbatim from the user's text; positions map 1:1 (shifted);
// - "macro": the whole expansion of one top-level macro reference (nested expansions included);
//   every position in it maps to the whole reference in the user's text, backticks included,
//   so a caret under an error inside an expansion points at the macro the user wrote.
import type { Span } from "../syntax/ast.js";

export interface MapSegment {
  readonly kind: "text" | "macro";
  /** Where the segment lies in the expanded text. */
  readonly expanded: Span;
  /** For "text", the same characters in the original; for "macro", the reference (with backticks). */
  readonly original: Span;
}

export class SourceMap {
  readonly originalText: string;
  readonly expandedText: string;
  /** Non-empty segments in expanded-text order, covering the expanded text without gaps. */
  readonly segments: readonly MapSegment[];

  constructor(originalText: string, expandedText: string, segments: readonly MapSegment[]) {
    this.originalText = originalText;
    this.expandedText = expandedText;
    this.segments = segments.filter((s) => s.expanded.end > s.expanded.start);
  }

  /** The map of a text in which nothing was expanded. */
  static identity(text: string): SourceMap {
    const all: Span = { start: 0, end: text.length };
    return new SourceMap(text, text, text.length > 0 ? [{ kind: "text", expanded: all, original: all }] : []);
  }

  /** Whether any macro reference was expanded. */
  get expandedAnything(): boolean {
    return this.segments.some((s) => s.kind === "macro");
  }

  /**
   * The span of the user's text a span of the expanded text came from. A position inside a macro
   * expansion widens to the whole outermost reference; an empty span inside an expansion maps to
   * the whole reference too. Positions are clamped to the expanded text.
   */
  toOriginal(span: Span): Span {
    const len = this.expandedText.length;
    const start = clamp(span.start, 0, len);
    const end = clamp(span.end, start, len);
    const first = this.segmentAt(start);
    if (end === start) {
      if (!first) return { start: this.originalText.length, end: this.originalText.length };
      if (first.kind === "macro") return first.original;
      const at = first.original.start + (start - first.expanded.start);
      return { start: at, end: at };
    }
    const last = this.segmentAt(end - 1);
    const mappedStart = first ? startOf(first, start) : this.originalText.length;
    const mappedEnd = last ? endOf(last, end) : this.originalText.length;
    return { start: mappedStart, end: Math.max(mappedStart, mappedEnd) };
  }

  /** The original offset of one expanded-text offset (start-of-span rule). */
  toOriginalOffset(offset: number): number {
    const p = clamp(offset, 0, this.expandedText.length);
    const seg = this.segmentAt(p);
    return seg ? startOf(seg, p) : this.originalText.length;
  }

  /** The segment holding expanded position `p` (binary search), or undefined at/after the end. */
  private segmentAt(p: number): MapSegment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const seg = this.segments[mid];
      if (!seg) break;
      if (p < seg.expanded.start) hi = mid - 1;
      else if (p >= seg.expanded.end) lo = mid + 1;
      else return seg;
    }
    return undefined;
  }
}

function startOf(seg: MapSegment, p: number): number {
  return seg.kind === "macro" ? seg.original.start : seg.original.start + (p - seg.expanded.start);
}

/** `p` is an exclusive end lying in `seg` (p - 1 is inside it). */
function endOf(seg: MapSegment, p: number): number {
  return seg.kind === "macro" ? seg.original.end : seg.original.start + (p - seg.expanded.start);
}

function clamp(n: number, lo: number, hi: number): number {
  if (Number.isNaN(n)) return lo;
  return Math.min(hi, Math.max(lo, Math.trunc(n)));
}
