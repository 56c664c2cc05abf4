// The macro table: search macros keyed by name AND argument count.
//
// Splunk stores a macro that takes N arguments under the stanza name `name(N)`, and `foo`,
// `foo(1)`, `foo(2)` are distinct macros (overloading by arity; spl-semantics.md 2.5, macros.conf
// spec [S12]). The table mirrors that: one Map from name to a Map from arity to definition.
//
// Case sensitivity of names: neither macros.conf.spec nor the "Use search macros" / "Define search
// macros in Settings" pages say anything about letter case (checked: macros.conf.spec 7.3 and 10.0,
// help.splunk.com knowledge-manager pages S10/S11). Macro names ARE macros.conf stanza names, and
// Splunk's Admin Manual ("Configuration file structure", help.splunk.com 9.4) says configuration
// attributes are case-sensitive; "Implementing Splunk 7" (Packt, configuration merging example)
// states that all stanza names and property names are case-sensitive. So names are matched
// case-sensitively here (`Cloudtrail` is not `cloudtrail`). This answers the name-case part of
// spl-semantics.md Q15 as an inference, not a documented fact.
import { SplError } from "../diagnostics.js";

export interface MacroDefinition {
  /** The macro name without the `(N)` arity suffix. */
  readonly name: string;
  /** Argument names, positionally bound; the arity of the macro is `args.length`. */
  readonly args: readonly string[];
  /** The text the reference expands to (or an eval expression when `iseval`). */
  readonly definition: string;
  /** `definition` is an eval expression whose (string) result is the expansion (2.7). */
  readonly iseval: boolean;
  /** An eval expression checked against the arguments before expansion (2.8). */
  readonly validation?: string;
  /** Message shown when a Boolean `validation` fails (2.8). */
  readonly errormsg?: string;
  /** Where the definition came from: a file path, or a `<...>` tag for built-in defaults. */
  readonly origin: string;
}

/** Supplies a definition the table does not hold (e.g. security_content defaults). */
export type MacroResolver = (name: string, argc: number) => MacroDefinition | undefined;

/** A macro name: letters, digits, `_`, `-`, `.` (never `/`, `\` or `..`). */
const MACRO_NAME = /^[A-Za-z0-9_.-]+$/;
/** Argument names: alphanumerics, `_` and `-` (macros.conf spec, `args`; spl-semantics.md 2.6). */
const ARG_NAME = /^[A-Za-z0-9_-]+$/;

/** True when `name` is a plain macro name (see MACRO_NAME); rejects `..`, `/`, `\`. */
export function isPlainMacroName(name: string): boolean {
  return MACRO_NAME.test(name) && !name.includes("..");
}

/** True when `name` is a valid macro argument name. */
export function isArgumentName(name: string): boolean {
  return ARG_NAME.test(name);
}

/** The macros.conf stanza name of a macro: `foo` for no arguments, `foo(N)` otherwise (2.5). */
export function stanzaName(name: string, argc: number): string {
  return argc === 0 ? name : `${name}(${argc})`;
}

/**
 * Checks the shape of a definition (plain name, valid and distinct argument names) and throws a
 * "macro-definition" SplError (no span: the problem is in a file, not in the query) otherwise.
 */
export function checkDefinition(def: MacroDefinition): void {
  const where = def.origin ? ` (from ${def.origin})` : "";
  if (!isPlainMacroName(def.name)) {
    throw new SplError(
      "macro-definition",
      `invalid macro name ${JSON.stringify(def.name)}${where}: use letters, digits, '_', '-' and '.'`,
      null,
    );
  }
  const seen = new Set<string>();
  for (const arg of def.args) {
    if (!isArgumentName(arg)) {
      throw new SplError(
        "macro-definition",
        `macro ${stanzaName(def.name, def.args.length)}${where}: invalid argument name ${JSON.stringify(arg)}`,
        null,
      );
    }
    if (seen.has(arg)) {
      throw new SplError(
        "macro-definition",
        `macro ${stanzaName(def.name, def.args.length)}${where}: argument ${JSON.stringify(arg)} is listed twice`,
        null,
      );
    }
    seen.add(arg);
  }
}

export class MacroTable {
  private readonly byName = new Map<string, Map<number, MacroDefinition>>();
  private readonly fallbacks: readonly MacroResolver[];

  constructor(defs: Iterable<MacroDefinition> = [], fallbacks: readonly MacroResolver[] = []) {
    this.fallbacks = fallbacks;
    for (const def of defs) this.add(def);
  }

  /** Adds (or replaces: the last definition of a name/arity loaded wins) a definition. */
  add(def: MacroDefinition): this {
    checkDefinition(def);
    let arities = this.byName.get(def.name);
    if (!arities) {
      arities = new Map<number, MacroDefinition>();
      this.byName.set(def.name, arities);
    }
    arities.set(def.args.length, def);
    return this;
  }

  /** The definition held by this table itself (no fallbacks). */
  getOwn(name: string, argc: number): MacroDefinition | undefined {
    return this.byName.get(name)?.get(argc);
  }

  /** The definition of `name` with `argc` arguments: this table's own, else the first fallback's. */
  get(name: string, argc: number): MacroDefinition | undefined {
    const own = this.getOwn(name, argc);
    if (own) return own;
    for (const resolve of this.fallbacks) {
      const def = resolve(name, argc);
      if (def) return def;
    }
    return undefined;
  }

  /** With `argc`: whether `get(name, argc)` finds something. Without: whether any arity is held. */
  has(name: string, argc?: number): boolean {
    if (argc === undefined) return (this.byName.get(name)?.size ?? 0) > 0;
    return this.get(name, argc) !== undefined;
  }

  /** The argument counts this table holds for `name`, ascending (fallbacks are not enumerable). */
  arities(name: string): number[] {
    return [...(this.byName.get(name)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Distinct macro names held, sorted by code point (for tab completion). */
  names(): string[] {
    return [...this.byName.keys()].sort(compareCodePoints);
  }

  /** Every held definition, sorted by name then arity. */
  definitions(): MacroDefinition[] {
    const out: MacroDefinition[] = [];
    for (const name of this.names()) {
      for (const argc of this.arities(name)) {
        const def = this.getOwn(name, argc);
        if (def) out.push(def);
      }
    }
    return out;
  }

  /** Number of held definitions (name/arity pairs). */
  get size(): number {
    let n = 0;
    for (const arities of this.byName.values()) n += arities.size;
    return n;
  }

  /**
   * A new table with the same definitions that, for a name/arity it does not hold, asks
   * `resolver` (after any fallbacks this table already had). This table is not changed.
   */
  withFallback(resolver: MacroResolver): MacroTable {
    return new MacroTable(this.definitions(), [...this.fallbacks, resolver]);
  }
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const FILTER_ORIGIN = "<spelunk default: security_content `*_filter` macros are shipped as `search *`>";
const DROP_DM_ORIGIN = "<spelunk default: CIM drop_dm_object_name(1) is `rename $object$.* AS *`>";

/**
 * Defaults for macros security_content detections use but do not define (corpus README):
 * - any zero-argument `<anything>_filter` is `search *` (every detection ends with one; the
 *   published app ships each as `search *`; spl-semantics.md 2.9, Example 2.C);
 * - `drop_dm_object_name(1)` (from the CIM add-on) is `rename $object$.* AS *`.
 * Pass it to `MacroTable.withFallback` to opt in.
 */
export function securityContentDefaults(name: string, argc: number): MacroDefinition | undefined {
  if (argc === 0 && name.length > "_filter".length && name.endsWith("_filter") && isPlainMacroName(name)) {
    return { name, args: [], definition: "search *", iseval: false, origin: FILTER_ORIGIN };
  }
  if (argc === 1 && name === "drop_dm_object_name") {
    return {
      name,
      args: ["object"],
      definition: "rename $object$.* AS *",
      iseval: false,
      origin: DROP_DM_ORIGIN,
    };
  }
  return undefined;
}
