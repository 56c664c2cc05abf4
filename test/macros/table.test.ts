import { describe, it, expect } from "vitest";
import { MacroTable, securityContentDefaults, stanzaName } from "../../src/macros/table.js";
import { expandMacros } from "../../src/macros/expand.js";
import { def, diagnosticOf } from "./helpers.js";

// Sources: "2.x" = /work/shared/reference/spl-semantics.md section 2; "corpus README" =
// /work/shared/corpus/README.md; "brief" = the task specification.

describe("MacroTable", () => {
  it("2.5: foo, foo(1), foo(2) are distinct entries", () => {
    const t = new MacroTable([def("foo", "0"), def("foo", "1", ["a"]), def("foo", "2", ["a", "b"])]);
    expect(t.get("foo", 0)?.definition).toBe("0");
    expect(t.get("foo", 1)?.definition).toBe("1");
    expect(t.get("foo", 2)?.definition).toBe("2");
    expect(t.get("foo", 3)).toBeUndefined();
    expect(t.arities("foo")).toEqual([0, 1, 2]);
    expect(t.size).toBe(3);
    expect(t.names()).toEqual(["foo"]);
  });

  it("brief: a later definition of the same name and arity replaces the earlier (last loaded wins)", () => {
    const t = new MacroTable();
    t.add(def("m", "first", [], { origin: "a.yml" })).add(def("m", "second", [], { origin: "b.yml" }));
    expect(t.get("m", 0)).toMatchObject({ definition: "second", origin: "b.yml" });
    expect(t.size).toBe(1);
  });

  it("brief + table.ts note: names are case-sensitive", () => {
    const t = new MacroTable([def("cloudtrail", "x")]);
    expect(t.has("cloudtrail", 0)).toBe(true);
    expect(t.has("Cloudtrail", 0)).toBe(false);
    expect(t.has("CLOUDTRAIL")).toBe(false);
  });

  it("brief: has(name) without arity asks for any arity; names() is sorted for completion", () => {
    const t = new MacroTable([def("zeta", "z"), def("alpha", "a", ["x"]), def("Beta", "b")]);
    expect(t.has("alpha")).toBe(true);
    expect(t.has("alpha", 0)).toBe(false);
    expect(t.names()).toEqual(["Beta", "alpha", "zeta"]);
    expect(t.definitions().map((d) => stanzaName(d.name, d.args.length))).toEqual(["Beta", "alpha(1)", "zeta"]);
  });

  it("brief: a name that is not plain is a macro-definition error", () => {
    for (const name of ["a/b", "a\\b", "..", "a..b", "", "a b", "x(1)"]) {
      expect(diagnosticOf(() => new MacroTable([def(name, "x")])).code).toBe("macro-definition");
    }
    expect(new MacroTable([def("a.b-c_9", "x")]).has("a.b-c_9")).toBe(true);
  });

  it("2.6: argument names are alphanumerics, '_' and '-', without repeats", () => {
    expect(diagnosticOf(() => new MacroTable([def("m", "x", ["a", "a"])])).message).toContain("listed twice");
    expect(diagnosticOf(() => new MacroTable([def("m", "x", ["a b"])])).message).toContain("invalid argument name");
    expect(new MacroTable([def("m", "x", ["a-1", "b_2"])]).has("m", 2)).toBe(true);
  });

  it("2.5: stanzaName writes name(N) for N > 0", () => {
    expect(stanzaName("foo", 0)).toBe("foo");
    expect(stanzaName("foo", 2)).toBe("foo(2)");
  });

  it("brief: withFallback supplies definitions the table lacks, without changing the table", () => {
    const base = new MacroTable([def("own", "mine")]);
    const withDefaults = base.withFallback((name, argc) => (name === "extra" && argc === 0 ? def("extra", "E") : undefined));
    expect(withDefaults.get("extra", 0)?.definition).toBe("E");
    expect(withDefaults.get("own", 0)?.definition).toBe("mine");
    expect(withDefaults.has("extra", 0)).toBe(true);
    expect(withDefaults.names()).toEqual(["own"]);
    expect(base.get("extra", 0)).toBeUndefined();
  });

  it("brief: the table's own definitions win over the fallback; fallbacks chain in order", () => {
    const t = new MacroTable([def("x_filter", "where 1=1")])
      .withFallback(securityContentDefaults)
      .withFallback((name) => (name === "late" ? def("late", "L") : undefined));
    expect(t.get("x_filter", 0)?.definition).toBe("where 1=1");
    expect(t.get("y_filter", 0)?.definition).toBe("search *");
    expect(t.get("late", 0)?.definition).toBe("L");
  });
});

describe("securityContentDefaults (corpus README, 2.9, Example 2.C)", () => {
  const cases: ReadonlyArray<{ cite: string; name: string; argc: number; definition: string | null; args?: string[] }> = [
    { cite: "2.9: <detection>_filter is search *", name: "aws_createaccesskey_filter", argc: 0, definition: "search *" },
    { cite: "brief: any name ending in _filter", name: "x_filter", argc: 0, definition: "search *" },
    { cite: "brief: _filter alone is not a detection filter", name: "_filter", argc: 0, definition: null },
    { cite: "brief: a _filter macro with arguments is not defaulted", name: "x_filter", argc: 1, definition: null },
    { cite: "brief: filter without the underscore", name: "xfilter", argc: 0, definition: null },
    {
      cite: "corpus README: drop_dm_object_name(x) is rename x.* AS *",
      name: "drop_dm_object_name",
      argc: 1,
      definition: "rename $object$.* AS *",
      args: ["object"],
    },
    { cite: "brief: drop_dm_object_name with 0 arguments is not defaulted", name: "drop_dm_object_name", argc: 0, definition: null },
    { cite: "brief: names are case-sensitive", name: "Drop_DM_Object_Name", argc: 1, definition: null },
  ];
  it.each(cases)("$cite", ({ name, argc, definition, args }) => {
    const got = securityContentDefaults(name, argc);
    if (definition === null) {
      expect(got).toBeUndefined();
    } else {
      expect(got).toMatchObject({ name, definition, iseval: false, args: args ?? [] });
      expect(got?.origin).toMatch(/^<spelunk default/);
    }
  });

  it("Example 2.C + corpus README: a whole detection tail expands with the defaults", () => {
    const t = new MacroTable([def("security_content_ctime", "convert ctime($field$)", ["field"])]).withFallback(
      securityContentDefaults,
    );
    const spl =
      "| tstats count from datamodel=Endpoint.Processes by Processes.dest | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `some_detection_filter`";
    expect(expandMacros(spl, t).text).toBe(
      "| tstats count from datamodel=Endpoint.Processes by Processes.dest | rename Processes.* AS * | convert ctime(firstTime) | search *",
    );
  });

  it("brief: without opting in, an undefined _filter macro is unknown", () => {
    expect(diagnosticOf(() => expandMacros("`x_filter`", new MacroTable())).code).toBe("unknown-macro");
  });
});
