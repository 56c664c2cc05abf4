// Scanning a large JSON Lines file on several threads. With a prefilter, finding the lines that may
// match is most of the work of a selective search (reading and scanning every byte), and it splits
// well: the file is cut into segments, scanned by worker threads (scan-worker.ts) and by this thread
// itself (scan-segment.ts), each answering with the byte ranges of the lines it lets through. This
// thread takes those lines' text from the file and hands them on in file order, with the same line
// numbers, skipped counts and timestamp fallback as the reader's own scan (read.ts), so the results are
// the same; a property test compares them.
//
// This thread scans whenever the next segment it needs is not yet given to a worker, so it starts at
// once (a worker takes ~60 ms to start) and is never idle; a worker is given segments only once it
// says it is ready. With two CPUs, one worker and this thread measured faster than two workers and an
// idle reading thread (seed detection over 1.33 GB: ~0.35 s against ~0.5 s).
import { closeSync, existsSync, openSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { latin1Slice, linesBackwards, LOOKBACK_BYTES, readAt, type Prefilter } from "./scan.js";
import { SegmentScanner, type SegmentResult, type SegmentTask } from "./scan-segment.js";

export interface ParallelScanOptions {
  /** Worker threads besides this one (default: the CPUs less one, at most 3); 0 means no parallel scan. */
  readonly workers?: number;
  /** Files smaller than this are scanned by the reader itself (default 64 MiB). */
  readonly minBytes?: number;
  /** Bytes per segment (default 4 MiB). */
  readonly segmentBytes?: number;
  /** Bytes a thread reads and scans at a time (default 1 MiB; more for a longer line). */
  readonly readBytes?: number;
  /** Whether this thread scans segments too (default true; false: only the workers do, as a test of
   * theirs needs on files that this thread would scan alone before a worker has started). */
  readonly readerScans?: boolean;
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

/** The number of worker threads to use for a file of `size` bytes, or 0 to scan it on this thread. */
export function scanWorkers(size: number, options: ParallelScanOptions | undefined): number {
  const workers = options?.workers ?? Math.min(3, availableParallelism() - 1);
  if (workers < 1 || size < (options?.minBytes ?? 64 << 20)) return 0;
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
  const readBytes = Math.max(1, options?.readBytes ?? 1 << 20);
  const count = Math.ceil(size / segment);
  const results = new Map<number, SegmentResult>();
  /** Wakes this thread when a worker answers (or fails). */
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  /** The first segment not yet given to a thread. */
  let next = 0;
  const taskOf = (index: number): SegmentTask => ({ index, start: index * segment, end: Math.min(size, (index + 1) * segment) });
  const take = (): SegmentTask | null => (next < count ? taskOf(next++) : null);
  const dispatch = (w: Worker) => {
    const task = take();
    if (task) w.postMessage(task);
  };
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const pool: Worker[] = [];
  let closing = false;
  for (let i = 0; i < Math.min(workers, count - 1); i++) {
    // A worker holds a segment's offsets and one read buffer: a small heap is plenty.
    const w = new Worker(WORKER_URL, { workerData: { file, words: prefilter.words, readBytes }, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 16 } });
    w.on("message", (r: SegmentResult | "ready") => {
      if (r === "ready") {
        for (let k = 0; k < IN_FLIGHT; k++) dispatch(w);
        return;
      }
      if (r.error !== undefined) {
        failure ??= new Error(r.error);
        return notify();
      }
      results.set(r.index, r);
      dispatch(w);
      notify();
    });
    w.on("error", (e) => {
      failure ??= e;
      notify();
    });
    // A worker that stops on its own would leave its segments unanswered.
    w.on("exit", (code) => {
      if (closing) return;
      failure ??= new Error(`a scanning worker thread stopped (exit code ${code})`);
      notify();
    });
    pool.push(w);
  }

  const readerScans = options?.readerScans ?? true;
  const fd = openSync(file, "r");
  const scanner = new SegmentScanner(fd, prefilter, readBytes);

  /** Segment i's result: scanned here while it (or a later one) is not given to a worker yet. */
  const segmentResult = async (i: number): Promise<SegmentResult> => {
    for (;;) {
      if (failure) throw failure;
      const r = results.get(i);
      // Too dense for a worker's small heap: scanned again here, where the offsets fit.
      if (r?.dense) return scanner.scan(taskOf(i));
      if (r) return r;
      const task = readerScans || pool.length === 0 ? take() : null;
      if (task) {
        results.set(task.index, scanner.scan(task));
        // Let workers' answers in (and give them their next segments) between segments.
        if (pool.length > 0) await new Promise((resolve) => setImmediate(resolve));
      } else await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  try {
    let base = 0;
    /** Where the lines after the previous line let through start. */
    let after = 0;
    for (let i = 0; i < count; i++) {
      const r = await segmentResult(i);
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
    closing = true;
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
