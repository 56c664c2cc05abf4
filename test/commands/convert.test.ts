// convert with what the golden suite cannot express: a macro table and the search's time zone.
// Sources: spl-semantics.md Example 2.B and 7.12; S48 (security_content_ctime); Search Reference "convert"
// (ctime and mktime use the search's time zone, as strftime/strptime do, 4.4).
import { describe, expect, it } from "vitest";
import type { MacroDefinition } from "../../src/macros/table.js";
import { run } from "../helpers/run.js";

const securityContentCtime: MacroDefinition = {
  name: "security_content_ctime",
  args: ["field"],
  definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)',
  iseval: false,
  origin: "test",
};

describe("convert", () => {
  it("Example 2.B: `security_content_ctime(firstTime)` formats firstTime", async () => {
    const { result, rows } = await run("* | `security_content_ctime(firstTime)` | table user firstTime", [{ user: "alice", firstTime: 1705312800 }], {
      macroDefs: [securityContentCtime],
    });
    expect(result.diagnostics).toEqual([]);
    expect(rows).toEqual([{ user: "alice", firstTime: "2024-01-15T10:00:00" }]);
  });

  it("an error inside the macro's expansion points at the macro call in the user's text", async () => {
    const text = "* | `security_content_ctime(firstTime)` | table firstTime";
    const bad: MacroDefinition = { ...securityContentCtime, definition: "convert nosuch($field$)" };
    const { result } = await run(text, [{ firstTime: 1 }], { macroDefs: [bad] });
    expect(result.ok).toBe(false);
    const d = result.diagnostics[0]!;
    expect(d.code).toBe("bad-argument");
    expect(text.slice(d.span!.start, d.span!.end)).toContain("security_content_ctime");
  });

  it("ctime renders in the search's time zone", async () => {
    const { rows } = await run("* | convert ctime(t) | table t", [{ t: 1705312800 }], { tz: "America/New_York" });
    expect(rows).toEqual([{ t: "01/15/2024 05:00:00" }]);
  });

  it("mktime reads text in the search's time zone", async () => {
    const { rows } = await run("* | convert mktime(t) | table t", [{ t: "01/15/2024 05:00:00" }], { tz: "America/New_York" });
    expect(rows).toEqual([{ t: "1705312800" }]);
  });
});
