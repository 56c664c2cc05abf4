// A result row: what flows between commands. Base events are EventRows (src/events/event.ts) that
// extract fields lazily; commands that build new rows (table, stats...) use MapRow.
import type { FieldValue } from "../values/value.js";

export interface Row {
  /** The field's value, or undefined when the row has no such field (Splunk's null). */
  get(name: string): FieldValue | undefined;
  /** Set a field; null or undefined removes it. */
  set(name: string, value: FieldValue | null | undefined): void;
  /** Every field the row has, in a stable order. */
  names(): string[];
}

/** A row backed by a Map (never a plain object: field names such as `__proto__` are ordinary data). */
export class MapRow implements Row {
  readonly fields: Map<string, FieldValue>;
  constructor(fields?: Map<string, FieldValue>) {
    this.fields = fields ?? new Map();
  }
  get(name: string): FieldValue | undefined {
    return this.fields.get(name);
  }
  set(name: string, value: FieldValue | null | undefined): void {
    if (value === null || value === undefined) this.fields.delete(name);
    else this.fields.set(name, value);
  }
  names(): string[] {
    return Array.from(this.fields.keys());
  }
}
