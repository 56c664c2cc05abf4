// Arguments of commands without a grammar rule of their own (GenericCommand): `key=value` options,
// field names, quoted strings, parenthesised groups and subsearches, in the order written. Each such
// command reads its arguments through these helpers, so that an option it does not know is an
// `unsupported-argument` error that names it, at its place in the query, never silently ignored.
import { SplError } from "../diagnostics.js";
import type { EvalExpr, GenericArg, GenericCommand, Span } from "../syntax/ast.js";
import { parseEvalExpression } from "../syntax/parse.js";
import type { PlanContext } from "./types.js";

export interface OptionArg {
  readonly key: string;
  readonly value: string;
  /** The value was written in double quotes. */
  readonly quoted: boolean;
  readonly span: Span;
}

export interface PositionalArg {
  readonly text: string;
  readonly quoted: boolean;
  readonly span: Span;
  /** The original argument (a parenthesised group or a subsearch keeps its structure here). */
  readonly arg: GenericArg;
}

export interface CommandArgs {
  readonly command: GenericCommand;
  /** Options in the order written; keys lower-cased (Splunk's option names are case-insensitive). */
  readonly options: ReadonlyMap<string, OptionArg>;
  readonly positional: readonly PositionalArg[];
}

const OPTION = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/**
 * Split a generic command's arguments into options and positional arguments. `allowed` lists the
 * option names the command supports; any other `key=value` is an unsupported-argument error.
 * `keyValueFields`: when true, a `key=value` whose key is not an option is kept as positional text
 * (for commands whose positional arguments may contain `=`, such as search-like ones).
 */
export function readArgs(command: GenericCommand, allowed: readonly string[], keyValueFields = false): CommandArgs {
  const options = new Map<string, OptionArg>();
  const positional: PositionalArg[] = [];
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.kind === "word") {
      let m = OPTION.exec(a.text);
      let key = m?.[1];
      let value = m?.[2];
      let end = a.span.end;
      let quoted = false;
      // `key = value` written with spaces around the equals sign.
      if (!m && /^[A-Za-z_][A-Za-z0-9_]*$/.test(a.text) && args[i + 1]?.kind === "word" && (args[i + 1] as { text: string }).text.startsWith("=")) {
        const eq = args[i + 1] as { text: string; span: Span };
        key = a.text;
        value = eq.text.slice(1);
        end = eq.span.end;
        i++;
        m = OPTION.exec(`${key}=${value}`);
      }
      if (m && key !== undefined && value !== undefined) {
        // `key=` followed by a quoted string: the value is the string.
        const next = args[i + 1];
        if (value === "" && next && next.kind === "quoted" && next.span.start === end) {
          value = next.text;
          quoted = true;
          end = next.span.end;
          i++;
        } else if (value === "" && next && next.kind === "word" && next.span.start > end) {
          value = next.text;
          end = next.span.end;
          i++;
        }
        const lower = key.toLowerCase();
        if (allowed.includes(lower)) {
          options.set(lower, { key: lower, value, quoted, span: { start: a.span.start, end } });
          continue;
        }
        if (!keyValueFields)
          throw new SplError("unsupported-argument", `The '${command.name}' command does not support the option '${key}' (spelunk supports: ${allowed.join(", ") || "none"})`, {
            start: a.span.start,
            end,
          });
      }
      positional.push({ text: a.text, quoted: false, span: a.span, arg: a });
    } else if (a.kind === "quoted") positional.push({ text: a.text, quoted: true, span: a.span, arg: a });
    else positional.push({ text: "", quoted: false, span: a.span, arg: a });
  }
  return { command, options, positional };
}

export function badArgument(message: string, span: Span): SplError {
  return new SplError("bad-argument", message, span);
}

/** A Boolean option value as Splunk writes them (true/false, t/f, 1/0, yes/no). */
export function boolOption(o: OptionArg | undefined, fallback: boolean): boolean {
  if (!o) return fallback;
  const v = o.value.toLowerCase();
  if (["true", "t", "1", "yes", "y"].includes(v)) return true;
  if (["false", "f", "0", "no", "n"].includes(v)) return false;
  throw badArgument(`Invalid value '${o.value}' for option '${o.key}': expected true or false`, o.span);
}

/** A whole-number option value. */
export function intOption(o: OptionArg | undefined, fallback: number, min = 0): number {
  if (!o) return fallback;
  if (!/^-?\d+$/.test(o.value) || Number(o.value) < min) throw badArgument(`Invalid value '${o.value}' for option '${o.key}': expected a whole number >= ${min}`, o.span);
  return Number(o.value);
}

/** Field names from positional arguments, commas allowed between or attached (`a, b` or `a,b`). */
export function fieldNames(args: readonly PositionalArg[]): Array<{ name: string; span: Span }> {
  const out: Array<{ name: string; span: Span }> = [];
  for (const a of args) {
    if (a.arg.kind === "parens" || a.arg.kind === "subsearch") throw badArgument("expected a field name", a.span);
    if (a.quoted) {
      out.push({ name: a.text, span: a.span });
      continue;
    }
    let offset = a.span.start;
    for (const part of a.text.split(",")) {
      if (part !== "") out.push({ name: part, span: { start: offset, end: offset + part.length } });
      offset += part.length + 1;
    }
  }
  return out;
}

/** Parse the query text under `span` as an eval expression, with spans in the whole query's text. */
export function parseEvalAt(ctx: PlanContext, span: Span): EvalExpr {
  const text = ctx.source.slice(span.start, span.end);
  try {
    return shiftSpans(parseEvalExpression(text), span.start);
  } catch (e) {
    if (e instanceof SplError && e.diagnostic.span) {
      const s = e.diagnostic.span;
      throw new SplError(e.diagnostic.code, e.message, { start: s.start + span.start, end: s.end + span.start });
    }
    throw e;
  }
}

/** Shift every span of a parsed node by `by` (for text parsed on its own, out of a whole query). */
export function shiftSpans<T>(node: T, by: number): T {
  if (Array.isArray(node)) return node.map((n: unknown) => shiftSpans(n, by)) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if ((k === "span" || k === "nameSpan") && v && typeof v === "object") {
      const s = v as Span;
      out[k] = { start: s.start + by, end: s.end + by };
    } else out[k] = shiftSpans(v, by);
  }
  return out as T;
}
