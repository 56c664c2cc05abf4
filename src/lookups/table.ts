// Lookup tables in memory: the LookupTable of src/commands/types.ts built from parsed CSV, and a resolver
// over a fixed set of tables (library use and tests; directories are directory.ts).
import type { LookupResolver, LookupTable } from "../commands/types.js";
import type { CsvTable } from "./csv.js";
import { checkLookupName } from "./names.js";

export function lookupTable(name: string, csv: CsvTable, settings: ReadonlyMap<string, string> = new Map()): LookupTable {
  return { name, fields: csv.fields, rows: csv.rows, settings };
}

/** A resolver over the given tables, by their names (names are checked as for directories). `write`
 * (outputlookup) replaces or adds a table by name, keeping the settings of a table it replaces; a null
 * table removes the name. The given tables are not changed. */
export function lookupsFromTables(tables: Iterable<LookupTable>): LookupResolver {
  const byName = new Map<string, LookupTable>();
  for (const t of tables) byName.set(t.name, t);
  return {
    resolve(name) {
      checkLookupName(name);
      return byName.get(name) ?? null;
    },
    write(name, table) {
      checkLookupName(name);
      if (table === null) byName.delete(name);
      else byName.set(name, { name, fields: table.fields, rows: table.rows, settings: byName.get(name)?.settings ?? table.settings });
    },
  };
}
