// Paths into JSON for the eval spath() function and the JSON functions.
//
// spath(X, path) uses the spath command's path language (spl-semantics.md 7.8): steps separated by
// `.`, `name{}` for every element of an array, `name{N}` for one element. The index base is 1 (Q7:
// classic SPL's spath follows XPath, where the first element is 1, as community material recalls; the
// 0-based access of SPL2 [S53] belongs to SPL2). Objects and arrays come back as their JSON text, as
// it appears in the input; arrays of values come back as a multivalue field.
//
// json_extract(X, path) uses the JSON functions' paths, which are 0-based (JSON functions page:
// `{<index>}` selects an array element, counted from 0 as in SPL2 access expressions [S53]).
import { JsonNumber, JsonObject, JsonScan, hasJsonLiteral, isJsonArray, parseJson, scanJsonNumber, scanJsonString, skipJsonWhitespace, type JsonValue } from "../events/json.js";

export type PathStep =
  | { readonly kind: "key"; readonly name: string }
  | { readonly kind: "all" }
  | { readonly kind: "index"; readonly index: number };

/** Parse `a.b{}.c{2}`; null when the path has something this reader does not understand (`{@attr}`). */
export function parsePath(path: string): PathStep[] | null {
  const steps: PathStep[] = [];
  const re = /([^.{}]*)((?:\{[^{}]*\})*)(?:\.|$)/y;
  let pos = 0;
  const text = path.trim();
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m || m[0] === "") return null;
    pos = re.lastIndex;
    if (m[1]) steps.push({ kind: "key", name: m[1] });
    for (const b of (m[2] ?? "").match(/\{[^{}]*\}/g) ?? []) {
      const inner = b.slice(1, -1).trim();
      if (inner === "") steps.push({ kind: "all" });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: "index", index: Number(inner) });
      else return null;
    }
    if (!m[1] && !m[2]) return null;
  }
  return steps;
}

// ---------------------------------------------------------------- spath: raw text with positions

interface Node {
  readonly start: number;
  readonly end: number;
  readonly members?: ReadonlyArray<readonly [string, Node]>;
  readonly items?: readonly Node[];
  /** The decoded text of a string. */
  readonly text?: string;
}

class SpanParser {
  pos = 0;
  private readonly scan = new JsonScan();
  constructor(private readonly src: string) {}

  value(depth: number): Node | null {
    const s = this.src;
    this.pos = skipJsonWhitespace(s, this.pos);
    const start = this.pos;
    const c = s[start];
    if (depth > 1000) return null;
    if (c === "{" || c === "[") {
      const object = c === "{";
      const members: Array<readonly [string, Node]> = [];
      const items: Node[] = [];
      this.pos++;
      this.pos = skipJsonWhitespace(s, this.pos);
      if (s[this.pos] === (object ? "}" : "]")) {
        this.pos++;
      } else {
        for (;;) {
          let key = "";
          if (object) {
            this.pos = skipJsonWhitespace(s, this.pos);
            if (s[this.pos] !== "\"" || !scanJsonString(s, this.pos, this.scan)) return null;
            key = this.scan.value;
            this.pos = skipJsonWhitespace(s, this.scan.end);
            if (s[this.pos] !== ":") return null;
            this.pos++;
          }
          const v = this.value(depth + 1);
          if (v === null) return null;
          if (object) members.push([key, v]);
          else items.push(v);
          this.pos = skipJsonWhitespace(s, this.pos);
          const sep = s[this.pos++];
          if (sep === (object ? "}" : "]")) break;
          if (sep !== ",") return null;
        }
      }
      return object ? { start, end: this.pos, members } : { start, end: this.pos, items };
    }
    if (c === "\"") {
      if (!scanJsonString(s, start, this.scan)) return null;
      this.pos = this.scan.end;
      return { start, end: this.pos, text: this.scan.value };
    }
    for (const word of ["true", "false", "null"]) {
      if (hasJsonLiteral(s, start, word)) {
        this.pos = start + word.length;
        return { start, end: this.pos };
      }
    }
    if (!scanJsonNumber(s, start, this.scan)) return null;
    this.pos = this.scan.end;
    return { start, end: this.pos };
  }
}

/** The values at `steps` in the JSON text (spath semantics, 1-based indexes); [] when none or not JSON. */
export function spathValues(json: string, steps: readonly PathStep[]): string[] {
  const parser = new SpanParser(json);
  const root = parser.value(0);
  if (root === null || skipJsonWhitespace(json, parser.pos) !== json.length) return [];
  let nodes: Node[] = [root];
  for (const step of steps) {
    const next: Node[] = [];
    for (const n of nodes) {
      if (step.kind === "key") {
        for (const [k, v] of n.members ?? []) if (k === step.name) next.push(v);
      } else if (step.kind === "all") {
        // `{}` on something that is not an array keeps it (as json_extract does below): security_content's
        // aws_defense_evasion_putbucketlifecycle reads `requestParameters{}.bucketName`, where
        // requestParameters is an object, and its true-positive test passes in Splunk.
        if (n.items) next.push(...n.items);
        else next.push(n);
      } else {
        const item = n.items?.[step.index - 1];
        if (step.index >= 1 && item) next.push(item);
      }
    }
    nodes = next;
  }
  return nodes.map((n) => n.text ?? json.slice(n.start, n.end));
}

// ---------------------------------------------------------------- JSON functions: parsed values

/** Parse JSON text, or undefined when it is not JSON. */
export function tryParseJson(text: string): JsonValue | undefined {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

/** Compact JSON text, as the JSON functions write it (`{"name":"maria","age":25}`). */
export function writeJson(v: JsonValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof JsonNumber) return v.text;
  if (v instanceof JsonObject) return "{" + v.entries.map(([k, x]) => JSON.stringify(k) + ":" + writeJson(x)).join(",") + "}";
  return "[" + v.map(writeJson).join(",") + "]";
}

/** The values at `steps` (0-based indexes); `{}` on something that is not an array keeps it. */
export function extractValues(root: JsonValue, steps: readonly PathStep[]): JsonValue[] {
  let values: JsonValue[] = [root];
  for (const step of steps) {
    const next: JsonValue[] = [];
    for (const v of values) {
      if (step.kind === "key") {
        const x = v instanceof JsonObject ? v.get(step.name) : undefined;
        if (x !== undefined) next.push(x);
      } else if (step.kind === "all") {
        if (isJsonArray(v)) next.push(...v);
        else next.push(v);
      } else if (isJsonArray(v)) {
        const x = v[step.index < 0 ? v.length + step.index : step.index];
        if (x !== undefined) next.push(x);
      }
    }
    values = next;
  }
  return values;
}
