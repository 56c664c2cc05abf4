// The golden suite: cases kept as data in test/golden/*.yml, each with events, a search, the expected
// rows (or error) and the source of the expected behaviour. One harness runs them all.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { run, type JsonRow } from "./helpers/run.js";

interface GoldenCase {
  name: string;
  source: string;
  search: string;
  events?: Record<string, unknown>[];
  sourcetype?: string;
  rows?: JsonRow[];
  columns?: string[];
  error?: { code: string; at?: string };
  /** The codes of the warnings the search gives (none when absent). */
  warnings?: string[];
}

const dir = join(import.meta.dirname, "golden");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml")).sort();

function stringify(rows: JsonRow[]): JsonRow[] {
  // YAML numbers in expected rows mean their text: Splunk's REST output is all strings.
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)])));
}

describe.each(files)("golden %s", (file) => {
  // A file that does not parse fails its own test and leaves the other files running.
  let cases: GoldenCase[] = [];
  let yamlError: unknown = null;
  try {
    cases = parseYaml(readFileSync(join(dir, file), "utf8")) as GoldenCase[];
  } catch (e) {
    yamlError = e;
  }
  it("is valid YAML", () => {
    expect(yamlError).toBeNull();
  });
  it("every case names its source", () => {
    for (const c of cases) expect(c.source, c.name).toMatch(/\S/);
  });
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    // A case written as `| command ...` runs that pipeline over the case's events, as if `*` stood
    // before it (in Splunk a search that starts with `|` has no events: see test/golden/pipeline.yml).
    const prefix = c.search.startsWith("|") ? "* " : "";
    const ran = await run(prefix + c.search, c.events ?? [], c.sourcetype ? { sourcetype: c.sourcetype } : {});
    if (c.error) {
      expect(ran.result.ok).toBe(false);
      const d = ran.result.diagnostics[0]!;
      expect(d.code).toBe(c.error.code);
      if (c.error.at !== undefined) expect((prefix + c.search).slice(d.span!.start, d.span!.end)).toBe(c.error.at);
      return;
    }
    expect(ran.result.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual((c.warnings ?? []).map((w) => `warning ${w}`));
    expect(ran.rows).toEqual(stringify(c.rows ?? []));
    if (c.columns) expect(ran.columns).toEqual(c.columns);
  });
});
