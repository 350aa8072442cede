/**
 * Parsing scenario text (YAML 1.2, which includes JSON) into plain data, and nothing else: no custom or
 * language tags, no binary or set values, no merge keys, no duplicate keys, at most
 * {@link MAX_ALIAS_COUNT} aliases, no collection keys, no keys that name a prototype, only finite numbers,
 * and one document whose root is a mapping.
 * @packageDocumentation
 */
import { ConfigError, describeValue, type ConfigIssue } from "@ringfence/core";
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from "yaml";
import { CONTROL, fileError } from "./text-rules.js";

/** The most aliases (`*name`) a scenario may use: enough for sharing a block, too few for an alias bomb. */
export const MAX_ALIAS_COUNT = 50;

/** The deepest nesting of mappings and lists a scenario may have (the schema's own depth is 4). */
export const MAX_DEPTH = 32;

/** Keys that would name or reach an object's prototype; refused anywhere in a scenario. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The YAML core schema's own tags: the only ones a scenario may use (explicitly or implicitly). */
const PLAIN_TAGS: ReadonlySet<string> = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * The deepest nesting of flow collections (`[`, `{`) in YAML text, read roughly (quoted text and comments
 * skipped): the parser recurses per level, so a megabyte of brackets would take seconds or exhaust memory.
 */
function flowDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
    else if (c === 0x22 || c === 0x27) {
      // Skip a quoted scalar (a doubled quote or a backslash escape stays inside it).
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (c === 0x22 && d === 0x5c) i++;
        else if (d === c) {
          if (c === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
          else break;
        }
      }
    } else if (c === 0x23 && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    }
  }
  return deepest;
}

/** The dotted path of a node from the keys of its ancestors' pairs. */
function pathOf(ancestors: readonly unknown[]): string {
  let out = "";
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i];
    if (isPair(a)) {
      const key = isScalar(a.key) ? String(a.key.value) : "?";
      out += out === "" ? key : `.${key}`;
    } else if (isSeq(a)) {
      const next = ancestors[i + 1];
      const index = a.items.indexOf(next as never);
      if (index >= 0) out += `[${index}]`;
    }
  }
  return out === "" ? "(root)" : out;
}

/** Short source text of a node for an error message. */
function sourceOf(text: string, node: unknown): string {
  const range = isNode(node) ? node.range : undefined;
  if (range === undefined || range === null) return "it";
  const s = text.slice(range[0], Math.min(range[1], range[0] + 60)).trim();
  return describeValue(s);
}

/** ` at line N` for a node, from its position in the text, or an empty string. */
function lineOf(text: string, node: unknown): string {
  const range = isNode(node) ? node.range : undefined;
  if (range === undefined || range === null) return "";
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < range[0]; i = text.indexOf("\n", i + 1)) line++;
  return ` at line ${line}`;
}

/** Every problem with the parsed document's nodes, before it is turned into data. */
function nodeIssues(doc: Document, text: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string, expected: string, got: string) => {
    if (issues.length < 20) issues.push({ path, expected, value: got, message: `${path}: expected ${expected}, got ${got}` });
  };
  /** Checks a node of any kind; the path is worked out only for a problem (working it out is not free). */
  const checkNode = (node: Node, ancestors: readonly unknown[]): symbol | undefined => {
    const path = () => pathOf([...ancestors, node]);
    let depth = 0;
    for (const a of ancestors) if (isMap(a) || isSeq(a)) depth++;
    if (depth > MAX_DEPTH) {
      add(path(), `at most ${MAX_DEPTH} levels of nesting`, "deeper nesting");
      return visit.BREAK;
    }
    if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag)) {
      add(path(), "plain YAML values (no tags such as !!binary or !custom)", `the tag ${node.tag.replace(/^tag:yaml\.org,2002:/, "!!")} on ${sourceOf(text, node)}`);
      return visit.SKIP;
    }
    if (isScalar(node) && typeof node.value === "number" && !Number.isFinite(node.value)) add(path(), "a finite number", sourceOf(text, node));
    if (isScalar(node) && typeof node.value === "string" && CONTROL.test(node.value)) add(path(), "text without control characters", describeValue(node.value));
    return undefined;
  };
  visit(doc, {
    Map(_, map, ancestors) {
      const stop = checkNode(map, ancestors);
      if (stop !== undefined) return stop;
      // Duplicate keys are found here, in one pass per mapping: the parser's own check (uniqueKeys) compares
      // every key with every other, which takes minutes for a file of many keys. Keys that would become the
      // same property (1 and "1") count as the same key.
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) add(pathOf([...ancestors, map, pair]), "each key at most once in a mapping", `${describeValue(key)} again${lineOf(text, pair.key)}`);
        seen.add(key);
      }
      return undefined;
    },
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key)) {
        add(pathOf(ancestors), "keys that are plain names", `a ${isAlias(pair.key) ? "alias" : "list or mapping"} as a key`);
        return visit.SKIP;
      }
      const key: unknown = pair.key.value;
      const path = () => pathOf([...ancestors, pair]);
      if (typeof key !== "string" && typeof key !== "number") add(path(), "keys that are plain names", `the key ${describeValue(key)}`);
      if (typeof key === "string" && PROTOTYPE_KEYS.has(key)) add(path(), "no key named __proto__, constructor or prototype", describeValue(key));
      if (typeof key === "string" && key === "<<") add(path(), "no merge keys (<<); write the fields out or use extends", "<<");
      return undefined;
    },
    Node: (_, node, ancestors) => checkNode(node, ancestors),
  });
  return issues;
}

/**
 * Parses scenario text into plain data (objects, arrays, strings, finite numbers, booleans and null), or
 * throws a {@link ConfigError} naming the file, the path and what was wrong. Nothing in the text can run
 * code or build anything but plain data, and a document cannot grow past its aliases' budget.
 * @example
 * ```ts
 * parseScenarioText("years: 5\nnational: { realGrowthMean: 0.01 }", "my.yaml"); // { years: 5, national: {...} }
 * ```
 */
export function parseScenarioText(text: string, source: string): Record<string, unknown> {
  if (flowDepth(text) > MAX_DEPTH) throw fileError(source, `at most ${MAX_DEPTH} levels of nesting`, "deeper nesting of [ or {");
  let doc: Document;
  try {
    doc = parseDocument(text, { schema: "core", uniqueKeys: false, merge: false, strict: true, prettyErrors: true, stringKeys: false });
  } catch (e) {
    throw fileError(source, "valid YAML or JSON", firstLine(e));
  }
  // An unknown tag is reported below with its path (the parser's warning names only the line).
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code !== "TAG_RESOLVE_FAILED")];
  if (problems.length > 0) {
    const e = problems[0]!;
    const where = e.linePos?.[0] === undefined ? "" : ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}`;
    throw fileError(source, "valid YAML or JSON", `${e.code}${where}: ${firstLine(e).replace(/ at line \d+, column \d+:?$/, "")}`);
  }
  const issues = nodeIssues(doc, text);
  if (issues.length > 0) throw new ConfigError(`scenario ${source}`, issues);
  if (doc.warnings.length > 0) {
    const w = doc.warnings[0]!;
    throw fileError(source, "valid YAML or JSON", `${w.code}: ${firstLine(w)}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // Only the alias budget is about aliases; anything else (an alias with no anchor before it) is bad YAML.
    const message = firstLine(e);
    if (/excessive alias count/i.test(message)) throw fileError(source, `at most ${MAX_ALIAS_COUNT} aliases`, message);
    throw fileError(source, "valid YAML or JSON", message);
  }
  if (data === null || data === undefined) throw fileError(source, "a mapping of scenario fields", "an empty document");
  if (typeof data !== "object" || Array.isArray(data)) throw fileError(source, "a mapping of scenario fields", Array.isArray(data) ? "a list" : `the ${typeof data} ${describeValue(data)}`);
  return data as Record<string, unknown>;
}

/** The first line of an error's message. */
function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0] ?? message;
}

/**
 * Checks that a value is plain scenario data: objects with `Object.prototype` or no prototype, arrays,
 * strings, finite numbers, booleans and null, no prototype keys, not too deep. For objects built in code
 * (a notebook's overrides) rather than parsed from a file.
 */
export function plainDataIssues(value: unknown, path = "(root)", depth = 0): ConfigIssue[] {
  const issue = (p: string, expected: string, got: unknown): ConfigIssue[] => [{ path: p, expected, value: got, message: `${p}: expected ${expected}, got ${describeValue(got)}` }];
  if (value === null || typeof value === "string" || typeof value === "boolean") return [];
  if (typeof value === "number") return Number.isFinite(value) ? [] : issue(path, "a finite number", value);
  if (depth > MAX_DEPTH) return issue(path, `at most ${MAX_DEPTH} levels of nesting`, "deeper nesting");
  const join = (k: string) => (path === "(root)" ? k : `${path}.${k}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => plainDataIssues(v, `${path === "(root)" ? "" : path}[${i}]`, depth + 1));
  if (typeof value === "object") {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return issue(path, "plain data (a mapping, list, string, number, boolean or null)", `a ${(value as object).constructor?.name ?? "non-plain"} object`);
    const out: ConfigIssue[] = [];
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === "symbol") return issue(path, "string keys", String(key));
      if (PROTOTYPE_KEYS.has(key)) out.push(...issue(join(key), "no key named __proto__, constructor or prototype", key));
      else out.push(...plainDataIssues((value as Record<string, unknown>)[key], join(key), depth + 1));
    }
    return out;
  }
  return issue(path, "plain data (a mapping, list, string, number, boolean or null)", `a ${typeof value}`);
}
