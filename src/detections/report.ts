// The corpus report: over a security_content checkout, how many live (not deprecated) detections
// parse, how many spelunk can fully run, and the most common reasons for the rest; the same for the
// cloud folder and for the detections that start with the `cloudtrail` macro.
import { join } from "node:path";
import { checkFiles, type CheckResult } from "./check.js";
import { loadDetection } from "./load.js";

export interface GroupReport {
  readonly name: string;
  readonly total: number;
  readonly parsed: number;
  readonly runnable: number;
  /** Reasons for the rest, most common first: [reason, count]. */
  readonly reasons: ReadonlyArray<readonly [string, number]>;
  readonly results: readonly CheckResult[];
}

/** A reason without the detail that differs between files (positions, field names). */
function reasonOf(r: CheckResult): string {
  const m = r.message;
  const named = /^(The '[^']+' (?:command|function)[^.(]*|Unknown search command '[^']+')/.exec(m);
  if (named) return `${r.status}: ${named[1]}`;
  return `${r.status}: ${m.replace(/\s*\(line \d+, column \d+\)$/, "").replace(/"[^"]*"/g, '"…"').slice(0, 100)}`;
}

export function summarise(name: string, results: readonly CheckResult[]): GroupReport {
  const counts = new Map<string, number>();
  for (const r of results) if (r.status !== "ok") counts.set(reasonOf(r), (counts.get(reasonOf(r)) ?? 0) + 1);
  return {
    name,
    total: results.length,
    parsed: results.filter((r) => r.parsed).length,
    runnable: results.filter((r) => r.status === "ok").length,
    reasons: [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    results,
  };
}

export function corpusReport(root: string): GroupReport[] {
  const all = checkFiles([join(root, "detections")]);
  const live = all.filter((r) => !r.deprecated);
  const cloud = live.filter((r) => /[\\/]detections[\\/]cloud[\\/]/.test(r.file));
  const searchOf = (r: CheckResult): string => {
    try {
      return loadDetection(r.file).search.trimStart();
    } catch {
      return "";
    }
  };
  // Raw-event searches: not those that read data models or metrics (tstats, mstats, from datamodel).
  const rawEvent = cloud.filter((r) => !/^\|\s*(tstats|mstats|from|datamodel)\b/i.test(searchOf(r)));
  const cloudtrail = live.filter((r) => searchOf(r).startsWith("`cloudtrail`"));
  return [
    summarise("live detections", live),
    summarise("cloud folder", cloud),
    summarise("cloud folder, raw-event searches", rawEvent),
    summarise("start with `cloudtrail`", cloudtrail),
  ];
}

function pct(n: number, d: number): string {
  return d === 0 ? "-" : ((100 * n) / d).toFixed(1) + "%";
}

export function formatReport(groups: readonly GroupReport[], topReasons = 15): string {
  const out: string[] = [];
  for (const g of groups) {
    out.push(`${g.name}: ${g.total}`);
    out.push(`  parse:    ${g.parsed} (${pct(g.parsed, g.total)})`);
    out.push(`  runnable: ${g.runnable} (${pct(g.runnable, g.total)})`);
    if (g.reasons.length) out.push("  top reasons for the rest:");
    for (const [reason, n] of g.reasons.slice(0, topReasons)) out.push(`    ${String(n).padStart(5)}  ${reason}`);
    const unparsed = g.results.filter((r) => !r.parsed);
    if (unparsed.length > 0) out.push("  do not parse:");
    for (const r of unparsed) out.push(`    ${r.file}: ${r.message}`);
    out.push("");
  }
  return out.join("\n");
}
