// The corpus report over splunk/security_content (issue: "Run the security_content corpus"): how much of
// the real detection workload spelunk parses and can run. The figures are floors: a change that loses
// ground fails here.
import { describe, expect, it } from "vitest";
import { corpusReport, type GroupReport } from "../../src/detections/report.js";
import { sharedPath } from "./shared.js";

describe("security_content corpus report", () => {
  const groups = new Map<string, GroupReport>();
  const group = (name: string): GroupReport => {
    if (groups.size === 0) for (const g of corpusReport(sharedPath("corpus", "security_content"))) groups.set(g.name, g);
    const g = groups.get(name);
    if (!g) throw new Error(`no group ${name}`);
    return g;
  };

  it("counts the live (not deprecated) detections the corpus README counts", () => {
    expect(group("live detections").total).toBe(1613);
    expect(group("start with `cloudtrail`").total).toBe(55);
  });

  it("at least 99.5% of the live detections parse, and each that does not is listed with its reason", () => {
    const live = group("live detections");
    expect(live.parsed / live.total).toBeGreaterThanOrEqual(0.995);
    for (const r of live.results.filter((x) => !x.parsed)) expect(r.message, r.file).toMatch(/\S/);
  });

  it("at least 95% of the cloud folder's raw-event detections run", () => {
    const raw = group("cloud folder, raw-event searches");
    expect(raw.runnable / raw.total).toBeGreaterThanOrEqual(0.95);
  });

  it("all 55 cloudtrail detections run", () => {
    const ct = group("start with `cloudtrail`");
    const notOk = ct.results.filter((r) => r.status !== "ok").map((r) => `${r.file.split("/").pop()}: ${r.message}`);
    expect(notOk).toEqual([]);
    expect(ct.total).toBe(55);
  });

  it("tstats searches fail naming the data model they need", () => {
    const live = group("live detections");
    const tstats = live.results.filter((r) => /The 'tstats' command/.test(r.message));
    expect(tstats.length).toBeGreaterThan(800);
    for (const r of tstats) expect(r.message, r.file).toMatch(/accelerated data model '[A-Za-z_]+/);
  });
});
