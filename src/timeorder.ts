// The base search's time order, with a sort that spills to disk so that memory stays bounded however
// many results a search holds.
//
// Held rows are counted with a rough estimate of their size; past SORT_MEMORY_BYTES (or the
// `maxRows` a test gives) they are sorted and written, one JSON line each, as a sorted run to a
// temporary file (in a mkdtemp folder under os.tmpdir(), removed at the end, on error too). At the
// end the runs and the rows still in memory are merged, newest first, straight into the next sink.
// The pipeline is synchronous, so the file is written and read with synchronous calls, in large
// chunks. Every run lives in the same file, at its own byte range, so that a merge of many runs opens
// one file. Rows come back identical (src/events/rowcodec.ts).
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { SplError } from "./diagnostics.js";
import { chain, type CommandPlan, type Sink } from "./commands/types.js";
import { EventRow } from "./events/event.js";
import { MapRow, type Row } from "./events/row.js";
import { decodeNumber, decodeRow, encodeNumber, encodeRow, type Json } from "./events/rowcodec.js";
import type { KnowledgeBase } from "./knowledge/index.js";
import type { FieldValue, Scalar } from "./values/value.js";

/**
 * Held rows are written to disk past about this many bytes (an estimate, see estimateBytes). Small on
 * purpose: rows held long enough live in V8's old generation, which is let grow to a few times its
 * live size before it is collected, so each byte held costs several of peak memory. Measured on bench
 * case c (446,912 table rows at 1M events, 1.34M at 3M): 8 MiB peaks at 160-177 MB at 1M (11 s) and
 * 173 MB at 3M (38 s); 16 MiB at 181-235 MB (runs vary widely) and 220 MB at 3M (34 s); 32 MiB at 200
 * and 285 MB; 64 MiB at 320 MB at 1M. 8 MiB keeps a margin under the 250 MB target.
 */
const SORT_MEMORY_BYTES = 8 << 20;
/** Bytes read at a time from each run while merging (one buffer per run), at most; with many runs,
 * less, so that the buffers together stay within SORT_MEMORY_BYTES (but never under MIN_READ_CHUNK). */
const READ_CHUNK = 256 << 10;
const MIN_READ_CHUNK = 16 << 10;
/** Lines are written in batches of about this many characters. */
const WRITE_CHUNK = 1 << 20;

export interface TimeOrderOptions {
  /** Sourcetype knowledge, to rebuild events read back from disk. */
  readonly knowledge: KnowledgeBase;
  /** Also spill every time this many rows are held (tests). */
  readonly maxRows?: number;
}

interface Held {
  readonly row: Row;
  readonly time: number;
  readonly seq: number;
  readonly sub: number;
}

/** Newest first; ties in reverse input order (seq), rows made from one event in the order made (sub). */
function newestFirst(a: Held, b: Held): number {
  return b.time - a.time || b.seq - a.seq || a.sub - b.sub;
}

/**
 * Base search results come back newest first (10.1). Events with the same _time come in reverse input
 * order, the most recently indexed first (Q22: the reading chosen, see test/golden).
 *
 * The order-insensitive streaming commands right after the base search (`prefix`: table, eval, where,
 * rename...) run before the sort, on each event as it arrives, so that what is held until the end is
 * their output (a table row of a few fields), not whole events. The sort key is the event's, taken
 * before them. Held table rows get their own copies of string values: a value sliced from the event's
 * text would otherwise keep the whole text alive.
 *
 * `close()` removes the temporary files; `finish` calls it, and the caller must call it when the run
 * stops early (an exception), so it may be called more than once.
 */
export function timeOrder(prefix: readonly CommandPlan[], next: Sink, options: TimeOrderOptions): Sink & { close(): void } {
  const maxRows = options.maxRows ?? Infinity;
  let held: Held[] = [];
  let heldBytes = 0;
  /** Rows of a kind rowcodec cannot write: they stay in memory (none today: rows are MapRows or EventRows). */
  const pinned: Held[] = [];
  let spill: SpillFile | null = null;
  const runs: Run[] = [];
  let time = -Infinity;
  let seq = 0;
  let sub = 0;

  const writeRun = () => {
    held.sort(newestFirst);
    try {
      spill ??= new SpillFile();
      const writer = spill.run();
      for (const h of held) {
        const data = encodeRow(h.row);
        if (data) writer.write(JSON.stringify([encodeNumber(h.time), h.seq, h.sub, ...data]));
        else pinned.push(h);
      }
      runs.push(writer.end());
    } catch (e) {
      // A full disk, say: a diagnostic that stops the search (never an input problem of the file
      // being read when it happened).
      throw new SplError("runtime-error", `cannot write the time sort's temporary file under ${tmpdir()}: ${(e as Error).message}`, null);
    }
    held = [];
    heldBytes = 0;
  };
  const close = () => {
    spill?.close();
    spill = null;
  };

  const tail: Sink = {
    push(row) {
      if (row instanceof MapRow) compactRow(row);
      held.push({ row, time, seq, sub: sub++ });
      heldBytes += estimateBytes(row);
      if (heldBytes >= SORT_MEMORY_BYTES || held.length >= maxRows) writeRun();
    },
    finish() {
      try {
        const inMemory = held;
        held = [];
        for (const h of pinned) inMemory.push(h);
        inMemory.sort(newestFirst);
        if (runs.length === 0) for (const h of inMemory) next.push(h.row);
        else {
          const chunk = Math.max(MIN_READ_CHUNK, Math.min(READ_CHUNK, Math.floor(SORT_MEMORY_BYTES / runs.length)));
          merge([arrayCursor(inMemory), ...runs.map((r) => fileCursor(spill!.reader(r, chunk), options.knowledge))], next);
        }
      } finally {
        close();
      }
      next.finish();
    },
  };
  const head = chain(prefix, tail);
  return {
    push(row: Row) {
      const t = row.get("_time");
      time = typeof t === "number" ? t : -Infinity;
      seq++;
      sub = 0;
      head.push(row);
    },
    finish() {
      head.finish();
    },
    close,
  };
}

/** A row whose string values are copies (flat strings of their own, not slices of a larger text). */
function compactRow(row: MapRow): void {
  for (const [k, v] of row.fields) {
    if (typeof v === "string" && v.length > 12) row.fields.set(k, (" " + v).slice(1));
    else if (Array.isArray(v)) row.fields.set(k, v.map((x: Scalar) => (typeof x === "string" && x.length > 12 ? (" " + x).slice(1) : x)));
  }
}

function valueBytes(v: FieldValue): number {
  if (typeof v === "string") return 16 + v.length;
  if (Array.isArray(v)) return (v as readonly Scalar[]).reduce((n: number, x) => n + valueBytes(x), 16);
  return 16;
}

/**
 * Roughly the bytes a held row takes: enough to decide when to spill, not a measure. A table row is
 * its entry, Map and strings; an event is its text, about as much again for its parsed top-level
 * values, and what extraction and commands added.
 */
function estimateBytes(row: Row): number {
  if (row instanceof MapRow) {
    let n = 160;
    for (const v of row.fields.values()) n += 40 + valueBytes(v);
    return n;
  }
  if (row instanceof EventRow) return 400 + 4 * row.text.length;
  return 1000;
}

// ---------------------------------------------------------------- the merge

/** A sorted source of held rows: `head` is its next row, null once it is done. */
interface Cursor {
  head: Held | null;
  advance(): void;
}

function arrayCursor(rows: readonly Held[]): Cursor {
  let i = 0;
  const cursor: Cursor = {
    head: rows[0] ?? null,
    advance() {
      cursor.head = rows[++i] ?? null;
    },
  };
  return cursor;
}

function fileCursor(lines: LineReader, kb: KnowledgeBase): Cursor {
  const read = (): Held | null => {
    const line = lines.next();
    if (line === null) return null;
    const [time, seq, sub, ...data] = JSON.parse(line) as Json[];
    return { time: decodeNumber(time!), seq: seq as number, sub: sub as number, row: decodeRow(data, kb) };
  };
  const cursor: Cursor = {
    head: read(),
    advance() {
      cursor.head = read();
    },
  };
  return cursor;
}

/** Push the rows of every cursor into `out`, newest first (a k-way merge over a binary heap). */
function merge(cursors: Cursor[], out: Sink): void {
  const heap = cursors.filter((c) => c.head !== null);
  const before = (i: number, j: number) => newestFirst(heap[i]!.head!, heap[j]!.head!) < 0;
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && before(l, top)) top = l;
      if (r < heap.length && before(r, top)) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  while (heap.length > 0) {
    const c = heap[0]!;
    out.push(c.head!.row);
    c.advance();
    if (c.head === null) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    siftDown(0);
  }
}

// ---------------------------------------------------------------- the file

/** A run's byte range in the spill file. */
interface Run {
  readonly start: number;
  readonly end: number;
}

interface LineReader {
  /** The next line (without its newline), or null at the end. */
  next(): string | null;
}

/** The prefix of the temporary folders of the searches of one thread of this process (of all its
 * threads without `thread`). */
function folderPrefix(thread?: number): string {
  return `spelunk-sort-${process.pid}-${thread === undefined ? "" : `${thread}-`}`;
}

/**
 * Remove the temporary folders a worker thread left: a thread that is terminated (a search stopped by
 * --timeout or by Ctrl-C in the REPL) never runs its own clean-up. Called by the thread that ended it,
 * with the worker's threadId, after terminate(); without a thread, the folders of every thread of this
 * process (the command line does so when it exits).
 */
export function removeSortFolders(thread?: number): void {
  const prefix = folderPrefix(thread);
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
}

/** Whether a process of this pid exists (one of another user's counts: it cannot be signalled). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Remove the temporary folders of spelunk processes that no longer exist: a process stopped by a signal
 * (Ctrl-C, kill) runs no clean-up of its own, and the command line does not catch those signals, so
 * that they stop even a search busy on the main thread at once. The command line calls this when it
 * starts. A folder that cannot be removed (another user's) is left.
 */
export function removeStaleSortFolders(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^spelunk-sort-(\d+)-/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processExists(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // not ours to remove
    }
  }
}

/** The temporary file that holds the sorted runs, one line per row. */
class SpillFile {
  private readonly dir = mkdtempSync(join(tmpdir(), folderPrefix(threadId)));
  private readonly fd = openSync(join(this.dir, "runs"), "w+");
  private size = 0;

  /** Start a run: lines written go to it until `end()` gives its byte range. */
  run(): { write(line: string): void; end(): Run } {
    const start = this.size;
    let batch: string[] = [];
    let chars = 0;
    const flush = () => {
      this.append(Buffer.from(batch.join(""), "utf8"));
      batch = [];
      chars = 0;
    };
    return {
      write: (line) => {
        batch.push(line, "\n");
        chars += line.length + 1;
        if (chars >= WRITE_CHUNK) flush();
      },
      end: () => {
        flush();
        return { start, end: this.size };
      },
    };
  }

  private append(bytes: Buffer): void {
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off, bytes.length - off, this.size + off);
    this.size += bytes.length;
  }

  /** The lines of a run, read `chunk` bytes at a time. */
  reader(run: Run, chunk: number): LineReader {
    let buf = Buffer.alloc(0);
    let at = 0;
    let pos = run.start;
    return {
      next: () => {
        for (;;) {
          const nl = buf.indexOf(10, at);
          if (nl >= 0) {
            const line = buf.toString("utf8", at, nl);
            at = nl + 1;
            return line;
          }
          if (pos >= run.end) return null;
          // Keep the unfinished line and read on after it.
          const rest = buf.length - at;
          const n = Math.min(chunk, run.end - pos);
          const next = Buffer.allocUnsafe(rest + n);
          buf.copy(next, 0, at);
          for (let got = 0; got < n; ) {
            const read = readSync(this.fd, next, rest + got, n - got, pos + got);
            if (read === 0) throw new Error("internal: a sort run ends early in its temporary file");
            got += read;
          }
          pos += n;
          buf = next;
          at = 0;
        }
      },
    };
  }

  close(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
