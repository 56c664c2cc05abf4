// The knowledge base: every sourcetype spelunk knows, from the props files it ships
// (src/knowledge/props/*.conf) and any the user adds (--props). A later file's keys override an
// earlier stanza's keys of the same name, as Splunk layers its configuration.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EvalContext } from "../functions/types.js";
import { packageRoot } from "../syntax/grammar.js";
import { parseConf, type ConfStanza } from "./conf.js";
import { compileSourcetype, type SourcetypeKnowledge } from "./sourcetype.js";

export interface KnowledgeBase {
  readonly sourcetypes: ReadonlyMap<string, SourcetypeKnowledge>;
}

export function shippedPropsFiles(): string[] {
  const dir = join(packageRoot(), "src", "knowledge", "props");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".conf"))
    .sort()
    .map((f) => join(dir, f));
}

export function loadKnowledge(ctx: EvalContext, extraFiles: readonly string[] = []): KnowledgeBase {
  const merged = new Map<string, { stanza: ConfStanza; file: string }>();
  for (const file of [...shippedPropsFiles(), ...extraFiles]) {
    for (const stanza of parseConf(readFileSync(file, "utf8"), file)) {
      const prev = merged.get(stanza.name);
      if (!prev) {
        merged.set(stanza.name, { stanza, file });
        continue;
      }
      for (const [k, v] of stanza.entries) {
        prev.stanza.entries.set(k, v);
        prev.stanza.lines.set(k, stanza.lines.get(k) ?? 0);
      }
    }
  }
  const sourcetypes = new Map<string, SourcetypeKnowledge>();
  for (const [name, { stanza, file }] of merged) sourcetypes.set(name, compileSourcetype(stanza, file, ctx));
  return { sourcetypes };
}
