import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMacroDir, loadMacroFile, loadMacros, parseMacroYaml, parseMacrosConf } from "../../src/macros/load.js";
import { expandMacros } from "../../src/macros/expand.js";
import { MacroTable, stanzaName } from "../../src/macros/table.js";
import { diagnosticOf } from "./helpers.js";

// Sources: "2.x" = /work/shared/reference/spl-semantics.md section 2 (2.5-2.8 quote the
// macros.conf spec [S12]); "S48" = security_content macro YAML (name/definition/arguments);
// "brief" = the task specification.

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "spelunk-macros-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, text: string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe("macros.conf", () => {
  it("2.5-2.8: stanzas, args, definition, iseval, validation, errormsg (Examples 2.A, 2.B, 2.F)", () => {
    const defs = parseMacrosConf(
      [
        "# a comment",
        "[cloudtrail]",
        "definition = sourcetype=aws:cloudtrail",
        "",
        "[security_content_ctime(1)]",
        "args = field",
        'definition = convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)',
        "",
        "[status_band(2)]",
        "args = lo, hi",
        "definition = status>=$lo$ status<$hi$",
        "validation = isnum($lo$) AND isnum($hi$)",
        "errormsg = lo and hi must be numbers",
        "iseval = 0",
        "",
        "[ev]",
        "definition = \"a\" . \"b\"",
        "iseval = true",
      ].join("\n"),
      "macros.conf",
    );
    expect(defs).toEqual([
      { name: "cloudtrail", args: [], definition: "sourcetype=aws:cloudtrail", iseval: false, origin: "macros.conf" },
      {
        name: "security_content_ctime",
        args: ["field"],
        definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)',
        iseval: false,
        origin: "macros.conf",
      },
      {
        name: "status_band",
        args: ["lo", "hi"],
        definition: "status>=$lo$ status<$hi$",
        iseval: false,
        validation: "isnum($lo$) AND isnum($hi$)",
        errormsg: "lo and hi must be numbers",
        origin: "macros.conf",
      },
      { name: "ev", args: [], definition: '"a" . "b"', iseval: true, origin: "macros.conf" },
    ]);
  });

  it("brief: a definition continues over lines ending with a backslash (CRLF too)", () => {
    const defs = parseMacrosConf(
      "[long]\r\ndefinition = search a \\\r\n| stats count \\\r\n   by user\r\nargs = ignored\r\n[next]\ndefinition = n\n",
      "m.conf",
    );
    expect(defs.map((d) => [d.name, d.definition])).toEqual([
      ["long", "search a \n| stats count \n   by user"],
      ["next", "n"],
    ]);
    const { text } = expandMacros("`long` | x", new MacroTable(defs));
    expect(text).toBe("search a \n| stats count \n   by user | x");
  });

  it("2.6: args is ignored for a zero-argument stanza", () => {
    expect(parseMacrosConf("[m]\nargs = a, b\ndefinition = $a$", "m.conf")[0]?.args).toEqual([]);
  });

  it("brief: [default], settings before the first stanza and unknown keys are ignored", () => {
    const defs = parseMacrosConf(
      "top = level\n[default]\ndefinition = nope\n[m]\ndescription = words\ndefinition = x\n",
      "m.conf",
    );
    expect(defs.map((d) => d.name)).toEqual(["m"]);
  });

  it("brief: a repeated stanza in one file merges, the last value of a key wins", () => {
    const defs = parseMacrosConf("[m]\ndefinition = one\n[n]\ndefinition = n\n[m]\ndefinition = two\n", "m.conf");
    expect(defs.map((d) => [d.name, d.definition])).toEqual([
      ["m", "two"],
      ["n", "n"],
    ]);
  });

  const bad: ReadonlyArray<{ cite: string; text: string; message: string }> = [
    { cite: "brief: a stanza without definition", text: "[m]\nargs = a\n", message: "m.conf:1: stanza [m] has no definition" },
    {
      cite: "2.5 + 2.6: [m(2)] must list two args",
      text: "[m(2)]\nargs = a\ndefinition = x\n",
      message: "takes 2 arguments but args lists 1",
    },
    { cite: "2.6: repeated argument names", text: "[m(2)]\nargs = a, a\ndefinition = x\n", message: "listed twice" },
    { cite: "brief: a name with a slash", text: "[../etc]\ndefinition = x\n", message: "invalid macro name" },
    { cite: "brief: a malformed header", text: "[m\ndefinition = x\n", message: "malformed stanza header" },
    { cite: "brief: a line that is not key = value", text: "[m]\ndefinition = x\njunk\n", message: "m.conf:3" },
  ];
  it.each(bad)("$cite", ({ text, message }) => {
    const d = diagnosticOf(() => parseMacrosConf(text, "m.conf"));
    expect(d.code).toBe("macro-definition");
    expect(d.span).toBeNull();
    expect(d.message).toContain(message);
  });
});

describe("security_content YAML (S48)", () => {
  it("S48: name, definition, arguments; description ignored (Example 2.B)", () => {
    const path = write(
      "security_content_ctime.yml",
      "arguments:\n  - field\ndefinition: 'convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)'\ndescription: convert epoch time to string\nname: security_content_ctime\n",
    );
    expect(loadMacroFile(path)).toEqual([
      {
        name: "security_content_ctime",
        args: ["field"],
        definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)',
        iseval: false,
        origin: path,
      },
    ]);
  });

  it("S48 + brief: a multi-line quoted definition with unindented lines (as PyYAML reads it)", () => {
    const text = "arguments:\n  - b64in\ndefinition: 'eval x=split($b64in$,\"\") \n| eval y=1\n| fields - x'\nname: b64\n";
    const def = parseMacroYaml(text, "b64.yml");
    expect(def.definition).toBe('eval x=split($b64in$,"") | eval y=1 | fields - x');
    expect(def.args).toEqual(["b64in"]);
  });

  const bad: ReadonlyArray<{ cite: string; text: string; message: string }> = [
    { cite: "brief: no name", text: "definition: x\n", message: "has no name" },
    { cite: "brief: no definition", text: "name: m\n", message: "has no definition" },
    { cite: "brief: not a mapping", text: "- a\n- b\n", message: "must be a YAML mapping" },
    { cite: "brief: invalid YAML", text: "name: [unclosed\n", message: "is not valid YAML" },
    { cite: "brief: a name with a slash", text: "name: a/b\ndefinition: x\n", message: "invalid macro name" },
    { cite: "brief: a name with ..", text: "name: a..b\ndefinition: x\n", message: "invalid macro name" },
    { cite: "brief: a name with a backslash", text: "name: 'a\\b'\ndefinition: x\n", message: "invalid macro name" },
    { cite: "brief: arguments not a list of names", text: "name: m\ndefinition: x\narguments: 3\n", message: "arguments must be a list" },
    { cite: "2.6: repeated argument names", text: "name: m\ndefinition: x\narguments: [a, a]\n", message: "listed twice" },
  ];
  it.each(bad)("$cite (the message names the file)", ({ text, message }) => {
    const path = write("bad.yml", text);
    const d = diagnosticOf(() => loadMacroFile(path));
    expect(d.code).toBe("macro-definition");
    expect(d.message).toContain(message);
    expect(d.message).toContain(path);
  });
});

describe("loading directories and path lists", () => {
  it("brief: every *.yml, *.yaml and macros.conf below a directory, sorted, last wins", () => {
    write("b.yml", "name: shared\ndefinition: from-b\n");
    write("a.yaml", "name: shared\ndefinition: from-a\n");
    write("sub/c.yml", "name: c\ndefinition: C\narguments: [x]\n");
    write("app/default/macros.conf", "[conf_only]\ndefinition = default\n[shared]\ndefinition = from-default-conf\n");
    write("app/local/macros.conf", "[conf_only]\ndefinition = local\n");
    write("notes.txt", "name: ignored\n");
    write("other.conf", "[ignored]\ndefinition = x\n");
    const defs = loadMacroDir(dir);
    expect(defs.map((d) => `${stanzaName(d.name, d.args.length)}=${d.definition}`)).toEqual([
      "shared=from-a",
      "conf_only=default",
      "shared=from-default-conf",
      "conf_only=local",
      "shared=from-b",
      "c(1)=C",
    ]);
    const t = loadMacros([dir]);
    expect(t.names()).toEqual(["c", "conf_only", "shared"]);
    expect(t.get("shared", 0)?.definition).toBe("from-b");
    expect(t.get("conf_only", 0)?.definition).toBe("local");
    expect(t.get("c", 1)?.origin).toBe(join(dir, "sub", "c.yml"));
  });

  it("brief: loadMacros takes files and directories in order; the last loaded wins", () => {
    write("d/one.yml", "name: m\ndefinition: dir\n");
    const conf = write("override/macros.conf", "[m]\ndefinition = conf\n[m(1)]\nargs = a\ndefinition = <$a$>\n");
    const t = loadMacros([join(dir, "d"), conf]);
    expect(t.get("m", 0)?.definition).toBe("conf");
    expect(expandMacros("`m` `m(z)`", t).text).toBe("conf <z>");
    expect(loadMacros([conf, join(dir, "d")]).get("m", 0)?.definition).toBe("dir");
  });

  it("brief: a symlinked macro file is loaded; a symlinked directory is not followed", () => {
    const target = write("real/x.yml", "name: x\ndefinition: X\n");
    mkdirSync(join(dir, "links"));
    symlinkSync(target, join(dir, "links", "y.yml"));
    symlinkSync(join(dir, "real"), join(dir, "links", "loop"));
    expect(loadMacroDir(join(dir, "links")).map((d) => d.name)).toEqual(["x"]);
  });

  it("brief: a missing path is an input error; an unknown file type is a macro-definition error", () => {
    expect(diagnosticOf(() => loadMacros([join(dir, "nope")])).code).toBe("input-error");
    const txt = write("m.txt", "x");
    expect(diagnosticOf(() => loadMacroFile(txt)).code).toBe("macro-definition");
  });

  it("brief: a YAML file without name/definition in a directory fails naming that file", () => {
    write("good.yml", "name: g\ndefinition: G\n");
    const badPath = write("zz/bad.yml", "description: nothing else\n");
    const d = diagnosticOf(() => loadMacros([dir]));
    expect(d.code).toBe("macro-definition");
    expect(d.message).toContain(badPath);
  });
});
