// Reporting detection test results: readable text, JSON, and JUnit XML for CI systems.
import type { CaseResult } from "./testrun.js";

/** The closing line: `N passed, M failed` alone on a line (errors count as failed). */
export function summaryLine(results: readonly CaseResult[]): string {
  const passed = results.filter((r) => r.status === "pass").length;
  return `${passed} passed, ${results.length - passed} failed`;
}

export function formatText(results: readonly CaseResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    if (r.status === "pass") continue;
    out.push(`${r.status === "fail" ? "FAIL" : "ERROR"}  ${r.detection} › ${r.case}`);
    out.push(`       ${r.file}`);
    for (const line of r.reason.split("\n")) out.push(`       ${line}`);
    if (r.row) out.push(`       row: ${JSON.stringify(r.row)}`);
    out.push("");
  }
  const errors = results.filter((r) => r.status === "error").length;
  const ms = results.reduce((n, r) => n + r.ms, 0);
  out.push(`${results.length} test(s) in ${(ms / 1000).toFixed(1)} s${errors ? `; ${errors} could not run (errors)` : ""}`);
  out.push(summaryLine(results));
  return out.join("\n") + "\n";
}

export function formatJsonResults(results: readonly CaseResult[]): string {
  return JSON.stringify(results, null, 2) + "\n";
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "");
}

/** JUnit XML: one testsuite per detection, one testcase per test case. */
export function formatJunit(results: readonly CaseResult[]): string {
  const byDetection = new Map<string, CaseResult[]>();
  for (const r of results) {
    const list = byDetection.get(r.detection) ?? [];
    list.push(r);
    byDetection.set(r.detection, list);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = results.filter((r) => r.status === "fail").length;
  const errors = results.filter((r) => r.status === "error").length;
  const time = (ms: number) => (ms / 1000).toFixed(3);
  lines.push(`<testsuites name="spelunk" tests="${results.length}" failures="${failures}" errors="${errors}" time="${time(results.reduce((n, r) => n + r.ms, 0))}">`);
  for (const [detection, list] of byDetection) {
    const f = list.filter((r) => r.status === "fail").length;
    const e = list.filter((r) => r.status === "error").length;
    lines.push(`  <testsuite name="${xml(detection)}" tests="${list.length}" failures="${f}" errors="${e}" time="${time(list.reduce((n, r) => n + r.ms, 0))}">`);
    for (const r of list) {
      lines.push(`    <testcase classname="${xml(detection)}" name="${xml(r.case)}" file="${xml(r.file)}" time="${time(r.ms)}">`);
      const detail = r.row ? `${r.reason}\nrow: ${JSON.stringify(r.row)}` : r.reason;
      if (r.status === "fail") lines.push(`      <failure message="${xml(r.reason.split("\n")[0]!)}">${xml(detail)}</failure>`);
      if (r.status === "error") lines.push(`      <error message="${xml(r.reason.split("\n")[0]!)}">${xml(detail)}</error>`);
      lines.push("    </testcase>");
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
}
