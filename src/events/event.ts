// An indexed event as a row. Fields are computed when something asks for them, in Splunk's search-time
// order (spl-semantics.md 9.2, S42): default fields, JSON extraction of _raw (KV_MODE=json), field
// aliases, calculated fields; then whatever commands set (the overlay).
import type { SourcetypeKnowledge } from "../knowledge/sourcetype.js";
import type { FieldValue } from "../values/value.js";
import { DEFAULT_EXTRACTION_CUTOFF, flattenJsonText } from "./flatten.js";
import type { Row } from "./row.js";

export interface EventMeta {
  readonly source: string;
  readonly sourcetype: string;
  readonly host: string;
  readonly index: string;
}

const DELETED: unique symbol = Symbol("deleted");
type Overlay = Map<string, FieldValue | typeof DELETED>;

/** The default fields every event has, in the order `names()` lists them. */
const DEFAULT_FIELDS = ["_raw", "_time", "host", "index", "source", "sourcetype"] as const;

export class EventRow implements Row {
  private extracted: Map<string, FieldValue> | null = null;
  private calculated: Map<string, FieldValue | null> | null = null;
  private overlay: Overlay | null = null;
  /** The view calculated fields evaluate against: extraction and aliases, no other calculated field. */
  private readonly baseView: Row;

  constructor(
    readonly raw: string,
    readonly time: number,
    readonly meta: EventMeta,
    readonly knowledge: SourcetypeKnowledge | null,
    private readonly cutoff: number = DEFAULT_EXTRACTION_CUTOFF,
  ) {
    this.baseView = {
      get: (name) => this.getBase(name),
      set: () => {
        throw new Error("internal: calculated fields cannot set fields");
      },
      names: () => [],
    };
  }

  private extract(): Map<string, FieldValue> {
    if (this.extracted) return this.extracted;
    const out = new Map<string, FieldValue>();
    if (!this.knowledge || this.knowledge.kvMode === "json") {
      for (const [name, values] of flattenJsonText(this.raw, { cutoffBytes: this.cutoff })) {
        out.set(name, values.length === 1 ? values[0]! : values);
      }
    }
    this.extracted = out;
    return out;
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
        return undefined;
    }
  }

  /** Default fields, extraction and aliases (what calculated fields see). */
  private getBase(name: string): FieldValue | undefined {
    const d = this.getDefault(name);
    if (d !== undefined) return d;
    const alias = this.knowledge?.aliases.get(name);
    const extracted = this.extract();
    if (alias) {
      // Since 7.2.4 an alias whose source is missing removes the destination (S43), unless ASNEW.
      const v = extracted.get(alias.from);
      if (alias.asNew) return extracted.get(name) ?? v;
      return v;
    }
    return extracted.get(name);
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
    for (const n of this.extract().keys()) add(n);
    if (this.knowledge) {
      for (const n of this.knowledge.aliases.keys()) add(n);
      for (const n of this.knowledge.calculated.keys()) add(n);
    }
    if (this.overlay) for (const n of this.overlay.keys()) add(n);
    return Array.from(seen);
  }
}
