// security_content lookup definitions (lookups/*.yml): one lookup per file, the fields of a
// transforms.conf lookup stanza written as YAML. `name` is the stanza name searches use; `filename` is
// the CSV file (or an MLTK model), `collection` a KV store collection; the other keys (match_type,
// min_matches, max_matches, default_match, case_sensitive_match, fields_list...) are kept as text, as
// transforms.conf would hold them, and interpreted by settings.ts. `description` is documentation.
import { parse as parseYaml } from "yaml";
import { SplError } from "../diagnostics.js";

export interface LookupDefinition {
  readonly name: string;
  readonly filename: string | null;
  readonly collection: string | null;
  /** Every other key, as text. */
  readonly settings: ReadonlyMap<string, string>;
  /** The file the definition was read from (for messages). */
  readonly path: string;
}

function defError(path: string, message: string): SplError {
  return new SplError("input-error", `${path}: ${message}`, null);
}

function scalarText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

const STRUCTURAL = new Set(["name", "filename", "collection", "description"]);

export function parseLookupDefinition(text: string, path: string): LookupDefinition {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw defError(path, `invalid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw defError(path, "expected a lookup definition (a mapping with name, filename...)");
  const entries = new Map(Object.entries(doc as Record<string, unknown>));
  const name = scalarText(entries.get("name"));
  if (!name) throw defError(path, "a lookup definition needs a 'name'");
  const filename = entries.has("filename") ? scalarText(entries.get("filename")) : null;
  const collection = entries.has("collection") ? scalarText(entries.get("collection")) : null;
  if (!filename && !collection) throw defError(path, `lookup '${name}' needs a 'filename' or a 'collection'`);
  const settings = new Map<string, string>();
  for (const [key, value] of entries) {
    if (STRUCTURAL.has(key) || value === null || value === undefined) continue;
    const t = scalarText(value);
    if (t === null) throw defError(path, `lookup '${name}': '${key}' must be a single value`);
    settings.set(key, t);
  }
  return { name, filename: filename || null, collection: collection || null, settings, path };
}
