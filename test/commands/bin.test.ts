// bin in a search time zone other than UTC (the golden harness runs in UTC): spans of a day or more start
// at local midnight (bin docs: "When a <span-length> of a day or more is used, the span is aligned to
// midnight in the timezone of the user"; spl-semantics.md 7.10), while hour spans count from epoch 0.
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";

describe("bin in the search time zone (7.10)", () => {
  it("span=1d floors to local midnight", async () => {
    // 2024-01-15 03:00 UTC is 2024-01-14 22:00 in New York (UTC-5).
    const { result, rows } = await run("* | bin _time span=1d | table _time", [{ _time: "2024-01-15T03:00:00Z" }], { tz: "America/New_York" });
    expect(result.diagnostics).toEqual([]);
    expect(rows).toEqual([{ _time: "2024-01-14T00:00:00.000-05:00" }]);
  });

  it("span=1mon floors to the first of the local month", async () => {
    const { rows } = await run("* | bin _time span=1mon | table _time", [{ _time: "2024-03-01T03:00:00Z" }], { tz: "America/New_York" });
    expect(rows).toEqual([{ _time: "2024-02-01T00:00:00.000-05:00" }]);
  });

  it("span=1d across a daylight-saving change still lands on local midnight", async () => {
    // 2024-03-10 is the US spring-forward day: midnight is still UTC-5, noon is UTC-4.
    const { rows } = await run("* | bin _time span=1d | table _time", [{ _time: "2024-03-10T20:00:00Z" }], { tz: "America/New_York" });
    expect(rows).toEqual([{ _time: "2024-03-10T00:00:00.000-05:00" }]);
  });

  it("span=1h counts from epoch 0, so in a half-hour zone bins start at half past", async () => {
    const { rows } = await run("* | bin _time span=1h | table _time", [{ _time: "2024-01-15T10:05:00Z" }], { tz: "Asia/Kolkata" });
    expect(rows).toEqual([{ _time: "2024-01-15T15:30:00.000+05:30" }]);
  });

  it("decimal spans give decimal ranges without floating-point noise", async () => {
    const { rows } = await run("* | bin x span=0.1 | table x", [{ x: "0.3" }, { x: "1.25" }]);
    expect(rows).toEqual([{ x: "1.2-1.3" }, { x: "0.3-0.4" }]);
  });

  it("bins= keeps the rows in their order", async () => {
    const events = Array.from({ length: 5 }, (_, i) => ({ n: String(i * 7), i: String(i) }));
    const { rows } = await run("* | bin n bins=10 | table i n", events);
    expect(rows.map((r) => r.i)).toEqual(["4", "3", "2", "1", "0"]);
    // Range 0-28 over 10 bins: 2.8, rounded up to a power of ten.
    expect(rows.map((r) => r.n)).toEqual(["20-30", "20-30", "10-20", "0-10", "0-10"]);
  });
});
