// Event readers: JSON Lines, JSON arrays, CloudTrail `{"Records":[...]}` files, a single JSON object,
// gzip of each, and stdin. Input is streamed in large chunks; a bad line is reported with its file and
// line number and everything else still runs.
import { createReadStream, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import type { EventRow } from "./event.js";
import { ingestRecord, type IngestOptions, type SourceState } from "./ingest.js";
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

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
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
        walk(resolve(base), all);
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
      walk(arg, all);
      files.push(...all.filter((f) => DATA_FILE.test(f)));
    } else files.push(arg);
  }
  return { files, missing };
}

async function* textChunks(file: string): AsyncGenerator<string> {
  const raw: Readable = file === "-" ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  const it = (raw as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head: Buffer = first.value;
  const all = (async function* () {
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  let source: AsyncIterable<Buffer> = all;
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // gzip: decompressed as a stream, never whole in memory.
    const gunzip = createGunzip();
    pipeline(Readable.from(all), gunzip, () => {});
    source = gunzip;
  }
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

/** Split a stream of text into lines (with their 1-based numbers). */
async function* lines(chunks: AsyncGenerator<string>): AsyncGenerator<[string, number]> {
  let rest = "";
  let lineNo = 0;
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
      yield [text.slice(start, nl), ++lineNo];
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield [rest, ++lineNo];
}

function compactJson(v: JsonValue): string {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (isJsonArray(v)) return "[" + v.map(compactJson).join(",") + "]";
  if (v instanceof JsonObject) return "{" + v.entries.map(([k, x]) => JSON.stringify(k) + ":" + compactJson(x)).join(",") + "}";
  return v.text;
}

export async function readFile(file: string, opts: ReadOptions): Promise<void> {
  const state: SourceState = { source: file === "-" ? "stdin" : resolve(file), lastTime: null };
  const name = file === "-" ? "<stdin>" : file;
  const emit = (text: string, value: JsonValue, line: number | null) => {
    if (value instanceof JsonObject) {
      const records = value.get("Records");
      if (value.entries.length === 1 && records !== undefined && isJsonArray(records)) {
        records.forEach((r) => emitOne(compactJson(r), r, line));
        return;
      }
    }
    emitOne(text, value, line);
  };
  const emitOne = (text: string, value: JsonValue, line: number | null) => {
    const r = ingestRecord(text, value, state, opts, opts.now);
    if (!r.ok) opts.onProblem({ file: name, line, message: r.message, severity: "error" });
    else {
      if (r.warning) opts.onProblem({ file: name, line, message: r.warning, severity: "warning" });
      opts.onEvent(r.event);
    }
  };

  // Mode: JSON Lines when the first non-empty line is a whole JSON value; otherwise one JSON document
  // (an array, a CloudTrail Records object, a pretty-printed object). A document that does not parse
  // is read again as JSON Lines so that each bad line is reported on its own.
  let mode: "undecided" | "lines" | "document" = "undecided";
  let buffered: Array<[string, number]> = [];
  for await (const [line, lineNo] of lines(textChunks(file))) {
    if (mode === "document") {
      buffered.push([line, lineNo]);
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (mode === "undecided") {
      if (trimmed.startsWith("[")) {
        mode = "document";
        buffered.push([line, lineNo]);
        continue;
      }
      try {
        const value = parseJson(trimmed);
        mode = "lines";
        emit(trimmed, value, lineNo);
      } catch {
        mode = "document";
        buffered.push([line, lineNo]);
      }
      continue;
    }
    try {
      emit(trimmed, parseJson(trimmed), lineNo);
    } catch (e) {
      const message = e instanceof JsonSyntaxError ? `malformed JSON: ${e.message} (at column ${e.offset + 1})` : String(e);
      opts.onProblem({ file: name, line: lineNo, message, severity: "error" });
    }
  }
  if (mode !== "document") return;
  const text = buffered.map(([l]) => l).join("\n");
  let doc: JsonValue | undefined;
  try {
    doc = parseJson(text);
  } catch {
    doc = undefined;
  }
  if (doc !== undefined) {
    if (isJsonArray(doc)) doc.forEach((r) => emit(compactJson(r), r, null));
    else emit(text, doc, null);
    return;
  }
  for (const [line, lineNo] of buffered) {
    const trimmed = line.trim();
    if (trimmed === "") continue;
    try {
      emit(trimmed, parseJson(trimmed), lineNo);
    } catch (e) {
      const message = e instanceof JsonSyntaxError ? `malformed JSON: ${e.message} (at column ${e.offset + 1})` : String(e);
      opts.onProblem({ file: name, line: lineNo, message, severity: "error" });
    }
  }
  buffered = [];
}
