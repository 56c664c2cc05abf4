// Testing a detection with vitest through spelunk's library API (the same works with jest).
// Run from a project that depends on spelunk; here it imports the package by its own name.
import { describe, expect, it } from "vitest";
import { runDetection } from "spelunk";

const detection = new URL("../queries/detect_shared_ec2_snapshot.yml", import.meta.url).pathname;

const share = (account: string) => ({
  eventVersion: "1.09",
  userIdentity: { type: "IAMUser", principalId: "AIDAEXAMPLE", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333", userName: "alice" },
  eventTime: "2024-03-14T10:00:00Z",
  eventSource: "ec2.amazonaws.com",
  eventName: "ModifySnapshotAttribute",
  awsRegion: "us-east-1",
  sourceIPAddress: "203.0.113.10",
  userAgent: "aws-cli/2.15.0",
  requestParameters: { snapshotId: "snap-0123456789abcdef0", attributeType: "CREATE_VOLUME_PERMISSION", createVolumePermission: { add: { items: [{ userId: account }] } } },
  responseElements: { requestId: "0b1c2d3e-0000-4000-8000-000000000000", _return: true },
  eventType: "AwsApiCall",
  recipientAccountId: "111122223333",
});

describe("Detect shared ec2 snapshot", () => {
  it("reports a snapshot shared with another account", async () => {
    const { rows } = await runDetection(detection, { events: [share("444455556666")] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ requested_account_id: "444455556666", match: "No Match", user_arn: "arn:aws:iam::111122223333:user/alice" });
  });

  it("does not report a share with the caller's own account", async () => {
    const { rows } = await runDetection(detection, { events: [share("111122223333")] });
    expect(rows).toEqual([]);
  });
});
