// Field derivation against a real Splunk with the AWS add-on: 12 exported events, each with its _raw
// and the fields Splunk showed (../shared/data/cloudtrail/README.md). spelunk runs on the _raw alone.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toJsonRows } from "../../src/output/format.js";
import { runSearch } from "../../src/spl.js";
import { sharedPath } from "./shared.js";

interface Exported {
  _raw: string;
  fields: Record<string, string>;
}

const exported = readFileSync(sharedPath("data", "cloudtrail", "splunk-export-s3-bucket-deletion.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Exported);

// The fields the issue names, which must agree event by event.
const REQUIRED = ["_time", "user_arn", "src_ip", "aws_account_id", "vendor_region", "user_agent"];
// Further fields spelunk derives (aliases and calculated fields of src/knowledge/props/aws_cloudtrail.conf).
const ALSO_DERIVED = [
  "sourcetype", "eventName", "src", "region", "userAgent", "user", "userName", "user_type", "user_group_id",
  "vendor_account", "vendor_product", "vendor", "product", "dvc", "app", "signature", "command", "msg",
  "errorCode", "start_time", "result", "result_id", "desc", "user_name", "date_zone", "action", "status",
];
// (action and status: DeleteBucket gives deleted/success; PutBucketPolicy and PutBucketWebsite, outside the
// add-on's action/status lookup, give neither.)
// Not derived, and why: lookups and transforms the add-on ships as data spelunk does not have
// (aws-addon-fields.md "Automatic lookups"; spl-semantics.md 9.4, 9.5, Q17), eventtypes and tags
// (eventtypes.conf/tags.conf), and index-time metadata.
const NOT_DERIVED = [
  "change_type", "object_category", "object", "object_id", "object_attrs", "dest",
  "user_id", "eventtype", "tag", "index", "source", "timestartpos", "timeendpos",
];

describe("derived fields agree with a real Splunk export", () => {
  it("the lists above cover every exported field", () => {
    const all = new Set(exported.flatMap((e) => Object.keys(e.fields)));
    expect([...all].sort()).toEqual([...REQUIRED, ...ALSO_DERIVED, ...NOT_DERIVED].sort());
  });

  it.each(exported.map((e, i) => [i + 1, e] as const))("event %i", async (_i, e) => {
    const result = await runSearch(`sourcetype=aws:cloudtrail | table ${[...REQUIRED, ...ALSO_DERIVED].join(" ")} _raw`, {
      events: [JSON.parse(e._raw)],
      now: 1739300000,
    });
    expect(result.diagnostics).toEqual([]);
    const [row] = toJsonRows(result.rows, result.columns, "UTC");
    expect(row, "one event").toBeDefined();
    // _raw is rebuilt exactly as the add-on wrote it.
    expect(row!["_raw"]).toBe(e._raw);
    for (const f of [...REQUIRED, ...ALSO_DERIVED]) {
      // The export writes an absent field as "".
      expect(row![f] ?? "", f).toBe(e.fields[f] ?? "");
    }
  });
});
