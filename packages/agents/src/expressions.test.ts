import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  EXPRESSION_FUNCTIONS,
  ExpressionError,
  isExpression,
  loadExpressionCompiler,
  MAX_EXPRESSION_LENGTH,
  type ExpressionCompiler,
} from "./expressions.js";

const YEAR = ["year"] as const;
let compiler: ExpressionCompiler;

/** Own keys of an object, strings and symbols, for before-and-after comparisons. */
const keysOf = (o: object): (string | symbol)[] => Reflect.ownKeys(o);

/** Runs `f`, which must throw an ExpressionError, and returns it. */
function refusal(f: () => unknown): ExpressionError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error("expected an ExpressionError, but nothing was thrown");
}

beforeAll(async () => {
  compiler = await loadExpressionCompiler();
  compiler.compile("year + 1", "warm.up", YEAR).evaluate({ year: 1 });
});

describe("loadExpressionCompiler", () => {
  it("gives the same compiler on every call", async () => {
    const [a, b] = await Promise.all([loadExpressionCompiler(), loadExpressionCompiler()]);
    expect(a).toBe(compiler);
    expect(b).toBe(compiler);
  });
});

describe("isExpression", () => {
  it("is true for non-empty text that is not just a number", () => {
    for (const s of ["year", "year < 2029 ? 0.03 : 0.01", "1 + 1", "Infinity", "NaN", "0x10", "1,000"]) expect(isExpression(s), s).toBe(true);
    for (const v of ["0.03", "-1e-3", " 5 ", "+.5", "2029", "", "   ", 3, null, undefined, ["year"], { year: 1 }]) {
      expect(isExpression(v), String(v)).toBe(false);
    }
  });
});

describe("values", () => {
  it("a step change: 0.03 up to 2028, 0.01 from 2029", () => {
    const e = compiler.compile("year < 2029 ? 0.03 : 0.01", "levers.realGrowthMean", YEAR);
    expect(e.source).toBe("year < 2029 ? 0.03 : 0.01");
    expect(e.uses).toEqual(["year"]);
    expect(e.evaluate({ year: 2028 })).toBe(0.03);
    expect(e.evaluate({ year: 2029 })).toBe(0.01);
    expect(e.evaluate({ year: 2040 })).toBe(0.01);
  });

  it("a capped ramp: min(0.02, 0.004 * (year - 2025)) over 2025..2031", () => {
    const e = compiler.compile("min(0.02, 0.004 * (year - 2025))", "levers.increase", YEAR);
    const got = [2025, 2026, 2027, 2028, 2029, 2030, 2031].map((year) => e.evaluate({ year }));
    const want = [0, 0.004, 0.008, 0.012, 0.016, 0.02, 0.02];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
  });

  it("a second variable t, and variables that are not used need not be given", () => {
    const e = compiler.compile("0.01 * t + (year >= 2030 ? 0.005 : 0)", "levers.x", ["year", "t"]);
    expect(e.uses).toEqual(["year", "t"]);
    expect(e.evaluate({ year: 2026, t: 1 })).toBeCloseTo(0.01, 12);
    expect(e.evaluate({ year: 2030, t: 5 })).toBeCloseTo(0.055, 12);
    const onlyT = compiler.compile("t ^ 2", "levers.y", ["year", "t"]);
    expect(onlyT.uses).toEqual(["t"]);
    expect(onlyT.evaluate({ t: 3 })).toBe(9);
  });

  it("every listed function, pi and e, unary signs, chained comparisons and logic in conditions", () => {
    const cases: [string, number][] = [
      ["max(1, year - 2030, 2)", 2],
      ["abs(-2.5)", 2.5],
      ["sign(2025 - year)", -1],
      ["exp(0)", 1],
      ["log(e)", 1],
      ["log(8, 2)", 3],
      ["log10(1000)", 3],
      ["sqrt(16)", 4],
      ["pow(2, 10)", 1024],
      ["floor(2.7)", 2],
      ["ceil(2.1)", 3],
      ["round(2.345, 2)", 2.35],
      ["clamp(year - 2020, 0, 5)", 5],
      ["clamp(-3, 0, 5)", 0],
      ["-(+year) + 2 * pi - 2 * pi", -2032],
      ["2028 <= year <= 2035 ? 1 : 0", 1],
      ["year == 2032 and not (year != 2032) or year > 3000 ? 7 : 8", 7],
      ["(year - 2030) ^ 2", 4],
    ];
    expect([...EXPRESSION_FUNCTIONS].sort()).toEqual(
      ["abs", "ceil", "clamp", "exp", "floor", "log", "log10", "max", "min", "pow", "round", "sign", "sqrt"].sort(),
    );
    for (const [source, want] of cases) expect(compiler.compile(source, "p", YEAR).evaluate({ year: 2032 }), source).toBeCloseTo(want, 12);
  });

  it("agrees with plain arithmetic on random linear ramps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 2000, max: 2100 }),
        (a, b, c, year) => {
          const e = compiler.compile(`${a} / 10000 * (year - ${b}) + ${c} / 1000`, "p", YEAR);
          expect(e.evaluate({ year })).toBeCloseTo((a / 10000) * (year - b) + c / 1000, 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("does not change the scope it is given", () => {
    const scope = Object.freeze({ year: 2030, other: 1 });
    expect(compiler.compile("year * 2", "p", YEAR).evaluate(scope)).toBe(4060);
    expect(scope).toEqual({ year: 2030, other: 1 });
  });
});

describe("errors", () => {
  it("a syntax error names the path and the expression", () => {
    const err = refusal(() => compiler.compile("year <", "levers.realGrowthMean", YEAR));
    expect(err.path).toBe("levers.realGrowthMean");
    expect(err.expression).toBe("year <");
    expect(err.reason).toMatch(/^syntax error/);
    expect(err.message).toMatch(/^levers\.realGrowthMean: expected an expression of year using \+ - \* \/ \^ comparisons, \?: and the functions min, max, /);
    expect(err.message).toContain('got "year <" (syntax error');
  });

  it("a variable the expression uses must be given as a finite number", () => {
    const e = compiler.compile("year + t", "p", ["year", "t"]);
    expect(refusal(() => e.evaluate({ year: 2030 })).reason).toBe("needs a finite number for t, got undefined");
    expect(refusal(() => e.evaluate({ year: 2030, t: Number.NaN })).reason).toBe("needs a finite number for t, got NaN");
  });

  it("results that are not finite numbers are refused at evaluation, naming the values", () => {
    const err = refusal(() => compiler.compile("1 / (year - 2030)", "levers.z", YEAR).evaluate({ year: 2030 }));
    expect(err.reason).toBe("gave Infinity at year = 2030, not a finite number");
    expect(refusal(() => compiler.compile("sqrt(year - 2040)", "p", YEAR).evaluate({ year: 2030 })).reason).toMatch(/^gave NaN/);
    expect(refusal(() => compiler.compile("pow(10, year)", "p", YEAR).evaluate({ year: 2030 })).reason).toMatch(/^gave Infinity/);
    // A conditional whose branch is a comparison passes the checks but gives a boolean.
    expect(refusal(() => compiler.compile("year > 0 ? (year > 1) : 1", "p", YEAR).evaluate({ year: 2030 })).reason).toMatch(/^gave true/);
  });

  it("bad variable names are a programming error", () => {
    expect(() => compiler.compile("1", "p", ["min"])).toThrow(TypeError);
    expect(() => compiler.compile("1", "p", ["__proto__"])).toThrow(TypeError);
    expect(() => compiler.compile("1", "p", ["pi"])).toThrow(TypeError);
  });
});

describe("hostile expressions", () => {
  const long = `${"1+".repeat(5000)}1`;
  // [expression, what the reason says]
  const hostile: [string, RegExp][] = [
    ["import({}, {})", /unknown function "import"/],
    ['createUnit("foo")', /unknown function "createUnit"/],
    ['evaluate("1+1")', /unknown function "evaluate"/],
    ['parse("1")', /unknown function "parse"/],
    ["f(x) = x", /defining functions is not allowed/],
    ["x = 5", /assignment is not allowed/],
    ["[1,2,3]", /arrays and matrices are not allowed/],
    ["{a: 1}", /objects are not allowed/],
    ["a.constructor", /property access/],
    ['year["constructor"]', /property access/],
    ["year.constructor", /property access/],
    ['cos.constructor("return process")()', /syntax error/],
    ['cos.constructor("return process")', /only the listed functions may be called, by name/],
    ["range(1, 1e9)", /unknown function "range"/],
    ["zeros(1e9)", /unknown function "zeros"/],
    ["1:1e9", /ranges such as a:b are not allowed/],
    ['"abc"', /text is not allowed/],
    ["5 cm", /unknown name "cm"; the variables are year, and the constants pi and e/],
    ["unknownVar * 2", /unknown name "unknownVar"; the variables are year/],
    ["2; 3", /only one expression is allowed/],
    ["2\n3", /only one expression is allowed/],
    [long, new RegExp(`longer than ${MAX_EXPRESSION_LENGTH} characters`)],
    ["year > 2000", /gives true or false, not a number/],
    ["__proto__", /unknown name "__proto__"/],
    ["process", /unknown name "process"/],
    ["this", /unknown name "this"/],
    ["constructor", /unknown name "constructor"/],
    ["true", /true and false are not allowed/],
    ["null", /the constant null is not allowed/],
    ["1e400", /the number Infinity is not finite/],
    ["Infinity", /the number Infinity is not finite/],
    ["NaN", /the number NaN is not finite/],
    ["3!", /the operator "!" \(factorial\) is not allowed/],
    ["year mod 2", /the operator "mod"/],
    ["year & 1", /the operator "&"/],
    ["2 to cm", /the operator "to"/],
    ["min", /must be called/],
    ["min()", /min takes at least 1 argument, got 0/],
    ["abs(1, 2)", /abs takes 1 argument, got 2/],
    ["pow(2)", /pow takes 2 arguments, got 1/],
    ["cos(year)", /unknown function "cos"/],
    ["(min)(1)", /the function min must be called/],
    ["", /empty/],
  ];

  // Taken after mathjs has loaded (the outer beforeAll), before any hostile expression is compiled.
  let protoBefore: (string | symbol)[] = [];
  let functionProtoBefore: (string | symbol)[] = [];
  let globalBefore: (string | symbol)[] = [];
  beforeAll(() => {
    protoBefore = keysOf(Object.prototype);
    functionProtoBefore = keysOf(Function.prototype);
    globalBefore = keysOf(globalThis);
  });

  it.each(hostile.map(([source, reason]) => [source.length > 60 ? `${source.slice(0, 40)}… (${source.length} characters)` : JSON.stringify(source), source, reason] as const))(
    "refuses %s quickly, naming the path and the expression",
    (_label, source, reason) => {
      const scope = { year: 2030 };
      const started = performance.now();
      const err = refusal(() => compiler.compile(source, "levers.hostile", YEAR).evaluate(scope));
      const ms = performance.now() - started;
      expect(ms).toBeLessThan(100);
      expect(err.path).toBe("levers.hostile");
      expect(err.expression).toBe(source);
      expect(err.reason).toMatch(reason);
      expect(err.message.startsWith("levers.hostile: expected an expression of year")).toBe(true);
      expect(err.message).toContain(`got "${source.slice(0, 100)}`);
      expect(scope).toEqual({ year: 2030 });
    },
  );

  it("1/0 passes the checks but is refused when evaluated", () => {
    const e = compiler.compile("1/0", "levers.hostile", YEAR);
    const err = refusal(() => e.evaluate({ year: 2030 }));
    expect(err.message).toContain('levers.hostile: expected');
    expect(err.message).toContain('got "1/0" (gave Infinity, not a finite number)');
  });

  it("left no trace: Object.prototype, Function.prototype and globalThis have no new keys, and mathjs itself is untouched", async () => {
    expect(keysOf(Object.prototype)).toEqual(protoBefore);
    expect(keysOf(Function.prototype)).toEqual(functionProtoBefore);
    expect(keysOf(globalThis).filter((k) => !globalBefore.includes(k))).toEqual([]);
    // The disabled functions live only on the private instance: the package's shared instance still works.
    const mathjs = await import("mathjs");
    expect(mathjs.evaluate("1 + 1")).toBe(2);
    expect(mathjs.parse("x").type).toBe("SymbolNode");
  });
});
