// runSearch's streaming results (SearchOptions.onRow): the rows given to onRow are those runSearch
// returns without it, in the same order, and the columns are the same, also where they depend on the
// rows (wildcards, no table, chart's split-by values).
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Row } from "../src/events/row.js";
import { runSearch, type SearchOptions } from "../src/spl.js";
import { TEST_NOW } from "./helpers/run.js";
import { ownTmpdir } from "./helpers/tmpdir.js";

const tmp = ownTmpdir();

const events = Array.from({ length: 30 }, (_, i) => ({ _time: 1700000000 + (i % 7), user: `u${i % 4}`, n: i, ...(i % 5 === 0 ? { extra: "x" } : {}) }));

async function bothWays(search: string, options: SearchOptions = {}) {
  const all = { now: TEST_NOW, tz: "UTC", events, ...options };
  const kept = await runSearch(search, all);
  const given: Row[] = [];
  const streamed = await runSearch(search, { ...all, onRow: (r) => given.push(r) });
  return { kept, streamed, given };
}

describe("runSearch with onRow", () => {
  it.each(["*", "* | table _time user n", "* | table u* e*", "n>3 | eval m=n*2", "* | stats count by user", "* | chart count over n by user", "| makeresults count=3"])(
    "gives the rows runSearch returns: %s",
    async (search) => {
      const { kept, streamed, given } = await bothWays(search);
      expect(kept.ok).toBe(true);
      expect(streamed.rows).toEqual([]);
      expect(given.map((r) => r.names().map((n) => [n, r.get(n)]))).toStrictEqual(kept.rows.map((r) => r.names().map((n) => [n, r.get(n)])));
      expect(streamed.columns).toEqual(kept.columns);
      expect(streamed.eventsRead).toBe(kept.eventsRead);
    },
  );

  it("works with a spilling time sort", async () => {
    const { kept, given } = await bothWays("* | table _time user n", { sortMemoryRows: 4 });
    expect(given.map((r) => r.get("n"))).toEqual(kept.rows.map((r) => r.get("n")));
  });

  it("ends the search with onRow's exception, and the time sort's temporary folder is removed", async () => {
    let seen = 0;
    const onRow = () => {
      if (++seen === 5) throw new Error("caller stops");
    };
    await expect(runSearch("* | table _time n", { now: TEST_NOW, events, sortMemoryRows: 4, onRow })).rejects.toThrow("caller stops");
    expect(readdirSync(tmp())).toEqual([]);
  });
});
