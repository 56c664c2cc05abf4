// The seed detection over 886 public CloudTrail records (issue "The seed detection runs verbatim",
// acceptance): it returns exactly the ModifySnapshotAttribute events that add a userId other than the
// caller's account. The expected set is computed here independently, by reading the records directly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findMacroDir, loadDetection } from "../../src/detections/load.js";
import { loadMacros } from "../../src/macros/load.js";
import { securityContentDefaults } from "../../src/macros/table.js";
import { runSearch } from "../../src/spl.js";
import { sharedPath } from "./shared.js";

const root = join(import.meta.dirname, "..", "..");

interface Rec {
  eventName?: string;
  eventID?: string;
  recipientAccountId?: string;
  userIdentity?: { type?: string; accountId?: string; arn?: string };
  requestParameters?: { createVolumePermission?: { add?: { items?: Array<{ userId?: string }> } } } | null;
}

/** aws_account_id as the add-on computes it (aws-addon-fields.md). */
function callerAccount(r: Rec): string | undefined {
  const t = r.userIdentity?.type;
  return t === "AWSAccount" || t === "AWSService" ? r.recipientAccountId : r.userIdentity?.accountId;
}

describe("seed detection over cloudtrail-public.jsonl", () => {
  it("reports exactly the shares of a snapshot with another account", async () => {
    const file = sharedPath("data", "cloudtrail", "cloudtrail-public.jsonl");
    const records = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Rec);
    expect(records).toHaveLength(886);
    const expected = records
      .filter((r) => r.eventName === "ModifySnapshotAttribute")
      .filter((r) => {
        const ids = (r.requestParameters?.createVolumePermission?.add?.items ?? []).map((i) => i.userId).filter((x): x is string => x !== undefined);
        const me = callerAccount(r);
        return ids.length > 0 && (me === undefined || !ids.includes(me));
      })
      .map((r) => r.requestParameters!.createVolumePermission!.add!.items!.map((i) => i.userId).join(","))
      .sort();
    // Two real captures, one fixture sharing with 111122223333, one fixture with a non-ISO eventTime.
    expect(expected).toEqual(["012345678912", "098797384747", "111122223333", "54321"]);

    const detection = loadDetection(join(root, "queries", "detect_shared_ec2_snapshot.yml"));
    const macros = loadMacros([findMacroDir(detection.file)!]).withFallback(securityContentDefaults);
    const result = await runSearch(detection.search, { macros, data: [file], now: 1735689600 });
    expect(result.diagnostics).toEqual([]);
    expect(result.eventsRead + result.linesSkipped).toBe(886);
    const got = result.rows.map((r) => String(r.get("requested_account_id"))).sort();
    expect(got).toEqual(expected);
    for (const row of result.rows) expect(row.get("match")).toBe("No Match");
    // The only input problems are timestamp warnings for records whose eventTime is not ISO 8601.
    expect(result.inputProblems.filter((p) => p.severity === "error")).toEqual([]);
  });
});
