// JSON functions (Splunk's "JSON functions" page, spl-semantics.md 4.4): json_object, json_array,
// json_extract, json_keys, json_valid. JSON is written compactly (`{"name":"maria","age":25}`, as the
// page's results show), with src/events/json.ts parsing it.
import { SplError } from "../diagnostics.js";
import { JsonNumber, JsonObject, isJsonArray, type JsonValue } from "../events/json.js";
import type { EvalCall } from "../syntax/ast.js";
import { formatNumber, isMulti, toText, valuesOf, type EvalValue, type Scalar } from "../values/value.js";
import { custom, strict } from "./define.js";
import { badArgument, literalString, perText, str } from "./helpers.js";
import { extractValues, parsePath, tryParseJson, writeJson, type PathStep } from "./jsonpath.js";
import type { FunctionSpec } from "./types.js";

/** Functions whose result is JSON text: nested in a JSON function it is embedded as JSON, not as a string
 * (the page's json_object(..., json_object(...)) and json_array(json_object(...)) examples). */
const JSON_RESULTS = new Set(["json_object", "json_array", "json_extract", "json_keys"]);

function embedsJson(call: EvalCall, i: number): boolean {
  const a = call.args[i];
  return a?.kind === "call" && JSON_RESULTS.has(a.name);
}

function scalarJson(x: Scalar, embed: boolean): string {
  if (typeof x === "number") return Number.isFinite(x) ? formatNumber(x) : "null";
  if (embed) {
    const parsed = tryParseJson(x);
    if (parsed instanceof JsonObject || (parsed !== undefined && isJsonArray(parsed))) return writeJson(parsed);
  }
  return JSON.stringify(x);
}

/** A value as JSON: strings stay strings, numbers numbers; a multivalue field is an array; null is null
 * ("A <value> can be a string, number, Boolean, null, multivalue field, array, or another JSON object"). */
function toJson(v: EvalValue, embed: boolean): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (isMulti(v)) return "[" + v.map((x) => scalarJson(x, embed)).join(",") + "]";
  return scalarJson(v as Scalar, embed);
}

/** A JSON value as a Splunk value: strings and numbers natively, true/false as text, null as null,
 * objects and arrays as JSON text. */
function native(v: JsonValue | undefined): Scalar | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof JsonNumber) return Number(v.text);
  return writeJson(v);
}

/** One path's result as JSON text (for json_extract with several paths). */
function pathJson(root: JsonValue, steps: readonly PathStep[]): string {
  const found = extractValues(root, steps);
  if (steps.some((s) => s.kind === "all")) return "[" + found.map(writeJson).join(",") + "]";
  const first = found[0];
  return first === undefined ? "null" : writeJson(first);
}

/** A json_extract path; the empty path is the whole document. */
function pathOf(text: string | null): PathStep[] | null {
  if (text === null) return null;
  return text.trim() === "" ? [] : parsePath(text);
}

function extract(text: string, paths: readonly (readonly PathStep[])[]): Scalar | null {
  const root = tryParseJson(text);
  if (root === undefined) return null;
  if (paths.length === 0) return native(root);
  if (paths.length > 1) return "[" + paths.map((p) => pathJson(root, p)).join(",") + "]";
  const steps = paths[0]!;
  if (steps.some((s) => s.kind === "all")) return pathJson(root, steps);
  return native(extractValues(root, steps)[0]);
}

export const JSON_FUNCTIONS: FunctionSpec[] = [
  custom("json_object", 0, Infinity, (args, _ctx, call) => {
    if (args.length % 2 !== 0) throw new SplError("function-arity", "The 'json_object' function takes pairs of key and value.", call.span);
    for (let i = 0; i < args.length; i += 2) {
      const k = call.args[i]!;
      if (k.kind === "number") throw badArgument(call, i, "A json_object key must be a string.");
    }
    return (row) => {
      const members: string[] = [];
      for (let i = 0; i < args.length; i += 2) {
        const key = str(args[i]!(row));
        if (key === null) return null;
        members.push(JSON.stringify(key) + ":" + toJson(args[i + 1]!(row), embedsJson(call, i + 1)));
      }
      return "{" + members.join(",") + "}";
    };
  }),
  custom("json_array", 0, Infinity, (args, _ctx, call) => (row) =>
    "[" + args.map((a, i) => toJson(a(row), embedsJson(call, i))).join(",") + "]"),
  custom("json_extract", 1, Infinity, ([json, ...pathArgs], _ctx, call) => {
    const fixed: (PathStep[] | null)[] = pathArgs.map((_, i) => {
      const literal = literalString(call, i + 1);
      if (literal === null) return null;
      const steps = pathOf(literal);
      if (steps === null) throw badArgument(call, i + 1, `Invalid json_extract path "${literal}".`);
      return steps;
    });
    return (row): EvalValue => {
      const paths: PathStep[][] = [];
      for (let i = 0; i < pathArgs.length; i++) {
        const p = fixed[i] ?? pathOf(str(pathArgs[i]!(row)));
        if (p === null) return null;
        paths.push(p);
      }
      return perText(json!(row), (s) => extract(s, paths));
    };
  }),
  // The keys of an object as a JSON array; "json_keys ... cannot be used on a JSON array".
  strict("json_keys", 1, 1, ([v]) => perText(v!, (s) => {
    const root = tryParseJson(s);
    if (!(root instanceof JsonObject)) return null;
    return "[" + [...new Set(root.entries.map(([k]) => k))].map((k) => JSON.stringify(k)).join(",") + "]";
  })),
  // TRUE or FALSE, never null: a missing field is not valid JSON; a multivalue field is valid when every
  // value is.
  strict("json_valid", 1, 1, ([v]) => {
    if (v === null || typeof v === "boolean") return false;
    return valuesOf(v!).every((x) => typeof x === "number" || tryParseJson(toText(x)) !== undefined);
  }, { boolean: true }),
];
