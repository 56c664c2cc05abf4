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

const { file, words } = workerData as { file: string; words: string[][] };
const prefilter = prefilterFromWords(words);
const fd = openSync(file, "r");
const size = fstatSync(fd).size;
const STEP = 64 << 10;

/** One buffer for the segments, reused (a fresh one per segment costs page faults on every read). */
let segmentBuffer = Buffer.allocUnsafe(0);

/** The segment's bytes, in segmentBuffer (grown when a segment needs more). */
function readSegment(pos: number, length: number): Buffer {
  if (segmentBuffer.length < length) segmentBuffer = Buffer.allocUnsafe(length);
  return readAt(fd, pos, length, segmentBuffer);
}

/** The offset of the first newline at or after `pos`, or -1. */
function newlineFrom(pos: number): number {
  for (let p = pos; p < size; p += STEP) {
    const i = readAt(fd, p, Math.min(STEP, size - p)).indexOf(0x0a);
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
    let block = readSegment(first, last - first);
    if (block.length > 0 && block[block.length - 1] !== 0x0a) block = Buffer.concat([block, Buffer.from("\n")]);
    const b = block;
    lines = scanBlock(
      b,
      0,
      prefilter,
      (s, e, no, _before, knownAscii) => {
        starts.push(first + s);
        ends.push(first + e);
        nexts.push(first + (b[e] === 0x0d ? e + 2 : e + 1));
        numbers.push(no);
        ascii.push(knownAscii || !HIGH_BYTES.test(latin1Slice.call(b, s, e)) ? 1 : 0);
      },
      (n) => (skipped += n),
    );
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
