// The benchmark's cases, each done three ways: by spelunk (the SPL), by a minimal Node loop (JSON.parse
// every line, test the fields by hand) and by jq. The loop is the reference for correctness: spelunk's
// row count (and jq's) must equal the loop's.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DIST_INDEX = join(ROOT, "dist", "bundle", "index.js");
export const CLI = join(ROOT, "dist", "bundle", "main.js");
export const DETECTION = join(ROOT, "queries", "detect_shared_ec2_snapshot.yml");
export const MACROS = join(ROOT, "queries", "macros");
export const CORPUS_DETECTIONS = resolve(ROOT, "..", "shared", "corpus", "security_content", "detections");
/** Search time pinned so that runs are reproducible. */
export const NOW = 1711929600; // 2024-04-01T00:00:00Z, just after the generated month

/** The account the TA's aws_account_id names: recipientAccountId for AWS callers, the caller's otherwise. */
function awsAccountId(e) {
  const id = e.userIdentity;
  const type = id?.type;
  return type === "AWSAccount" || type === "AWSService" ? e.recipientAccountId : id?.accountId;
}

/**
 * Each case: `spl` (with `detection` when the search comes from a detection file), the loop's
 * `start()` returning an accumulator with `add(event)` and `finish()` giving `{ rows, detail? }`,
 * and `jq` (a filter; `jqMode` "lines" counts output lines, "object" counts the keys of one object).
 */
export const CASES = {
  a: {
    title: "detect_shared_ec2_snapshot.yml",
    detection: DETECTION,
    start() {
      const rows = [];
      return {
        add(e) {
          if (e.eventName !== "ModifySnapshotAttribute") return;
          const items = e.requestParameters?.createVolumePermission?.add?.items;
          if (!Array.isArray(items)) return;
          const ids = [];
          for (const item of items) if (item && item.userId !== undefined && item.userId !== null) ids.push(String(item.userId));
          if (ids.length === 0) return;
          const account = awsAccountId(e);
          // eval match=if(requested_account_id==aws_account_id, ...): true when any value matches (Q9).
          if (account !== undefined && ids.includes(String(account))) return;
          rows.push({ _time: e.eventTime, user_arn: e.userIdentity?.arn ?? e.requestParameters?.roleArn, src_ip: e.sourceIPAddress, requested_account_id: ids, aws_account_id: account });
        },
        finish: () => ({ rows: rows.length }),
      };
    },
    jq: [
      'select(.eventName == "ModifySnapshotAttribute")',
      '| (if (.userIdentity.type == "AWSAccount" or .userIdentity.type == "AWSService") then .recipientAccountId else .userIdentity.accountId end) as $acct',
      '| [ (.requestParameters.createVolumePermission.add.items // [])[] | .userId? // empty | tostring ] as $ids',
      '| select(($ids | length) > 0 and (any($ids[]; . == $acct) | not))',
      '| {_time: .eventTime, user_arn: (.userIdentity.arn // .requestParameters.roleArn), src_ip: .sourceIPAddress, requested_account_id: $ids, aws_account_id: $acct}',
    ].join(" "),
    jqMode: "lines",
  },
  b: {
    title: "`cloudtrail` | stats count by eventName",
    spl: "`cloudtrail` | stats count by eventName",
    start() {
      const counts = new Map();
      return {
        add(e) {
          const name = e.eventName;
          if (name === undefined || name === null) return;
          counts.set(name, (counts.get(name) ?? 0) + 1);
        },
        finish: () => ({ rows: counts.size, detail: Object.fromEntries([...counts].sort((x, y) => (x[0] < y[0] ? -1 : 1))) }),
      };
    },
    jq: "reduce inputs as $e ({}; .[$e.eventName | tostring] += 1)",
    jqNull: true,
    jqMode: "object",
  },
  c: {
    title: "`cloudtrail` eventName=Describe* | table _time eventName user_arn src_ip",
    spl: "`cloudtrail` eventName=Describe* | table _time eventName user_arn src_ip",
    start() {
      const rows = [];
      return {
        add(e) {
          const name = e.eventName;
          if (typeof name !== "string" || !name.startsWith("Describe")) return;
          rows.push({ _time: e.eventTime, eventName: name, user_arn: e.userIdentity?.arn ?? e.requestParameters?.roleArn, src_ip: e.sourceIPAddress });
        },
        finish: () => ({ rows: rows.length }),
      };
    },
    jq: 'select((.eventName | type) == "string" and (.eventName | startswith("Describe"))) | {_time: .eventTime, eventName, user_arn: (.userIdentity.arn // .requestParameters.roleArn), src_ip: .sourceIPAddress}',
    jqMode: "lines",
  },
  d: {
    title: "the 55 cloudtrail detection tests (spelunk test)",
  },
};

/** Acceptance targets (wall time ratios are spelunk / other: 0.2 means spelunk is 5× faster). */
export const TARGETS = {
  a: { loop: 1 / 5, jq: 1 / 15, rssMB: 250 },
  b: { loop: 1.25, rssMB: 250 },
  c: { rssMB: 250 },
};
