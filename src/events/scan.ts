// Finding the lines of a block of bytes that the search needs. The block is scanned as bytes: with a
// raw-text prefilter, its most selective word is searched for in them (bytesearch.ts), and only the
// lines it occurs on (and lines with escapes, see below) are looked at, copied and handed on; lines are
// counted with the native newline search. No text is made of the lines skipped. Used by the reader
// (read.ts) and, for large files, by the parallel scan's segments (parallel.ts, scan-segment.ts).
import { isAscii } from "node:buffer";
import { readSync } from "node:fs";
import type { ByteFinder } from "./bytesearch.js";

/**
 * A raw-text prefilter (derived from the base search by src/commands/prefilter.ts): lines that cannot
 * hold a matching event are skipped before any JSON is parsed. `find` finds, ignoring ASCII case, the
 * words of the most selective required clause; `accept` checks a candidate line (as Latin-1 text: one
 * character per byte) against all the required terms. Lines with JSON escapes (`\u`, `\/`) are always
 * candidates: their decoded text may hold a term their bytes do not.
 */
export interface Prefilter {
  readonly find: ByteFinder;
  accept(latin1Line: string): boolean;
  /** The required words, for explanations: every inner list needs one of its words. */
  readonly words?: ReadonlyArray<readonly string[]>;
  /** Some word could match inside a \uXXXX escape that json.dumps writes for a non-ASCII character
   * (it starts with a hex digit or a u): lines with non-ASCII bytes must then be candidates too. */
  readonly hexRisk?: boolean;
}

export const HIGH_BYTES = /[\x80-\xff]/;

/** Bytes of text scanned as one string where a string is needed (bytesearch.ts's RegExp search), and
 * the granularity of the reader's all-ASCII test of lines. */
export const SCAN_BYTES = 64 << 10;

/** How far back (bytes) the lines skipped before a line let through are kept for the timestamp
 * fallback (see LineSink's `before`): the reader's scan and the parallel scan both use it. */
export const LOOKBACK_BYTES = 2 * SCAN_BYTES;

/**
 * A line let through: its bytes are block[start, end) (without the newline and a carriage return before
 * it), `line` its 1-based number; `before` yields the lines skipped since the previous line let through,
 * nearest first, from up to LOOKBACK_BYTES before the line (see Carry); `ascii` is true when the line
 * is known to be all ASCII (false: not known). `before` may only be called during the call.
 */
export type LineSink = (start: number, end: number, line: number, before: (() => Iterable<string>) | undefined, ascii: boolean) => void;

/**
 * The end of the lines the prefilter skipped since the last line it let through, carried (up to
 * LOOKBACK_BYTES) from one block to the next: an event whose timestamp does not parse takes the time of
 * the nearest previous line whose timestamp does (Splunk's fallback, 8.7), skipped or not.
 */
export class Carry {
  private readonly bytes = Buffer.allocUnsafe(LOOKBACK_BYTES);
  private length = 0;

  /** Keep block[from, to) after what is kept (instead of it when `fresh`), up to LOOKBACK_BYTES. */
  keep(block: Buffer, from: number, to: number, fresh: boolean): void {
    if (fresh) this.length = 0;
    const n = to - from;
    if (n >= LOOKBACK_BYTES) {
      block.copy(this.bytes, 0, to - LOOKBACK_BYTES, to);
      this.length = LOOKBACK_BYTES;
      return;
    }
    const kept = Math.min(this.length, LOOKBACK_BYTES - n);
    this.bytes.copy(this.bytes, 0, this.length - kept, this.length);
    block.copy(this.bytes, kept, from, to);
    this.length = kept + n;
  }

  /** The last `n` bytes kept (fewer if fewer are), as Latin-1 text. */
  text(n: number): string {
    return latin1Slice.call(this.bytes, Math.max(0, this.length - n), this.length);
  }
}

/** The lines of `text` from its end backwards (each without its newline; a final newline ends the last
 * line, it does not start an empty one). */
export function* linesBackwards(text: string): Generator<string> {
  if (text.length === 0) return;
  let end = text.charCodeAt(text.length - 1) === 0x0a ? text.length - 1 : text.length;
  for (;;) {
    const nl = end === 0 ? -1 : text.lastIndexOf("\n", end - 1);
    yield text.slice(nl + 1, end);
    if (nl < 0) return;
    end = nl;
  }
}

/**
 * Buffer.prototype.latin1Slice, the method `toString("latin1", start, end)` ends in, called without
 * toString's argument handling, which costs several times the copy itself on lines of a few hundred
 * bytes (100,000 CloudTrail lines: 350 ms through toString, 45 ms through latin1Slice). Node has had it
 * on every Buffer since its first versions; toString is the fallback should it ever go.
 */
type Slice = (this: Buffer, start: number, end: number) => string;
export const latin1Slice: Slice =
  (Buffer.prototype as unknown as { latin1Slice?: Slice }).latin1Slice ??
  function (this: Buffer, start: number, end: number) {
    return this.toString("latin1", start, end);
  };

/** Whether block[start, end) is all ASCII, testing SCAN_BYTES pieces of the block at a time (most
 * pieces are) and the line itself only where its piece is not. */
class AsciiPieces {
  private readonly known: Array<boolean | undefined> = [];
  constructor(private readonly block: Buffer) {}

  line(start: number, end: number): boolean {
    const last = end === 0 ? 0 : Math.floor((end - 1) / SCAN_BYTES);
    for (let k = Math.floor(start / SCAN_BYTES); k <= last; k++) {
      let a = this.known[k];
      if (a === undefined) a = this.known[k] = isAscii(this.block.subarray(k * SCAN_BYTES, (k + 1) * SCAN_BYTES));
      if (!a) return isAscii(this.block.subarray(start, end));
    }
    return true;
  }
}

/** The end of the line that ends at the newline `nl`, without a carriage return before it. */
function lineEnd(block: Buffer, start: number, nl: number): number {
  return nl > start && block[nl - 1] === 0x0d ? nl - 1 : nl;
}

/**
 * Hand the lines of a block (whole lines, each ending with a newline) to `emit`, skipping those the
 * prefilter rules out. Returns the line number of the block's last line (`lineNo` is the one before the
 * block). `skipped` is told how many non-empty lines were skipped.
 */
export function scanBlock(block: Buffer, lineNo: number, prefilter: Prefilter | null, emit: LineSink, skipped?: (lines: number) => void, carry?: Carry): number {
  if (!prefilter) {
    const ascii = new AsciiPieces(block);
    let start = 0;
    for (let nl = block.indexOf(0x0a); nl >= 0; nl = block.indexOf(0x0a, start)) {
      const end = lineEnd(block, start, nl);
      emit(start, end, ++lineNo, undefined, ascii.line(start, end));
      start = nl + 1;
    }
    return lineNo;
  }
  const size = block.length;
  // Candidate lines (their starts): those where the selective word occurs, and those with escapes or
  // (Prefilter.hexRisk) non-ASCII bytes, which are let through without the accept test.
  const starts: number[] = [];
  const always = new Set<number>();
  const lineStart = (at: number) => (at === 0 ? 0 : block.lastIndexOf(0x0a, at - 1) + 1);
  const afterLine = (at: number) => {
    const nl = block.indexOf(0x0a, at);
    return nl < 0 ? size : nl + 1;
  };
  prefilter.find.each(block, 0, size, (at) => {
    starts.push(lineStart(at));
    return afterLine(at);
  });
  for (const escape of ESCAPES) {
    for (let at = block.indexOf(escape); at >= 0; at = block.indexOf(escape, afterLine(at))) {
      const start = lineStart(at);
      starts.push(start);
      always.add(start);
    }
  }
  if (prefilter.hexRisk && !isAscii(block)) {
    const s = latin1Slice.call(block, 0, size);
    for (let m = HIGH.exec(s); m; m = HIGH.exec(s)) {
      const start = lineStart(m.index);
      starts.push(start);
      always.add(start);
      HIGH.lastIndex = afterLine(m.index);
    }
    HIGH.lastIndex = 0;
  }
  if (starts.length > 1) starts.sort((a, b) => a - b);

  // Lines are counted (and empty ones, which are not counted as skipped) up to each candidate.
  let nonEmpty = 0;
  const count = (from: number, to: number) => {
    let n = 0;
    let start = from;
    for (let nl = block.indexOf(0x0a, from); nl >= 0 && nl < to; nl = block.indexOf(0x0a, start)) {
      n++;
      if (nl > start && !(nl === start + 1 && block[start] === 0x0d)) nonEmpty++;
      start = nl + 1;
    }
    return n;
  };
  let candidates = 0;
  let counted = 0;
  let prev = -1;
  // Where the lines skipped since the last line let through begin (see Carry).
  let skippedFrom = 0;
  for (const start of starts) {
    if (start === prev) continue;
    prev = start;
    lineNo += count(counted, start);
    const nl = block.indexOf(0x0a, start);
    const end = lineEnd(block, start, nl < 0 ? size : nl);
    if (always.has(start) || prefilter.accept(latin1Slice.call(block, start, end))) {
      candidates++;
      const from = Math.max(skippedFrom, start - LOOKBACK_BYTES);
      const fromCarry = skippedFrom === 0 && carry && start < LOOKBACK_BYTES ? carry : undefined;
      emit(
        start,
        end,
        lineNo + 1,
        function* () {
          yield* linesBackwards(latin1Slice.call(block, from, start));
          if (fromCarry) yield* linesBackwards(fromCarry.text(LOOKBACK_BYTES - start));
        },
        isAscii(block.subarray(start, end)),
      );
      skippedFrom = nl < 0 ? size : nl + 1;
    }
    counted = start;
  }
  lineNo += count(counted, size);
  carry?.keep(block, Math.max(skippedFrom, size - LOOKBACK_BYTES), size, skippedFrom > 0);
  skipped?.(nonEmpty - candidates);
  return lineNo;
}

/** Escapes whose lines are always candidates: a \u or \/ escape may hide a word (other escapes only
 * stand for quotes, backslashes and whitespace, which no prefilter word contains); so may a non-ASCII
 * byte, which json.dumps writes as \uXXXX, when a word could match inside such an escape
 * (Prefilter.hexRisk). */
const ESCAPES = [Buffer.from("\\u", "latin1"), Buffer.from("\\/", "latin1")];
const HIGH = /[\x80-\xff]/g;

/**
 * A line's text: Latin-1 (one character per byte) when it is all ASCII, else decoded as UTF-8. The
 * line is copied out of the block rather than sliced from a larger string: a slice would keep the
 * whole string alive for as long as the event (or any field value sliced from it) lives.
 */
export function lineText(block: Buffer, start: number, end: number, knownAscii: boolean): { text: string; ascii: boolean } {
  const latin1 = latin1Slice.call(block, start, end);
  if (knownAscii || !HIGH_BYTES.test(latin1)) return { text: latin1, ascii: true };
  return { text: block.toString("utf8", start, end), ascii: false };
}

/** `length` bytes of an open file from `pos` (fewer at its end), into `into` when it is big enough. */
export function readAt(fd: number, pos: number, length: number, into?: Buffer): Buffer {
  const buf = into && into.length >= length ? into : Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
