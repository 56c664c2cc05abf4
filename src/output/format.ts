// Rendering results: an aligned text table, JSON (as Splunk's REST output gives rows: every value a
// string, multivalue fields as arrays of strings, absent fields left out, _time in ISO 8601), or CSV.
import type { Row } from "../events/row.js";
import { formatTimeIso, formatTimeTable } from "../values/time.js";
import { formatNumber, type FieldValue, type Scalar } from "../values/value.js";

export type OutputFormat = "table" | "json" | "csv";

function scalarText(v: Scalar): string {
  return typeof v === "number" ? formatNumber(v) : v;
}

/** One field's values as strings; `_time` rendered as a date in the given style. */
export function cellValues(name: string, v: FieldValue | undefined, tz: string, timeStyle: "table" | "iso"): string[] {
  if (v === undefined) return [];
  const values = Array.isArray(v) ? v : [v as Scalar];
  if (name === "_time")
    return values.map((x) => {
      const n = typeof x === "number" ? x : Number(x);
      if (Number.isNaN(n)) return scalarText(x);
      return timeStyle === "table" ? formatTimeTable(n, tz) : formatTimeIso(n, tz);
    });
  return values.map(scalarText);
}

export function toJsonRows(rows: readonly Row[], columns: readonly string[], tz: string): Array<Record<string, string | string[]>> {
  return rows.map((row) => {
    // A null-prototype object: field names such as __proto__ are plain keys.
    const out = Object.create(null) as Record<string, string | string[]>;
    for (const c of columns) {
      const vals = cellValues(c, row.get(c), tz, "iso");
      if (vals.length === 0) continue;
      out[c] = vals.length === 1 ? vals[0]! : vals;
    }
    return out;
  });
}

export function formatJson(rows: readonly Row[], columns: readonly string[], tz: string): string {
  return JSON.stringify(toJsonRows(rows, columns, tz), null, 2) + "\n";
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function formatCsv(rows: readonly Row[], columns: readonly string[], tz: string): string {
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(cellValues(c, row.get(c), tz, "iso").join("\n"))).join(","));
  return lines.join("\n") + "\n";
}

/** Display width of a string (code points; good enough for the ASCII that logs mostly are). */
function width(s: string): number {
  return Array.from(s).length;
}

/** `s` cut to `w` characters, its last one replaced by "…" when anything was cut. */
function cutTo(s: string, w: number): string {
  if (width(s) <= w) return s;
  return w <= 0 ? "" : Array.from(s).slice(0, w - 1).join("") + "…";
}

/** The narrowest a column is made to fit a terminal, while the others can still give way. */
const MIN_COLUMN = 6;

/**
 * An aligned text table. Multivalue cells list one value per line. Cells longer than `maxCell`
 * characters are cut with a marker. With `totalWidth` (a terminal's columns), the widest columns are
 * narrowed, their values cut with the marker, until every line fits; when even columns of
 * MIN_COLUMN characters do not fit, lines are cut at the width.
 */
export function formatTable(rows: readonly Row[], columns: readonly string[], tz: string, maxCell = 80, totalWidth = 0): string {
  if (columns.length === 0) return rows.length === 0 ? "" : `(${rows.length} rows without fields)\n`;
  const cells = rows.map((row) => columns.map((c) => cellValues(c, row.get(c), tz, "table").map((v) => cutTo(v.replace(/[\r\n\t]/g, " "), maxCell))));
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((r) => Math.max(0, ...r[i]!.map(width)))));
  if (totalWidth > 0) {
    const budget = totalWidth - 2 * (columns.length - 1);
    let total = widths.reduce((a, b) => a + b, 0);
    while (total > budget) {
      let widest = 0;
      for (let i = 1; i < widths.length; i++) if (widths[i]! > widths[widest]!) widest = i;
      if (widths[widest]! <= MIN_COLUMN) break;
      widths[widest]!--;
      total--;
    }
  }
  const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - width(s)));
  const fit = (s: string) => (totalWidth > 0 ? cutTo(s, totalWidth) : s);
  const line = (parts: readonly string[]) => fit(parts.map((p, i) => pad(cutTo(p, widths[i]!), widths[i]!)).join("  ").trimEnd());
  const out = [line(columns), line(widths.map((w) => "-".repeat(w)))];
  for (const r of cells) {
    const height = Math.max(1, ...r.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(r.map((c) => c[k] ?? "")));
  }
  return out.join("\n") + "\n";
}
