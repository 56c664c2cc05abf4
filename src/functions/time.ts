// Date and time functions (Splunk's "Date and Time functions" page, spl-semantics.md 4.4, Example 4.F),
// rendered and parsed in the search's time zone (EvalContext.tz) with src/values/time.ts.
import { relativeTime, strftime, strptime } from "../values/time.js";
import { strict } from "./define.js";
import { perNumber, perText, str } from "./helpers.js";
import type { FunctionSpec } from "./types.js";

export const TIME_FUNCTIONS: FunctionSpec[] = [
  // now(): the search's start time, the same for every row; time(): the wall clock when the row is
  // evaluated, with microseconds.
  strict("now", 0, 0, (_args, ctx) => ctx.now),
  strict("time", 0, 0, () => Math.round((performance.timeOrigin + performance.now()) * 1000) / 1e6),
  strict("relative_time", 2, 2, ([t, spec], ctx) => {
    const s = str(spec!);
    return s === null ? null : perNumber(t!, (n) => relativeTime(n, s, ctx.tz));
  }),
  strict("strftime", 2, 2, ([t, format], ctx) => {
    const f = str(format!);
    return f === null ? null : perNumber(t!, (n) => (Number.isFinite(n) ? strftime(n, f, ctx.tz) : null));
  }),
  // strptime's result shows six decimals, e.g. 1705312800.000000 (spl-semantics.md Example 4.F, from
  // community material): it is given as that numeric text, which compares and computes as a number.
  strict("strptime", 2, 2, ([s, format], ctx) => {
    const f = str(format!);
    return f === null ? null : perText(s!, (text) => {
      const t = strptime(text, f, ctx.tz);
      return t === null ? null : t.toFixed(6);
    });
  }),
];
