// `npm run fuzz [-- --count N --seed S]`: feeds generated queries to spelunk's front end (macro
// expansion, parsing, planning) and checks that every one either compiles or comes back as a
// diagnostic with a valid position, never an exception. Three kinds of input, in turn: random text,
// soups of SPL tokens, and mutations of real detection searches. Deterministic for a seed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const { compileSearch, MacroTable, securityContentDefaults, loadMacros, loadDetection } = await import(join(ROOT, "dist", "src", "index.js"));

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const count = arg("--count", 100_000);
let seed = arg("--seed", 20261129) >>> 0;
const random = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const int = (n) => Math.floor(random() * n);

// Seeds: the shipped detections, the security_content corpus when it is beside the project, and a few
// written here.
const seeds = [
  'sourcetype=aws:cloudtrail eventName=ModifySnapshotAttribute | rename a.b{}.c as d | search d != NULL | eval m=if(d==e,"x","y") | table _time d e m | where m = "y"',
  '`cloudtrail` eventName IN (A, "B*") NOT errorCode=success | stats count min(_time) as firstTime values(x) by user, src | `security_content_ctime(firstTime)`',
  '| makeresults count=3 | eval x=random() % 10, y=case(x>5, "hi", true(), "lo") | sort - x | head 2',
  'index=main [search kind=bad | fields ip] | join type=left user [search kind=user | table user dept] | foreach a_* [eval <<FIELD>>=<<FIELD>>*2]',
  '* | rex field=_raw "(?<user>\\w+)@(?<domain>[^ ]+)" | spath input=payload path=a{1}.b output=c | bin _time span=1h | timechart span=1h count by user',
];
const corpus = join(ROOT, "..", "shared", "corpus", "security_content");
let macros = new MacroTable().withFallback(securityContentDefaults);
if (existsSync(corpus)) {
  macros = loadMacros([join(corpus, "macros")]).withFallback(securityContentDefaults);
  const dir = join(corpus, "detections", "cloud");
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".yml")).slice(0, 150)) {
    try {
      seeds.push(loadDetection(join(dir, f)).search);
    } catch {
      // unreadable detections are not seeds
    }
  }
}

const TOKENS = ["|", "search", "eval", "where", "stats", "table", "rename", "fields", "-", "+", "AS", "as", "BY", "by", "AND", "OR", "NOT", "XOR", "IN", "LIKE",
  "(", ")", "[", "]", "=", "==", "!=", "<", ">=", ",", ".", "*", "x", "a.b{}.c", "'q{}'", '"str"', '"un', "`m`", "`m(1,2)`", "```c```", "if(", "case(",
  "count", "values(x)", "count(eval(x>1))", "1", "-2.5e3", "\\", "\\\"", "$x$", "{", "}", "spath", "rex", "join", "foreach", "<<FIELD>>", "map", "search=", "maxsearches=", "replace", "WITH", "with", "in", "appendpipe", "$_serial_id$", "\n", "\t", " "];

function randomText() {
  let s = "";
  const n = int(60);
  for (let i = 0; i < n; i++) s += String.fromCharCode(random() < 0.9 ? 32 + int(95) : int(0x3000));
  return s;
}
function soup() {
  const n = 1 + int(25);
  let s = "";
  for (let i = 0; i < n; i++) s += (random() < 0.7 ? " " : "") + pick(TOKENS);
  return s;
}
function mutate(q) {
  let s = q;
  const k = 1 + int(4);
  for (let i = 0; i < k; i++) {
    const at = int(s.length + 1);
    switch (int(5)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + 1 + int(5));
        break;
      case 1:
        s = s.slice(0, at) + pick(TOKENS) + s.slice(at);
        break;
      case 2: {
        const from = int(s.length);
        s = s.slice(0, at) + s.slice(from, from + int(20)) + s.slice(at);
        break;
      }
      case 3:
        s = s.slice(0, at) + String.fromCharCode(int(128)) + s.slice(at);
        break;
      default:
        s = s.slice(0, at) + "(".repeat(int(300)) + s.slice(at);
    }
  }
  return s;
}

const started = Date.now();
const kinds = { random: 0, soup: 0, mutation: 0 };
let compiled = 0;
let diagnosed = 0;
for (let i = 0; i < count; i++) {
  const kind = i % 3 === 0 ? "random" : i % 3 === 1 ? "soup" : "mutation";
  const q = kind === "random" ? randomText() : kind === "soup" ? soup() : mutate(pick(seeds));
  kinds[kind]++;
  let r;
  try {
    r = compileSearch(q, { macros, now: 1705312800 });
  } catch (e) {
    console.error(`CRASH on query ${i} (${kind}): ${JSON.stringify(q)}\n${e instanceof Error ? e.stack : e}`);
    process.exit(1);
  }
  for (const d of r.diagnostics) {
    const s = d.span;
    if (s && !(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= q.length)) {
      console.error(`BAD POSITION on query ${i} (${kind}): ${JSON.stringify(q)} -> ${JSON.stringify(d)}`);
      process.exit(1);
    }
  }
  if (r.diagnostics.length) diagnosed++;
  else compiled++;
  if ((i + 1) % 10_000 === 0) process.stderr.write(`${i + 1} queries, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
const secs = (Date.now() - started) / 1000;
console.log(`fuzz: ${count} queries (${kinds.random} random text, ${kinds.soup} token soups, ${kinds.mutation} mutations of ${seeds.length} real searches) in ${secs.toFixed(1)} s`);
console.log(`${compiled} compiled, ${diagnosed} diagnosed with a valid position, 0 crashes`);
