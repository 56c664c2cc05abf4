// Scanning a large JSON Lines file on worker threads. With a prefilter, finding the lines that may
// match is most of the work of a selective search (reading and scanning every byte), and it splits
// well: the file is cut into segments, worker threads (scan-worker.ts) scan them, and answer with the
// byte ranges of the lines they let through. This thread takes those lines' text from the file itself
// and hands them on in file order, with the same line numbers, skipped counts and timestamp fallback
// as the reader's own scan (read.ts), so the results are the same; a property test compares them.
import { closeSync, existsSync, openSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { latin1Slice, linesBackwards, LOOKBACK_BYTES, readAt, type Prefilter } from "./scan.js";
import type { SegmentResult, SegmentTask } from "./scan-worker.js";

export interface ParallelScanOptions {
  /** Worker threads (default: the CPUs, at most 4); fewer than 2 means no parallel scan. */
  readonly workers?: number;
  /** Files smaller than this are scanned by the reader itself (default 64 MiB). */
  readonly minBytes?: number;
  /** Bytes per segment (default 4 MiB). */
  readonly segmentBytes?: number;
  /** Bytes a worker reads and scans at a time (default 1 MiB; more for a longer line). */
  readonly readBytes?: number;
  /** Only when at most this fraction of the lines of the file's first megabyte gets through the
   * prefilter (default 0.05): where most lines get through, parsing them is the work, not scanning,
   * and worker threads only add memory (bench case c: 254 MB and slower, against 219 MB). */
  readonly selective?: number;
}

const WORKER_URL = new URL("./scan-worker.js", import.meta.url);
/** Segments each worker has queued, so that it never waits for the next. */
const IN_FLIGHT = 2;
/** A segment with more lines let through than this is read whole, not line by line. */
const READ_WHOLE = 32;

/** The number of workers to use for a file of `size` bytes, or 0 to scan it on this thread. */
export function scanWorkers(size: number, options: ParallelScanOptions | undefined): number {
  const workers = options?.workers ?? Math.min(4, availableParallelism());
  if (workers < 2 || size < (options?.minBytes ?? 64 << 20)) return 0;
  // Running from the TypeScript sources (a test runner), there is no compiled worker script.
  return existsSync(fileURLToPath(WORKER_URL)) ? workers : 0;
}

type Emit = (text: string, line: number, before: () => Iterable<string>, ascii: boolean) => void;

/**
 * Scan `file` (`size` bytes of JSON Lines) on `workers` threads with `prefilter`, handing each line let
 * through to `emit` in file order. `before` yields the lines skipped since the previous line let
 * through, nearest first, from up to LOOKBACK_BYTES before the line (as the reader's scan does).
 */
export async function scanInParallel(file: string, size: number, prefilter: Prefilter, workers: number, emit: Emit, onSkipped: ((lines: number) => void) | undefined, options?: ParallelScanOptions): Promise<void> {
  const segment = Math.max(1, options?.segmentBytes ?? 4 << 20);
  const count = Math.ceil(size / segment);
  const results = new Map<number, SegmentResult>();
  let waiting: { index: number; resolve: (r: SegmentResult) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  let next = 0;
  const pool: Worker[] = [];
  const dispatch = (w: Worker) => {
    if (next >= count) return;
    const task: SegmentTask = { index: next, start: next * segment, end: Math.min(size, (next + 1) * segment) };
    next++;
    w.postMessage(task);
  };
  const fail = (e: Error) => {
    failure ??= e;
    if (waiting) waiting.reject(failure);
  };
  for (let i = 0; i < Math.min(workers, count); i++) {
    // A worker holds a segment and the strings scanned from it: a small heap is plenty.
    const w = new Worker(WORKER_URL, { workerData: { file, words: prefilter.words, readBytes: Math.max(1, options?.readBytes ?? 1 << 20) }, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 } });
    w.on("message", (r: SegmentResult) => {
      if (r.error !== undefined) return fail(new Error(r.error));
      results.set(r.index, r);
      if (waiting?.index === r.index) waiting.resolve(r);
      dispatch(w);
    });
    w.on("error", fail);
    pool.push(w);
    for (let k = 0; k < IN_FLIGHT; k++) dispatch(w);
  }
  const segmentResult = (index: number): Promise<SegmentResult> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const r = results.get(index);
      if (r) return resolve(r);
      waiting = { index, resolve, reject };
    });

  const fd = openSync(file, "r");
  try {
    let base = 0;
    /** Where the lines after the previous line let through start. */
    let after = 0;
    for (let i = 0; i < count; i++) {
      const r = await segmentResult(i);
      waiting = null;
      results.delete(i);
      const n = r.starts.length;
      // Dense segments are read whole, sparse ones line by line.
      const whole = n > READ_WHOLE ? { at: r.starts[0]!, buf: readAt(fd, r.starts[0]!, r.nexts[n - 1]! - r.starts[0]!) } : null;
      for (let k = 0; k < n; k++) {
        const start = r.starts[k]!;
        const end = r.ends[k]!;
        const bytes = whole ? whole.buf.subarray(start - whole.at, end - whole.at) : readAt(fd, start, end - start);
        const ascii = r.ascii[k] === 1;
        const text = ascii ? latin1Slice.call(bytes, 0, bytes.length) : bytes.toString("utf8");
        const from = Math.max(after, start - LOOKBACK_BYTES);
        emit(text, base + r.numbers[k]!, () => linesBackwards(latin1Slice.call(readAt(fd, from, start - from), 0, start - from)), ascii);
        after = r.nexts[k]!;
      }
      base += r.lines;
      onSkipped?.(r.skipped);
    }
  } finally {
    closeSync(fd);
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
