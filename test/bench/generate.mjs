#!/usr/bin/env node
// Deterministic generator of CloudTrail-like JSON Lines for the benchmark (`npm run bench`).
//
//   node test/bench/generate.mjs [--events N] [--out path] [--seed S] [--force]
//
// Every record is synthesised from the templates below with a seeded PRNG: the same parameters give the
// same bytes on every machine. Shapes follow ../shared/reference/cloudtrail-format.md (key order as
// CloudTrail writes it, userIdentity variants, requestParameters/responseElements per eventName); no
// real record is copied. An existing file made with the same parameters (and generator version) is
// reused: the file is written under a temporary name and renamed when complete, and a `.meta.json`
// beside it records the parameters.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** Bump when the templates change: files made by another version are not reused. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_EVENTS = 1_000_000;
export const DEFAULT_SEED = 20240301;
/** The month the events cover (UTC): eventTime increases from START through START + SPAN. */
const START = Date.UTC(2024, 2, 1) / 1000;
const SPAN = 31 * 86400;
/**
 * 1 in 20,000 events is a ModifySnapshotAttribute: one at a seeded place in each block of 20,000 events,
 * so that the count does not depend on luck (5 in 100,000, 50 in 1,000,000).
 */
export const MODIFY_SNAPSHOT_EVERY = 20000;

// ---------------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through splitmix32 (fast, good enough, and the same on every platform).

function splitmix32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function makeRandom(seed) {
  const sm = splitmix32(seed);
  let a = sm(), b = sm(), c = sm(), d = sm();
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  const float = () => u32() / 4294967296;
  const int = (n) => Math.floor(float() * n);
  const HEX = "0123456789abcdef";
  const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const chars = (alphabet, n) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)];
    return s;
  };
  return {
    u32,
    float,
    int,
    chance: (p) => float() < p,
    pick: (arr) => arr[int(arr.length)],
    hex: (n) => chars(HEX, n),
    upper: (n) => chars(UPPER, n),
    alnum: (n) => chars(ALNUM, n),
    b64: (n) => chars(B64, n),
    digits: (n) => {
      let s = String(1 + int(9));
      for (let i = 1; i < n; i++) s += String(int(10));
      return s;
    },
    uuid: () => {
      const h = chars(HEX, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    /** A picker over [value, weight] pairs. */
    weighted: (pairs) => {
      const cum = [];
      let total = 0;
      for (const [, w] of pairs) cum.push((total += w));
      return () => {
        const x = float() * total;
        let lo = 0, hi = cum.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cum[mid] > x) hi = mid;
          else lo = mid + 1;
        }
        return pairs[lo][0];
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The world: accounts, principals, clients, resources. Built once from the seed.

const FIRST = ["alice", "bob", "carol", "dmitri", "emma", "farid", "grace", "hiro", "ines", "jamal", "kofi", "lena", "mateo", "nadia", "omar", "priya", "quinn", "rosa", "sven", "tariq"];
const LAST = ["moreno", "okafor", "schmidt", "kim", "patel", "haddad", "nguyen", "larsen", "silva", "cohen", "ito", "novak", "reyes", "singh", "walker"];
const REGIONS = [["us-east-1", 50], ["us-west-2", 20], ["eu-west-1", 14], ["eu-central-1", 8], ["ap-southeast-2", 5], ["ap-northeast-1", 3]];
const CIPHERS_13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"];
const CIPHERS_12 = ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"];
const INSTANCE_TYPES = ["t3.micro", "t3.medium", "m5.large", "m6i.xlarge", "c6g.2xlarge", "r5.large", "t4g.small", "g5.xlarge"];
const BUCKET_WORDS = ["logs", "artifacts", "backups", "static-assets", "data-lake", "terraform-state", "cloudtrail-archive", "ml-datasets", "reports", "uploads"];
const OBJECT_PREFIXES = ["2024/03/", "exports/daily/", "images/thumbs/", "raw/events/", "builds/", "tmp/", "AWSLogs/", "models/v3/"];
const OBJECT_EXT = [".json.gz", ".parquet", ".csv", ".png", ".tar.gz", ".log", ".zip"];

function buildWorld(r) {
  const accounts = Array.from({ length: 6 }, () => r.digits(12));
  const external = Array.from({ length: 24 }, () => r.digits(12));
  const orgId = "o-" + r.hex(10);

  // User agents: a few long modern SDK strings, mostly the shorter ones older SDKs and tools send.
  const cli = () => (r.chance(0.3)
    ? `aws-cli/2.${13 + r.int(4)}.${r.int(40)} Python/3.11.${r.int(9)} ${r.pick(["Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22", "Darwin/23.3.0 exe/x86_64", "Windows/10 exe/AMD64"])} prompt/off command/${r.pick(["ec2.describe-instances", "s3.cp", "sts.get-caller-identity", "iam.get-role"])}`
    : `aws-cli/1.${29 + r.int(4)}.${r.int(60)} Python/3.${8 + r.int(4)}.${r.int(12)} ${r.pick(["Linux/5.15.0-1052-aws", "Darwin/22.6.0", "Windows/10"])} botocore/1.${31 + r.int(4)}.${r.int(60)}`);
  const boto = () => {
    const v = `1.34.${r.int(90)}`;
    return r.chance(0.3)
      ? `Boto3/${v} md/Botocore#${v} ua/2.0 os/linux#5.10.${r.int(220)}-${r.int(250)}.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.${r.int(9)} md/pyimpl#CPython cfg/retry-mode#legacy Botocore/${v}`
      : `Boto3/1.${26 + r.int(8)}.${r.int(90)} Python/3.${9 + r.int(3)}.${r.int(15)} Linux/5.10 Botocore/1.${29 + r.int(5)}.${r.int(90)}`;
  };
  const gosdk = () => (r.chance(0.3)
    ? `aws-sdk-go-v2/1.25.${r.int(4)} os/linux lang/go#1.21.${r.int(9)} md/GOOS#linux md/GOARCH#amd64 api/ec2#1.${140 + r.int(20)}.0`
    : `aws-sdk-go/1.44.${r.int(300)} (go1.${19 + r.int(3)}.${r.int(9)}; linux; amd64)`);
  const java = () => (r.chance(0.3)
    ? `aws-sdk-java/1.12.${600 + r.int(90)} Linux/5.10.${r.int(220)}-${r.int(250)}.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.${r.int(10)}+7-LTS java/17.0.${r.int(10)} vendor/Amazon.com_Inc. cfg/retry-mode/standard`
    : `aws-sdk-java/2.20.${r.int(160)} Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.${r.int(10)}+7-LTS Java/17.0.${r.int(10)}`);
  const terraform = () => `APN/1.0 HashiCorp/1.0 Terraform/1.7.${r.int(6)} (+https://www.terraform.io) terraform-provider-aws/5.4${r.int(9)}.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.51.${r.int(30)} (go1.22.1; linux; amd64)`;
  const browser = () => r.pick([
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
  ]);
  const publicIp = () => `${r.pick(["3", "18", "34", "35", "44", "52", "54", "13", "99"])}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`;
  const officeIp = () => `${r.pick(["198.51.100", "203.0.113", "192.0.2"])}.${1 + r.int(254)}`;

  // Principals: [principal, weight]. Automation dominates, as in real accounts.
  const principals = [];
  const add = (p, w) => principals.push([p, w]);
  for (const [ai, acct] of accounts.entries()) {
    const aw = [30, 25, 15, 12, 10, 8][ai];
    for (let k = 0; k < 5; k++) {
      const name = `${r.pick(FIRST)}.${r.pick(LAST)}`;
      add({ kind: "IAMUser", acct, name, id: "AIDA" + r.upper(17), key: "AKIA" + r.upper(16), ua: r.chance(0.6) ? cli() : boto(), ip: officeIp(), human: true }, aw * 0.3);
    }
    for (const name of ["ci-deploy", "backup-svc", "grafana-reader", "legacy-etl"]) {
      add({ kind: "IAMUser", acct, name, id: "AIDA" + r.upper(17), key: "AKIA" + r.upper(16), ua: name === "ci-deploy" ? terraform() : r.chance(0.5) ? java() : boto(), ip: publicIp(), human: false }, aw * 3);
    }
    const roles = [
      ["AWSReservedSSO_AdministratorAccess_" + r.hex(16), "/aws-reserved/sso.amazonaws.com/", "sso", 0.8],
      ["AWSReservedSSO_ReadOnlyAccess_" + r.hex(16), "/aws-reserved/sso.amazonaws.com/", "sso", 0.8],
      ["OrganizationAccountAccessRole", "/", "cli", 0.3],
      ["eks-node-group-role", "/", "ec2", 2.0],
      ["app-server-instance-role", "/", "ec2", 1.0],
      ["lambda-orders-processor", "/service-role/", "lambda", 1.0],
      ["github-actions-deploy", "/", "ci", 1.0],
      ["DatadogIntegrationRole", "/", "monitor", 1.5],
      ["SnapshotAdmin", "/", "cli", 0.2],
      ["AWSServiceRoleForAutoScaling", "/aws-service-role/autoscaling.amazonaws.com/", "autoscaling", 0.6],
      ["AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/", "config", 1.2],
    ];
    for (const [role, path, style, w] of roles) {
      const roleId = "AROA" + r.upper(17);
      const p = { kind: "AssumedRole", acct, role, path, roleId, style, human: style === "sso" || style === "cli" };
      if (style === "sso") {
        p.sessions = Array.from({ length: 3 }, () => `${r.pick(FIRST)}.${r.pick(LAST)}@example.com`);
        p.ua = browser();
        p.ip = officeIp();
        p.console = true;
      } else if (style === "cli") {
        p.sessions = Array.from({ length: 2 }, () => `botocore-session-${1709251200 + r.int(2_600_000)}`);
        p.ua = cli();
        p.ip = officeIp();
      } else if (style === "ec2") {
        p.sessions = Array.from({ length: 6 }, () => "i-0" + r.hex(16));
        p.ua = r.chance(0.5) ? gosdk() : java();
        p.ip = publicIp();
        p.ec2 = true;
      } else if (style === "lambda") {
        p.sessions = ["lambda-orders-processor"];
        p.ua = boto();
        p.ip = publicIp();
      } else if (style === "ci") {
        p.sessions = ["GitHubActions"];
        p.ua = terraform();
        p.ip = publicIp();
      } else if (style === "monitor") {
        p.sessions = ["DatadogAWSIntegration"];
        p.ua = java();
        p.ip = publicIp();
      } else if (style === "autoscaling") {
        p.sessions = ["AutoScaling"];
        p.invokedBy = "autoscaling.amazonaws.com";
      } else {
        p.sessions = ["AWSConfig-Describe"];
        p.invokedBy = "config.amazonaws.com";
      }
      add(p, aw * w);
    }
    add({ kind: "Root", acct, ua: browser(), ip: officeIp(), human: true }, aw * 0.01);
  }
  const services = ["ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "eks.amazonaws.com", "ssm.amazonaws.com"];
  const bucketsOf = new Map(accounts.map((a) => [a, BUCKET_WORDS.map((w) => `${w}-${a.slice(-4)}-${r.hex(4)}`)]));
  const kmsKeysOf = new Map(accounts.map((a) => [a, Array.from({ length: 4 }, () => r.uuid())]));
  const vpcsOf = new Map(accounts.map((a) => [a, Array.from({ length: 3 }, () => "vpc-0" + r.hex(16))]));
  const amis = Array.from({ length: 12 }, () => "ami-0" + r.hex(16));
  return { accounts, external, orgId, principals, services, bucketsOf, kmsKeysOf, vpcsOf, amis, browser, publicIp };
}

// ---------------------------------------------------------------------------------------------
// Records

const VERSION = { ec2: "1.09", s3: "1.10", iam: "1.09", sts: "1.08", kms: "1.08", cloudtrail: "1.09", signin: "1.09" };

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "Mar 14, 2024, 6:48:26 PM": the format CloudTrail uses inside responseElements. */
function awsDate(t) {
  const d = new Date(t * 1000);
  const h = d.getUTCHours();
  const two = (n) => String(n).padStart(2, "0");
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}
function isoTime(t) {
  return new Date(t * 1000).toISOString().slice(0, 19) + "Z";
}

export function createGenerator(seed = DEFAULT_SEED) {
  const r = makeRandom(seed);
  const w = buildWorld(r);
  const pickPrincipal = r.weighted(w.principals);
  const humanPrincipals = w.principals.filter(([p]) => p.human && p.kind !== "Root");
  const pickHuman = r.weighted(humanPrincipals);
  const pickRegion = r.weighted(REGIONS);
  let slotBlock = -1;
  let slot = -1;
  const modifySnapshotSlot = (i) => {
    const block = Math.floor(i / MODIFY_SNAPSHOT_EVERY);
    if (block !== slotBlock) {
      slotBlock = block;
      slot = splitmix32((seed ^ Math.imul(block + 1, 0x9e3779b1)) >>> 0)() % MODIFY_SNAPSHOT_EVERY;
    }
    return slot;
  };
  const configRoles = w.principals.filter(([p]) => p.role === "AWSServiceRoleForConfig").map(([p]) => p);
  const roots = w.principals.filter(([p]) => p.kind === "Root").map(([p]) => p);

  /** Per principal, session credentials rotate every few hours. */
  const sessionKey = (p, t) => {
    const slot = Math.floor(t / (4 * 3600));
    if (p.slot !== slot) {
      p.slot = slot;
      p.asia = "ASIA" + r.upper(16);
      p.sessionStart = t - r.int(3600);
      p.session = p.sessions ? r.pick(p.sessions) : null;
    }
    return p.asia;
  };

  function identity(p, t, ctx) {
    switch (p.kind) {
      case "IAMUser": {
        const consoleSession = ctx.console === true;
        const id = { type: "IAMUser", principalId: p.id, arn: `arn:aws:iam::${p.acct}:user/${p.name}`, accountId: p.acct, accessKeyId: consoleSession ? sessionKey(p, t) : p.key, userName: p.name };
        if (consoleSession) {
          sessionKey(p, t);
          id.sessionContext = { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: isoTime(p.sessionStart), mfaAuthenticated: "true" } };
        }
        return id;
      }
      case "AssumedRole": {
        const key = sessionKey(p, t);
        const id = {
          type: "AssumedRole",
          principalId: `${p.roleId}:${p.session}`,
          arn: `arn:aws:sts::${p.acct}:assumed-role/${p.role}/${p.session}`,
          accountId: p.acct,
          accessKeyId: key,
          sessionContext: {
            sessionIssuer: { type: "Role", principalId: p.roleId, arn: `arn:aws:iam::${p.acct}:role${p.path}${p.role}`, accountId: p.acct, userName: p.role },
            webIdFederationData: {},
            attributes: { creationDate: isoTime(p.sessionStart), mfaAuthenticated: p.style === "sso" ? "true" : "false" },
          },
        };
        if (p.ec2) id.sessionContext.ec2RoleDelivery = "2.0";
        if (p.invokedBy) id.invokedBy = p.invokedBy;
        return id;
      }
      case "Root":
        return { type: "Root", principalId: p.acct, arn: `arn:aws:iam::${p.acct}:root`, accountId: p.acct, accessKeyId: ctx.console ? "" : sessionKey(p, t) };
      default:
        throw new Error(`unknown principal kind ${p.kind}`);
    }
  }

  const tls = (host) => (r.chance(0.8)
    ? { tlsVersion: "TLSv1.3", cipherSuite: r.pick(CIPHERS_13), clientProvidedHostHeader: host }
    : { tlsVersion: "TLSv1.2", cipherSuite: r.pick(CIPHERS_12), clientProvidedHostHeader: host });
  const tags = (n) => Array.from({ length: n }, (_, i) => ({ key: ["Name", "team", "env", "cost-center", "owner", "app", "kubernetes.io/cluster/prod", "aws:autoscaling:groupName", "eks:nodegroup-name", "backup-policy", "service", "version"][i % 12], value: r.pick(["prod", "staging", "payments", "web", "owned", "daily", "platform", "data", "cc-" + r.digits(4), "ng-" + r.hex(8)]) }));
  const filter = (name, values) => ({ items: [{ name, valueSet: { items: values.map((value) => ({ value })) } }] });
  const instanceId = () => "i-0" + r.hex(16);
  const s3Extra = (ctx, out) => ({
    SignatureVersion: "SigV4",
    CipherSuite: ctx.tls ? ctx.tls.cipherSuite : "TLS_AES_128_GCM_SHA256",
    bytesTransferredIn: 0,
    AuthenticationMethod: "AuthHeader",
    "x-amz-id-2": r.b64(76),
    bytesTransferredOut: out,
  });

  function runInstancesItem(ctx, amiId, type, subnet, vpc, sg, ip) {
    const id = instanceId();
    const privateIp = `10.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`;
    const dns = `ip-${privateIp.replaceAll(".", "-")}.${ctx.region}.compute.internal`;
    return {
      instanceId: id, imageId: amiId, currentInstanceBootMode: "legacy-bios",
      instanceState: { code: 0, name: "pending" }, privateDnsName: dns, amiLaunchIndex: 0, productCodes: {},
      instanceType: type, launchTime: ctx.t * 1000, placement: { availabilityZone: ctx.region + "a", tenancy: "default" },
      monitoring: { state: "disabled" }, subnetId: subnet, vpcId: vpc, privateIpAddress: privateIp,
      stateReason: { code: "pending", message: "pending" }, architecture: "x86_64", rootDeviceType: "ebs", rootDeviceName: "/dev/xvda",
      blockDeviceMapping: {}, virtualizationType: "hvm", hypervisor: "xen", tagSet: { items: tags(8 + r.int(5)) },
      clientToken: ctx.clientToken, groupSet: { items: [{ groupId: sg, groupName: "eks-cluster-sg-prod-" + r.digits(9) }] }, sourceDestCheck: true,
      networkInterfaceSet: { items: [{
        networkInterfaceId: "eni-0" + r.hex(16), subnetId: subnet, vpcId: vpc, ownerId: ctx.acct, status: "in-use",
        macAddress: Array.from({ length: 6 }, () => r.hex(2)).join(":"), privateIpAddress: privateIp, privateDnsName: dns, sourceDestCheck: true, interfaceType: "interface",
        groupSet: { items: [{ groupId: sg, groupName: "eks-cluster-sg-prod-" + r.digits(9) }] },
        attachment: { attachmentId: "eni-attach-0" + r.hex(16), deviceIndex: 0, networkCardIndex: 0, status: "attaching", attachTime: ctx.t * 1000, deleteOnTermination: true },
        privateIpAddressesSet: { item: [{ privateIpAddress: privateIp, privateDnsName: dns, primary: true }] },
        ipv6AddressesSet: {}, tagSet: {}, operator: { managed: false },
      }] },
      ebsOptimized: false, enaSupport: true, iamInstanceProfile: { arn: `arn:aws:iam::${ctx.acct}:instance-profile/eks-node-${r.hex(8)}`, id: "AIPA" + r.upper(17) },
      cpuOptions: { coreCount: 1 + r.int(4), threadsPerCore: 2 }, capacityReservationSpecification: { capacityReservationPreference: "open" },
      hibernationOptions: { configured: false }, enclaveOptions: { enabled: false },
      metadataOptions: { state: "pending", httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled", httpProtocolIpv4: "enabled", httpProtocolIpv6: "disabled", instanceMetadataTags: "disabled" },
      maintenanceOptions: { autoRecovery: "default" }, privateDnsNameOptions: { hostnameType: "ip-name", enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false },
      ...(ip ? { publicIpAddress: ip } : {}), operator: { managed: false },
    };
  }

  const modifySnapshotItems = (ctx) => {
    // Half share with another account (what the detection reports); the rest are the look-alikes the
    // detection must not report: the caller's own account, a list holding the caller's own account,
    // a removal, a public/none group.
    const x = r.float();
    if (x < 0.45) return { add: { items: [{ userId: r.pick(w.external) }] } };
    if (x < 0.5) return { add: { items: [{ userId: r.pick(w.external) }, { userId: r.pick(w.external) }] } };
    if (x < 0.65) return { add: { items: [{ userId: ctx.acct }] } };
    if (x < 0.7) return { add: { items: [{ userId: r.pick(w.external) }, { userId: ctx.acct }] } };
    if (x < 0.85) return { remove: { items: [{ userId: r.pick(w.external) }] } };
    return { add: { items: [{ group: "all" }] } };
  };

  // eventName -> template. req/resp return the requestParameters/responseElements; extra adds the
  // optional keys (additionalEventData, resources, ...).
  const ec2Describe = (req) => ({ svc: "ec2", readOnly: true, req, resp: () => null });
  const E = {
    DescribeInstances: ec2Describe((c) => (r.chance(0.5) ? { instancesSet: { items: [{ instanceId: instanceId() }] }, filterSet: {} } : { maxResults: 1000, instancesSet: {}, filterSet: filter("tag:Name", ["web-*", "api-*"]) })),
    DescribeInstanceStatus: ec2Describe(() => ({ instancesSet: {}, filterSet: {}, includeAllInstances: r.chance(0.3) })),
    DescribeVolumes: ec2Describe(() => ({ volumeSet: {}, filterSet: filter("attachment.instance-id", [instanceId()]) })),
    DescribeSnapshots: ec2Describe(() => ({ snapshotSet: {}, ownersSet: { items: [{ owner: "self" }] }, sharedUsersSet: {}, filterSet: {} })),
    DescribeSecurityGroups: ec2Describe(() => ({ securityGroupSet: {}, securityGroupIdSet: { items: [{ groupId: "sg-0" + r.hex(16) }] }, filterSet: {} })),
    DescribeSubnets: ec2Describe((c) => ({ subnetSet: {}, filterSet: filter("vpc-id", [r.pick(w.vpcsOf.get(c.acct))]) })),
    DescribeVpcs: ec2Describe(() => ({ vpcSet: {}, filterSet: {} })),
    DescribeImages: ec2Describe(() => ({ executableBySet: {}, imagesSet: { items: [{ imageId: r.pick(w.amis) }] }, ownersSet: {}, includeDeprecated: false, filterSet: {} })),
    DescribeNetworkInterfaces: ec2Describe((c) => ({ networkInterfaceIdSet: {}, filterSet: filter("vpc-id", [r.pick(w.vpcsOf.get(c.acct))]) })),
    DescribeAddresses: ec2Describe(() => ({ publicIpsSet: {}, allocationIdSet: {}, filterSet: {} })),
    DescribeTags: ec2Describe(() => ({ filterSet: filter("resource-id", [instanceId()]) })),
    DescribeRegions: ec2Describe(() => ({ regionSet: {}, allRegions: false })),
    DescribeAvailabilityZones: ec2Describe(() => ({ availabilityZoneSet: {}, availabilityZoneIdSet: {}, allAvailabilityZones: false })),
    RunInstances: {
      svc: "ec2", readOnly: false,
      req: (c) => {
        c.count = r.chance(0.5) ? 1 : r.chance(0.5) ? 2 : 3 + r.int(4);
        c.ami = r.pick(w.amis);
        c.type = r.pick(INSTANCE_TYPES);
        c.subnet = "subnet-0" + r.hex(16);
        c.clientToken = r.uuid();
        return {
          instancesSet: { items: [{ imageId: c.ami, minCount: 1, maxCount: c.count }] }, instanceType: c.type, blockDeviceMapping: {},
          monitoring: { enabled: false }, subnetId: c.subnet, disableApiTermination: false, disableApiStop: false, clientToken: c.clientToken,
          tagSpecificationSet: { items: [{ resourceType: "instance", tags: tags(3) }] },
        };
      },
      resp: (c) => {
        const vpc = r.pick(w.vpcsOf.get(c.acct));
        const sg = "sg-0" + r.hex(16);
        return {
          requestId: c.requestID, reservationId: "r-0" + r.hex(16), ownerId: c.acct, groupSet: {},
          instancesSet: { items: Array.from({ length: c.count }, () => runInstancesItem(c, c.ami, c.type, c.subnet, vpc, sg, r.chance(0.3) ? w.publicIp() : null)) },
          ...(c.principal.invokedBy ? { requesterId: r.digits(12) } : {}),
        };
      },
    },
    TerminateInstances: ec2State("shutting-down", 32, "running", 16),
    StartInstances: ec2State("pending", 0, "stopped", 80),
    StopInstances: ec2State("stopping", 64, "running", 16),
    CreateTags: { svc: "ec2", readOnly: false, req: () => ({ resourcesSet: { items: [{ resourceId: instanceId() }] }, tagSet: { items: tags(2) } }), resp: (c) => ({ requestId: c.requestID, _return: true }) },
    CreateSnapshot: {
      svc: "ec2", readOnly: false,
      req: (c) => ((c.volume = "vol-0" + r.hex(16)), { volumeId: c.volume, description: `Created by AWS Backup for ${c.volume}` }),
      resp: (c) => ({ requestId: c.requestID, snapshotId: "snap-0" + r.hex(16), volumeId: c.volume, status: "pending", startTime: c.t * 1000, progress: "", ownerId: c.acct, volumeSize: 8 * (1 + r.int(64)), encrypted: r.chance(0.8), tagSet: {} }),
    },
    AuthorizeSecurityGroupIngress: {
      svc: "ec2", readOnly: false,
      req: (c) => ((c.sg = "sg-0" + r.hex(16)), (c.port = r.pick([22, 443, 3389, 5432])), { groupId: c.sg, ipPermissions: { items: [{ ipProtocol: "tcp", fromPort: c.port, toPort: c.port, groups: {}, ipRanges: { items: [{ cidrIp: r.chance(0.3) ? "0.0.0.0/0" : "10.0.0.0/8" }] }, ipv6Ranges: {}, prefixListIds: {} }] } }),
      resp: (c) => ({ requestId: c.requestID, _return: true, securityGroupRuleSet: { items: [{ groupOwnerId: c.acct, groupId: c.sg, securityGroupRuleId: "sgr-0" + r.hex(16), isEgress: false, ipProtocol: "tcp", fromPort: c.port, toPort: c.port, cidrIpv4: "10.0.0.0/8" }] } }),
    },
    ModifySnapshotAttribute: {
      svc: "ec2", readOnly: false, human: true,
      req: (c) => ({ snapshotId: "snap-0" + r.hex(16), attributeType: "CREATE_VOLUME_PERMISSION", createVolumePermission: modifySnapshotItems(c) }),
      resp: (c) => ({ requestId: c.requestID, _return: true }),
    },

    GetObject: s3Data(false, () => 1024 + r.int(5_000_000)),
    PutObject: s3Data(true, () => 0),
    HeadObject: s3Data(false, () => 0),
    DeleteObject: s3Data(true, () => 0),
    ListObjects: {
      svc: "s3", readOnly: true, data: true,
      req: (c) => ({ "list-type": "2", bucketName: c.bucket, "encoding-type": "url", prefix: r.pick(OBJECT_PREFIXES), Host: c.host }),
      resp: () => null,
      extra: (c) => ({ additionalEventData: s3Extra(c, 2000 + r.int(80000)), resources: [{ type: "AWS::S3::Object", ARNPrefix: `arn:aws:s3:::${c.bucket}/` }, { accountId: c.acct, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${c.bucket}` }] }),
    },
    GetBucketAcl: s3Bucket(true, (c) => ({ bucketName: c.bucket, Host: c.host, acl: "" }), "config"),
    GetBucketLocation: s3Bucket(true, (c) => ({ bucketName: c.bucket, Host: c.host, location: "" })),
    GetBucketPolicy: s3Bucket(true, (c) => ({ bucketName: c.bucket, Host: c.host, policy: "" })),
    ListBuckets: s3Bucket(true, (c) => ({ Host: `s3.${c.region}.amazonaws.com` })),
    PutBucketPolicy: s3Bucket(false, (c) => ({
      bucketPolicy: { Version: "2012-10-17", Statement: [
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${c.bucket}`, `arn:aws:s3:::${c.bucket}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Sid: "AllowOrgRead", Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${c.bucket}`, `arn:aws:s3:::${c.bucket}/*`], Condition: { StringEquals: { "aws:PrincipalOrgID": w.orgId } } },
      ] },
      bucketName: c.bucket, Host: c.host, policy: "",
    })),

    GetUser: iam(true, (c) => ({ userName: `${r.pick(FIRST)}.${r.pick(LAST)}` })),
    ListRoles: iam(true, () => (r.chance(0.5) ? { maxItems: 100 } : null)),
    ListUsers: iam(true, () => null),
    GetRole: iam(true, () => ({ roleName: r.pick(["eks-node-group-role", "OrganizationAccountAccessRole", "lambda-orders-processor", "github-actions-deploy"]) })),
    ListAttachedRolePolicies: iam(true, () => ({ roleName: r.pick(["eks-node-group-role", "app-server-instance-role", "DatadogIntegrationRole"]) })),
    GetPolicyVersion: iam(true, () => ({ policyArn: r.pick(["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/SecurityAudit"]), versionId: "v" + (1 + r.int(9)) })),
    CreateAccessKey: {
      ...iam(false, (c) => ((c.user = `${r.pick(FIRST)}.${r.pick(LAST)}`), { userName: c.user })), human: true,
      resp: (c) => ({ accessKey: { userName: c.user, accessKeyId: "AKIA" + r.upper(16), status: "Active", createDate: awsDate(c.t) } }),
    },
    AttachRolePolicy: { ...iam(false, () => ({ roleName: "github-actions-deploy", policyArn: "arn:aws:iam::aws:policy/" + r.pick(["AdministratorAccess", "PowerUserAccess", "AmazonS3FullAccess"]) })), human: true },
    CreateUser: {
      ...iam(false, (c) => ((c.user = `${r.pick(FIRST)}.${r.pick(LAST)}-${r.digits(3)}`), { userName: c.user, tags: [] })), human: true,
      resp: (c) => ({ user: { path: "/", userName: c.user, userId: "AIDA" + r.upper(17), arn: `arn:aws:iam::${c.acct}:user/${c.user}`, createDate: awsDate(c.t) } }),
    },

    AssumeRole: {
      svc: "sts", readOnly: true, service: 0.75,
      req: (c) => {
        c.targetAcct = r.chance(0.1) ? r.pick(w.accounts) : c.acct;
        c.roleName = r.pick(["eks-node-group-role", "app-server-instance-role", "lambda-orders-processor", "DatadogIntegrationRole", "OrganizationAccountAccessRole", "github-actions-deploy"]);
        c.sessionName = c.principal.kind === "AWSService" ? (c.principal.invokedBy === "ec2.amazonaws.com" ? "i-0" + r.hex(16) : r.hex(32)) : `botocore-session-${c.t - r.int(100)}`;
        c.roleArn = `arn:aws:iam::${c.targetAcct}:role/${c.roleName}`;
        return { roleArn: c.roleArn, roleSessionName: c.sessionName, durationSeconds: 3600 };
      },
      resp: (c) => ({
        credentials: { accessKeyId: "ASIA" + r.upper(16), sessionToken: "IQoJb3JpZ2luX2Vj" + r.b64(360 + 4 * r.int(60)), expiration: awsDate(c.t + 3600) },
        assumedRoleUser: { assumedRoleId: `AROA${r.upper(17)}:${c.sessionName}`, arn: `arn:aws:sts::${c.targetAcct}:assumed-role/${c.roleName}/${c.sessionName}` },
      }),
      extra: (c) => ({ resources: [{ accountId: c.targetAcct, type: "AWS::IAM::Role", ARN: c.roleArn }], ...(c.targetAcct !== c.acct ? { sharedEventID: r.uuid() } : {}) }),
    },
    GetCallerIdentity: { svc: "sts", readOnly: true, req: () => null, resp: () => null },
    GetSessionToken: { svc: "sts", readOnly: true, human: true, req: () => ({ durationSeconds: 43200 }), resp: (c) => ({ credentials: { accessKeyId: "ASIA" + r.upper(16), sessionToken: "IQoJb3JpZ2luX2Vj" + r.b64(400), expiration: awsDate(c.t + 43200) } }) },

    Decrypt: kms(true, (c) => ({ encryptionAlgorithm: "SYMMETRIC_DEFAULT", ...(r.chance(0.5) ? { encryptionContext: { "aws:s3:arn": `arn:aws:s3:::${r.pick(w.bucketsOf.get(c.acct))}/${r.pick(OBJECT_PREFIXES)}${r.hex(12)}` } } : { encryptionContext: { "aws:lambda:FunctionArn": `arn:aws:lambda:${c.region}:${c.acct}:function:orders-processor` } }) }), 0.6),
    GenerateDataKey: kms(true, (c) => ({ keyId: c.keyArn, keySpec: "AES_256", encryptionContext: { "aws:s3:arn": `arn:aws:s3:::${r.pick(w.bucketsOf.get(c.acct))}` } }), 0.6),
    Encrypt: kms(true, (c) => ({ keyId: c.keyArn, encryptionAlgorithm: "SYMMETRIC_DEFAULT" })),
    DescribeKey: kms(true, (c) => ({ keyId: `alias/${r.pick(["aws/ebs", "aws/s3", "orders", "secrets"])}` })),
    ListAliases: kms(true, () => ({ limit: 100 })),

    DescribeTrails: trail(true, () => ({ trailNameList: [], includeShadowTrails: true })),
    GetTrailStatus: trail(true, (c) => ({ name: `arn:aws:cloudtrail:us-east-1:${c.acct}:trail/org-trail` })),
    GetEventSelectors: trail(true, (c) => ({ trailName: `arn:aws:cloudtrail:us-east-1:${c.acct}:trail/org-trail` })),
    LookupEvents: trail(true, (c) => ({ maxResults: 50, lookupAttributes: [{ attributeKey: "EventName", attributeValue: r.pick(["ConsoleLogin", "RunInstances", "CreateUser"]) }], startTime: awsDate(c.t - 86400), endTime: awsDate(c.t) })),
    StopLogging: { ...trail(false, (c) => ({ name: `arn:aws:cloudtrail:us-east-1:${c.acct}:trail/org-trail` })), human: true },

    ConsoleLogin: { svc: "signin", console: true, human: true, readOnly: false },
    SwitchRole: { svc: "signin", console: true, human: true, readOnly: false },
  };

  function ec2State(cur, curCode, prev, prevCode) {
    return {
      svc: "ec2", readOnly: false,
      req: (c) => ((c.ids = Array.from({ length: 1 + r.int(2) }, instanceId)), { instancesSet: { items: c.ids.map((instanceId) => ({ instanceId })) } }),
      resp: (c) => ({ requestId: c.requestID, instancesSet: { items: c.ids.map((instanceId) => ({ instanceId, currentState: { code: curCode, name: cur }, previousState: { code: prevCode, name: prev } })) } }),
    };
  }
  function s3Data(write, bytesOut) {
    return {
      svc: "s3", readOnly: !write, data: true,
      req: (c) => ((c.key = `${r.pick(OBJECT_PREFIXES)}${r.hex(12)}${r.pick(OBJECT_EXT)}`), { bucketName: c.bucket, Host: c.host, key: c.key }),
      resp: () => (write && r.chance(0.5) ? { "x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": `arn:aws:kms:us-east-1:${r.pick(w.accounts)}:key/${r.uuid()}` } : null),
      extra: (c) => ({ additionalEventData: s3Extra(c, bytesOut()), resources: [{ type: "AWS::S3::Object", ARN: `arn:aws:s3:::${c.bucket}/${c.key}` }, { accountId: c.acct, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${c.bucket}` }] }),
    };
  }
  function s3Bucket(readOnly, req, caller) {
    return {
      svc: "s3", readOnly, caller, req, resp: () => null,
      extra: (c) => ({ additionalEventData: s3Extra(c, 0), ...(!c.listBuckets ? { resources: [{ accountId: c.acct, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${c.bucket}` }] } : {}) }),
    };
  }
  function iam(readOnly, req) {
    return { svc: "iam", readOnly, req, resp: () => null };
  }
  function kms(readOnly, req, service = 0) {
    return {
      svc: "kms", readOnly, req, resp: () => null, service,
      extra: (c) => ({ resources: [{ accountId: c.acct, type: "AWS::KMS::Key", ARN: c.keyArn }] }),
    };
  }
  function trail(readOnly, req) {
    return { svc: "cloudtrail", readOnly, req, resp: () => null };
  }

  // Frequencies per 100,000 events: reads (Describe*/List*/Get*) dominate.
  const FREQ = [
    ["DescribeInstances", 9000], ["DescribeInstanceStatus", 4000], ["DescribeVolumes", 3500], ["DescribeSnapshots", 2500],
    ["DescribeSecurityGroups", 3500], ["DescribeSubnets", 2000], ["DescribeVpcs", 1500], ["DescribeImages", 1500],
    ["DescribeNetworkInterfaces", 2500], ["DescribeAddresses", 800], ["DescribeTags", 1500], ["DescribeRegions", 600],
    ["DescribeAvailabilityZones", 700], ["RunInstances", 250], ["TerminateInstances", 150], ["StartInstances", 100],
    ["StopInstances", 100], ["CreateTags", 500], ["CreateSnapshot", 200], ["AuthorizeSecurityGroupIngress", 40],
    ["GetObject", 4500], ["PutObject", 1500], ["HeadObject", 1000], ["ListObjects", 1000], ["DeleteObject", 400],
    ["GetBucketAcl", 2500], ["GetBucketLocation", 2000], ["GetBucketPolicy", 600], ["ListBuckets", 700], ["PutBucketPolicy", 20],
    ["GetUser", 800], ["ListRoles", 600], ["ListUsers", 300], ["GetRole", 900], ["ListAttachedRolePolicies", 700],
    ["GetPolicyVersion", 400], ["CreateAccessKey", 15], ["AttachRolePolicy", 20], ["CreateUser", 8],
    ["AssumeRole", 8000], ["GetCallerIdentity", 3000], ["GetSessionToken", 150],
    ["Decrypt", 7500], ["GenerateDataKey", 3000], ["Encrypt", 800], ["DescribeKey", 900], ["ListAliases", 300],
    ["DescribeTrails", 400], ["GetTrailStatus", 400], ["GetEventSelectors", 200], ["LookupEvents", 300], ["StopLogging", 2],
    ["ConsoleLogin", 250], ["SwitchRole", 50],
  ];
  const pickName = r.weighted(FREQ);

  const errorFor = (svc, name, c) => {
    const arn = c.identity.arn ?? "";
    if (svc === "ec2") return ["Client.UnauthorizedOperation", "You are not authorized to perform this operation. User: " + arn + " is not authorized to perform: ec2:" + name + " because no identity-based policy allows the ec2:" + name + " action. Encoded authorization failure message: " + r.b64(240)];
    if (svc === "kms" && r.chance(0.5)) return ["ThrottlingException", "Rate exceeded"];
    if (svc === "s3" && name === "GetObject" && r.chance(0.5)) return ["NoSuchKey", "The specified key does not exist."];
    return ["AccessDenied", `User: ${arn} is not authorized to perform: ${svc}:${name} because no identity-based policy allows the ${svc}:${name} action`];
  };

  let lastT = -1;
  let lastIso = "";
  /** The record for event number `i` of `n` (a plain object, keys in CloudTrail's order). */
  function record(i, n) {
    const t = START + Math.floor((i * SPAN) / n);
    if (t !== lastT) {
      lastT = t;
      lastIso = isoTime(t);
    }
    const name = i % MODIFY_SNAPSHOT_EVERY === modifySnapshotSlot(i) ? "ModifySnapshotAttribute" : pickName();
    const spec = E[name];
    const svc = spec.svc;

    // The caller.
    let principal;
    if (spec.service && r.chance(spec.service)) {
      principal = { kind: "AWSService", invokedBy: svc === "kms" ? r.pick(["s3.amazonaws.com", "secretsmanager.amazonaws.com", "ebs.amazonaws.com"]) : r.pick(w.services) };
    } else if (spec.caller === "config" && r.chance(0.7)) {
      principal = r.pick(configRoles);
    } else if (spec.human) {
      principal = name === "ConsoleLogin" && r.chance(0.05) ? r.pick(roots) : pickHuman();
    } else {
      principal = pickPrincipal();
      if (principal.kind === "Root" && !r.chance(0.1)) principal = pickPrincipal();
    }
    if (spec.console && principal.kind === "AssumedRole" && principal.style !== "sso") principal = pickHuman();
    const acct = principal.kind === "AWSService" ? r.pick(w.accounts) : principal.acct;
    const region = svc === "iam" || svc === "signin" ? "us-east-1" : pickRegion();
    const consoleCall = spec.console || principal.console === true;
    const c = { t, acct, region, principal, requestID: svc === "s3" ? r.alnum(16) : r.uuid(), console: consoleCall };
    c.identity = principal.kind === "AWSService" ? { type: "AWSService", invokedBy: principal.invokedBy } : identity(principal, t, c);

    // Where the call came from.
    let sourceIPAddress;
    let userAgent;
    if (principal.kind === "AWSService") {
      sourceIPAddress = principal.invokedBy;
      userAgent = principal.invokedBy;
    } else if (principal.invokedBy) {
      sourceIPAddress = principal.invokedBy;
      userAgent = principal.invokedBy;
    } else {
      sourceIPAddress = principal.ip ?? w.publicIp();
      userAgent = spec.console ? w.browser() : principal.ua ?? "AWS Internal";
      if (principal.console && !spec.console) userAgent = r.chance(0.5) ? "AWS Internal" : `console.${svc}.amazonaws.com`;
    }
    const viaService = principal.kind === "AWSService" || principal.invokedBy !== undefined;
    if (svc === "s3") {
      c.bucket = r.pick(w.bucketsOf.get(acct));
      c.host = name === "ListBuckets" ? `s3.${region}.amazonaws.com` : `${c.bucket}.s3.${region}.amazonaws.com`;
      c.listBuckets = name === "ListBuckets";
      if (!viaService && userAgent !== "AWS Internal") userAgent = `[${userAgent}]`;
    }
    if (svc === "kms") c.keyArn = `arn:aws:kms:${region}:${acct}:key/${r.pick(w.kmsKeysOf.get(acct))}`;
    const host = svc === "iam" ? "iam.amazonaws.com" : svc === "signin" ? "signin.aws.amazon.com" : svc === "s3" ? c.host : `${svc}.${region}.amazonaws.com`;
    c.tls = viaService || userAgent === "AWS Internal" ? null : tls(host);

    const rec = { eventVersion: VERSION[svc], userIdentity: c.identity, eventTime: lastIso, eventSource: `${svc}.amazonaws.com`, eventName: name, awsRegion: region, sourceIPAddress, userAgent };

    if (spec.console) {
      // Console sign-in events: no requestID, the outcome in responseElements.
      const ok = !r.chance(0.06);
      if (!ok) {
        rec.errorMessage = "Failed authentication";
      }
      rec.requestParameters = null;
      if (name === "ConsoleLogin") {
        rec.responseElements = { ConsoleLogin: ok ? "Success" : "Failure" };
        rec.additionalEventData = { LoginTo: "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_" + r.hex(16), MobileVersion: "No", MFAUsed: principal.kind === "Root" || r.chance(0.7) ? "Yes" : "No" };
      } else {
        rec.responseElements = { SwitchRole: ok ? "Success" : "Failure" };
        rec.additionalEventData = { SwitchFrom: `arn:aws:iam::${acct}:user/${r.pick(FIRST)}.${r.pick(LAST)}`, RedirectTo: "https://console.aws.amazon.com/console/home" };
      }
      rec.eventID = r.uuid();
      rec.readOnly = false;
      rec.eventType = "AwsConsoleSignIn";
      rec.managementEvent = true;
      rec.recipientAccountId = acct;
      rec.eventCategory = "Management";
      if (c.tls) rec.tlsDetails = c.tls;
      return rec;
    }

    const failed = !spec.data && r.chance(name === "ModifySnapshotAttribute" ? 0 : 0.02);
    if (failed) {
      const [code, message] = errorFor(svc, name, { ...c, identity: c.identity });
      rec.errorCode = code;
      rec.errorMessage = message;
    }
    rec.requestParameters = spec.req(c);
    rec.responseElements = failed ? null : spec.resp(c);
    const extra = spec.extra ? spec.extra(c) : {};
    if (extra.additionalEventData) rec.additionalEventData = extra.additionalEventData;
    rec.requestID = c.requestID;
    rec.eventID = r.uuid();
    rec.readOnly = spec.readOnly;
    if (extra.resources) rec.resources = extra.resources;
    rec.eventType = "AwsApiCall";
    rec.managementEvent = !spec.data;
    rec.recipientAccountId = acct;
    if (extra.sharedEventID) rec.sharedEventID = extra.sharedEventID;
    rec.eventCategory = spec.data ? "Data" : "Management";
    if (c.tls) rec.tlsDetails = c.tls;
    return rec;
  }

  return { record };
}

// ---------------------------------------------------------------------------------------------
// Files

export function defaultPath(events, seed = DEFAULT_SEED) {
  return join(tmpdir(), "spelunk-bench", `cloudtrail-v${GENERATOR_VERSION}-seed${seed}-${events}.jsonl`);
}

function metaPath(file) {
  return file + ".meta.json";
}

/** The metadata of `file` when it was generated with these parameters, else null. */
export function existingDataset(file, events, seed) {
  try {
    const meta = JSON.parse(readFileSync(metaPath(file), "utf8"));
    const size = statSync(file).size;
    if (meta.generatorVersion === GENERATOR_VERSION && meta.events === events && meta.seed === seed && meta.bytes === size) return meta;
  } catch {
    // no file or no meta: generate
  }
  return null;
}

/** Write `events` records to `file` (streamed, one JSON.stringify per record). */
export async function generate(file, events, seed = DEFAULT_SEED, log = () => {}) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp, { highWaterMark: 1 << 22 });
  const gen = createGenerator(seed);
  const started = Date.now();
  let bytes = 0;
  let batch = [];
  let batchLen = 0;
  let logged = 0;
  const counts = new Map();
  for (let i = 0; i < events; i++) {
    const rec = gen.record(i, events);
    counts.set(rec.eventName, (counts.get(rec.eventName) ?? 0) + 1);
    const line = JSON.stringify(rec) + "\n";
    batch.push(line);
    batchLen += line.length;
    if (batchLen >= 1 << 22) {
      const chunk = batch.join("");
      bytes += Buffer.byteLength(chunk);
      batch = [];
      batchLen = 0;
      if (!out.write(chunk)) await once(out, "drain");
      if (bytes - logged >= 100e6) {
        logged = bytes;
        log(`  ${i + 1} events, ${(bytes / 1e6).toFixed(0)} MB`);
      }
    }
  }
  const chunk = batch.join("");
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, "finish");
  renameSync(tmp, file);
  const meta = {
    generatorVersion: GENERATOR_VERSION, events, seed, bytes,
    seconds: (Date.now() - started) / 1000,
    eventNames: Object.fromEntries([...counts].sort((a, b) => b[1] - a[1])),
  };
  writeFileSync(metaPath(file), JSON.stringify(meta, null, 2) + "\n");
  return meta;
}

/** The dataset for these parameters: reused when it exists, generated otherwise. */
export async function ensureDataset({ events = DEFAULT_EVENTS, seed = DEFAULT_SEED, out, force = false, log = () => {} } = {}) {
  const file = resolve(out ?? defaultPath(events, seed));
  if (!force) {
    const meta = existingDataset(file, events, seed);
    if (meta) return { file, meta, reused: true };
  }
  log(`generating ${events} events into ${file}`);
  const meta = await generate(file, events, seed, log);
  return { file, meta, reused: false };
}

/** `1000000`, `1_000_000`, `1,000,000`, `3e6`, `100k`, `3M`. */
export function parseCount(text) {
  const s = String(text).trim().replace(/[_,]/g, "");
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([kKmM]?)$/.exec(s);
  if (!m) throw new Error(`not a count: ${text}`);
  const n = Number(m[1]) * (m[2] === "k" || m[2] === "K" ? 1e3 : m[2] === "m" || m[2] === "M" ? 1e6 : 1);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`not a positive whole count: ${text}`);
  return n;
}

async function main(argv) {
  let events = DEFAULT_EVENTS;
  let seed = DEFAULT_SEED;
  let out;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--events") events = parseCount(value());
    else if (a === "--seed") seed = parseCount(value());
    else if (a === "--out") out = value();
    else if (a === "--force") force = true;
    else if (a === "--help" || a === "-h") {
      process.stdout.write("usage: node test/bench/generate.mjs [--events N] [--out path] [--seed S] [--force]\n");
      return;
    } else throw new Error(`unknown argument ${a}`);
  }
  const { file, meta, reused } = await ensureDataset({ events, seed, out, force, log: (s) => process.stderr.write(s + "\n") });
  process.stdout.write(`${reused ? "reused" : "wrote"} ${file}: ${meta.events} events, ${(meta.bytes / 1e6).toFixed(1)} MB\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`generate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
