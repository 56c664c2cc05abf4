// iplocation needs a GeoIP database; spelunk has no option to point to one, so the command is refused when
// the search is planned, with an error that says why (DESIGN.md: unsupported means loud, never an empty
// result).
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";

describe("iplocation", () => {
  it("fails before reading events, naming the command and the missing GeoIP database", async () => {
    const search = "* | iplocation src_ip | table City";
    const { result, rows } = await run(search, [{ src_ip: "203.0.113.10" }]);
    expect(result.ok).toBe(false);
    expect(result.eventsRead).toBe(0);
    expect(rows).toEqual([]);
    const d = result.diagnostics[0]!;
    expect(d.code).toBe("unsupported-argument");
    expect(d.message).toMatch(/iplocation/);
    expect(d.message).toMatch(/GeoIP database/);
    expect(search.slice(d.span!.start, d.span!.end)).toBe("iplocation src_ip");
  });

  it("is refused with its options too", async () => {
    const { result } = await run("* | iplocation allfields=true lang=es src_ip", []);
    expect(result.diagnostics[0]?.code).toBe("unsupported-argument");
  });
});
