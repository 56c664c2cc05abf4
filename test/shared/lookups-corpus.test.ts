// Every lookup of the security_content corpus (../shared/corpus/security_content/lookups) loads: the
// definitions parse, every CSV parses, and each definition either resolves or says why it cannot (an
// MLTK model, a KV store collection without rows).
import { describe, expect, it } from "vitest";
import { SplError } from "../../src/diagnostics.js";
import { lookupsFromDirs } from "../../src/lookups/index.js";
import { run } from "../helpers/run.js";
import { sharedPath } from "./shared.js";

const dir = sharedPath("corpus", "security_content", "lookups");

describe("security_content lookups (corpus)", () => {
  it("every definition and CSV file resolves, or is refused with a reason", () => {
    const r = lookupsFromDirs([dir]);
    const refused: Record<string, string> = {};
    let tables = 0;
    for (const name of r.names()) {
      try {
        if (r.resolve(name)) tables++;
      } catch (e) {
        if (!(e instanceof SplError)) throw e;
        refused[name] = e.message;
      }
    }
    // At commit b13b314 (corpus/README.md): 100 CSV tables and 24 KV store collections (empty until a
    // search fills them), 5 MLTK models (refused).
    expect(tables).toBe(124);
    expect(Object.keys(refused)).toHaveLength(5);
    for (const [name, why] of Object.entries(refused)) expect(why, name).toMatch(/is not a CSV lookup/);
  });

  it("the hijacklibs definition runs as detections use it (WILDCARD, case-insensitive, default_match)", async () => {
    const lookups = lookupsFromDirs([dir]);
    const r = await run("* | lookup hijacklibs library AS process_name OUTPUT islibrary | table process_name islibrary", [{ process_name: "notepad.exe" }], { lookups });
    expect(r.result.diagnostics).toEqual([]);
    expect(r.rows).toEqual([{ process_name: "notepad.exe", islibrary: "false" }]);
  });

  it("the dynamic_dns_providers macro's lookup: WILDCARD over ~92,000 rows, case-insensitive; values keep the file's leading space (csv.ts reading)", async () => {
    const lookups = lookupsFromDirs([dir]);
    const search = "* | lookup update=true dynamic_dns_providers_default dynamic_dns_domains as query OUTPUTNEW isDynDNS_default | table query isDynDNS_default";
    const r = await run(search, [{ query: "WWW.3D-GAME.COM" }, { query: "example.org" }], { lookups });
    expect(r.result.diagnostics).toEqual([]);
    expect(r.rows).toEqual([{ query: "example.org" }, { query: "WWW.3D-GAME.COM", isDynDNS_default: " True" }]);
  });
});
