/**
 * Time-varying scenario levers: a numeric lever in a scenario file may be written as an expression of the
 * year, such as `"year < 2029 ? 0.03 : 0.01"` or `"min(0.02, 0.004 * (year - 2025))"`, compiled once at load
 * time and evaluated once per financial year.
 *
 * Scenario files are data written by anyone, so reading one must never run code. Expressions are parsed by
 * a private, locked-down mathjs instance (its `import`, `createUnit`, `evaluate`, `parse`, `simplify`,
 * `derivative`, `resolve`, `reviver` and similar functions replaced by functions that throw, as the mathjs
 * "Security" page advises), and the parsed tree is then walked and accepted only if every node is pure
 * arithmetic on finite numbers, the named variables, the constants `pi` and `e`, comparisons, `?:` and the
 * functions in {@link EXPRESSION_FUNCTIONS}. Anything else (property access, indexing, assignment, function
 * definitions, arrays, objects, ranges, strings, units, several statements, unknown names) is refused with
 * an {@link ExpressionError} before anything is evaluated. Evaluation sees only a fresh map of the
 * variables, and any result that is not a finite number is an error.
 *
 * mathjs is imported lazily by {@link loadExpressionCompiler} (it takes most of a second to load), so only
 * scenarios that use an expression pay for it.
 * @packageDocumentation
 */
import type { ConditionalNode, ConfigOptions, ConstantNode, EvalFunction, FunctionNode, MathJsInstance, MathNode, OperatorNode, OperatorNodeFn, OperatorNodeMap, ParenthesisNode, RelationalNode, SymbolNode } from "mathjs";

/** The longest expression accepted, in characters; longer text is refused before it is parsed. */
export const MAX_EXPRESSION_LENGTH = 500;

/** Each allowed function's name and how many arguments it takes, at least and at most. */
const FUNCTION_ARITY: ReadonlyMap<string, readonly [min: number, max: number]> = new Map([
  ["min", [1, Infinity]],
  ["max", [1, Infinity]],
  ["abs", [1, 1]],
  ["sign", [1, 1]],
  ["exp", [1, 1]],
  ["log", [1, 2]],
  ["log10", [1, 1]],
  ["sqrt", [1, 1]],
  ["pow", [2, 2]],
  ["floor", [1, 2]],
  ["ceil", [1, 2]],
  ["round", [1, 2]],
  ["clamp", [3, 3]],
]);

/**
 * The functions an expression may call: `min(a, b, …)`, `max(a, b, …)`, `abs(x)`, `sign(x)`, `exp(x)`,
 * `log(x)` (natural) or `log(x, base)`, `log10(x)`, `sqrt(x)`, `pow(x, y)`, `floor(x)`, `ceil(x)` and
 * `round(x)` (each optionally with a number of decimal places as a second argument), and
 * `clamp(x, lo, hi)`, which is `min(max(x, lo), hi)`.
 */
export const EXPRESSION_FUNCTIONS: readonly string[] = Object.freeze([...FUNCTION_ARITY.keys()]);

/** Named constants an expression may use besides its variables. */
const CONSTANTS: ReadonlySet<string> = new Set(["pi", "e"]);

/** Arithmetic operators, by mathjs function name. */
const ARITHMETIC: ReadonlySet<string> = new Set(["add", "subtract", "multiply", "divide", "pow", "unaryMinus", "unaryPlus"]);

/** Comparison operators, by mathjs function name; they give true or false. */
const COMPARISONS: ReadonlySet<string> = new Set(["smaller", "smallerEq", "larger", "largerEq", "equal", "unequal"]);

/** Logical operators, by mathjs function name; they give true or false. */
const LOGICAL: ReadonlySet<string> = new Set(["and", "or", "not"]);

/**
 * mathjs functions that could parse, build or alter things; the private instance replaces each with one that throws.
 * `config` is not among them: other functions read the configuration through it, and the tree check refuses any call to it.
 */
const DISABLED_FUNCTIONS: readonly string[] = [
  "import",
  "createUnit",
  "reviver",
  "replacer",
  "evaluate",
  "parse",
  "parser",
  "compile",
  "simplify",
  "simplifyConstant",
  "simplifyCore",
  "derivative",
  "resolve",
  "rationalize",
  "leafCount",
  "symbolicEqual",
  "chain",
  "help",
];

/** A variable name: a letter then letters, digits or underscores. */
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A plain decimal number, optionally signed and with an exponent, perhaps padded with spaces. */
const PLAIN_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** How long an expression may be when quoted in an error message before it is shortened. */
const QUOTED_LENGTH = 120;

/** Lists names in prose: `year`, `year and t`, `year, t and n`. */
function listNames(names: readonly string[]): string {
  if (names.length === 0) return "no variables";
  if (names.length === 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;
}

/** An expression in a scenario that was refused, or that did not give a finite number when evaluated. */
export class ExpressionError extends Error {
  override readonly name = "ExpressionError";
  /** Where the expression was found, such as `levers.realGrowthMean`. */
  readonly path: string;
  /** The expression exactly as written. */
  readonly expression: string;
  /** Why it was refused, such as `unknown name "cm"`. */
  readonly reason: string;
  /** The variables the expression may use. */
  readonly variables: readonly string[];
  /** Creates the error; the message names the path, what was expected, the expression and the reason. */
  constructor(path: string, expression: string, reason: string, variables: readonly string[]) {
    const quoted = expression.length > QUOTED_LENGTH ? `${expression.slice(0, QUOTED_LENGTH)}… (${expression.length} characters)` : expression;
    super(
      `${path}: expected an expression of ${listNames(variables)} using + - * / ^ comparisons, ?: and the functions ` +
        `${EXPRESSION_FUNCTIONS.join(", ")}, got "${quoted}" (${reason})`,
    );
    this.path = path;
    this.expression = expression;
    this.reason = reason;
    this.variables = Object.freeze([...variables]);
  }
}

/** An expression that passed every check, ready to be evaluated for any values of its variables. */
export interface CompiledExpression {
  /** The expression exactly as written. */
  readonly source: string;
  /** The variables the expression actually uses, a subset of those it was compiled with. */
  readonly uses: readonly string[];
  /** Evaluates the expression; throws {@link ExpressionError} if a variable it uses is missing or the result is not a finite number. */
  evaluate(scope: Readonly<Record<string, number>>): number;
}

/** Checks and compiles expressions; obtained from {@link loadExpressionCompiler}. */
export interface ExpressionCompiler {
  /** Checks an expression against the sandbox's rules and compiles it; throws {@link ExpressionError} if it is refused. */
  compile(source: string, path: string, variables: readonly string[]): CompiledExpression;
}

/** Whether a scenario value should be read as an expression: a string with some non-space text that is not just a number. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "" && !PLAIN_NUMBER.test(value);
}

/** The pending or finished compiler, shared by every caller. */
let compilerPromise: Promise<ExpressionCompiler> | undefined;

/** Loads mathjs on first use and returns the expression compiler, the same instance on every call. */
export async function loadExpressionCompiler(): Promise<ExpressionCompiler> {
  compilerPromise ??= createCompiler().catch((error: unknown) => {
    compilerPromise = undefined;
    throw error;
  });
  return compilerPromise;
}

/** What a checked expression's top-level node gives: a number, or true or false. */
type Result = "number" | "boolean";

/** Imports mathjs and builds a private, locked-down instance and the compiler around it. */
async function createCompiler(): Promise<ExpressionCompiler> {
  const { create, all } = await import("mathjs");
  // mathjs declares `all` through an index signature, so the type allows a missing value.
  if (all === undefined) throw new Error("mathjs does not export its factories as `all`");
  // predictable: functions of numbers give numbers (NaN where a complex number would appear), never Complex.
  const config: ConfigOptions = { predictable: true };
  const math: MathJsInstance = create(all, config);
  // Keep the parser before the instance's own `parse` is disabled below.
  const parse: MathJsInstance["parse"] = math.parse;
  const clamp = math.typed("clamp", {
    "number, number, number": (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi),
  });
  const disabled: Record<string, (...args: readonly unknown[]) => never> = {};
  for (const name of DISABLED_FUNCTIONS) {
    disabled[name] = () => {
      throw new Error(`function ${name} is disabled in scenario expressions`);
    };
  }
  // One call: `import` disables itself along with the rest.
  math.import({ clamp, ...disabled }, { override: true });
  return { compile: (source, path, variables) => compileExpression(parse, source, path, variables) };
}

/** Checks the variable names a caller offers; a bad one is a programming error, not a scenario error. */
function checkVariables(variables: readonly string[]): void {
  for (const name of variables) {
    if (!VARIABLE_NAME.test(name) || FUNCTION_ARITY.has(name) || CONSTANTS.has(name)) {
      throw new TypeError(`expression variable "${name}" must be a plain name that is not a function or constant`);
    }
  }
}

/** Parses, checks and compiles one expression. */
function compileExpression(parse: MathJsInstance["parse"], source: string, path: string, variables: readonly string[]): CompiledExpression {
  checkVariables(variables);
  const allowed = new Set(variables);
  const refuse = (reason: string): ExpressionError => new ExpressionError(path, String(source), reason, variables);
  if (typeof source !== "string") throw refuse(`not text but ${typeof source}`);
  if (source.length > MAX_EXPRESSION_LENGTH) throw refuse(`longer than ${MAX_EXPRESSION_LENGTH} characters`);
  if (source.trim() === "") throw refuse("empty");

  let root: MathNode;
  try {
    root = parse(source);
  } catch (error) {
    throw refuse(`syntax error: ${error instanceof Error ? error.message : String(error)}`);
  }

  const used = new Set<string>();
  const variableHint = variables.length === 0 ? "no variables are available here" : `the variables are ${listNames(variables)}`;

  /** Walks the tree, refusing any node that is not pure arithmetic; returns what the node gives. */
  const check = (node: MathNode): Result => {
    switch (node.type) {
      case "ConstantNode": {
        const value: unknown = (node as ConstantNode<string | number | boolean | null | undefined | bigint>).value;
        if (typeof value === "number") {
          if (!Number.isFinite(value)) throw refuse(`the number ${String(value)} is not finite`);
          return "number";
        }
        if (typeof value === "string") throw refuse("text is not allowed, only numbers");
        if (typeof value === "boolean") throw refuse("true and false are not allowed, only numbers; use a comparison");
        throw refuse(`the constant ${String(value)} is not allowed, only numbers`);
      }
      case "SymbolNode": {
        const name = (node as SymbolNode).name;
        if (allowed.has(name)) {
          used.add(name);
          return "number";
        }
        if (CONSTANTS.has(name)) return "number";
        if (FUNCTION_ARITY.has(name)) throw refuse(`the function ${name} must be called, as ${name}(…)`);
        throw refuse(`unknown name "${name}"; ${variableHint}, and the constants pi and e`);
      }
      case "ParenthesisNode":
        return check((node as ParenthesisNode).content);
      case "OperatorNode": {
        const { fn, op, args }: { readonly fn: string; readonly op: string; readonly args: readonly MathNode[] } = node as OperatorNode<OperatorNodeMap[OperatorNodeFn], OperatorNodeFn>;
        const known = ARITHMETIC.has(fn) || COMPARISONS.has(fn) || LOGICAL.has(fn);
        if (!known) throw refuse(`the operator "${op}" (${fn}) is not allowed`);
        for (const arg of args) check(arg);
        return ARITHMETIC.has(fn) ? "number" : "boolean";
      }
      case "RelationalNode": {
        const { conditionals, params } = node as RelationalNode;
        const bad = conditionals.find((c) => !COMPARISONS.has(c));
        if (bad !== undefined) throw refuse(`the comparison ${bad} is not allowed`);
        for (const param of params) check(param);
        return "boolean";
      }
      case "ConditionalNode": {
        const { condition, trueExpr, falseExpr } = node as ConditionalNode;
        check(condition);
        const a = check(trueExpr);
        const b = check(falseExpr);
        return a === "number" || b === "number" ? "number" : "boolean";
      }
      case "FunctionNode": {
        const { fn, args } = node as FunctionNode<MathNode>;
        if (fn.type !== "SymbolNode") throw refuse("only the listed functions may be called, by name");
        const name = (fn as SymbolNode).name;
        const arity = FUNCTION_ARITY.get(name);
        if (arity === undefined) throw refuse(`unknown function "${name}"`);
        const [min, max] = arity;
        if (args.length < min || args.length > max) {
          const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
          throw refuse(`${name} takes ${expected} argument${min === 1 && (max === 1 || max === Infinity) ? "" : "s"}, got ${args.length}`);
        }
        for (const arg of args) check(arg);
        return "number";
      }
      case "AccessorNode":
      case "IndexNode":
        throw refuse("property access and indexing such as .name or [x] are not allowed");
      case "AssignmentNode":
        throw refuse("assignment is not allowed");
      case "FunctionAssignmentNode":
        throw refuse("defining functions is not allowed");
      case "ArrayNode":
        throw refuse("arrays and matrices are not allowed");
      case "ObjectNode":
        throw refuse("objects are not allowed");
      case "RangeNode":
        throw refuse("ranges such as a:b are not allowed");
      case "BlockNode":
        throw refuse("only one expression is allowed, not several separated by ; or new lines");
      default:
        throw refuse(`${node.type} is not allowed`);
    }
  };

  if (check(root) === "boolean") {
    throw refuse("it gives true or false, not a number; write a conditional such as year < 2029 ? 0.03 : 0.01");
  }

  let code: EvalFunction;
  try {
    code = root.compile();
  } catch (error) {
    throw refuse(`could not be compiled: ${error instanceof Error ? error.message : String(error)}`);
  }
  const uses = Object.freeze(variables.filter((v) => used.has(v)));

  return {
    source,
    uses,
    evaluate(scope: Readonly<Record<string, number>>): number {
      // A fresh map of the variables the expression uses and nothing else: no prototype, nothing to reach through.
      const values = new Map<string, number>();
      for (const name of uses) {
        const value: unknown = Object.hasOwn(scope, name) ? scope[name] : undefined;
        if (typeof value !== "number" || !Number.isFinite(value)) {
          throw refuse(`needs a finite number for ${name}, got ${String(value)}`);
        }
        values.set(name, value);
      }
      const at = uses.length === 0 ? "" : ` at ${uses.map((n) => `${n} = ${String(values.get(n))}`).join(", ")}`;
      let result: unknown;
      try {
        result = code.evaluate(values);
      } catch (error) {
        throw refuse(`failed${at}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (typeof result !== "number" || !Number.isFinite(result)) {
        const got = typeof result === "number" || typeof result === "boolean" ? String(result) : `a ${typeof result}`;
        throw refuse(`gave ${got}${at}, not a finite number`);
      }
      return result;
    },
  };
}
