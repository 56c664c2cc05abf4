// Compile an eval expression (AST) into a closure over a row. Names are checked here, before any event
// is read: an unknown function is an `unsupported-function` error at its place in the query.
import { SplError } from "../diagnostics.js";
import type { EvalExpr } from "../syntax/ast.js";
import type { EvalValue } from "../values/value.js";
import { and, arithmetic, compare, concat, like, or, truth, xor, type CompareOp } from "./operators.js";
import { FUNCTIONS } from "./table.js";
import type { Compiled, EvalContext } from "./types.js";

export function compileExpr(expr: EvalExpr, ctx: EvalContext): Compiled {
  switch (expr.kind) {
    case "number": {
      // A literal written with a decimal point or an exponent keeps its text, which carries its
      // precision into arithmetic (Splunk rounds * and / to the fewest significant figures of their
      // operands: eval reference, "Rounding"; see src/functions/operators.ts).
      const v: number | string = expr.text.includes(".") && !/[eE]/.test(expr.text) ? expr.text : expr.value;
      return () => v;
    }
    case "string": {
      const v = expr.value;
      return () => v;
    }
    case "field": {
      const name = expr.name;
      return (row) => row.get(name) ?? null;
    }
    case "unary": {
      const operand = compileExpr(expr.operand, ctx);
      if (expr.op === "NOT")
        return (row) => {
          const t = truth(operand(row));
          return t === null ? null : !t;
        };
      if (expr.op === "-") return (row) => arithmetic("-", 0, operand(row));
      return (row) => arithmetic("+", 0, operand(row));
    }
    case "in": {
      const operand = compileExpr(expr.operand, ctx);
      const values = expr.values.map((v) => compileExpr(v, ctx));
      return (row) => {
        const x = operand(row);
        if (x === null) return null;
        for (const v of values) if (compare("==", x, v(row)) === true) return true;
        return false;
      };
    }
    case "call": {
      const spec = FUNCTIONS.get(expr.name);
      if (!spec) throw new SplError("unsupported-function", `The '${expr.name}' function is unsupported or undefined.`, expr.nameSpan);
      const n = expr.args.length;
      if (n < spec.minArgs || n > spec.maxArgs) {
        const want =
          spec.minArgs === spec.maxArgs
            ? `${spec.minArgs}`
            : spec.maxArgs === Infinity
              ? `at least ${spec.minArgs}`
              : `${spec.minArgs} to ${spec.maxArgs}`;
        throw new SplError("function-arity", `The '${expr.name}' function takes ${want} argument(s), got ${n}.`, expr.span);
      }
      return spec.compile(
        expr.args.map((a) => compileExpr(a, ctx)),
        ctx,
        expr,
      );
    }
    case "binary":
      return compileBinary(expr.op, compileExpr(expr.left, ctx), compileExpr(expr.right, ctx));
  }
}

function compileBinary(op: string, left: Compiled, right: Compiled): Compiled {
  switch (op) {
    case "+":
    case "-":
    case "*":
    case "/":
    case "%":
      return (row) => arithmetic(op, left(row), right(row));
    case ".":
      return (row) => concat(left(row), right(row));
    case "=":
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const cop = op as CompareOp;
      return (row) => compare(cop, left(row), right(row));
    }
    case "LIKE":
      return (row) => like(left(row), right(row));
    case "AND":
      return (row) => and(truth(left(row)), () => truth(right(row)));
    case "OR":
      return (row) => or(truth(left(row)), () => truth(right(row)));
    case "XOR":
      return (row) => xor(truth(left(row)), truth(right(row)));
  }
  throw new Error(`internal: unknown operator ${op}`);
}

/** True when an expression can only produce a Boolean (it then cannot be assigned to a field, 4.1). */
export function isBooleanExpr(expr: EvalExpr): boolean {
  switch (expr.kind) {
    case "in":
      return true;
    case "unary":
      return expr.op === "NOT";
    case "binary":
      return !["+", "-", "*", "/", "%", "."].includes(expr.op);
    case "call":
      return FUNCTIONS.get(expr.name)?.boolean === true;
    default:
      return false;
  }
}

export type { Compiled, EvalContext, EvalValue };
