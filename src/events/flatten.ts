/**
 * Splunk's automatic JSON field extraction (KV_MODE=json / spath without a path), computed in one
 * pass over the JSON text without building a tree (spl-semantics.md 8.3, 8.4, 8.6).
 *
 * Naming: object members are joined with `.`, an array appends `{}` to the name of the key that
 * holds it, only leaves become fields, same-named leaves merge into one multivalue list in document
 * order. Values: strings unescaped, numbers as written, `true`/`false`/`null` as text.
 */
import { JsonScan, hasJsonLiteral, pythonFloatRepr, scanJsonNumber, scanJsonString, skipJsonWhitespace } from "./json.js";

export interface FlattenOptions {
  /**
   * Splunk limits.conf `[spath] extraction_cutoff`: only the first `cutoffBytes` UTF-8 bytes of the
   * text are looked at; a leaf is extracted only if its value's last byte lies within them.
   * Default {@link DEFAULT_EXTRACTION_CUTOFF} (5000); pass `Infinity` to disable.
   */
  cutoffBytes?: number;
  /** Print JSON numbers as Python's json.dumps would (the AWS add-on's _raw form): floats with
   * Python's repr, `-0` as `0`. Default: numbers as written. */
  pythonNumbers?: boolean;
}

/** How a flatten pass ended: the whole text was one well-formed JSON object ("complete"), extraction
 * stopped at the cutoff before the end ("cut": the rest was not looked at), the text is not JSON from
 * `errorOffset` on ("error"), or its value is not an object ("not-object"). */
export interface FlattenStatus {
  state: "complete" | "cut" | "error" | "not-object";
  errorOffset: number;
  /** A number written with an exponent was seen (Python's json.dumps may print it longer). */
  exponent?: boolean;
}

/** limits.conf `[spath] extraction_cutoff` default (spl-semantics.md 8.4). */
export const DEFAULT_EXTRACTION_CUTOFF = 5000;

/**
 * Number of UTF-16 code units of `text` whose UTF-8 encoding fits in `maxBytes` bytes
 * (never splits a surrogate pair; a lone surrogate counts as 3 bytes, as U+FFFD would).
 */
function charLimitForBytes(text: string, maxBytes: number): number {
  const n = text.length;
  // Each UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 units).
  if (n * 3 <= maxBytes) return n;
  let bytes = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (bytes + 1 > maxBytes) break;
      bytes += 1;
      i += 1;
    } else if (c < 0x800) {
      if (bytes + 2 > maxBytes) break;
      bytes += 2;
      i += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (bytes + 4 > maxBytes) break;
        bytes += 4;
        i += 2;
      } else {
        if (bytes + 3 > maxBytes) break;
        bytes += 3;
        i += 1;
      }
    } else {
      if (bytes + 3 > maxBytes) break;
      bytes += 3;
      i += 1;
    }
  }
  return i;
}

// Scanner states.
/** Just after `{`: a key or `}`. */
const S_OBJECT_FIRST = 0;
/** After `,` in an object: a key. */
const S_OBJECT_NEXT = 1;
/** Just after `[`: a value or `]`. */
const S_ARRAY_FIRST = 2;
/** Expecting a value (after `:`, or after `,` in an array). */
const S_VALUE = 3;
/** After a value: `,` or the closing bracket of the current container. */
const S_AFTER_VALUE = 4;

// Field-name caches shared by all calls. Events of one sourcetype repeat the same layout, so for
// every object (identified by its name prefix) we remember the keys seen at each member position
// and the field names built from them. When the next event has the same key at the same position
// (checked directly against the text, without slicing), the cached name is reused: no key slice,
// no concatenation, no re-hashing of a fresh string when it is used as a Map key.
// Bounded: everything is dropped when more than MAX_CACHED names are cached.

/** Keys (raw == decoded, i.e. written without escapes) and field names by member position. */
class MemberSlots {
  readonly keys: string[] = [];
  readonly names: string[] = [];
}

const MAX_CACHED = 50_000;
let cachedCount = 0;
let topSlots = new MemberSlots(); // top-level object: name = key
const slotsByPrefix = new Map<string, MemberSlots>(); // nested objects, by name prefix
const arrayNames = new Map<string, string>(); // name -> name + "{}"

function clearCaches(): void {
  topSlots = new MemberSlots();
  slotsByPrefix.clear();
  arrayNames.clear();
  cachedCount = 0;
}

function slotsFor(prefix: string): MemberSlots {
  let slots = slotsByPrefix.get(prefix);
  if (slots === undefined) {
    if (cachedCount >= MAX_CACHED) clearCaches();
    slots = new MemberSlots();
    slotsByPrefix.set(prefix, slots);
    cachedCount++;
  }
  return slots;
}

function arrayName(name: string): string {
  let result = arrayNames.get(name);
  if (result === undefined) {
    if (cachedCount >= MAX_CACHED) clearCaches();
    result = name + "{}";
    arrayNames.set(name, result);
    cachedCount++;
  }
  return result;
}

function isTokenEnd(text: string, pos: number): boolean {
  if (pos >= text.length) return true;
  const c = text.charCodeAt(pos);
  // whitespace , ] }
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x5d || c === 0x7d;
}

/**
 * Extracts every JSON leaf of `text` as Splunk KV_MODE=json does: field name → values (strings) in
 * document order. `{"a":{"b":1},"c":[1,{"d":true}]}` → `a.b`=[1], `c{}`=[1], `c{}.d`=[true].
 *
 * Choices where Splunk's behaviour is not documented:
 * - The top level must be an object; a top-level array or scalar yields an empty map (an event's
 *   `_raw` is one record object, spl-semantics.md 8.5).
 * - Duplicate keys in one object contribute all their values, in document order.
 * - Empty arrays and empty objects produce no field (8.6, Q6); JSON `null` is the text `null`.
 * - Malformed JSON never throws: the leaves completed before the error are returned. A scalar
 *   counts as complete when its token is valid and followed by whitespace, `,`, `]`, `}` or the
 *   end of the text. Text after the top-level object is ignored.
 * - Cutoff (8.4): a leaf is kept only if the UTF-8 byte length of the text up to and including
 *   its last char (closing quote of a string, last digit/letter otherwise) is <= `cutoffBytes`;
 *   extraction stops at the first leaf that ends beyond it.
 */
export function flattenJsonText(text: string, opts?: FlattenOptions): Map<string, string[]> {
  return flattenRecord(text, opts, { state: "complete", errorOffset: -1 });
}

function pythonNumber(token: string): string {
  let plain = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 0x2e || c === 0x65 || c === 0x45) {
      plain = false;
      break;
    }
  }
  if (plain) return token === "-0" ? "0" : token;
  return pythonFloatRepr(Number(token));
}

/**
 * flattenJsonText that also says how the pass ended, in `status` (see FlattenStatus): a caller can
 * use one pass both to extract fields and to learn whether the text was well-formed.
 */
export function flattenRecord(text: string, opts: FlattenOptions | undefined, status: FlattenStatus): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const pyNumbers = opts?.pythonNumbers === true;
  status.state = "error";
  status.errorOffset = -1;
  status.exponent = false;
  const fail = (at: number): Map<string, string[]> => {
    status.state = "error";
    status.errorOffset = at;
    return out;
  };
  const cut = (): Map<string, string[]> => {
    status.state = "cut";
    return out;
  };
  /** The top-level object closed at `at`: complete when only whitespace follows. */
  const finish = (at: number): Map<string, string[]> => {
    const rest = skipJsonWhitespace(text, at);
    if (rest < text.length) return fail(rest);
    status.state = "complete";
    return out;
  };
  const cutoff = opts?.cutoffBytes ?? DEFAULT_EXTRACTION_CUTOFF;
  const n = text.length;
  // A leaf is extracted iff its end index (exclusive, UTF-16 units) is <= limit.
  const limit = cutoff === Infinity ? n : charLimitForBytes(text, Math.max(0, Math.floor(cutoff)));

  let pos = skipJsonWhitespace(text, 0);
  if (pos >= n) return fail(pos);
  if (text.charCodeAt(pos) !== 0x7b /* { */) {
    status.state = "not-object";
    return out;
  }
  pos++;

  // Stack of open containers, as parallel arrays indexed by depth - 1:
  // - prefixes: for an object, the name of the key holding it ("" for the top level, which is
  //   special-cased by depth so that a key named "" still joins as usual); for an array, the
  //   holding key's name plus "{}" per array level, which is also the field name of its scalars;
  // - isArray; for objects, the member-position cache and the index of the next member.
  const prefixes: string[] = [""];
  const isArray: boolean[] = [false];
  const frameSlots: MemberSlots[] = [topSlots];
  const memberIndex: number[] = [0];
  let depth = 1;
  let state = S_OBJECT_FIRST;
  let name = ""; // field name of the value about to be read (S_VALUE)
  const scan = new JsonScan();

  const emit = (field: string, value: string): void => {
    const list = out.get(field);
    if (list === undefined) out.set(field, [value]);
    else list.push(value);
  };

  for (;;) {
    pos = skipJsonWhitespace(text, pos);
    // Nothing that starts at or after the limit can end within it.
    if (pos >= limit) {
      if (pos >= n) return fail(n);
      status.state = "cut";
      return out;
    }
    const c = text.charCodeAt(pos);
    switch (state) {
      case S_OBJECT_FIRST:
      case S_OBJECT_NEXT: {
        if (c === 0x7d /* } */ && state === S_OBJECT_FIRST) {
          pos++;
          state = S_AFTER_VALUE;
          depth--;
          if (depth === 0) return finish(pos);
          break;
        }
        if (c !== 0x22 /* " */) return fail(pos);
        const frame = depth - 1;
        const slots = frameSlots[frame]!;
        const index = memberIndex[frame]!;
        memberIndex[frame] = index + 1;
        const predicted = slots.keys[index];
        if (
          predicted !== undefined &&
          text.startsWith(predicted, pos + 1) &&
          text.charCodeAt(pos + 1 + predicted.length) === 0x22 /* " */
        ) {
          name = slots.names[index]!;
          pos += predicted.length + 2;
        } else {
          if (!scanJsonString(text, pos, scan)) return fail(scan.end);
          const key = scan.value;
          name = depth === 1 ? key : prefixes[frame]! + "." + key;
          // Only keys written without escapes can be matched against the raw text later.
          if (scan.end - pos - 2 === key.length) {
            if (predicted === undefined) {
              if (cachedCount >= MAX_CACHED) clearCaches();
              cachedCount++;
            }
            slots.keys[index] = key;
            slots.names[index] = name;
          }
          pos = scan.end;
        }
        pos = skipJsonWhitespace(text, pos);
        if (pos >= n || text.charCodeAt(pos) !== 0x3a /* : */) return fail(pos);
        pos++;
        state = S_VALUE;
        break;
      }
      case S_ARRAY_FIRST:
        if (c === 0x5d /* ] */) {
          pos++;
          state = S_AFTER_VALUE;
          depth--;
          break;
        }
        name = prefixes[depth - 1]!;
        state = S_VALUE;
        break;
      case S_VALUE: {
        if (c === 0x22 /* " */) {
          if (!scanJsonString(text, pos, scan)) return fail(scan.end);
          if (scan.end > limit) return cut();
          pos = scan.end;
          emit(name, scan.value);
        } else if (c === 0x7b /* { */) {
          prefixes[depth] = name;
          isArray[depth] = false;
          frameSlots[depth] = slotsFor(name);
          memberIndex[depth] = 0;
          depth++;
          pos++;
          state = S_OBJECT_FIRST;
          break;
        } else if (c === 0x5b /* [ */) {
          prefixes[depth] = arrayName(name);
          isArray[depth] = true;
          depth++;
          pos++;
          state = S_ARRAY_FIRST;
          break;
        } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
          if (!scanJsonNumber(text, pos, scan)) return fail(scan.end);
          const end = scan.end;
          if (!isTokenEnd(text, end)) return fail(end);
          if (end > limit) return cut();
          const token = text.slice(pos, end);
          if (token.includes("e") || token.includes("E")) status.exponent = true;
          emit(name, pyNumbers ? pythonNumber(token) : token);
          pos = end;
        } else {
          const word = c === 0x74 ? "true" : c === 0x66 ? "false" : c === 0x6e ? "null" : "";
          if (word === "" || !hasJsonLiteral(text, pos, word)) return fail(pos);
          const end = pos + word.length;
          if (!isTokenEnd(text, end)) return fail(end);
          if (end > limit) return cut();
          emit(name, word);
          pos = end;
        }
        state = S_AFTER_VALUE;
        break;
      }
      case S_AFTER_VALUE: {
        const inArray = isArray[depth - 1]!;
        if (c === 0x2c /* , */) {
          pos++;
          if (inArray) {
            name = prefixes[depth - 1]!;
            state = S_VALUE;
          } else {
            state = S_OBJECT_NEXT;
          }
        } else if (c === (inArray ? 0x5d /* ] */ : 0x7d) /* } */) {
          pos++;
          depth--;
          if (depth === 0) return finish(pos);
        } else {
          return fail(pos);
        }
        break;
      }
    }
  }
}
