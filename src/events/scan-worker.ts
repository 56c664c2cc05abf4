// A scanning worker thread (see parallel.ts): for each segment of a JSON Lines file it is given, it
// reads the lines that start in the segment and runs the prefilter's scan over them (scan.ts), and
// answers with where the lines it lets through are, not with their text: the reading thread takes the
// text from the file itself, so nothing large crosses between threads.
import { closeSync, fstatSync, openSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { prefilterFromWords } from "../commands/prefilter.js";
import { HIGH_BYTES, latin1Slice, readAt, scanBlock } from "./scan.js";

export interface SegmentTask {
  readonly index: number;
  /** Lines that start in [start, end) (byte offsets) belong to the segment. */
  readonly start: number;
  readonly end: number;
}

export interface SegmentResult {
  readonly index: number;
  /** Lines in the segment (its last line's number, counted from the segment's first line). */
  readonly lines: number;
  /** Non-empty lines the prefilter skipped. */
  readonly skipped: number;
  /** Per line let through: its bytes [start, end) (no newline, no carriage return), where the next line
   * starts, its 1-based number in the segment, and 1 when it is all ASCII. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly nexts: Float64Array;
  readonly numbers: Int32Array;
  readonly ascii: Uint8Array;
  /** Set when the segment could not be read. */
  readonly error?: string;
}

const { file, words, readBytes } = workerData as { file: string; words: string[][]; readBytes: number };
const prefilter = prefilterFromWords(words);
const fd = openSync(file, "r");
const size = fstatSync(fd).size;
const STEP = 64 << 10;

/** The bytes being scanned: one buffer, reused (a fresh one per read costs page faults on every read),
 * and small enough (1 MiB by default) that the scan reads what was just read from the CPU's cache: with
 * 4 MiB reads, reading took as long as scanning. Grown for a line longer than it. */
let buffer = Buffer.allocUnsafe(Math.max(1, readBytes));
const probe = Buffer.allocUnsafe(STEP);

/** The offset of the first newline at or after `pos`, or -1. */
function newlineFrom(pos: number): number {
  for (let p = pos; p < size; p += STEP) {
    const i = readAt(fd, p, Math.min(STEP, size - p), probe).indexOf(0x0a);
    if (i >= 0) return p + i;
  }
  return -1;
}

function scanSegment(task: SegmentTask): SegmentResult {
  const starts: number[] = [];
  const ends: number[] = [];
  const nexts: number[] = [];
  const numbers: number[] = [];
  const ascii: number[] = [];
  let skipped = 0;
  let lines = 0;
  // The segment's first line starts after the first newline at or after start - 1; its last line is
  // the one the first newline at or after end - 1 ends (or the end of the file).
  const nlBefore = task.start === 0 ? -1 : newlineFrom(task.start - 1);
  const first = task.start === 0 ? 0 : nlBefore < 0 ? size : nlBefore + 1;
  if (first < task.end) {
    const nlAfter = newlineFrom(task.end - 1);
    const last = nlAfter < 0 ? size : nlAfter + 1;
    // Read in pieces of the buffer's size; the lines of each piece are scanned while it is in cache,
    // and the unfinished line at its end is moved to the front for the next piece.
    let pos = first;
    let held = 0;
    for (;;) {
      if (held === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, held);
        buffer = bigger;
      }
      const got = pos < last ? readAt(fd, pos, Math.min(buffer.length - held, last - pos), buffer.subarray(held)).length : 0;
      pos += got;
      let end = held + got;
      const final = pos >= last || got === 0;
      let blockEnd: number;
      if (final) {
        if (end > 0 && buffer[end - 1] !== 0x0a) {
          if (end === buffer.length) {
            const bigger = Buffer.allocUnsafe(buffer.length + 1);
            buffer.copy(bigger, 0, 0, end);
            buffer = bigger;
          }
          buffer[end++] = 0x0a;
        }
        blockEnd = end;
      } else {
        const nl = buffer.lastIndexOf(0x0a, end - 1);
        if (nl < 0) {
          held = end;
          continue;
        }
        blockEnd = nl + 1;
      }
      const base = pos - held - got;
      const b = buffer;
      lines = scanBlock(
        b.subarray(0, blockEnd),
        lines,
        prefilter,
        (s, e, no, _before, knownAscii) => {
          starts.push(base + s);
          ends.push(base + e);
          nexts.push(base + (b[e] === 0x0d ? e + 2 : e + 1));
          numbers.push(no);
          ascii.push(knownAscii || !HIGH_BYTES.test(latin1Slice.call(b, s, e)) ? 1 : 0);
        },
        (n) => (skipped += n),
      );
      if (final) break;
      buffer.copy(buffer, 0, blockEnd, end);
      held = end - blockEnd;
    }
  }
  return {
    index: task.index,
    lines,
    skipped,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    nexts: Float64Array.from(nexts),
    numbers: Int32Array.from(numbers),
    ascii: Uint8Array.from(ascii),
  };
}

parentPort!.on("message", (task: SegmentTask | null) => {
  if (task === null) {
    closeSync(fd);
    parentPort!.close();
    return;
  }
  let r: SegmentResult;
  try {
    r = scanSegment(task);
  } catch (e) {
    const none = () => new Float64Array(0);
    r = { index: task.index, lines: 0, skipped: 0, starts: none(), ends: none(), nexts: none(), numbers: new Int32Array(0), ascii: new Uint8Array(0), error: (e as Error).message };
  }
  parentPort!.postMessage(r, [r.starts.buffer, r.ends.buffer, r.nexts.buffer, r.numbers.buffer, r.ascii.buffer] as ArrayBuffer[]);
});
