// sort keeps only the first 10000 sorted rows unless a count says otherwise (spl-semantics.md 7.4 and
// quirk 10; Search Reference "sort": "If no number is specified, the default limit of 10000 is used. If
// the number 0 is specified, all of the results are returned"). It needs more than 10000 events, so it
// is built in code rather than in test/golden.
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";

const TOTAL = 10050;
// Listed oldest first, so the base search hands them to sort newest first (n descending).
const events = Array.from({ length: TOTAL }, (_, i) => ({ n: String(i) }));

describe("sort's default limit of 10000 rows (7.4)", () => {
  it("sort without a count keeps the first 10000 sorted rows", async () => {
    const { result, rows } = await run("* | sort n | table n", events);
    expect(result.diagnostics).toEqual([]);
    expect(rows).toHaveLength(10000);
    expect(rows[0]).toEqual({ n: "0" });
    expect(rows[9999]).toEqual({ n: "9999" });
  });

  it("descending: the largest 10000 values are kept", async () => {
    const { rows } = await run("* | sort -n | table n", events);
    expect(rows).toHaveLength(10000);
    expect(rows[0]).toEqual({ n: String(TOTAL - 1) });
    expect(rows[9999]).toEqual({ n: String(TOTAL - 10000) });
  });

  it("sort 0 returns every row", async () => {
    const { rows } = await run("* | sort 0 n | table n", events);
    expect(rows).toHaveLength(TOTAL);
    expect(rows[TOTAL - 1]).toEqual({ n: String(TOTAL - 1) });
  });

  it("limit=0 returns every row", async () => {
    const { rows } = await run("* | sort limit=0 n | table n", events);
    expect(rows).toHaveLength(TOTAL);
  });

  it("a count above 10000 raises the limit", async () => {
    const { rows } = await run("* | sort 10020 n | table n", events);
    expect(rows).toHaveLength(10020);
  });
});
