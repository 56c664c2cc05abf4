/**
 * A small, strict (RFC 8259) JSON parser that keeps what `JSON.parse` throws away:
 * the exact text of every number, key order and duplicate keys. Keys are never used as
 * property names of plain objects, so `__proto__`, `constructor`, ... are ordinary data.
 *
 * Also provides {@link pythonJsonDumps}, which reproduces the text Python's
 * `json.dumps(json.loads(text))` would produce. The AWS add-on serialises each CloudTrail record
 * that way, so that is what `_raw` looks like in Splunk (aws-addon-fields.md "Ingestion").
 */

/** A JSON number, kept as the exact text that appeared in the document (e.g. `1.50`, `-0`, `1E+3`). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/**
 * A JSON object: its members in document order, duplicate keys included.
 * Member names are plain data; nothing is ever looked up on a JS prototype.
 */
export class JsonObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, JsonValue]>) {}

  /** The value of the LAST member named `key` (what `JSON.parse` and Python's `json.loads` keep), or undefined. */
  get(key: string): JsonValue | undefined {
    const entries = this.entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (e[0] === key) return e[1];
    }
    return undefined;
  }
}

export type JsonValue = string | JsonNumber | boolean | null | readonly JsonValue[] | JsonObject;

/** Thrown by {@link parseJson}. `offset` is the UTF-16 index into the input text where the problem was found. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonSyntaxError";
  }
}

/** Maximum number of nested arrays/objects accepted by {@link parseJson}. */
export const MAX_JSON_DEPTH = 1000;

/** Type guard for the array case of {@link JsonValue} (Array.isArray would widen to `any[]`). */
export function isJsonArray(v: JsonValue): v is readonly JsonValue[] {
  return Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Low-level scanners shared with flatten.ts
// ---------------------------------------------------------------------------------------------

const CH_TAB = 0x09;
const CH_LF = 0x0a;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;
const CH_QUOTE = 0x22;
const CH_PLUS = 0x2b;
const CH_COMMA = 0x2c;
const CH_MINUS = 0x2d;
const CH_DOT = 0x2e;
const CH_SLASH = 0x2f;
const CH_0 = 0x30;
const CH_1 = 0x31;
const CH_9 = 0x39;
const CH_COLON = 0x3a;
const CH_UPPER_E = 0x45;
const CH_LBRACKET = 0x5b;
const CH_BACKSLASH = 0x5c;
const CH_RBRACKET = 0x5d;
const CH_LOWER_B = 0x62;
const CH_LOWER_E = 0x65;
const CH_LOWER_F = 0x66;
const CH_LOWER_N = 0x6e;
const CH_LOWER_R = 0x72;
const CH_LOWER_T = 0x74;
const CH_LOWER_U = 0x75;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;

/** Index of the first non-whitespace char (JSON whitespace: space, tab, LF, CR) at or after `pos`. @internal */
export function skipJsonWhitespace(text: string, pos: number): number {
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === CH_SPACE || c === CH_LF || c === CH_CR || c === CH_TAB) pos++;
    else break;
  }
  return pos;
}

/**
 * Mutable result slot for {@link scanJsonString} / {@link scanJsonNumber} (reused to avoid allocations).
 * On success `end` is the index just after the token and `value` the decoded string (strings only);
 * on failure `end` is the offset of the problem and `error` describes it.
 * @internal
 */
export class JsonScan {
  value = "";
  end = 0;
  error = "";
}

function hexValue(c: number): number {
  if (c >= CH_0 && c <= CH_9) return c - CH_0;
  const l = c | 0x20; // lower-case ASCII letters
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * Scans a JSON string whose opening quote is at `quotePos`. Returns true on success.
 * Fast path: when the string holds no backslash the value is one `slice`.
 * @internal
 */
export function scanJsonString(text: string, quotePos: number, out: JsonScan): boolean {
  const n = text.length;
  let pos = quotePos + 1;
  const start = pos;
  // Fast path: no escapes.
  for (;;) {
    if (pos >= n) return scanFail(out, pos, "Unterminated string: expected '\"' but reached end of input");
    const c = text.charCodeAt(pos);
    if (c === CH_QUOTE) {
      out.value = text.slice(start, pos);
      out.end = pos + 1;
      return true;
    }
    if (c === CH_BACKSLASH) break;
    if (c < 0x20) return scanFail(out, pos, "Unescaped control character in string: expected '\\u" + hex4(c) + "'");
    pos++;
  }
  // Slow path: decode escapes, collecting runs of plain text as slices.
  let result = text.slice(start, pos);
  let runStart = pos;
  for (;;) {
    if (pos >= n) return scanFail(out, pos, "Unterminated string: expected '\"' but reached end of input");
    const c = text.charCodeAt(pos);
    if (c === CH_QUOTE) {
      if (pos > runStart) result += text.slice(runStart, pos);
      out.value = result;
      out.end = pos + 1;
      return true;
    }
    if (c === CH_BACKSLASH) {
      if (pos > runStart) result += text.slice(runStart, pos);
      if (pos + 1 >= n) return scanFail(out, pos + 1, "Unterminated escape sequence: reached end of input");
      const e = text.charCodeAt(pos + 1);
      switch (e) {
        case CH_QUOTE:
          result += '"';
          break;
        case CH_BACKSLASH:
          result += "\\";
          break;
        case CH_SLASH:
          result += "/";
          break;
        case CH_LOWER_B:
          result += "\b";
          break;
        case CH_LOWER_F:
          result += "\f";
          break;
        case CH_LOWER_N:
          result += "\n";
          break;
        case CH_LOWER_R:
          result += "\r";
          break;
        case CH_LOWER_T:
          result += "\t";
          break;
        case CH_LOWER_U: {
          let code = 0;
          for (let k = 2; k < 6; k++) {
            const h = pos + k < n ? hexValue(text.charCodeAt(pos + k)) : -1;
            if (h < 0) return scanFail(out, pos + k, "Invalid \\u escape: expected 4 hexadecimal digits");
            code = (code << 4) | h;
          }
          result += String.fromCharCode(code);
          pos += 6;
          runStart = pos;
          continue;
        }
        default:
          return scanFail(out, pos, "Invalid escape sequence: expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
      }
      pos += 2;
      runStart = pos;
      continue;
    }
    if (c < 0x20) return scanFail(out, pos, "Unescaped control character in string: expected '\\u" + hex4(c) + "'");
    pos++;
  }
}

/**
 * Scans a JSON number starting at `start` (grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
 * Returns true on success with `out.end` just after the number. Only the grammar is checked, not
 * what follows the number.
 * @internal
 */
export function scanJsonNumber(text: string, start: number, out: JsonScan): boolean {
  const n = text.length;
  let pos = start;
  let c = pos < n ? text.charCodeAt(pos) : -1;
  if (c === CH_MINUS) {
    pos++;
    c = pos < n ? text.charCodeAt(pos) : -1;
  }
  if (c === CH_0) {
    pos++;
    c = pos < n ? text.charCodeAt(pos) : -1;
  } else if (c >= CH_1 && c <= CH_9) {
    do {
      pos++;
      c = pos < n ? text.charCodeAt(pos) : -1;
    } while (c >= CH_0 && c <= CH_9);
  } else {
    return scanFail(out, pos, "Invalid number: expected a digit");
  }
  if (c === CH_DOT) {
    pos++;
    c = pos < n ? text.charCodeAt(pos) : -1;
    if (!(c >= CH_0 && c <= CH_9)) return scanFail(out, pos, "Invalid number: expected a digit after '.'");
    do {
      pos++;
      c = pos < n ? text.charCodeAt(pos) : -1;
    } while (c >= CH_0 && c <= CH_9);
  }
  if (c === CH_LOWER_E || c === CH_UPPER_E) {
    pos++;
    c = pos < n ? text.charCodeAt(pos) : -1;
    if (c === CH_PLUS || c === CH_MINUS) {
      pos++;
      c = pos < n ? text.charCodeAt(pos) : -1;
    }
    if (!(c >= CH_0 && c <= CH_9)) return scanFail(out, pos, "Invalid number: expected a digit in the exponent");
    do {
      pos++;
      c = pos < n ? text.charCodeAt(pos) : -1;
    } while (c >= CH_0 && c <= CH_9);
  }
  out.end = pos;
  return true;
}

/** True if `text` has `word` (an ASCII literal such as "true") at `pos`. @internal */
export function hasJsonLiteral(text: string, pos: number, word: string): boolean {
  if (pos + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (text.charCodeAt(pos + i) !== word.charCodeAt(i)) return false;
  }
  return true;
}

function scanFail(out: JsonScan, offset: number, error: string): false {
  out.end = offset;
  out.error = error;
  return false;
}

function hex4(c: number): string {
  return c.toString(16).padStart(4, "0");
}

/** Human-readable description of what is at `pos` (for error messages). @internal */
export function describeJsonChar(text: string, pos: number): string {
  if (pos >= text.length) return "end of input";
  const c = text.codePointAt(pos) ?? 0;
  if (c < 0x20 || c === 0x7f) return "character U+" + c.toString(16).toUpperCase().padStart(4, "0");
  return "'" + String.fromCodePoint(c) + "'";
}

// ---------------------------------------------------------------------------------------------
// parseJson
// ---------------------------------------------------------------------------------------------

class Parser {
  pos = 0;
  private readonly scan = new JsonScan();

  constructor(private readonly text: string) {}

  fail(what: string, offset: number): never {
    throw new JsonSyntaxError(
      "Expected " + what + " at offset " + offset + " but found " + describeJsonChar(this.text, offset),
      offset,
    );
  }

  failScan(): never {
    const offset = this.scan.end;
    throw new JsonSyntaxError(this.scan.error + " at offset " + offset, offset);
  }

  parseValue(depth: number): JsonValue {
    const text = this.text;
    const pos = skipJsonWhitespace(text, this.pos);
    const c = pos < text.length ? text.charCodeAt(pos) : -1;
    switch (c) {
      case CH_QUOTE:
        if (!scanJsonString(text, pos, this.scan)) this.failScan();
        this.pos = this.scan.end;
        return this.scan.value;
      case CH_LBRACE:
        return this.parseObject(pos, depth + 1);
      case CH_LBRACKET:
        return this.parseArray(pos, depth + 1);
      case CH_LOWER_T:
        return this.literal(pos, "true", true);
      case CH_LOWER_F:
        return this.literal(pos, "false", false);
      case CH_LOWER_N:
        return this.literal(pos, "null", null);
      default:
        if (c === CH_MINUS || (c >= CH_0 && c <= CH_9)) {
          if (!scanJsonNumber(text, pos, this.scan)) this.failScan();
          this.pos = this.scan.end;
          return new JsonNumber(text.slice(pos, this.scan.end));
        }
        return this.fail("a JSON value (string, number, object, array, true, false or null)", pos);
    }
  }

  private literal<T extends boolean | null>(pos: number, word: string, value: T): T {
    if (!hasJsonLiteral(this.text, pos, word)) this.fail("'" + word + "'", pos);
    this.pos = pos + word.length;
    return value;
  }

  private checkDepth(depth: number, pos: number): void {
    if (depth > MAX_JSON_DEPTH) {
      throw new JsonSyntaxError(
        "Nesting too deep: expected at most " + MAX_JSON_DEPTH + " nested arrays/objects at offset " + pos,
        pos,
      );
    }
  }

  private parseObject(open: number, depth: number): JsonObject {
    this.checkDepth(depth, open);
    const text = this.text;
    const entries: (readonly [string, JsonValue])[] = [];
    let pos = skipJsonWhitespace(text, open + 1);
    if (pos < text.length && text.charCodeAt(pos) === CH_RBRACE) {
      this.pos = pos + 1;
      return new JsonObject(entries);
    }
    for (;;) {
      if (pos >= text.length || text.charCodeAt(pos) !== CH_QUOTE) this.fail("'\"' (start of an object key)", pos);
      if (!scanJsonString(text, pos, this.scan)) this.failScan();
      const key = this.scan.value;
      pos = skipJsonWhitespace(text, this.scan.end);
      if (pos >= text.length || text.charCodeAt(pos) !== CH_COLON) this.fail("':' after object key", pos);
      this.pos = pos + 1;
      const value = this.parseValue(depth);
      entries.push([key, value]);
      pos = skipJsonWhitespace(text, this.pos);
      const c = pos < text.length ? text.charCodeAt(pos) : -1;
      if (c === CH_COMMA) {
        pos = skipJsonWhitespace(text, pos + 1);
        continue;
      }
      if (c === CH_RBRACE) {
        this.pos = pos + 1;
        return new JsonObject(entries);
      }
      this.fail("',' or '}' after object member", pos);
    }
  }

  private parseArray(open: number, depth: number): JsonValue[] {
    this.checkDepth(depth, open);
    const text = this.text;
    const items: JsonValue[] = [];
    let pos = skipJsonWhitespace(text, open + 1);
    if (pos < text.length && text.charCodeAt(pos) === CH_RBRACKET) {
      this.pos = pos + 1;
      return items;
    }
    this.pos = pos;
    for (;;) {
      items.push(this.parseValue(depth));
      pos = skipJsonWhitespace(text, this.pos);
      const c = pos < text.length ? text.charCodeAt(pos) : -1;
      if (c === CH_COMMA) {
        this.pos = pos + 1;
        continue;
      }
      if (c === CH_RBRACKET) {
        this.pos = pos + 1;
        return items;
      }
      this.fail("',' or ']' after array element", pos);
    }
  }
}

/**
 * Parses `text`, which must hold exactly one JSON value (surrounding JSON whitespace allowed).
 * Strict RFC 8259: no comments, trailing commas, single quotes, NaN/Infinity, or raw control
 * characters in strings. Nesting deeper than {@link MAX_JSON_DEPTH} arrays/objects throws
 * (instead of overflowing the stack). Lone surrogate escapes such as `"\ud800"` are accepted.
 * @throws JsonSyntaxError saying what was expected, with the offset of the problem.
 */
export function parseJson(text: string): JsonValue {
  const p = new Parser(text);
  const value = p.parseValue(0);
  const end = skipJsonWhitespace(text, p.pos);
  if (end < text.length) p.fail("end of input after the JSON value", end);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Python json.dumps
// ---------------------------------------------------------------------------------------------

const HEX = "0123456789abcdef";

/** Python `json.dumps` string literal with ensure_ascii=True. */
function pythonJsonString(s: string): string {
  const n = s.length;
  // Fast path: printable ASCII without '"' or '\'.
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === CH_QUOTE || c === CH_BACKSLASH) break;
  }
  if (i === n) return '"' + s + '"';
  let out = '"' + s.slice(0, i);
  let runStart = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e && c !== CH_QUOTE && c !== CH_BACKSLASH) continue;
    if (i > runStart) out += s.slice(runStart, i);
    runStart = i + 1;
    switch (c) {
      case CH_QUOTE:
        out += '\\"';
        break;
      case CH_BACKSLASH:
        out += "\\\\";
        break;
      case CH_LF:
        out += "\\n";
        break;
      case CH_CR:
        out += "\\r";
        break;
      case CH_TAB:
        out += "\\t";
        break;
      case 0x08:
        out += "\\b";
        break;
      case 0x0c:
        out += "\\f";
        break;
      default:
        // Every other char (control chars, DEL and everything non-ASCII) as \uXXXX of each UTF-16
        // code unit; for astral chars this is exactly Python's surrogate-pair output.
        out +=
          "\\u" + HEX[(c >> 12) & 15]! + HEX[(c >> 8) & 15]! + HEX[(c >> 4) & 15]! + HEX[c & 15]!;
    }
  }
  if (n > runStart) out += s.slice(runStart);
  return out + '"';
}

/** True if a JSON number text has no fraction and no exponent (Python's json makes it an `int`). */
function isIntegerText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CH_DOT || c === CH_LOWER_E || c === CH_UPPER_E) return false;
  }
  return true;
}

/** Python int() of a JSON integer text, printed: the digits as written, except `-0` is `0`. */
function pythonIntText(text: string): string {
  // JSON forbids leading zeros, so the only non-canonical form is negative zero.
  return text === "-0" ? "0" : text;
}

/**
 * Python's `repr(float)` for a JS number, plus json.dumps' spellings of the non-finite values
 * (`Infinity`, `-Infinity`, `NaN`). Shortest round-trip digits (as JS and Python both use),
 * exponent notation when the decimal exponent is < -4 or >= 16 (`1e+16`, `1.5e-05`), otherwise
 * positional with at least one fractional digit (`1.0`, `100000.0`).
 */
export function pythonFloatRepr(x: number): string {
  if (x !== x) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const abs = Math.abs(x);
  if (abs === 0) return sign + "0.0";
  // toExponential() without an argument gives the shortest round-trip digits: "d.ddde±x".
  const exp = abs.toExponential();
  const ePos = exp.indexOf("e");
  const mantissa = exp.slice(0, ePos);
  const digits = mantissa.length > 1 ? mantissa[0]! + mantissa.slice(2) : mantissa;
  const e = Number(exp.slice(ePos + 1));
  if (e < -4 || e >= 16) {
    const frac = digits.length > 1 ? "." + digits.slice(1) : "";
    const ae = Math.abs(e);
    return sign + digits[0]! + frac + "e" + (e < 0 ? "-" : "+") + (ae < 10 ? "0" : "") + ae;
  }
  if (e < 0) return sign + "0." + "0".repeat(-e - 1) + digits;
  const intLen = e + 1;
  if (digits.length <= intLen) return sign + digits + "0".repeat(intLen - digits.length) + ".0";
  return sign + digits.slice(0, intLen) + "." + digits.slice(intLen);
}

function dumpValue(v: JsonValue): string {
  if (typeof v === "string") return pythonJsonString(v);
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (v instanceof JsonNumber) {
    return isIntegerText(v.text) ? pythonIntText(v.text) : pythonFloatRepr(Number(v.text));
  }
  if (v instanceof JsonObject) {
    // Collapse like a Python dict: a repeated key keeps its first position and takes the last value.
    const members = new Map<string, JsonValue>();
    for (const [k, val] of v.entries) members.set(k, val);
    if (members.size === 0) return "{}";
    let out = "{";
    let first = true;
    for (const [k, val] of members) {
      if (!first) out += ", ";
      first = false;
      out += pythonJsonString(k) + ": " + dumpValue(val);
    }
    return out + "}";
  }
  if (v.length === 0) return "[]";
  let out = "[";
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out += ", ";
    out += dumpValue(v[i]!);
  }
  return out + "]";
}

/**
 * The text Python's `json.dumps(obj)` (default arguments) prints for the object that
 * `json.loads` would build from the document `v` was parsed from:
 * - ensure_ascii: every char outside printable ASCII escaped as lowercase `\uXXXX` (astral chars as
 *   surrogate pairs), `\" \\ \n \r \t \b \f` escapes, `/` not escaped;
 * - separators `", "` and `": "`;
 * - duplicate keys collapse like a Python dict (first position, last value);
 * - numbers without fraction/exponent are Python ints (exact digits, `-0` → `0`), others Python
 *   floats printed with `repr` (`1e400` → `Infinity`).
 * Not reproduced: Python 3.11+'s refusal (ValueError) to convert integers of more than 4300 digits.
 */
export function pythonJsonDumps(v: JsonValue): string {
  return dumpValue(v);
}
