// The spilling time sort (src/timeorder.ts): with a tiny memory budget, held rows go to temporary
// files and come back merged; the results must be exactly those of the sort in memory: same rows,
// same order, same value types, same kinds of row. The temporary folder must be gone after the run.
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventRow } from "../src/events/event.js";
import { MapRow, type Row } from "../src/events/row.js";
import { runSearch, type SearchOptions } from "../src/spl.js";
import { TEST_NOW } from "./helpers/run.js";
import { ownTmpdir } from "./helpers/tmpdir.js";

const tmp = ownTmpdir();

/** Everything a caller can see of a row: its kind, and each field's name and value, in order. */
function snapshot(rows: readonly Row[]) {
  return rows.map((r) => ({ kind: r.constructor.name, fields: r.names().map((n) => [n, r.get(n)]) }));
}

/** A record from JSON text, so that keys such as `__proto__` are own keys (not prototypes). */
const record = (text: string): unknown => JSON.parse(text);

async function bothWays(search: string, events: readonly unknown[], options: SearchOptions = {}) {
  const run = (extra: SearchOptions) => runSearch(search, { now: TEST_NOW, tz: "UTC", events, ...options, ...extra });
  const inMemory = await run({});
  const spilled = await run({ sortMemoryRows: 3 });
  expect(spilled.diagnostics).toEqual([]);
  return { inMemory, spilled };
}

async function expectSameBothWays(search: string, events: readonly unknown[]) {
  const { inMemory, spilled } = await bothWays(search, events);
  expect(inMemory.ok).toBe(true);
  expect(inMemory.rows.length).toBeGreaterThan(3);
  expect(snapshot(spilled.rows)).toStrictEqual(snapshot(inMemory.rows));
  expect(spilled.columns).toEqual(inMemory.columns);
  expect(readdirSync(tmp())).toEqual([]);
  return spilled;
}

const generic = Array.from({ length: 20 }, (_, i) =>
  record(
    JSON.stringify({ _time: 1700000000 + (i % 4), n: i % 3 === 0 ? 1.5 : i, s: `text ${i}`, tags: ["a", `b${i}`], ok: i % 2 === 0, none: null }).replace(
      /^\{/,
      `{"__proto__":"p${i}","constructor":"c${i}",`,
    ),
  ),
);

const cloudtrail = Array.from({ length: 12 }, (_, i) => ({
  eventVersion: "1.08",
  eventTime: `2024-01-15T10:00:0${i % 3}Z`,
  eventSource: "ec2.amazonaws.com",
  eventName: i % 2 ? "DescribeInstances" : "RunInstances",
  sourceIPAddress: `203.0.113.${i}`,
  userIdentity: { type: "IAMUser", arn: `arn:aws:iam::123456789012:user/u${i}`, accountId: "123456789012" },
  // Event 5 is longer than the 5000-byte extraction cutoff: awsRegion, after it, is not extracted.
  requestParameters: { pad: i === 5 ? "x".repeat(6000) : "", ratio: 1.0, big: 12345678901234567890, note: "é\u2028" },
  awsRegion: "us-east-1",
}));

describe("spilling time sort", () => {
  it("gives table rows as the sort in memory does, ties included", async () => {
    const r = await expectSameBothWays("* | table _time s n tags __proto__ constructor", generic);
    expect(r.rows.every((row) => row instanceof MapRow)).toBe(true);
  });

  it("gives whole events (a bare base search) as EventRows, as the sort in memory does", async () => {
    const r = await expectSameBothWays("*", generic);
    expect(r.rows.every((row) => row instanceof EventRow)).toBe(true);
  });

  it("rebuilds CloudTrail events: knowledge, _raw, calculated fields, the extraction cutoff", async () => {
    // user_arn= computes a calculated field and userIdentity.type= extracts all fields before the sort.
    const r = await expectSameBothWays("user_arn=* userIdentity.type=IAMUser", cloudtrail);
    expect(r.rows[0]!.get("sourcetype")).toBe("aws:cloudtrail");
    expect(r.rows[0]!.get("_raw")).toContain('"eventVersion": "1.08"');
    expect(r.rows.every((row) => row.get("user_arn") !== undefined)).toBe(true);
  });

  it("keeps what eval set, changed and removed before the sort", async () => {
    await expectSameBothWays('* | eval x=n*2, y=mvappend(s, "z"), s=null(), __proto__="set", t=round(n, 3), u=1.50*1.0', generic);
    await expectSameBothWays('* | eval x=n*2, y=mvappend(s, "z"), s=null() | table *', generic);
  });

  it("sorts the rows of one event (mvexpand) in the order they were made", async () => {
    await expectSameBothWays("* | eval m=mvappend(\"1\", \"2\", \"3\") | mvexpand m | table _time s m", generic);
  });

  it("removes its temporary folder when the run stops with an error", async () => {
    const events = [...generic, 5, ...generic];
    const r = await runSearch("* | table _time s", { now: TEST_NOW, events, strict: true, sortMemoryRows: 3 });
    expect(r.ok).toBe(false);
    expect(readdirSync(tmp())).toEqual([]);
  });

  it("removes its temporary folder when a command after the sort fails during the merge", async () => {
    const r = await runSearch("* | table _time n | head 100 | eval x=if(n>5, n>1, 1)", { now: TEST_NOW, events: generic, sortMemoryRows: 3 });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.code).toBe("runtime-error");
    expect(readdirSync(tmp())).toEqual([]);
  });
});

const keys = ["a", "b", "__proto__", "constructor", "_time"];
const scalar = fc.oneof(fc.constantFrom("x", "1.50", "", "é", "a b"), fc.integer({ min: -5, max: 5 }), fc.constantFrom(1.5, 1e21, -0));
const event = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.tuple(fc.constantFrom(...keys), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }))), { maxLength: 4 }))
  .map(([t, pairs]) => record(JSON.stringify(Object.fromEntries([...pairs.filter(([k]) => k !== "_time" && k !== "__proto__"), ["_time", 1700000000 + t]])).replace(/^\{/, pairs.some(([k]) => k === "__proto__") ? '{"__proto__":"proto",' : "{")));
const searches = ["*", "* | table _time a b __proto__", "* | eval c=a.\"!\", b=null() | fields - constructor", "* | table *", "a=* | rename a AS __proto__", "* | eval m=mvappend(a, b) | mvexpand m"];

describe("spilling time sort, property", () => {
  it("gives the same results as the sort in memory over generated events", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...searches), fc.array(event, { maxLength: 25 }), fc.integer({ min: 1, max: 5 }), async (search, events, maxRows) => {
        const run = (extra: SearchOptions) => runSearch(search, { now: TEST_NOW, tz: "UTC", events, ...extra });
        const inMemory = await run({});
        const spilled = await run({ sortMemoryRows: maxRows });
        expect(spilled.ok).toBe(inMemory.ok);
        expect(snapshot(spilled.rows)).toStrictEqual(snapshot(inMemory.rows));
        expect(readdirSync(tmp())).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });
});
