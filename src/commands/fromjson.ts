// fromjson (Splunk 9 Search Reference "fromjson"): `fromjson <field> [prefix=<string>]` expands a
// field holding a JSON object: "returns keys as fields and key values as field values", each name
// preceded by `prefix`. The expansion is one level deep, as the docs describe it (keys of the object,
// not Splunk's flattened `a.b{}` leaf names, which are spath's):
// - a string is its text, a number its text as written, true/false the text true/false;
// - an array becomes a multivalue field of its elements ("converts JSON-formatted objects into
//   multivalue fields");
// - a nested object (or an array inside an array) is its compact JSON text, as the JSON eval functions
//   write JSON (src/functions/jsonpath.ts writeJson);
// - JSON null is Splunk's null: no field (inferred; the JSON functions map null to null).
// A duplicate key keeps its last value, as a JSON object does. A field that is missing or does not
// hold a JSON object leaves the row unchanged; a multivalue field is read from its first value.
import { JsonNumber, JsonObject, isJsonArray, parseJson, type JsonValue } from "../events/json.js";
import type { Row } from "../events/row.js";
import { writeJson } from "../functions/jsonpath.js";
import type { GenericCommand } from "../syntax/ast.js";
import { firstValue, mv, toText, type FieldValue } from "../values/value.js";
import { badArgument, fieldNames, readArgs } from "./args.js";
import { sameColumns, streamingMap, type CommandPlanner } from "./types.js";

/** A JSON value as a field value's text; null for JSON null. */
function scalarText(v: JsonValue): string | null {
  if (v === null) return null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof JsonNumber) return v.text;
  return writeJson(v);
}

function fieldValue(v: JsonValue): FieldValue | null {
  if (!isJsonArray(v)) return scalarText(v);
  return mv(v.map(scalarText).filter((x): x is string => x !== null));
}

function parseObject(text: string): JsonObject | null {
  try {
    const v = parseJson(text);
    return v instanceof JsonObject ? v : null;
  } catch {
    return null;
  }
}

export const planFromjson: CommandPlanner<GenericCommand> = (command) => {
  const args = readArgs(command, ["prefix"]);
  const names = fieldNames(args.positional);
  const [field, extra] = names;
  if (!field) throw badArgument("The 'fromjson' command needs the name of a field that holds JSON", command.span);
  if (extra) throw badArgument("The 'fromjson' command takes one field", extra.span);
  const prefix = args.options.get("prefix")?.value ?? "";

  const apply = (row: Row): void => {
    const v = firstValue(row.get(field.name));
    if (v === null) return;
    const object = parseObject(toText(v));
    if (!object) return;
    const last = new Map<string, JsonValue>();
    for (const [key, value] of object.entries) last.set(key, value);
    for (const [key, value] of last) {
      const out = fieldValue(value);
      if (out !== null) row.set(prefix + key, out);
    }
  };

  return {
    name: "fromjson",
    span: command.span,
    streaming: true,
    make: streamingMap(apply),
    // The new names are known only per row: a fixed column list stays as it is.
    columns: sameColumns,
  };
};
