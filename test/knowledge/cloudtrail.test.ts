// aws:cloudtrail knowledge (src/knowledge/props/aws_cloudtrail.conf): spl-semantics.md section 9 and
// aws-addon-fields.md.
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { run, TEST_NOW } from "../helpers/run.js";

const base = {
  eventVersion: "1.08",
  eventTime: "2024-01-15T10:00:00Z",
  eventSource: "iam.amazonaws.com",
  awsRegion: "us-east-1",
  sourceIPAddress: "203.0.113.10",
  userAgent: "aws-cli/2.15.0",
  recipientAccountId: "111122223333",
};

async function fields(record: Record<string, unknown>, names: string[]) {
  const r = await run(`sourcetype=aws:cloudtrail | table ${names.join(" ")}`, [{ ...base, ...record }]);
  expect(r.result.diagnostics).toEqual([]);
  return r.rows[0];
}

describe("aws:cloudtrail knowledge", () => {
  it("every shipped calculated field compiles", () => {
    const kb = loadKnowledge({ now: TEST_NOW, tz: "UTC" });
    const ct = kb.sourcetypes.get("aws:cloudtrail")!;
    expect(ct.calculated.size).toBeGreaterThan(10);
    for (const calc of ct.calculated.values()) expect(typeof calc.compiled, calc.field).toBe("function");
  });

  it("a CloudTrail record is recognised and _time comes from eventTime (8.7)", async () => {
    const r = await run("* | eval t=_time | table sourcetype t", [{ ...base, eventName: "GetUser" }]);
    expect(r.rows).toEqual([{ sourcetype: "aws:cloudtrail", t: "1705312800" }]);
  });

  it("Example 9.B: aws_account_id for service principals is recipientAccountId", async () => {
    const row = await fields(
      { userIdentity: { type: "AWSService", invokedBy: "cloudtrail.amazonaws.com" }, recipientAccountId: "999988887777", eventName: "AssumeRole" },
      ["aws_account_id", "vendor_account", "user_arn"],
    );
    expect(row).toEqual({ aws_account_id: "999988887777", vendor_account: "999988887777" });
  });

  it("Example 9.C: user_arn falls back to requestParameters.roleArn", async () => {
    const row = await fields(
      { userIdentity: { type: "SAMLUser", principalId: "p", userName: "u" }, eventName: "AssumeRoleWithSAML", requestParameters: { roleArn: "arn:aws:iam::1:role/R" } },
      ["user_arn"],
    );
    expect(row).toEqual({ user_arn: "arn:aws:iam::1:role/R" });
  });

  it("Example 9.D: errorCode is rewritten, result_id keeps the original, msg sees the original (Q18)", async () => {
    const r = await run("sourcetype=aws:cloudtrail | table eventName errorCode result_id msg", [
      { ...base, eventTime: "2024-01-15T10:00:01Z", eventName: "GetUser" },
      { ...base, eventTime: "2024-01-15T10:00:02Z", eventName: "GetUser", errorCode: "AccessDenied" },
      { ...base, eventTime: "2024-01-15T10:00:03Z", eventName: "ConsoleLogin", responseElements: { ConsoleLogin: "Failure" } },
    ]);
    expect(r.rows).toEqual([
      { eventName: "ConsoleLogin", errorCode: "failure", msg: "success" },
      { eventName: "GetUser", errorCode: "AccessDenied", result_id: "AccessDenied", msg: "AccessDenied" },
      { eventName: "GetUser", errorCode: "success", msg: "success" },
    ]);
  });

  it("9.4: action and status follow the add-on's action/status lookup, keyed on the rewritten errorCode", async () => {
    const t = (i: number) => `2024-01-15T10:00:${String(i).padStart(2, "0")}Z`;
    const r = await run("sourcetype=aws:cloudtrail | table eventName errorCode action status", [
      // sign-ins: success or failure (a console failure has no errorCode: the rewrite makes it "failure")
      { ...base, eventTime: t(1), eventName: "ConsoleLogin", responseElements: { ConsoleLogin: "Success" } },
      { ...base, eventTime: t(2), eventName: "ConsoleLogin", responseElements: { ConsoleLogin: "Failure" } },
      { ...base, eventTime: t(3), eventName: "AssumeRole", errorCode: "AccessDenied" },
      // a verb that a failed call keeps, and one whose failed call is "unknown"
      { ...base, eventTime: t(4), eventName: "CreateUser", errorCode: "AccessDenied" },
      { ...base, eventTime: t(5), eventName: "DeleteVirtualMFADevice" },
      { ...base, eventTime: t(6), eventName: "CreatePolicy", errorCode: "MalformedPolicyDocumentException" },
      { ...base, eventTime: t(7), eventName: "StopInstances" },
      { ...base, eventTime: t(8), eventName: "ListUsers" },
      // not in the lookup: neither field
      { ...base, eventTime: t(9), eventName: "ModifySnapshotAttribute" },
      // a record with its own action keeps it (the lookup is OUTPUTNEW)
      { ...base, eventTime: t(10), eventName: "GetUser", action: "mine" },
    ]);
    expect(r.rows.reverse()).toEqual([
      { eventName: "ConsoleLogin", errorCode: "success", action: "success", status: "success" },
      { eventName: "ConsoleLogin", errorCode: "failure", action: "failure", status: "failure" },
      { eventName: "AssumeRole", errorCode: "AccessDenied", action: "failure", status: "failure" },
      { eventName: "CreateUser", errorCode: "AccessDenied", action: "created", status: "failure" },
      { eventName: "DeleteVirtualMFADevice", errorCode: "success", action: "deleted", status: "success" },
      { eventName: "CreatePolicy", errorCode: "MalformedPolicyDocumentException", action: "unknown", status: "failure" },
      { eventName: "StopInstances", errorCode: "success", action: "stopped", status: "success" },
      { eventName: "ListUsers", errorCode: "success", action: "read", status: "success" },
      { eventName: "ModifySnapshotAttribute", errorCode: "success" },
      { eventName: "GetUser", errorCode: "success", action: "mine", status: "success" },
    ]);
  });

  it("Example 9.D: `cloudtrail` errorCode=success returns the successful call only", async () => {
    const r = await run("sourcetype=aws:cloudtrail errorCode=success | table eventName", [
      { ...base, eventTime: "2024-01-15T10:00:01Z", eventName: "GetUser" },
      { ...base, eventTime: "2024-01-15T10:00:02Z", eventName: "ListUsers", errorCode: "AccessDenied" },
    ]);
    expect(r.rows).toEqual([{ eventName: "GetUser" }]);
  });

  it("Example 9.E: user for CreateAccessKey is the target user, user_arn the actor", async () => {
    const row = await fields(
      {
        eventName: "CreateAccessKey",
        userIdentity: { type: "IAMUser", userName: "alice", arn: "arn:aws:iam::1:user/alice", accountId: "1" },
        requestParameters: { userName: "bob" },
        responseElements: { accessKey: { userName: "bob", accessKeyId: "AKIA1", status: "Active" } },
      },
      ["user", "user_arn", "userName"],
    );
    expect(row).toEqual({ user: "bob", user_arn: "arn:aws:iam::1:user/alice", userName: "alice" });
  });

  it("aliases copy extracted fields (src_ip, vendor_region, signature, ...)", async () => {
    const row = await fields({ eventName: "GetUser", userIdentity: { type: "IAMUser", accountId: "1" } }, ["src", "src_ip", "region", "vendor_region", "signature", "command", "dvc", "user_agent", "vendor_product"]);
    expect(row).toEqual({
      src: "203.0.113.10",
      src_ip: "203.0.113.10",
      region: "us-east-1",
      vendor_region: "us-east-1",
      signature: "GetUser",
      command: "GetUser",
      dvc: "iam.amazonaws.com",
      user_agent: "aws-cli/2.15.0",
      vendor_product: "AWS CloudTrail",
    });
  });

  it("an alias whose source is missing removes the destination (S43)", async () => {
    // `src` exists in the record itself, but the alias sourceIPAddress AS src wins and is empty.
    const { sourceIPAddress: _omit, ...rest } = base;
    const r = await run("sourcetype=aws:cloudtrail | table src", [{ ...rest, eventName: "X", src: "1.2.3.4" }]);
    expect(r.rows).toEqual([{}]);
  });

  it("_raw is the record as the AWS add-on writes it (Python json.dumps)", async () => {
    const r = await run("sourcetype=aws:cloudtrail | table _raw", [{ ...base, eventName: "X", n: 1.5, u: "é" }]);
    expect(r.rows[0]!["_raw"]).toBe(
      '{"eventVersion": "1.08", "eventTime": "2024-01-15T10:00:00Z", "eventSource": "iam.amazonaws.com", "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.10", "userAgent": "aws-cli/2.15.0", "recipientAccountId": "111122223333", "eventName": "X", "n": 1.5, "u": "\\u00e9"}',
    );
  });
});
