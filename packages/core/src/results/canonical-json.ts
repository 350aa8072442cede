/**
 * Canonical JSON: object keys sorted, 2-space indent, a final newline, so equal values give identical text
 * (the form of summary.json, in Node and in a browser).
 * @packageDocumentation
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function canonical(value: unknown, path: string, seen: Set<object>): Json | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    case "bigint":
      throw new TypeError(`${path}: ${String(value)}n is a bigint; expected a number that JSON can hold`);
    case "object":
      break;
  }
  const object = value as object;
  if (seen.has(object)) throw new TypeError(`${path}: refers back to itself; expected a tree with no cycles`);
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      return object.map((item: unknown, i) => canonical(item, `${path}[${i}]`, seen) ?? null);
    }
    const out: { [key: string]: Json } = {};
    const record = object as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const item = canonical(record[key], `${path}.${key}`, seen);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    seen.delete(object);
  }
}

/**
 * Canonical JSON of a value: object keys sorted, 2-space indent, a final newline.
 * @remarks Keys are sorted by UTF-16 code unit at every depth and arrays keep their order, so equal values
 * give identical text whatever order their keys were built in. Non-finite numbers (NaN, ±Infinity), which
 * JSON cannot hold, are written as `null`; `undefined` members are left out. A bigint or a cycle throws.
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [2, 3] }); // '{\n  "a": [\n    2,\n    3\n  ],\n  "b": 1\n}\n'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(canonical(value, "$", new Set()) ?? null, null, 2)}\n`;
}
