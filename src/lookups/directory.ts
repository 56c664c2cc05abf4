// Lookups from directories (`--lookups <dir>`, or a security_content checkout's lookups/ folder): the
// files directly in each directory, never below it. A name resolves to, in order:
// 1. a lookup definition (*.yml / *.yaml, definitions.ts) of that name, with its match settings;
// 2. a CSV file of that name (`x.csv` or `x.csv.gz`), with default settings: Splunk's lookup and
//    inputlookup take "either the name of a CSV file ... or the name of a stanza in transforms.conf"
//    (S38), and a file named directly is not bound to a definition that happens to use it.
// A bare name with no definition is unknown even when `<name>.csv` exists (inputlookup's <filename>
// "must end with .csv or .csv.gz", S38); the error then says to use the file name.
// When directories hold the same definition or file name, the later directory wins (as local/ does over
// default/ for macros). A definition's file is looked for beside the definition first.
// Files are read on first use and kept: a search reads only the tables it names, and a bad file
// breaks only the searches that use it.
// Tables written by `outputlookup` (`write`) are kept in memory only, in an overlay that `resolve`
// consults first: spelunk never changes the lookup directories. A definition shares its storage with its
// file (`x` defined with `filename: x.csv` and `x.csv` are the same table), as in Splunk; a KV store
// collection is its own storage. Writing to a `.csv`/`.csv.gz` name creates that file in memory.
import { readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { LookupResolver, LookupTable } from "../commands/types.js";
import { SplError } from "../diagnostics.js";
import { parseCsv, type CsvTable } from "./csv.js";
import { parseLookupDefinition, type LookupDefinition } from "./definitions.js";
import { checkLookupName, isCsvFileName } from "./names.js";
import { matchRules } from "./settings.js";
import { lookupTable } from "./table.js";

interface Listed {
  readonly dir: string;
  /** Regular files (or links to them) directly in `dir`. */
  readonly files: ReadonlySet<string>;
}

function listDir(dir: string): Listed {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new SplError("input-error", `cannot read lookup directory ${dir}: ${e instanceof Error ? e.message : String(e)}`, null);
  }
  const files = new Set<string>();
  for (const entry of entries) {
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        isFile = statSync(join(dir, entry.name)).isFile();
      } catch {
        isFile = false;
      }
    }
    if (isFile) files.add(entry.name);
  }
  return { dir, files };
}

function readText(path: string): string {
  try {
    const bytes = readFileSync(path);
    return (path.toLowerCase().endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  } catch (e) {
    throw new SplError("input-error", `cannot read lookup file ${path}: ${e instanceof Error ? e.message : String(e)}`, null);
  }
}

function prefixed(e: unknown, prefix: string): unknown {
  return e instanceof SplError ? new SplError(e.diagnostic.code, `${prefix}: ${e.message}`, null) : e;
}

export class DirectoryLookups implements LookupResolver {
  private readonly listed: readonly Listed[];
  private readonly definitions = new Map<string, { def: LookupDefinition; home: Listed }>();
  private readonly csvFiles = new Map<string, string>();
  private readonly tables = new Map<string, LookupTable>();
  private readonly parsed = new Map<string, CsvTable>();
  /** Tables written during the run, by storage key (`file:<name>` or `collection:<name>`); null: removed. */
  private readonly written = new Map<string, LookupTable | null>();

  constructor(dirs: readonly string[]) {
    this.listed = dirs.map(listDir);
    for (const home of this.listed) {
      const here = new Map<string, LookupDefinition>();
      for (const file of Array.from(home.files).sort()) {
        const path = join(home.dir, file);
        if (/\.ya?ml$/i.test(file)) {
          const def = parseLookupDefinition(readText(path), path);
          const twin = here.get(def.name);
          if (twin) throw new SplError("input-error", `lookup '${def.name}' is defined twice in ${home.dir}: ${twin.path} and ${path}`, null);
          here.set(def.name, def);
          this.definitions.set(def.name, { def, home });
        } else if (isCsvFileName(file)) this.csvFiles.set(file, path);
      }
    }
  }

  /** Every name `resolve` knows: definition names and CSV file names, sorted. */
  names(): string[] {
    return Array.from(new Set([...this.definitions.keys(), ...this.csvFiles.keys()])).sort();
  }

  resolve(name: string): LookupTable | null {
    checkLookupName(name);
    const key = this.storageKey(name, false);
    if (key !== null && this.written.has(key)) {
      const t = this.written.get(key)!;
      if (t === null) return null;
      const def = this.definitions.get(name)?.def;
      return { name, fields: t.fields, rows: t.rows, settings: def ? def.settings : new Map() };
    }
    const cached = this.tables.get(name);
    if (cached) return cached;
    const found = this.definitions.get(name);
    let table: LookupTable | null = null;
    if (found) table = this.fromDefinition(found.def, found.home);
    else if (this.csvFiles.has(name)) table = lookupTable(name, this.csv(this.csvFiles.get(name)!));
    else if (this.csvFiles.has(`${name}.csv`))
      throw new SplError("bad-argument", `There is no lookup definition named '${name}'; to read the file '${name}.csv' directly, use the name '${name}.csv'`, null);
    if (table) this.tables.set(name, table);
    return table;
  }

  /** Keep `table` (null: remove it) as the table `name` for the rest of the run, in memory only. */
  write(name: string, table: LookupTable | null): void {
    checkLookupName(name);
    const key = this.storageKey(name, true)!;
    // outputlookup can empty a KV store collection but not remove it: it stays defined, with no rows.
    if (table === null && key.startsWith("collection:")) table = { name, fields: this.resolve(name)?.fields ?? [], rows: [], settings: new Map() };
    this.written.set(key, table && { name, fields: table.fields, rows: table.rows, settings: new Map() });
  }

  /** Where a write of `name` goes; null (or, when `strict`, an error) for a name that cannot be written. */
  private storageKey(name: string, strict: boolean): string | null {
    const found = this.definitions.get(name);
    if (found) {
      const def = found.def;
      if (def.filename === null) return `collection:${def.collection}`;
      if (isCsvFileName(def.filename)) return `file:${def.filename}`;
      if (!strict) return null;
      throw new SplError("bad-argument", `lookup '${def.name}' (${def.path}) is not a CSV lookup (its file is '${def.filename}'); spelunk writes CSV lookups and KV store collections only`, null);
    }
    if (isCsvFileName(name)) return `file:${name}`;
    if (!strict) return null;
    if (this.csvFiles.has(`${name}.csv`))
      throw new SplError("bad-argument", `There is no lookup definition named '${name}'; to write the file '${name}.csv' directly, use the name '${name}.csv'`, null);
    throw new SplError("bad-argument", `There is no lookup definition named '${name}'; to write a lookup file, use a name ending in .csv or .csv.gz`, null);
  }

  private fromDefinition(def: LookupDefinition, home: Listed): LookupTable {
    const where = `lookup '${def.name}' (${def.path})`;
    try {
      matchRules(def.settings);
    } catch (e) {
      throw prefixed(e, def.path);
    }
    let file: string;
    if (def.filename !== null) {
      try {
        checkLookupName(def.filename);
      } catch (e) {
        throw prefixed(e, def.path);
      }
      if (!isCsvFileName(def.filename)) throw new SplError("bad-argument", `${where}: '${def.name}' is not a CSV lookup (its file is '${def.filename}'); spelunk reads CSV lookups only`, null);
      file = def.filename;
    } else {
      // A KV store collection: spelunk has no KV store; its rows may be given as <collection>.csv.
      file = `${def.collection}.csv`;
      try {
        checkLookupName(file);
      } catch (e) {
        throw prefixed(e, def.path);
      }
      if (!this.findFile(file, home)) {
        // Without rows given, the collection is empty, as a KV store collection is in a Splunk where
        // the search that fills it (a baseline, typically) has not run yet. Its fields come from
        // fields_list (transforms.conf), less the KV store's own _key.
        const fields = (def.settings.get("fields_list") ?? "")
          .split(",")
          .map((f) => f.trim())
          .filter((f) => f !== "" && f !== "_key");
        return lookupTable(def.name, { fields, rows: [] }, def.settings);
      }
    }
    const path = this.findFile(file, home);
    if (!path) throw new SplError("input-error", `${where}: its file '${file}' is not in ${this.listed.map((l) => l.dir).join(", ")}`, null);
    return lookupTable(def.name, this.csv(path), def.settings);
  }

  private findFile(file: string, home: Listed): string | null {
    if (home.files.has(file)) return join(home.dir, file);
    for (let i = this.listed.length - 1; i >= 0; i--) if (this.listed[i]!.files.has(file)) return join(this.listed[i]!.dir, file);
    return null;
  }

  private csv(path: string): CsvTable {
    let t = this.parsed.get(path);
    if (!t) {
      t = parseCsv(readText(path), path);
      this.parsed.set(path, t);
    }
    return t;
  }
}

/** The resolver for `--lookups <dir>` (repeatable; later directories win). Reads definitions now,
 * tables on first use. Throws an input-error SplError for an unreadable directory or definition. */
export function lookupsFromDirs(dirs: readonly string[]): DirectoryLookups {
  return new DirectoryLookups(dirs);
}
