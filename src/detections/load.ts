// security_content detection YAML files and plain .spl files: the search to run and what a test of it
// needs to know.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";

export interface Detection {
  readonly file: string;
  readonly name: string;
  readonly id: string | null;
  readonly version: string | null;
  readonly search: string;
  /** `tags.observable[].name` (older files) or `rba.risk_objects`/`threat_objects` field names. */
  readonly observables: readonly string[];
  readonly deprecated: boolean;
}

export class DetectionError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function observableNames(doc: Record<string, unknown>): string[] {
  const out: string[] = [];
  const tags = doc["tags"];
  if (isRecord(tags) && Array.isArray(tags["observable"]))
    for (const o of tags["observable"]) if (isRecord(o) && typeof o["name"] === "string") out.push(o["name"]);
  const rba = doc["rba"];
  if (isRecord(rba))
    for (const key of ["risk_objects", "threat_objects"])
      if (Array.isArray(rba[key])) for (const o of rba[key] as unknown[]) if (isRecord(o) && typeof o["field"] === "string") out.push(o["field"]);
  return out;
}

export function loadDetection(file: string): Detection {
  const text = readFileSync(file, "utf8");
  if (/\.spl$/i.test(file)) {
    return { file, name: basename(file).replace(/\.spl$/i, ""), id: null, version: null, search: text.trim(), observables: [], deprecated: false };
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new DetectionError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  if (!isRecord(doc) || typeof doc["search"] !== "string")
    throw new DetectionError(`${file}: not a detection (no 'search' string)`);
  const name = typeof doc["name"] === "string" ? doc["name"] : basename(file);
  return {
    file,
    name,
    id: typeof doc["id"] === "string" ? doc["id"] : null,
    version: doc["version"] === undefined ? null : String(doc["version"]),
    search: doc["search"].trim(),
    observables: observableNames(doc),
    deprecated: /deprecated/i.test(file) || doc["status"] === "deprecated",
  };
}

/**
 * The macros folder that goes with a detection: a `macros/` directory beside it or beside one of its
 * parent folders (security_content keeps detections/<area>/x.yml and macros/ at the top).
 */
export function findMacroDir(file: string): string | null {
  let dir = dirname(resolve(file));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "macros");
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}
