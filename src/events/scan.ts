// Finding the lines of a block of bytes that the search needs: the block is scanned as Latin-1 text (one
// character per byte, no decoding) in pieces of about 64 KiB, and, with a raw-text prefilter, only lines
// that may hold a matching event are handed on. Used by the reader (read.ts) and, for large files, by
// the scanning worker threads (parallel.ts, scan-worker.ts).
import { readSync } from "node:fs";
/**
 * A raw-text prefilter (derived from the base search by src/plan/prefilter.ts): lines that cannot hold
 * a matching event are skipped before any JSON is parsed. `find` is a global, case-insensitive RegExp
 * for the most selective required term; `accept` checks a candidate line (as Latin-1 text: one
 * character per byte) against all the required terms. Lines with JSON escapes (`\u`, `\/`) are always
 * candidates: their decoded text may hold a term their bytes do not.
 */
export interface Prefilter {
  readonly find: RegExp;
  accept(latin1Line: string): boolean;
  /** The required words, for explanations: every inner list needs one of its words. */
  readonly words?: ReadonlyArray<readonly string[]>;
  /** Some word could match inside a \uXXXX escape that json.dumps writes for a non-ASCII character
   * (it starts with a hex digit or a u): lines with non-ASCII bytes must then be candidates too. */
  readonly hexRisk?: boolean;
}

/** Lines that are always candidates: a \u or \/ escape may hide a word (other escapes only stand for
 * quotes, backslashes and whitespace, which no prefilter word contains); so may a non-ASCII byte, which
 * json.dumps writes as \uXXXX, when a word could match inside such an escape (Prefilter.hexRisk). */
export const ESCAPED = /\\[u/]/g;
const HIGH = /[\x80-\xff]/g;
export const HIGH_BYTES = /[\x80-\xff]/;


/** Lines with something on them (not empty, not a lone carriage return). */
function countNonEmptyLines(s: string): number {
  let n = 0;
  let start = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", start)) {
    if (i > start && !(i === start + 1 && s.charCodeAt(start) === 0x0d)) n++;
    start = i + 1;
  }
  return n;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf("\n", from); i >= 0 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** Sub-blocks of about this many bytes are scanned as one string: strings this small stay in V8's young
 * generation, and scanning 64 KiB pieces measured about five times faster than 1 MiB ones. */
export const SCAN_BYTES = 64 << 10;

/**
 * A line let through: its bytes are block[start, end) (without the newline and a carriage return before
 * it), `line` its 1-based number; `before` yields the lines skipped since the previous line let through,
 * nearest first (see Carry); `asciiPiece` is true when the piece the line is in has no byte >= 0x80.
 */
export type LineSink = (start: number, end: number, line: number, before: (() => Iterable<string>) | undefined, asciiPiece: boolean) => void;

/** The lines the prefilter skipped since the last line it let through, kept (up to SCAN_BYTES of text)
 * from one piece to the next: an event whose timestamp does not parse takes the time of the nearest
 * previous line whose timestamp does (Splunk's fallback, 8.7), skipped or not. */
export interface Carry {
  text: string;
}

/**
 * Hand the lines of a block (whole lines, each ending with a newline) to `emit`, skipping those the
 * prefilter rules out, scanning it in pieces of whole lines of about SCAN_BYTES. Returns the line
 * number of the block's last line (`lineNo` is the one before the block).
 */
export function scanBlock(block: Buffer, lineNo: number, prefilter: Prefilter | null, emit: LineSink, skipped?: (lines: number) => void, carry?: Carry): number {
  let start = 0;
  while (start < block.length) {
    let end = block.length;
    if (start + SCAN_BYTES < block.length) {
      const nl = block.lastIndexOf(0x0a, start + SCAN_BYTES - 1);
      end = nl >= start ? nl + 1 : block.indexOf(0x0a, start + SCAN_BYTES) + 1 || block.length;
    }
    lineNo = scanPiece(block, start, end, lineNo, prefilter, emit, skipped, carry);
    start = end;
  }
  return lineNo;
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

/** scanBlock for the piece block[from, to): offsets given to `emit` are the block's. */
function scanPiece(block: Buffer, from: number, to: number, lineNo: number, prefilter: Prefilter | null, emit: LineSink, skipped?: (lines: number) => void, carry?: Carry): number {
  const s = latin1Slice.call(block, from, to);
  // Most pieces are all ASCII: one test of the piece (made when it first lets a line through) spares a
  // test of each line, and ingest's own.
  let asciiPiece: boolean | undefined;
  const line = (start: number, end: number, no: number, before?: () => Iterable<string>) => {
    let e = end;
    if (e > start && s.charCodeAt(e - 1) === 0x0d) e--;
    asciiPiece ??= !HIGH_BYTES.test(s);
    emit(from + start, from + e, no, before, asciiPiece);
  };
  if (!prefilter) {
    let start = 0;
    for (let nl = s.indexOf("\n"); nl >= 0; nl = s.indexOf("\n", start)) {
      line(start, nl, ++lineNo);
      start = nl + 1;
    }
    return lineNo;
  }
  // Candidate lines: those where the selective term occurs, and those with escapes or non-ASCII bytes.
  const starts: number[] = [];
  const always = new Set<number>();
  const scans = prefilter.hexRisk ? [prefilter.find, ESCAPED, HIGH] : [prefilter.find, ESCAPED];
  for (const re of scans) {
    // A line with a backslash is rare: skip the escape scan when the piece has none at all.
    if (re === ESCAPED && s.indexOf("\\") < 0) continue;
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const start = s.lastIndexOf("\n", m.index) + 1;
      starts.push(start);
      if (re !== prefilter.find) always.add(start);
      const nl = s.indexOf("\n", m.index);
      re.lastIndex = nl < 0 ? s.length : nl + 1;
    }
  }
  starts.sort((a, b) => a - b);
  let candidates = 0;
  let counted = 0;
  let prev = -1;
  // Where the text of lines skipped since the last emitted one begins (see Carry).
  let skippedFrom = 0;
  const carried = carry?.text ?? "";
  for (const start of starts) {
    if (start === prev) continue;
    prev = start;
    lineNo += countNewlines(s, counted, start);
    counted = start;
    const nl = s.indexOf("\n", start);
    const end = nl < 0 ? s.length : nl;
    if (always.has(start) || prefilter.accept(s.slice(start, end))) {
      candidates++;
      const from = skippedFrom;
      const fromCarry = from === 0 ? carried : "";
      line(start, end, lineNo + 1, function* () {
        yield* linesBackwards(s.slice(from, start));
        yield* linesBackwards(fromCarry);
      });
      skippedFrom = end + 1;
    }
  }
  if (carry) {
    const rest = s.slice(Math.min(skippedFrom, s.length));
    carry.text = skippedFrom === 0 ? (carry.text + rest).slice(-SCAN_BYTES) : rest.slice(-SCAN_BYTES);
  }
  if (skipped) skipped(countNonEmptyLines(s) - candidates);
  return lineNo + countNewlines(s, counted, s.length);
}

/**
 * A line's text: Latin-1 (one character per byte) when it is all ASCII, else decoded as UTF-8. The
 * line is copied out of the block rather than sliced from a larger string: a slice would keep the
 * whole string alive for as long as the event (or any field value sliced from it) lives.
 */
export function lineText(block: Buffer, start: number, end: number, asciiPiece: boolean): { text: string; ascii: boolean } {
  const latin1 = latin1Slice.call(block, start, end);
  if (asciiPiece || !HIGH_BYTES.test(latin1)) return { text: latin1, ascii: true };
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
