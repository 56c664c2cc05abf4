// Event readers: JSON Lines, JSON arrays, CloudTrail `{"Records":[...]}` files, a single JSON object,
// gzip of each, and stdin. Input is streamed in large chunks; a bad line is reported with its file and
// line number and everything else still runs.
import { closeSync, createReadStream, openSync, readSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import type { EventRow } from "./event.js";
import { ingestText, newSourceState, type IngestOptions } from "./ingest.js";
import { JsonObject, JsonSyntaxError, isJsonArray, parseJson, type JsonValue } from "./json.js";
import { scanInParallel, scanWorkers, type ParallelScanOptions } from "./parallel.js";
import { Carry, lineText, scanBlock, type LineSink, type Prefilter } from "./scan.js";

export type { Prefilter } from "./scan.js";

export interface InputProblem {
  readonly file: string;
  /** 1-based line (JSON Lines) or null when the problem is the whole file. */
  readonly line: number | null;
  readonly message: string;
  readonly severity: "error" | "warning";
}

export interface ReadOptions extends IngestOptions {
  readonly now: number;
  readonly prefilter?: Prefilter | null;
  /** Scanning large files on worker threads (parallel.ts); false: never. */
  readonly parallel?: ParallelScanOptions | false;
  /** Called with the number of non-empty lines the prefilter skipped in each block. */
  onSkipped?(lines: number): void;
  onEvent(event: EventRow): void;
  onProblem(problem: InputProblem): void;
}

const DATA_FILE = /\.(json|jsonl|ndjson|log|txt)(\.gz)?$|\.gz$/i;

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        re += ".*";
        i++;
        if (glob[i + 1] === "/") i++;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp("^" + re + "$");
}

/** Every regular file below `dir`, in name order. */
export function walkFiles(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walkFiles(p, out);
    else if (entry.isFile()) out.push(p);
  }
}

/** Expand --data arguments: `-` (stdin), files, directories (their data files, recursively), globs. */
export function resolveInputs(args: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    if (arg === "-") {
      files.push("-");
      continue;
    }
    if (/[*?]/.test(arg)) {
      const firstWild = arg.search(/[*?]/);
      const base = arg.slice(0, arg.lastIndexOf("/", firstWild) + 1) || "./";
      const all: string[] = [];
      try {
        walkFiles(resolve(base), all);
      } catch {
        missing.push(arg);
        continue;
      }
      const re = globToRegExp(resolve(arg));
      const hits = all.filter((f) => re.test(f));
      if (hits.length === 0) missing.push(arg);
      files.push(...hits);
      continue;
    }
    let st;
    try {
      st = statSync(arg);
    } catch {
      missing.push(arg);
      continue;
    }
    if (st.isDirectory()) {
      const all: string[] = [];
      walkFiles(arg, all);
      files.push(...all.filter((f) => DATA_FILE.test(f)));
    } else files.push(arg);
  }
  return { files, missing };
}

/** Bytes read at a time from a regular file. */
const READ_BYTES = 1 << 20;
/** The event loop gets a turn after this many bytes read synchronously (signals, timers, workers). */
const YIELD_BYTES = 32 << 20;

/**
 * A regular file's bytes, read synchronously into one reused buffer: each chunk is only valid until the
 * next is asked for (readFile copies whatever it keeps). A read stream allocates a fresh buffer per
 * chunk, and that allocation dominated reading: 1.33 GB took 1.2 s through a stream, 0.2 s this way.
 */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(READ_BYTES);
    let sinceYield = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
      sinceYield += n;
      if (sinceYield >= YIELD_BYTES) {
        sinceYield = 0;
        await new Promise((resolveTurn) => setImmediate(resolveTurn));
      }
    }
  } finally {
    closeSync(fd);
  }
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The bytes of a file (or stdin), gunzipped as a stream when they are gzip. A chunk may be a view of a
 * buffer that is reused for the next one: copy what must outlive the iteration.
 */
async function* byteChunks(file: string): AsyncGenerator<Buffer> {
  const raw: AsyncIterable<Buffer> =
    file === "-" ? process.stdin : isRegularFile(file) ? fileChunks(file) : createReadStream(file, { highWaterMark: READ_BYTES });
  const it = raw[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head: Buffer = first.value;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // gzip: decompressed as a stream, never whole in memory. The gunzip stream may hold on to what
    // it is given, so it gets copies.
    const all = (async function* () {
      yield Buffer.from(head);
      for (let r = await it.next(); !r.done; r = await it.next()) yield Buffer.from(r.value);
    })();
    const gunzip = createGunzip();
    pipeline(Readable.from(all), gunzip, () => {});
    yield* gunzip as AsyncIterable<Buffer>;
    return;
  }
  yield head;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

function compactJson(v: JsonValue): string {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (isJsonArray(v)) return "[" + v.map(compactJson).join(",") + "]";
  if (v instanceof JsonObject) return "{" + v.entries.map(([k, x]) => JSON.stringify(k) + ":" + compactJson(x)).join(",") + "}";
  return v.text;
}

function malformed(e: unknown): string {
  return e instanceof JsonSyntaxError ? `malformed JSON: ${e.message} (at column ${e.offset + 1})` : String(e);
}

export async function readFile(file: string, opts: ReadOptions): Promise<void> {
  const state = newSourceState(file === "-" ? "stdin" : resolve(file));
  const name = file === "-" ? "<stdin>" : file;
  const emitText = (text: string, line: number | null, before?: () => Iterable<string>, ascii = false) => {
    const r = ingestText(text, state, opts, opts.now, before, ascii);
    if (!r.ok) opts.onProblem({ file: name, line, message: r.message, severity: "error" });
    else {
      if (r.warning) opts.onProblem({ file: name, line, message: r.warning, severity: "warning" });
      opts.onEvent(r.event);
    }
  };
  /** A record, or a CloudTrail delivery {"Records":[...]} holding records. */
  const emitValue = (text: string, value: JsonValue, line: number | null) => {
    if (value instanceof JsonObject) {
      const records = value.get("Records");
      if (value.entries.length === 1 && records !== undefined && isJsonArray(records)) {
        for (const r of records) emitText(compactJson(r), line);
        return;
      }
    }
    emitText(text, line);
  };
  /** One JSON Lines line. Only lines that may be deliveries are parsed as a whole here. */
  const emitLine = (text: string, line: number, before?: () => Iterable<string>, ascii = false) => {
    const trimmed = text.trim();
    if (trimmed === "") return;
    if (trimmed.startsWith('{"Records"')) {
      try {
        emitValue(trimmed, parseJson(trimmed), line);
      } catch (e) {
        opts.onProblem({ file: name, line, message: malformed(e), severity: "error" });
      }
      return;
    }
    emitText(trimmed, line, before, ascii);
  };

  // A large JSON Lines file with a prefilter: scanned on worker threads.
  const prefilter = opts.prefilter;
  if (prefilter?.words && file !== "-" && opts.parallel !== false) {
    const size = isRegularFile(file) ? statSync(file).size : 0;
    const workers = scanWorkers(size, opts.parallel);
    if (workers > 0 && startsAsSelectiveJsonLines(file, prefilter, (opts.parallel || undefined)?.selective ?? 0.05)) {
      await scanInParallel(file, size, prefilter, workers, emitLine, opts.onSkipped, opts.parallel);
      return;
    }
  }

  // Mode: JSON Lines when the first non-empty line is a whole JSON value; otherwise one JSON document
  // (an array, a CloudTrail Records object, a pretty-printed object). A document that does not parse
  // is read again as JSON Lines so that each bad line is reported on its own.
  let mode: "undecided" | "lines" | "document" = "undecided";
  const documentChunks: Buffer[] = [];
  let pending: Buffer | null = null;
  let lineNo = 0;
  const carry = new Carry();
  /** The lines `scanBlock` lets through, as text, to emitLine. */
  const linesOf =
    (block: Buffer): LineSink =>
    (start, end, no, before, knownAscii) => {
      const { text, ascii } = lineText(block, start, end, knownAscii);
      emitLine(text, no, before, ascii);
    };
  for await (const chunk of byteChunks(file)) {
    if (mode === "document") {
      documentChunks.push(Buffer.from(chunk));
      continue;
    }
    // Only the line that spans two chunks is copied: the rest of a chunk is scanned in place.
    let buf: Buffer = chunk;
    if (pending) {
      const firstNl = chunk.indexOf(0x0a);
      if (firstNl < 0) {
        pending = Buffer.concat([pending, chunk]);
        continue;
      }
      const joined = Buffer.concat([pending, chunk.subarray(0, firstNl + 1)]);
      pending = null;
      if (mode === "undecided") mode = decideMode(joined);
      if (mode === "document") {
        documentChunks.push(joined, Buffer.from(chunk.subarray(firstNl + 1)));
        continue;
      }
      lineNo = scanBlock(joined, lineNo, opts.prefilter ?? null, linesOf(joined), opts.onSkipped, carry);
      buf = chunk.subarray(firstNl + 1);
    }
    const lastNl = buf.lastIndexOf(0x0a);
    if (lastNl < 0) {
      pending = buf.length > 0 ? Buffer.from(buf) : null;
      continue;
    }
    const block = buf.subarray(0, lastNl + 1);
    pending = lastNl + 1 < buf.length ? Buffer.from(buf.subarray(lastNl + 1)) : null;
    if (mode === "undecided") {
      mode = decideMode(block);
      if (mode === "document") {
        documentChunks.push(Buffer.from(buf));
        pending = null;
        continue;
      }
    }
    lineNo = scanBlock(block, lineNo, opts.prefilter ?? null, linesOf(block), opts.onSkipped, carry);
  }
  if (pending && mode !== "document") {
    if (mode === "undecided") mode = decideMode(pending);
    if (mode === "document") documentChunks.push(pending);
    else {
      const last = Buffer.concat([pending, Buffer.from("\n")]);
      scanBlock(last, lineNo, opts.prefilter ?? null, linesOf(last), opts.onSkipped, carry);
    }
  }
  if (mode !== "document") return;

  const text = new TextDecoder("utf-8").decode(Buffer.concat(documentChunks));
  let doc: JsonValue | undefined;
  try {
    doc = parseJson(text);
  } catch {
    doc = undefined;
  }
  if (doc !== undefined) {
    if (isJsonArray(doc)) for (const r of doc) emitText(compactJson(r), null);
    else emitValue(text, doc, null);
    return;
  }
  // Not one JSON document: each line on its own, as JSON Lines, so that each bad one is reported.
  text.split("\n").forEach((line, i) => emitLine(line, i + 1));
}

/**
 * Whether a file reads as JSON Lines (not gzip, and decideMode says so of its first whole lines) on
 * which the prefilter is selective: at most the fraction `selective` of the lines of its first
 * megabyte gets through (ParallelScanOptions.selective).
 */
function startsAsSelectiveJsonLines(path: string, prefilter: Prefilter, selective: number): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.allocUnsafe(READ_BYTES);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return false;
    const lastNl = head.subarray(0, n).lastIndexOf(0x0a);
    if (lastNl < 0) return false;
    const block = head.subarray(0, lastNl + 1);
    if (decideMode(block) !== "lines") return false;
    let through = 0;
    const lines = scanBlock(block, 0, prefilter, () => through++);
    return through <= selective * lines;
  } finally {
    closeSync(fd);
  }
}

/** JSON Lines when the first non-empty line of the first block is a whole JSON value. */
function decideMode(block: Buffer): "lines" | "document" {
  const text = block.toString("utf8");
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (t === "") continue;
    if (t.startsWith("[")) return "document";
    try {
      JSON.parse(t);
      return "lines";
    } catch {
      return "document";
    }
  }
  return "lines";
}

