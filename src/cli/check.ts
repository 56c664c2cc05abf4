// `spelunk check <files|dirs>`: expand, parse and plan every search; a line per file and a summary.
// Exit 0 when every file is ok, 65 otherwise.
import { relative } from "node:path";
import { checkFiles, type CheckStatus } from "../detections/check.js";
import { geoipPath } from "./run.js";

export function checkCommand(paths: string[], opts: { format?: string; macros?: string[]; lookups?: string[]; geoip?: string }): number {
  let results;
  try {
    results = checkFiles(paths, opts.macros ?? [], opts.lookups ?? [], geoipPath(opts.geoip));
  } catch (e) {
    process.stderr.write(`spelunk check: ${(e as Error).message}\n`);
    return 66;
  }
  if (opts.format === "json") {
    process.stdout.write(JSON.stringify(results.map(({ file, name, status, message }) => ({ file, name, status, message })), null, 2) + "\n");
  } else {
    const lines: string[] = [];
    for (const r of results) {
      const where = relative(process.cwd(), r.file) || r.file;
      lines.push(r.status === "ok" ? `ok           ${where}` : `${r.status.padEnd(12)} ${where}: ${r.message}`);
    }
    const counts = new Map<CheckStatus, number>();
    for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const parts = (["ok", "syntax", "unsupported", "error"] as const).map((s) => `${counts.get(s) ?? 0} ${s}`);
    lines.push("", `${results.length} searches: ${parts.join(", ")}`);
    process.stdout.write(lines.join("\n") + "\n");
  }
  return results.every((r) => r.status === "ok") ? 0 : 65;
}
