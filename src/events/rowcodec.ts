// Rows as JSON-ready data and back, for the spilling time sort (src/timeorder.ts): a row read back is
// the row written, field for field, in the same order, with the same value types.
//
// Field names travel as array items, never as object keys, and come back as keys of Maps (an event
// key such as `__proto__` is ordinary data). Strings and finite numbers are themselves in JSON
// (JSON.stringify writes the shortest digits that read back as the same double); NaN, the infinities
// and -0 have no JSON form and travel as `{ "n": "NaN" }` and so on. A multivalue field is an array.
import type { KnowledgeBase } from "../knowledge/index.js";
import type { FieldValue, Scalar } from "../values/value.js";
import { EventRow } from "./event.js";
import { MapRow, type Row } from "./row.js";

type Json = string | number | null | boolean | { readonly n: string } | readonly Json[];

export function encodeNumber(n: number): Json {
  if (Number.isFinite(n) && !Object.is(n, -0)) return n;
  return { n: Object.is(n, -0) ? "-0" : String(n) };
}

export function decodeNumber(j: Json): number {
  return typeof j === "number" ? j : Number((j as { n: string }).n);
}

function encodeScalar(v: Scalar): Json {
  return typeof v === "string" ? v : encodeNumber(v);
}

function decodeScalar(j: Json): Scalar {
  return typeof j === "string" ? j : decodeNumber(j);
}

function encodeValue(v: FieldValue | null): Json {
  if (v === null) return null;
  return Array.isArray(v) ? (v as readonly Scalar[]).map(encodeScalar) : encodeScalar(v as Scalar);
}

function decodeValue(j: Json): FieldValue | null {
  if (j === null) return null;
  return Array.isArray(j) ? (j as readonly Json[]).map(decodeScalar) : decodeScalar(j);
}

/** A map as a flat list: name, value, name, value... */
function encodeMap(m: ReadonlyMap<string, FieldValue | null> | null): Json {
  if (m === null) return null;
  const out: Json[] = [];
  for (const [k, v] of m) out.push(k, encodeValue(v));
  return out;
}

function decodeMap(j: Json): Map<string, FieldValue | null> | null {
  if (j === null) return null;
  const list = j as readonly Json[];
  const m = new Map<string, FieldValue | null>();
  for (let i = 0; i < list.length; i += 2) m.set(list[i] as string, decodeValue(list[i + 1]!));
  return m;
}

/** The row as JSON-ready data, or null for a kind of row that cannot be written (only MapRow and
 * EventRow can). */
export function encodeRow(row: Row): Json[] | null {
  if (row instanceof MapRow) return ["m", encodeMap(row.fields)];
  if (!(row instanceof EventRow)) return null;
  const s = row.state();
  const extracted = s.extracted && Array.from(s.extracted).flat();
  return ["e", s.text, s.pythonRaw, encodeNumber(s.time), s.meta as unknown as Json, s.knowledge, extracted, encodeMap(s.calculated), encodeMap(s.overlay)];
}

/** The row `encodeRow` gave `data` for; events get their sourcetype knowledge from `kb`. */
export function decodeRow(data: readonly Json[], kb: KnowledgeBase): Row {
  if (data[0] === "m") return new MapRow(decodeMap(data[1]!) as Map<string, FieldValue>);
  const [, text, pythonRaw, time, meta, knowledge, extracted, calculated, overlay] = data;
  const pairs = extracted as readonly Json[] | null;
  const fields = pairs && new Map(Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i] as string, pairs[2 * i + 1] as string[]]));
  return EventRow.restore(
    {
      text: text as string,
      pythonRaw: pythonRaw as boolean,
      time: decodeNumber(time!),
      meta: meta as never,
      knowledge: knowledge as string | null,
      extracted: fields,
      calculated: decodeMap(calculated!),
      overlay: decodeMap(overlay!),
    },
    kb,
  );
}

export type { Json };
