// CSV lookup files (RFC 4180): a header line of field names, then one record per line. Fields are
// separated by commas; a field in double quotes may hold commas, line breaks and `""` (one quote).
// Line breaks are CRLF, LF or CR. Choices where files in the wild stray from the RFC:
// - a UTF-8 byte order mark before the header is dropped;
// - blank lines are skipped (security_content's legit_domains.csv ends with one), as Python's
//   csv.DictReader skips them;
// - header names are trimmed: security_content writes `EventCode, Description` and its detections use
//   the field as `Description` (windows_applocker_block_events.yml); values are kept as written
//   (RFC 4180 2.4: spaces are part of a field);
// - a quote inside an unquoted field is an ordinary character (`5" disk`);
// - a record shorter than the header leaves the rest empty; a longer one, an unterminated quote,
//   text after a closing quote, and an empty or repeated header name are errors naming file and line.
import { SplError } from "../diagnostics.js";

export interface CsvTable {
  /** Field names, in header order. */
  readonly fields: readonly string[];
  /** One map per record, every header field present ("" when the cell is empty). */
  readonly rows: ReadonlyArray<ReadonlyMap<string, string>>;
}

interface CsvRecord {
  readonly cells: string[];
  /** 1-based line where the record starts. */
  readonly line: number;
}

function csvError(source: string, line: number | null, message: string): SplError {
  return new SplError("input-error", `${source}: ${line === null ? "" : `line ${line}: `}${message}`, null);
}

/** Split CSV text into records of raw cells, skipping blank lines. */
export function parseCsvRecords(text: string, source: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    // A line break right away: a blank line.
    if (s[i] === "\n" || s[i] === "\r") {
      i += s[i] === "\r" && s[i + 1] === "\n" ? 2 : 1;
      line++;
      continue;
    }
    // Fast path for the common line without quotes or lone CRs: split it at once.
    const nl = s.indexOf("\n", i);
    const stop = nl < 0 ? n : nl;
    const body = s.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    const text = s.slice(i, body);
    if (!text.includes('"') && !text.includes("\r")) {
      records.push({ cells: text.split(","), line: start });
      i = nl < 0 ? n : nl + 1;
      line++;
      continue;
    }
    for (;;) {
      let cell: string;
      if (s[i] === '"') {
        // Quoted: up to the next quote not doubled.
        let out = "";
        let j = i + 1;
        for (;;) {
          const q = s.indexOf('"', j);
          if (q < 0) throw csvError(source, start, "unterminated quoted field");
          const chunk = s.slice(j, q);
          line += countBreaks(chunk);
          out += chunk;
          if (s[q + 1] === '"') {
            out += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        cell = out;
        if (i < n && s[i] !== "," && s[i] !== "\n" && s[i] !== "\r") throw csvError(source, line, "unexpected character after a closing quote");
      } else {
        let j = i;
        while (j < n && s[j] !== "," && s[j] !== "\n" && s[j] !== "\r") j++;
        cell = s.slice(i, j);
        i = j;
      }
      cells.push(cell);
      if (i >= n) break;
      if (s[i] === ",") {
        i++;
        continue;
      }
      // A line break ends the record.
      i += s[i] === "\r" && s[i + 1] === "\n" ? 2 : 1;
      line++;
      break;
    }
    records.push({ cells, line: start });
  }
  return records;
}

function countBreaks(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === "\n") count++;
    else if (c === "\r" && text[k + 1] !== "\n") count++;
  }
  return count;
}

/** Parse a CSV lookup file. `source` names the file in error messages. */
export function parseCsv(text: string, source: string): CsvTable {
  const records = parseCsvRecords(text, source);
  const header = records[0];
  if (!header) throw csvError(source, null, "no header line");
  const fields = header.cells.map((f) => f.trim());
  const seen = new Set<string>();
  for (const f of fields) {
    if (f === "") throw csvError(source, header.line, "empty field name in the header");
    if (seen.has(f)) throw csvError(source, header.line, `duplicate field name '${f}' in the header`);
    seen.add(f);
  }
  const rows: Array<Map<string, string>> = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.cells.length > fields.length) throw csvError(source, rec.line, `${rec.cells.length} fields, but the header has ${fields.length}`);
    const row = new Map<string, string>();
    fields.forEach((f, k) => row.set(f, rec.cells[k] ?? ""));
    rows.push(row);
  }
  return { fields, rows };
}
