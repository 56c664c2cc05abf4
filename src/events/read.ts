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
const ESCAPED = /\\[u/]/g;
const HIGH = /[\x80-\xff]/g;
const HIGH_BYTES = /[\x80-\xff]/;

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

  // Mode: JSON Lines when the first non-empty line is a whole JSON value; otherwise one JSON document
  // (an array, a CloudTrail Records object, a pretty-printed object). A document that does not parse
  // is read again as JSON Lines so that each bad line is reported on its own.
  let mode: "undecided" | "lines" | "document" = "undecided";
  const documentChunks: Buffer[] = [];
  let pending: Buffer | null = null;
  let lineNo = 0;
  const carry: Carry = { text: "" };
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
      lineNo = processBlockInPieces(joined, lineNo, opts.prefilter ?? null, emitLine, opts.onSkipped, carry);
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
    lineNo = processBlockInPieces(block, lineNo, opts.prefilter ?? null, emitLine, opts.onSkipped, carry);
  }
  if (pending && mode !== "document") {
    if (mode === "undecided") mode = decideMode(pending);
    if (mode === "document") documentChunks.push(pending);
    else processBlock(Buffer.concat([pending, Buffer.from("\n")]), lineNo, opts.prefilter ?? null, emitLine, opts.onSkipped, carry);
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
const SCAN_BYTES = 64 << 10;

/** processBlock over a block in sub-blocks of whole lines of about SCAN_BYTES. */
/** `ascii`: the line is known to hold only ASCII characters. */
type Emit = (text: string, line: number, before?: () => Iterable<string>, ascii?: boolean) => void;

/** The lines the prefilter skipped since the last line it let through, kept (up to SCAN_BYTES of text)
 * from one piece to the next: an event whose timestamp does not parse takes the time of the nearest
 * previous line whose timestamp does (Splunk's fallback, 8.7), skipped or not. */
interface Carry {
  text: string;
}

function processBlockInPieces(block: Buffer, lineNo: number, prefilter: Prefilter | null, emit: Emit, skipped?: (lines: number) => void, carry?: Carry): number {
  let start = 0;
  while (start < block.length) {
    let end = block.length;
    if (start + SCAN_BYTES < block.length) {
      const nl = block.lastIndexOf(0x0a, start + SCAN_BYTES - 1);
      end = nl >= start ? nl + 1 : block.indexOf(0x0a, start + SCAN_BYTES) + 1 || block.length;
    }
    lineNo = processBlock(block.subarray(start, end), lineNo, prefilter, emit, skipped, carry);
    start = end;
  }
  return lineNo;
}

/**
 * Hand the lines of a block (whole lines, ending with a newline) to `emit`, skipping those the prefilter
 * rules out. The block is scanned as Latin-1 text (one character per byte: no decoding cost); a line
 * with bytes >= 0x80 is decoded as UTF-8. Returns the line number of the block's last line.
 */
/** The lines of `text` from its end backwards (each without its newline). */
function* linesBackwards(text: string): Generator<string> {
  let end = text.length;
  while (end > 0) {
    if (text.charCodeAt(end - 1) === 0x0a) end--;
    const start = text.lastIndexOf("\n", end - 1) + 1;
    yield text.slice(start, end);
    end = start;
  }
}

/**
 * Buffer.prototype.latin1Slice, the method `toString("latin1", start, end)` ends in, called without
 * toString's argument handling, which costs several times the copy itself on lines of a few hundred
 * bytes (100,000 CloudTrail lines: 350 ms through toString, 45 ms through latin1Slice). Node has had it
 * on every Buffer since its first versions; toString is the fallback should it ever go.
 */
type Slice = (this: Buffer, start: number, end: number) => string;
const latin1Slice: Slice =
  (Buffer.prototype as unknown as { latin1Slice?: Slice }).latin1Slice ??
  function (this: Buffer, start: number, end: number) {
    return this.toString("latin1", start, end);
  };

function processBlock(block: Buffer, lineNo: number, prefilter: Prefilter | null, emit: Emit, skipped?: (lines: number) => void, carry?: Carry): number {
  const s = latin1Slice.call(block, 0, block.length);
  // Most pieces are all ASCII: one test of the piece (made when it first lets a line through) spares a
  // test of each line, and ingest's own.
  let asciiPiece: boolean | undefined;
  const line = (start: number, end: number, no: number, before?: () => Iterable<string>) => {
    let e = end;
    if (e > start && s.charCodeAt(e - 1) === 0x0d) e--;
    // A line is copied out of the block rather than sliced from the piece's string: a slice would keep
    // the whole 64 KiB piece alive for as long as the event (or any field value sliced from it) lives.
    const latin1 = latin1Slice.call(block, start, e);
    asciiPiece ??= !HIGH_BYTES.test(s);
    if (asciiPiece || !HIGH_BYTES.test(latin1)) emit(latin1, no, before, true);
    else emit(block.toString("utf8", start, e), no, before, false);
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
