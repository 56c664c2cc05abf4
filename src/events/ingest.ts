// From a JSON record to an indexed event: choose the sourcetype, write _raw as Splunk would have it,
// find _time with the sourcetype's timestamp rule.
import type { KnowledgeBase } from "../knowledge/index.js";
import type { SourcetypeKnowledge } from "../knowledge/sourcetype.js";
import { parseTimestampWithPrefix } from "../values/time.js";
import { EventRow } from "./event.js";
import { JsonNumber, JsonObject, pythonJsonDumps, type JsonValue } from "./json.js";

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

/** Per-source ingest state: Splunk falls back to the previous event's timestamp (8.7). */
export interface SourceState {
  readonly source: string;
  lastTime: number | null;
}

export type IngestResult = { ok: true; event: EventRow; warning?: string } | { ok: false; message: string };

function recognise(value: JsonObject, kb: KnowledgeBase): SourcetypeKnowledge | null {
  for (const st of kb.sourcetypes.values()) {
    if (st.recognizeKeys.length > 0 && st.recognizeKeys.every((k) => value.get(k) !== undefined)) return st;
  }
  return null;
}

/** `_time` from a generic JSON event: a top-level `_time` (epoch seconds or ISO 8601) if present. */
function genericTime(value: JsonObject): number | null {
  const t = value.get("_time");
  if (t instanceof JsonNumber) return Number(t.text);
  if (typeof t === "string") {
    if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  return null;
}

/**
 * Ingest one record. `text` is the record's JSON text as found (kept as _raw for `verbatim`
 * sourcetypes); `value` its parsed form.
 */
export function ingestRecord(text: string, value: JsonValue, state: SourceState, opts: IngestOptions, fallbackNow: number): IngestResult {
  if (!(value instanceof JsonObject)) return { ok: false, message: "an event must be a JSON object" };
  let knowledge: SourcetypeKnowledge | null;
  let sourcetype: string;
  if (opts.sourcetype !== undefined) {
    sourcetype = opts.sourcetype;
    knowledge = opts.knowledge.sourcetypes.get(sourcetype) ?? null;
  } else {
    knowledge = recognise(value, opts.knowledge);
    sourcetype = knowledge?.name ?? GENERIC_JSON_SOURCETYPE;
  }
  const raw = knowledge?.rawFormat === "python_json" ? pythonJsonDumps(value) : text.trim();
  let time: number | null = null;
  let warning: string | undefined;
  if (knowledge?.timestamp) {
    time = parseTimestampWithPrefix(raw, knowledge.timestamp);
    if (time === null) {
      warning =
        state.lastTime !== null
          ? "Failed to parse timestamp; defaulting to timestamp of previous event"
          : "Failed to parse timestamp; no previous event, defaulting to the search time";
    }
  } else {
    time = genericTime(value);
  }
  if (time === null) time = state.lastTime ?? fallbackNow;
  state.lastTime = time;
  const event = new EventRow(
    raw,
    time,
    { source: state.source, sourcetype, host: opts.host, index: opts.index },
    knowledge,
    opts.extractionCutoff,
  );
  return warning ? { ok: true, event, warning } : { ok: true, event };
}
