// `spelunk repl`: the input rules, and the real command (the built dist/) with piped stdin and, where
// `script` can give it a pseudo-terminal, interactively.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { complete, needsMore, splitInputs } from "../../src/cli/repl-text.js";

const root = join(import.meta.dirname, "..", "..");
const bin = join(root, "dist", "bundle", "main.js");

function repl(input: string, args: string[] = ["--data", "examples/cloudtrail"]) {
  const r = spawnSync(process.execPath, [bin, "repl", ...args], { cwd: root, encoding: "utf8", input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("repl input rules", () => {
  it("an input is unfinished after | or inside ( [ \" `", () => {
    expect(needsMore("* | stats count |")).toBe(true);
    expect(needsMore("* | eval x=if(a")).toBe(true);
    expect(needsMore('* | search "a b')).toBe(true);
    expect(needsMore("`cloudtrail")).toBe(true);
    expect(needsMore("* [ search a")).toBe(true);
    expect(needsMore('* | eval x="(" | stats count')).toBe(false);
  });

  it("piped input: a search per line, continued lines and blank-line blocks", () => {
    expect(splitInputs("a\nb\n")).toEqual(["a", "b"]);
    expect(splitInputs("a |\nstats count\n\nb\n| table x\n.fields\nc")).toEqual(["a |\nstats count", "b\n| table x", ".fields", "c"]);
    expect(splitInputs("* | eval x=if(a,\n1, 2)\n\n\n| makeresults")).toEqual(["* | eval x=if(a,\n1, 2)", "| makeresults"]);
  });

  it("completes commands, functions, macros and fields", () => {
    const words = { commands: ["stats", "search", "eval"], functions: ["len", "lower"], macros: ["cloudtrail"], fields: ["eventName", "resources{}.ARN"] };
    expect(complete("* | st", words)).toEqual([["stats"], "st"]);
    expect(complete("* | eval x=l", words)).toEqual([["len(", "lower("], "l"]);
    expect(complete("`cl", words)).toEqual([["cloudtrail"], "cl"]);
    expect(complete("* | table resou", words)).toEqual([["resources{}.ARN"], "resou"]);
    expect(complete("ev", words, true)).toEqual([["eval"], "ev"]);
    expect(complete(".fi", words)).toEqual([[".fields"], ".fi"]);
  });
});

describe("spelunk repl, piped", () => {
  it("runs a search per line and prints its rows", () => {
    const r = repl("eventName=CreateAccessKey | table eventName userName\n* | stats count\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^eventName\s+userName\n-+\s+-+\nCreateAccessKey\s+jmiller\ncount\n-----\n20\n$/);
    expect(r.stderr).toMatch(/^1 result\(s\) in \d+ ms\n1 result\(s\) in \d+ ms\n$/);
  });

  it("runs a block of several lines as one search", () => {
    const r = repl("sourcetype=aws:cloudtrail\n| stats count by eventName\n| where count > 1\n\n* | head 1 | table eventName\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^eventName\s+count\n-+\s+-+\nModifySnapshotAttribute\s+9\neventName\n-+\nModifyDBSnapshotAttribute\n$/);
  });

  it("shows a query error with a caret under the input and exits 65", () => {
    const r = repl("* | stats count\n* | eval x=len(\n\n* | head 1 | table eventName\n");
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("error [syntax-error]");
    expect(r.stderr).toMatch(/line 1, column 16:\n1 \| \* \| eval x=len\(\n {19}\^/);
    // The searches after it still run.
    expect(r.stdout).toContain("ModifyDBSnapshotAttribute");
  });

  it(".fields counts the fields of the loaded events; .expand expands macros", () => {
    const r = repl(".fields\n.expand `cloudtrail` eventName=x\n.format csv\n* | stats count\n", ["-d", "examples/cloudtrail", "-m", "queries/macros"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^\s*count\s+field$/);
    expect(lines).toContainEqual(expect.stringMatching(/^\s+20\s+eventName$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\s+7\s+requestParameters\.createVolumePermission\.add\.items\{\}\.userId$/));
    expect(r.stdout).toContain("\nsourcetype=aws:cloudtrail eventName=x\n");
    expect(r.stdout.endsWith("\ncount\n20\n")).toBe(true);
  });

  it("Ctrl-C (SIGINT) ends a piped run, as it ends any filter in a pipeline, after the earlier results are out", async () => {
    const child = spawn(process.execPath, [bin, "repl", "--data", "examples/cloudtrail"], { cwd: root });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    child.stdin.end('* | stats count\n* | eval x=replace("' + "a".repeat(60) + '!", "(a+)+$", "x")\n* | stats dc(eventName)\n');
    const start = Date.now();
    while (!/count\n-----\n20\n/.test(out)) {
      if (Date.now() - start > 15_000) throw new Error(`no first result in ${JSON.stringify(out)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(out).not.toMatch(/dc\(eventName\)/);
  });

  it(".data replaces the event files; an unknown dot command is an error", () => {
    const r = repl(".data examples/cloudtrail/more-events.jsonl\n* | stats count\n.nope\n", []);
    expect(r.code).toBe(65);
    expect(r.stdout).toMatch(/^6 event\(s\) from 1 file\(s\), \d+ field\(s\)\ncount\n-----\n6\n$/);
    expect(r.stderr).toContain("unknown command .nope");
  });
});

const hasScript = process.platform === "linux" && spawnSync("sh", ["-c", "command -v script"]).status === 0;

describe.runIf(hasScript)("spelunk repl, on a pseudo-terminal", () => {
  it("completes, runs single- and multi-line queries, shows a caret, stops a running search on Ctrl-C, keeps history and leaves on Ctrl-D", async () => {
    const history = join(mkdtempSync(join(tmpdir(), "spelunk-repl-")), "history");
    const child = spawn("script", ["-qec", `"${process.execPath}" dist/bundle/main.js repl --data examples/cloudtrail`, "/dev/null"], {
      cwd: root,
      env: { ...process.env, SPELUNK_HISTORY: history, TERM: "xterm" },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const waitFor = async (re: RegExp) => {
      const start = Date.now();
      while (!re.test(out)) {
        if (Date.now() - start > 15_000) throw new Error(`no ${re} in ${JSON.stringify(out)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    try {
      await waitFor(/spelunk> /);
      child.stdin.write("* | sta\t");
      await waitFor(/\* \| stats/);
      child.stdin.write(" count by eventNa\t");
      await waitFor(/by eventName/);
      child.stdin.write("\r");
      await waitFor(/ModifySnapshotAttribute\s+9/);
      // A regular expression that backtracks without end: Ctrl-C stops it, the REPL stays.
      child.stdin.write('* | eval x=replace("' + "a".repeat(60) + '!", "(a+)+$", "x")\r');
      await new Promise((r) => setTimeout(r, 400));
      child.stdin.write("\x03");
      await waitFor(/\(stopped\)/);
      child.stdin.write("* | stats count\r");
      await waitFor(/count\r?\n-----\r?\n20\r?\n/);
      // A query over two lines: the first ends with a pipe, so the REPL waits for more.
      child.stdin.write("eventName=ModifySnapshotAttribute |\r");
      await waitFor(/\.\.\.> /);
      child.stdin.write("stats count AS shares\r");
      await waitFor(/shares\r?\n------\r?\n9\r?\n/);
      // A syntax error: line, column and a caret under the input.
      child.stdin.write("x=1 | eval y=\r");
      await waitFor(/line 1, column 14[\s\S]*\^/);
      child.stdin.write("\x04");
      expect(await exited).toBe(0);
      expect(readFileSync(history, "utf8").split("\n")).toContain("* | stats count by eventName");
    } finally {
      child.kill();
    }
  });
});
