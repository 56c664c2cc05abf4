// Scanning one segment of a JSON Lines file: the lines that start in it, through the prefilter's scan
// (scan.ts), answered with where the lines let through are, not with their text. The scanning worker
// threads (scan-worker.ts) run it, and so does the reading thread itself (parallel.ts).
import { fstatSync } from "node:fs";
import { HIGH_BYTES, latin1Slice, readAt, scanBlock, type Prefilter } from "./scan.js";

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
  /** Set when more lines got through than the scan was asked to hold (SegmentScanner.scan's
   * `maxLines`): the segment is to be scanned again by a thread that can hold them. */
  readonly dense?: boolean;
}

const STEP = 64 << 10;

export class SegmentScanner {
  private readonly size: number;
  /** The bytes being scanned: one buffer, reused (a fresh one per read costs page faults on every
   * read), and small enough (1 MiB by default) that the scan reads what was just read from the CPU's
   * cache: with 4 MiB reads, reading took as long as scanning. Grown for a line longer than it. */
  private buffer: Buffer;
  private readonly probe = Buffer.allocUnsafe(STEP);

  constructor(
    private readonly fd: number,
    private readonly prefilter: Prefilter,
    readBytes: number,
  ) {
    this.size = fstatSync(fd).size;
    this.buffer = Buffer.allocUnsafe(Math.max(1, readBytes));
  }

  /** The offset of the first newline at or after `pos`, or -1. */
  private newlineFrom(pos: number): number {
    for (let p = pos; p < this.size; p += STEP) {
      const i = readAt(this.fd, p, Math.min(STEP, this.size - p), this.probe).indexOf(0x0a);
      if (i >= 0) return p + i;
    }
    return -1;
  }

  /** The segment's lines let through, or, when more than `maxLines` get through, a `dense` answer
   * with nothing else (a worker's heap is small, and a dense segment's offsets would not fit in it). */
  scan(task: SegmentTask, maxLines = Infinity): SegmentResult {
    const starts: number[] = [];
    const ends: number[] = [];
    const nexts: number[] = [];
    const numbers: number[] = [];
    const ascii: number[] = [];
    let skipped = 0;
    let lines = 0;
    // The segment's first line starts after the first newline at or after start - 1; its last line is
    // the one the first newline at or after end - 1 ends (or the end of the file).
    const nlBefore = task.start === 0 ? -1 : this.newlineFrom(task.start - 1);
    const first = task.start === 0 ? 0 : nlBefore < 0 ? this.size : nlBefore + 1;
    if (first < task.end) {
      const nlAfter = this.newlineFrom(task.end - 1);
      const last = nlAfter < 0 ? this.size : nlAfter + 1;
      // Read in pieces of the buffer's size; the lines of each piece are scanned while it is in cache,
      // and the unfinished line at its end is moved to the front for the next piece.
      let pos = first;
      let held = 0;
      for (;;) {
        if (held === this.buffer.length) {
          const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(bigger, 0, 0, held);
          this.buffer = bigger;
        }
        const got = pos < last ? readAt(this.fd, pos, Math.min(this.buffer.length - held, last - pos), this.buffer.subarray(held)).length : 0;
        pos += got;
        let end = held + got;
        const final = pos >= last || got === 0;
        let blockEnd: number;
        if (final) {
          if (end > 0 && this.buffer[end - 1] !== 0x0a) {
            if (end === this.buffer.length) {
              const bigger = Buffer.allocUnsafe(this.buffer.length + 1);
              this.buffer.copy(bigger, 0, 0, end);
              this.buffer = bigger;
            }
            this.buffer[end++] = 0x0a;
          }
          blockEnd = end;
        } else {
          const nl = this.buffer.lastIndexOf(0x0a, end - 1);
          if (nl < 0) {
            held = end;
            continue;
          }
          blockEnd = nl + 1;
        }
        const base = pos - held - got;
        const b = this.buffer;
        lines = scanBlock(
          b.subarray(0, blockEnd),
          lines,
          this.prefilter,
          (s, e, no, _before, knownAscii) => {
            starts.push(base + s);
            ends.push(base + e);
            nexts.push(base + (b[e] === 0x0d ? e + 2 : e + 1));
            numbers.push(no);
            ascii.push(knownAscii || !HIGH_BYTES.test(latin1Slice.call(b, s, e)) ? 1 : 0);
          },
          (n) => (skipped += n),
        );
        if (starts.length > maxLines) return { ...noLines(task.index), dense: true };
        if (final) break;
        this.buffer.copy(this.buffer, 0, blockEnd, end);
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
}

function noLines(index: number): SegmentResult {
  const none = () => new Float64Array(0);
  return { index, lines: 0, skipped: 0, starts: none(), ends: none(), nexts: none(), numbers: new Int32Array(0), ascii: new Uint8Array(0) };
}

/** The answer for a segment that could not be read. */
export function failedSegment(index: number, error: string): SegmentResult {
  return { ...noLines(index), error };
}
