// From a record's JSON text to an indexed event: validate it, choose the sourcetype, extract its fields
// as Splunk would from _raw, find _time with the sourcetype's timestamp rule.
//
// The native JSON.parse validates the record and gives its top-level values (enough to recognise the
// sourcetype and to answer plain top-level fields); the flattener (flatten.ts) extracts every field,
// with Splunk's names and exact number text, only when something asks for more (src/events/event.ts).
// For sourcetypes whose _raw is Python's json.dumps of the record (the AWS add-on), _raw itself is only
// built when something asks for it: the fields of the text and of its json.dumps form are the same
// (numbers are printed the Python way when extracting) as long as the 5000-byte extraction cutoff
// cannot fall inside the record in the json.dumps form. json.dumps adds one space after each comma and
// colon and writes each non-ASCII UTF-16 unit as a 6-byte \uXXXX escape, so that form is at most
// length * 1.5 + 5 * (non-ASCII units) long, plus what exponent-form numbers may grow. When that bound
// can exceed the cutoff, the exact form is built and extracted from.
import type { KnowledgeBase } from "../knowledge/index.js";
import type { SourcetypeKnowledge } from "../knowledge/sourcetype.js";
import { parseTimestampWithPrefix, type TimestampRule } from "../values/time.js";
import { EventRow } from "./event.js";
import { flattenRecord, type FlattenStatus } from "./flatten.js";
import { parseJson, pythonJsonDumps } from "./json.js";

export interface IngestOptions {
  readonly knowledge: KnowledgeBase;
  /** --sourcetype: every event gets this sourcetype; otherwise it is recognised, else `_json`. */
  readonly sourcetype?: string;
  readonly host: string;
  readonly index: string;
  readonly extractionCutoff: number;
}

/** The sourcetype of events that no knowledge recognises (Splunk's pretrained JSON sourcetype name). */
export const GENERIC_JSON_SOURCETYPE = "_json";

/** Per-source ingest state. */
export interface SourceState {
  readonly source: string;
  /** Splunk falls back to the previous event's timestamp when one cannot be parsed (8.7). */
  lastTime: number | null;
}

export function newSourceState(source: string): SourceState {
  return { source, lastTime: null };
}

export type IngestResult = { ok: true; event: EventRow; warning?: string } | { ok: false; message: string };

const status: FlattenStatus = { state: "complete", errorOffset: -1 };
const NON_ASCII = /[^\x00-\x7f]/;
/** An ISO 8601 date and time in UTC ("Z"), at the start of a text. */
const UTC_STAMP = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?Z/;

/** Each rule's TIME_PREFIX without the g and y flags (exec then always searches from the start). */
const prefixes = new WeakMap<RegExp, RegExp>();

/** Whether the timestamp a rule reads in `text` is written in UTC (then date_* are UTC values). */
function writtenInUtc(text: string, rule: TimestampRule): boolean {
  let start = 0;
  if (rule.timePrefix) {
    let prefix = prefixes.get(rule.timePrefix);
    if (prefix === undefined) prefixes.set(rule.timePrefix, (prefix = new RegExp(rule.timePrefix.source, rule.timePrefix.flags.replace(/[gy]/g, ""))));
    const m = prefix.exec(text);
    if (!m) return false;
    start = m.index + m[0].length;
  }
  return UTC_STAMP.test(text.slice(start, start + 40));
}

/** The sourcetype whose SPELUNK_RECOGNIZE keys are all top-level keys of the record. */
function recognise(top: Record<string, unknown>, kb: KnowledgeBase): SourcetypeKnowledge | null {
  for (const st of kb.sourcetypes.values()) {
    if (st.recognizeKeys.length > 0 && st.recognizeKeys.every((k) => Object.hasOwn(top, k))) return st;
  }
  return null;
}

/** `_time` of a generic JSON event: a top-level `_time` (epoch seconds or ISO 8601) if present. */
function genericTime(top: Record<string, unknown>): number | null {
  const v = Object.hasOwn(top, "_time") ? top["_time"] : undefined;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v !== "string") return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms / 1000;
}

function countNonAscii(text: string, ascii: boolean): number {
  if (ascii || !NON_ASCII.test(text)) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) n++;
  return n;
}

function utf8Length(text: string, ascii: boolean): number {
  return !ascii && NON_ASCII.test(text) ? Buffer.byteLength(text, "utf8") : text.length;
}

/**
 * Ingest one record, given as its JSON text. `before` yields the text of the lines a prefilter skipped
 * just before this one, nearest first: when this record's timestamp does not parse, the nearest of
 * them whose timestamp does gives the time, as the previous event would in Splunk. `ascii` is true
 * when the caller already knows the text is all ASCII (the reader tests whole pieces at once).
 */
export function ingestText(text: string, state: SourceState, opts: IngestOptions, fallbackNow: number, before?: () => Iterable<string>, ascii = false): IngestResult {
  // The engine's native JSON.parse validates the record and gives its top-level values; the fields
  // (Splunk's names, exact number text) are extracted by flatten.ts only when something asks for a
  // field that is not a plain top-level string, Boolean or null (see EventRow).
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `malformed JSON: ${(e as Error).message}` };
  }
  if (record === null || typeof record !== "object" || Array.isArray(record)) return { ok: false, message: "an event must be a JSON object" };
  const top = record as Record<string, unknown>;

  let knowledge: SourcetypeKnowledge | null;
  let sourcetype: string;
  if (opts.sourcetype !== undefined) {
    sourcetype = opts.sourcetype;
    knowledge = opts.knowledge.sourcetypes.get(sourcetype) ?? null;
  } else {
    knowledge = recognise(top, opts.knowledge);
    sourcetype = knowledge?.name ?? GENERIC_JSON_SOURCETYPE;
  }
  const python = knowledge?.rawFormat === "python_json";
  let fields: ReadonlyMap<string, string[]> | null = null;

  let raw: string | null = null;
  const cutoff = opts.extractionCutoff;
  if (cutoff !== Infinity) {
    if (python) {
      const bound = text.length * 1.5 + 5 * countNonAscii(text, ascii);
      // A number written with an exponent may print up to ~20 characters longer in json.dumps form
      // (1e15 is 1000000000000000.0): count every digit-then-e as one, which over-counts safely.
      const exponents = bound > cutoff / 2 ? (text.match(/\d[eE]/g)?.length ?? 0) : 0;
      if (bound + 20 * exponents > cutoff) {
        // The cutoff may fall inside the json.dumps form (or an exponent number may print longer
        // there): extract from that form itself.
        raw = pythonJsonDumps(parseJson(text));
        if (utf8Length(raw, false) > cutoff) fields = flattenRecord(raw, { cutoffBytes: cutoff }, status);
      }
    } else if (text.length > cutoff / 3 && utf8Length(text.trim(), ascii) > cutoff) {
      fields = flattenRecord(text, { cutoffBytes: cutoff }, status);
    }
  }

  let time: number | null = null;
  let warning: string | undefined;
  let dateZone: number | undefined;
  const rule = knowledge?.timestamp;
  if (rule) {
    // The timestamp rule reads _raw. The record's own text has the same values in the same order,
    // unless it writes characters as \u escapes, which json.dumps writes out (ASCII) or keeps.
    const timeText = python && text.includes("\\") ? (raw ??= pythonJsonDumps(parseJson(text))) : text;
    time = parseTimestampWithPrefix(timeText, rule);
    // A timestamp written in UTC ("...Z", as CloudTrail writes eventTime) gives date_* fields in UTC.
    if (time !== null && writtenInUtc(timeText, rule)) dateZone = 0;
    if (time === null) {
      if (before) {
        for (const line of before()) {
          time = parseTimestampWithPrefix(line, rule);
          if (time !== null) break;
        }
      }
      time ??= state.lastTime;
      warning =
        time !== null
          ? "Failed to parse timestamp; defaulting to timestamp of previous event"
          : "Failed to parse timestamp; no previous event, defaulting to the search time";
      time ??= fallbackNow;
    }
    state.lastTime = time;
  } else {
    // spelunk's rule for JSON without timestamp knowledge: a top-level _time, else the search time
    // (never the previous event's, so that results do not depend on which lines were read).
    time = genericTime(top) ?? fallbackNow;
  }
  const event = new EventRow(text, raw, python, time, { source: state.source, sourcetype, host: opts.host, index: opts.index, ...(dateZone !== undefined ? { dateZone } : {}) }, knowledge, fields, top);
  return warning ? { ok: true, event, warning } : { ok: true, event };
}
