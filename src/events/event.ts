// An indexed event as a row. Fields are computed when something asks for them, in Splunk's search-time
// order (spl-semantics.md 9.2, S42): default fields, JSON extraction of _raw (KV_MODE=json), field
// aliases, calculated fields; then whatever commands set (the overlay).
import type { KnowledgeBase } from "../knowledge/index.js";
import type { SourcetypeKnowledge } from "../knowledge/sourcetype.js";
import type { FieldValue } from "../values/value.js";
import { flattenRecord, type FlattenStatus } from "./flatten.js";
import { parseJson, pythonJsonDumps } from "./json.js";
import type { Row } from "./row.js";

export interface EventMeta {
  readonly source: string;
  readonly sourcetype: string;
  readonly host: string;
  readonly index: string;
  /** The zone offset (minutes) of a timestamp read from the event's text: Splunk then adds the
   * date_* fields, as the text wrote the time (spl-semantics.md 6.5). Absent otherwise. */
  readonly dateZone?: number;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const DATE_FIELDS = ["date_hour", "date_mday", "date_minute", "date_month", "date_second", "date_wday", "date_year", "date_zone"] as const;

const DELETED: unique symbol = Symbol("deleted");
/** Names that can only come from object members (no array's `{}`), without empty segments. */
const PATH_NAME = /^[^.{}]+(?:\.[^.{}]+)*$/;
const NOT_KNOWN: unique symbol = Symbol("not known");

/**
 * The field `name` (members joined with `.`) read from the record as JSON.parse gave it, without
 * extracting every field: strings, Booleans and null read the same as extraction gives them. NOT_KNOWN
 * where extraction must answer: a number (its text is needed), or a name that more than one path could
 * make (a key with a dot in it: {"a.b": 1} and {"a": {"b": 2}} both make a.b). undefined where no path
 * makes the name, or it names an object or an array (only leaves are fields; an array's members are
 * named with `{}`). Duplicate keys are the one divergence: JSON.parse keeps the last, extraction of the
 * text all of them (ARCHITECTURE.md, "Parse once, extract on demand").
 */
function topLevelPath(top: Readonly<Record<string, unknown>>, name: string): FieldValue | undefined | typeof NOT_KNOWN {
  let obj: Readonly<Record<string, unknown>> = top;
  let rest = name;
  for (;;) {
    const dot = rest.indexOf(".");
    const key = dot < 0 ? rest : rest.slice(0, dot);
    if (dot >= 0) {
      // Another key of this object that the rest of the name could start with, or be.
      for (const k of Object.keys(obj)) if (k !== key && k.includes(".") && (k === rest || rest.startsWith(k + "."))) return NOT_KNOWN;
    }
    if (!Object.hasOwn(obj, key)) return undefined;
    const v = obj[key];
    if (dot < 0) {
      if (typeof v === "string") return v;
      if (typeof v === "boolean") return v ? "true" : "false";
      if (v === null) return "null";
      if (typeof v === "object") return undefined;
      return NOT_KNOWN;
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    obj = v as Readonly<Record<string, unknown>>;
    rest = rest.slice(dot + 1);
  }
}
const status: FlattenStatus = { state: "complete", errorOffset: -1 };
type Overlay = Map<string, FieldValue | typeof DELETED>;

/**
 * An event as plain data, enough to rebuild it exactly (the spilling time sort writes held events to
 * disk: src/timeorder.ts). _raw and the top-level values are not kept: both are functions of the text
 * (JSON.parse, and Python's json.dumps or the trimmed text), rebuilt when asked for. What has been
 * computed from outside the text is kept: the extraction (ingest may have applied the cutoff to it),
 * the calculated fields evaluated so far, and what commands set (null: deleted).
 */
export interface EventState {
  readonly text: string;
  readonly pythonRaw: boolean;
  readonly time: number;
  readonly meta: EventMeta;
  /** The sourcetype knowledge's name, or null when the event has none. */
  readonly knowledge: string | null;
  readonly extracted: ReadonlyMap<string, string[]> | null;
  readonly calculated: ReadonlyMap<string, FieldValue | null> | null;
  readonly overlay: ReadonlyMap<string, FieldValue | null> | null;
}

/** The default fields every event has, in the order `names()` lists them. */
const DEFAULT_FIELDS = ["_raw", "_time", "host", "index", "source", "sourcetype"] as const;

export class EventRow implements Row {
  private calculated: Map<string, FieldValue | null> | null = null;
  private overlay: Overlay | null = null;
  /** The view calculated fields evaluate against: extraction and aliases, no other calculated field. */
  private readonly baseView: Row;

  /**
   * @param text the record's JSON text as read
   * @param rawText _raw when already known; otherwise it is `text` or, when `pythonRaw`, Python's
   *   json.dumps of it, built on first use
   * @param extracted the fields of _raw (KV_MODE=json) when ingest had to compute them (the
   *   extraction cutoff applied); otherwise null, and they are extracted from `text` on first need
   * @param top the record's top-level values as JSON.parse gives them: a plain top-level string,
   *   Boolean or null field is answered from here without extracting anything
   */
  constructor(
    readonly text: string,
    private rawText: string | null,
    private readonly pythonRaw: boolean,
    readonly time: number,
    readonly meta: EventMeta,
    readonly knowledge: SourcetypeKnowledge | null,
    private extracted: ReadonlyMap<string, string[]> | null,
    private readonly top: Readonly<Record<string, unknown>> | null = null,
  ) {
    this.baseView = {
      get: (name) => this.getBase(name),
      set: () => {
        throw new Error("internal: calculated fields cannot set fields");
      },
      names: () => [],
    };
  }

  /** This event as plain data (see EventState). */
  state(): EventState {
    const overlay = this.overlay && new Map(Array.from(this.overlay, ([k, v]) => [k, v === DELETED ? null : v]));
    return { text: this.text, pythonRaw: this.pythonRaw, time: this.time, meta: this.meta, knowledge: this.knowledge?.name ?? null, extracted: this.extracted, calculated: this.calculated, overlay };
  }

  /** The event that `state()` described, with its sourcetype knowledge looked up by name in `kb`. */
  static restore(s: EventState, kb: KnowledgeBase): EventRow {
    const knowledge = s.knowledge === null ? null : kb.sourcetypes.get(s.knowledge);
    if (knowledge === undefined) throw new Error(`internal: no sourcetype knowledge named ${s.knowledge}`);
    const event = new EventRow(s.text, null, s.pythonRaw, s.time, s.meta, knowledge, s.extracted, JSON.parse(s.text) as Record<string, unknown>);
    if (s.calculated) event.calculated = new Map(s.calculated);
    if (s.overlay) event.overlay = new Map(Array.from(s.overlay, ([k, v]) => [k, v ?? DELETED]));
    return event;
  }

  /** _raw: the text as indexed (spl-semantics.md 8.5). */
  get raw(): string {
    if (this.rawText === null) this.rawText = this.pythonRaw ? pythonJsonDumps(parseJson(this.text)) : this.text.trim();
    return this.rawText;
  }

  /** All the fields of _raw, extracted on first need. */
  private fields(): ReadonlyMap<string, string[]> {
    if (this.extracted === null) this.extracted = flattenRecord(this.text, { cutoffBytes: Infinity, pythonNumbers: this.pythonRaw }, status);
    return this.extracted;
  }

  private extractedValue(name: string): FieldValue | undefined {
    if (this.knowledge && this.knowledge.kvMode === "none") return undefined;
    if (this.extracted === null && this.top !== null && PATH_NAME.test(name)) {
      const v = topLevelPath(this.top, name);
      if (v !== NOT_KNOWN) return v;
    }
    const v = this.fields().get(name);
    return v === undefined ? undefined : v.length === 1 ? v[0]! : v;
  }

  private getDefault(name: string): FieldValue | undefined {
    switch (name) {
      case "_raw":
        return this.raw;
      case "_time":
        return this.time;
      case "host":
        return this.meta.host;
      case "index":
        return this.meta.index;
      case "source":
        return this.meta.source;
      case "sourcetype":
        return this.meta.sourcetype;
      default:
        return name.startsWith("date_") ? this.dateField(name) : undefined;
    }
  }

  /** date_hour, date_wday... : the timestamp as the event's text wrote it, in its own zone. */
  private dateField(name: string): FieldValue | undefined {
    const zone = this.meta.dateZone;
    if (zone === undefined) return undefined;
    const d = new Date((Math.floor(this.time) + zone * 60) * 1000);
    switch (name) {
      case "date_second":
        return String(d.getUTCSeconds());
      case "date_minute":
        return String(d.getUTCMinutes());
      case "date_hour":
        return String(d.getUTCHours());
      case "date_mday":
        return String(d.getUTCDate());
      case "date_month":
        return MONTHS[d.getUTCMonth()];
      case "date_year":
        return String(d.getUTCFullYear());
      case "date_wday":
        return WEEKDAYS[d.getUTCDay()];
      case "date_zone":
        return String(zone);
      default:
        return undefined;
    }
  }

  /** Default fields, extraction and aliases (what calculated fields see). */
  private getBase(name: string): FieldValue | undefined {
    const d = this.getDefault(name);
    if (d !== undefined) return d;
    const alias = this.knowledge?.aliases.get(name);
    if (alias) {
      // Since 7.2.4 an alias whose source is missing removes the destination (S43), unless ASNEW.
      const v = this.extractedValue(alias.from);
      if (alias.asNew) return this.extractedValue(name) ?? v;
      return v;
    }
    return this.extractedValue(name);
  }

  private getCalculated(name: string): FieldValue | null | undefined {
    const calc = this.knowledge?.calculated.get(name);
    if (!calc) return undefined;
    if (!this.calculated) this.calculated = new Map();
    if (this.calculated.has(name)) return this.calculated.get(name);
    const v = calc.compiled(this.baseView);
    const stored: FieldValue | null = v === null || typeof v === "boolean" ? null : v;
    this.calculated.set(name, stored);
    return stored;
  }

  get(name: string): FieldValue | undefined {
    if (this.overlay) {
      const o = this.overlay.get(name);
      if (o !== undefined) return o === DELETED ? undefined : o;
    }
    const c = this.getCalculated(name);
    if (c !== undefined) return c ?? undefined;
    return this.getBase(name);
  }

  set(name: string, value: FieldValue | null | undefined): void {
    if (!this.overlay) this.overlay = new Map();
    this.overlay.set(name, value === null || value === undefined ? DELETED : value);
  }

  names(): string[] {
    const seen = new Set<string>();
    const add = (n: string) => {
      if (!seen.has(n) && this.get(n) !== undefined) seen.add(n);
    };
    for (const n of DEFAULT_FIELDS) add(n);
    if (this.meta.dateZone !== undefined) for (const n of DATE_FIELDS) add(n);
    if (!this.knowledge || this.knowledge.kvMode === "json") for (const n of this.fields().keys()) add(n);
    if (this.knowledge) {
      for (const n of this.knowledge.aliases.keys()) add(n);
      for (const n of this.knowledge.calculated.keys()) add(n);
    }
    if (this.overlay) for (const n of this.overlay.keys()) add(n);
    return Array.from(seen);
  }
}
