// PCRE (Splunk's regular expression dialect) to JavaScript RegExp. The common subset is the same; the
// differences handled here are leading inline flags such as `(?i)` and `\A` / `\z` anchors. Anything
// JavaScript cannot express is refused with a message, never approximated.

const cache = new Map<string, RegExp>();

export class RegexError extends Error {}

/** Compile a PCRE pattern. `global` adds the g flag (for replace and max_match). */
export function compilePcre(pattern: string, global = false): RegExp {
  const key = (global ? "g:" : ":") + pattern;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let body = pattern;
  let flags = global ? "g" : "";
  const lead = /^\(\?([imsx]+)\)/.exec(body);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === "x") throw new RegexError(`regular expression flag (?x) is not supported: ${pattern}`);
      if (!flags.includes(f)) flags += f;
    }
    body = body.slice(lead[0].length);
  }
  if (/\(\?[imsx-]+[):]/.test(body)) throw new RegexError(`inline regular expression flags inside a pattern are not supported: ${pattern}`);
  if (/\(\?>|[*+?}]\+/.test(body)) throw new RegexError(`atomic groups and possessive quantifiers are not supported: ${pattern}`);
  body = body.replace(/\\A/g, "^").replace(/\\[zZ]/g, "$");
  // PCRE's (?P<name>...) is (?<name>...) in JavaScript.
  body = body.replace(/\(\?P</g, "(?<");
  let re: RegExp;
  try {
    re = new RegExp(body, flags);
  } catch (e) {
    throw new RegexError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(key, re);
  return re;
}

/** A PCRE replacement string (`\1` back-references, 4.4) as a JavaScript one (`$1`). */
export function pcreReplacement(repl: string): string {
  return repl.replace(/\$/g, "$$$$").replace(/\\(\d)/g, "$$$1");
}
