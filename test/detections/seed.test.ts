// The seed detection, verbatim, over the bundled examples (issue: "The seed detection runs verbatim").
// Each expected row says why it is reported; the comments after them say why the other
// ModifySnapshotAttribute events are not. examples/README.md describes every record.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findMacroDir, loadDetection } from "../../src/detections/load.js";
import { loadMacros } from "../../src/macros/load.js";
import { securityContentDefaults } from "../../src/macros/table.js";
import { toJsonRows } from "../../src/output/format.js";
import { runSearch } from "../../src/spl.js";

const root = join(import.meta.dirname, "..", "..");

async function runDetection(file: string) {
  const detection = loadDetection(join(root, "queries", file));
  const macros = loadMacros([findMacroDir(detection.file)!]).withFallback(securityContentDefaults);
  const result = await runSearch(detection.search, { macros, data: [join(root, "examples", "cloudtrail")], now: 1710460800 });
  expect(result.diagnostics).toEqual([]);
  expect(result.inputProblems).toEqual([]);
  return { detection, result, rows: toJsonRows(result.rows, result.columns, "UTC") };
}

const SEED_COLUMNS = [
  "_time",
  "user_arn",
  "src_ip",
  "requestParameters.attributeType",
  "requested_account_id",
  "aws_account_id",
  "match",
  "vendor_region",
  "user_agent",
];

// Newest first (spl-semantics.md 10.1).
const seedRows = [
  // L5 (more-events.jsonl): an IAM user in eu-west-1 shares with 444455556666, another account.
  {
    _time: "2024-03-14T17:48:26.000+00:00",
    user_arn: "arn:aws:iam::111122223333:user/tlee-contractor",
    src_ip: "192.0.2.201",
    "requestParameters.attributeType": "CREATE_VOLUME_PERMISSION",
    requested_account_id: "444455556666",
    aws_account_id: "111122223333",
    match: "No Match",
    vendor_region: "eu-west-1",
    user_agent:
      "Boto3/1.34.58 md/Botocore#1.34.58 ua/2.0 os/macos#23.4.0 md/arch#arm64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.58",
  },
  // J14: an AWSService caller (Data Lifecycle Manager) has no arn, so user_arn is absent; its
  // aws_account_id is recipientAccountId (aws-addon-fields.md), which differs from 123456789012.
  {
    _time: "2024-03-14T16:30:21.000+00:00",
    src_ip: "dlm.amazonaws.com",
    "requestParameters.attributeType": "CREATE_VOLUME_PERMISSION",
    requested_account_id: "123456789012",
    aws_account_id: "111122223333",
    match: "No Match",
    vendor_region: "us-east-1",
    user_agent: "dlm.amazonaws.com",
  },
  // J13 (15:44:07) is NOT reported: it shares with three accounts, one of them the caller's own; the
  // multivalue requested_account_id == aws_account_id is true when any value matches (Q9 reading),
  // so match="Match" and `where` drops it.
  // J12: an AssumedRole caller shares with 777788889999; user_arn is the assumed-role session arn.
  {
    _time: "2024-03-14T14:09:58.000+00:00",
    user_arn: "arn:aws:sts::111122223333:assumed-role/SnapshotAdmin/botocore-session-1710425368",
    src_ip: "198.51.100.23",
    "requestParameters.attributeType": "CREATE_VOLUME_PERMISSION",
    requested_account_id: "777788889999",
    aws_account_id: "111122223333",
    match: "No Match",
    vendor_region: "us-east-1",
    user_agent: "aws-cli/2.13.25 Python/3.11.5 Windows/10 exe/AMD64 prompt/off command/ec2.modify-snapshot-attribute",
  },
  // J10: a FAILED call (Client.UnauthorizedOperation) is still reported: the search never looks at
  // errorCode.
  {
    _time: "2024-03-14T12:20:16.000+00:00",
    user_arn: "arn:aws:iam::111122223333:user/kpatel",
    src_ip: "192.0.2.140",
    "requestParameters.attributeType": "CREATE_VOLUME_PERMISSION",
    requested_account_id: "444455556666",
    aws_account_id: "111122223333",
    match: "No Match",
    vendor_region: "us-east-1",
    user_agent: "aws-cli/2.15.22 Python/3.11.6 Darwin/23.3.0 exe/x86_64 prompt/off command/ec2.modify-snapshot-attribute",
  },
  // J9 (11:38:45, group "all": made public) has no userId, so requested_account_id is absent and
  // `!= NULL` drops it (spl-semantics.md Example 9.A variants).
  // J7 (09:15:02) removes a permission: there is no add...userId field; dropped the same way.
  // J6 (08:47:33) shares with the caller's own account: match="Match", dropped by where.
  // J5: an IAM user shares with 444455556666.
  {
    _time: "2024-03-14T07:31:12.000+00:00",
    user_arn: "arn:aws:iam::111122223333:user/jmiller",
    src_ip: "203.0.113.45",
    "requestParameters.attributeType": "CREATE_VOLUME_PERMISSION",
    requested_account_id: "444455556666",
    aws_account_id: "111122223333",
    match: "No Match",
    vendor_region: "us-east-1",
    user_agent: "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off command/ec2.modify-snapshot-attribute",
  },
  // Other eventNames (ModifyImageAttribute, ModifyDBSnapshotAttribute, DescribeSnapshotAttribute...)
  // never pass `eventName=ModifySnapshotAttribute`.
];

const principalIds = ["AIDA3Y4YYMXXMHRNYJO5L", undefined, "AROANPTVSWVJPBTNBCYJA:botocore-session-1710425368", "AIDAT4CHVDGKYAYX5VIQP", "AIDA2E5FPG3MHI4G4A6JO"];

describe("Detect shared ec2 snapshot (v2, the seed) over examples/", () => {
  it("runs the published search verbatim", async () => {
    const { detection } = await runDetection("detect_shared_ec2_snapshot.yml");
    expect(detection.search).toBe(
      '`cloudtrail` eventName=ModifySnapshotAttribute | rename requestParameters.createVolumePermission.add.items{}.userId as requested_account_id | search requested_account_id != NULL | eval match=if(requested_account_id==aws_account_id,"Match","No Match") | table _time user_arn src_ip requestParameters.attributeType requested_account_id aws_account_id match vendor_region user_agent | where match = "No Match" | `detect_shared_ec2_snapshot_filter`',
    );
  });
  it("returns exactly the expected rows, newest first, in the table's column order", async () => {
    const { rows, result } = await runDetection("detect_shared_ec2_snapshot.yml");
    expect(result.columns).toEqual(SEED_COLUMNS);
    expect(rows).toEqual(seedRows);
    expect(result.eventsRead + result.linesSkipped).toBe(20);
  });
});

describe("AWS EC2 Snapshot Shared Externally (v5, current) over examples/", () => {
  it("returns the same events with userIdentity.principalId as the last column", async () => {
    const { rows, result } = await runDetection("aws_ec2_snapshot_shared_externally.yml");
    expect(result.columns).toEqual([...SEED_COLUMNS, "userIdentity.principalId"]);
    // The AWSService caller (second row) has no principalId: the cell is absent.
    const expected = seedRows.map((r, i) => (principalIds[i] ? { ...r, "userIdentity.principalId": principalIds[i] } : r));
    expect(rows).toEqual(expected);
  });
});
