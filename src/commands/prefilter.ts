// The raw-text prefilter: from the base search, the words that every matching event's text must
// contain, so that the reader can skip lines without them before any JSON is parsed. It may never
// change results, so it is derived conservatively:
// - a bare term or quoted phrase must occur in _raw (1.2), so its pieces must occur in the line;
// - `field=value` on a field taken straight from the JSON: the value's pieces occur in the line. Not
//   for default fields (sourcetype, source, host, index...), nor for any field that some sourcetype
//   defines as an alias or a calculated field (its value need not be in the text: errorCode=success);
// - NOT, !=, <, >, CIDR values, earliest/latest and subsearches tell nothing;
// - OR of alternatives keeps one word per alternative; an alternative that tells nothing makes the
//   whole OR tell nothing.
// "Pieces" are the runs of a value between `*` wildcards and between characters whose bytes may differ
// between the line and _raw (quotes, backslashes, spaces and JSON punctuation, which Python's json.dumps
// respaces); pieces with digits and no letters are left out (json.dumps reprints numbers such as 1.50 or
// 1e5). The reader also passes every line with a backslash escape or a non-ASCII byte, so escapes and
// \uXXXX forms cannot hide a word (src/events/read.ts).
import { caseInsensitiveFinder } from "../events/bytesearch.js";
import type { Prefilter } from "../events/scan.js";
import type { KnowledgeBase } from "../knowledge/index.js";
import type { SearchExpr, SearchValue } from "../syntax/ast.js";
import { parseCidr } from "../values/match.js";

/** Conjunctive normal form: every clause must hold; a clause holds when one of its words occurs. */
type Clause = readonly string[];

const DEFAULT_FIELDS = new Set(["_raw", "_time", "host", "index", "source", "sourcetype", "splunk_server", "linecount", "punct", "eventtype", "tag"]);

function pieces(text: string): string[] {
  return text
    .split(/[*"\\\s,:{}[\]]+/)
    .filter((p) => p.length > 0 && /^[\x21-\x7e]+$/.test(p) && !(/\d/.test(p) && !/[a-df-zA-DF-Z_]/.test(p)));
}

/** The longest piece: the most selective word of a value. */
function bestPiece(text: string): string | null {
  let best: string | null = null;
  for (const p of pieces(text)) if (best === null || p.length > best.length) best = p;
  return best;
}

function valueClauses(v: SearchValue): Clause[] {
  if (v.modifier === "TERM" || v.modifier === "CASE" || v.modifier === null) return pieces(v.text).map((p) => [p]);
  return [];
}

function derivedFields(kb: KnowledgeBase): Set<string> {
  const out = new Set<string>();
  for (const st of kb.sourcetypes.values()) {
    for (const a of st.aliases.keys()) out.add(a);
    for (const c of st.calculated.keys()) out.add(c);
  }
  return out;
}

function derive(expr: SearchExpr, derived: ReadonlySet<string>): Clause[] {
  switch (expr.kind) {
    case "and":
      return expr.operands.flatMap((e) => derive(e, derived));
    case "or": {
      const words: string[] = [];
      for (const op of expr.operands) {
        const clauses = derive(op, derived);
        if (clauses.length === 0) return [];
        // One clause of each alternative is implied by it; take the most selective single-word one.
        const single = clauses.filter((c) => c.length === 1).sort((a, b) => b[0]!.length - a[0]!.length)[0];
        words.push(...(single ?? clauses[0]!));
      }
      return [words];
    }
    case "not":
    case "subsearch":
      return [];
    case "term":
      return valueClauses(expr.value);
    case "compare": {
      if (expr.op !== "=" || DEFAULT_FIELDS.has(expr.field) || derived.has(expr.field) || expr.field === "earliest" || expr.field === "latest") return [];
      if (parseCidr(expr.value.text)) return [];
      return valueClauses(expr.value);
    }
    case "in": {
      if (DEFAULT_FIELDS.has(expr.field) || derived.has(expr.field)) return [];
      const words: string[] = [];
      for (const v of expr.values) {
        const w = parseCidr(v.text) ? null : bestPiece(v.text);
        if (w === null) return [];
        words.push(w);
      }
      return [words];
    }
  }
}

function alternation(words: readonly string[], flags: string): RegExp {
  return new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|"), flags);
}

/** The prefilter for a base search, or null when it tells nothing. */
export function derivePrefilter(expr: SearchExpr | null, kb: KnowledgeBase): Prefilter | null {
  if (!expr) return null;
  const clauses = derive(expr, derivedFields(kb)).filter((c) => c.length > 0);
  return clauses.length === 0 ? null : prefilterFromWords(clauses);
}

/** The prefilter that requires, for every clause, one of its words (the scanning workers rebuild a
 * prefilter from its `words` this way). */
export function prefilterFromWords(clauses: ReadonlyArray<Clause>): Prefilter {
  // Search for the clause whose shortest word is longest (fewest chance hits); check all on each hit.
  const score = (c: Clause) => Math.min(...c.map((w) => w.length));
  const best = [...clauses].sort((a, b) => score(b) - score(a))[0]!;
  const tests = clauses.map((c) => alternation(c, "i"));
  return {
    find: caseInsensitiveFinder(best),
    accept: (line) => tests.every((t) => t.test(line)),
    words: clauses,
    // A word can lie in json.dumps' \uXXXX escape of a non-ASCII character only if it starts with a hex
    // digit or a u (it cannot hold the backslash): then lines with non-ASCII bytes are candidates too.
    hexRisk: clauses.some((c) => c.some((w) => /^[0-9a-fu]/i.test(w))),
  };
}
