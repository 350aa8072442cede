import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson, SUMMARY_FILE, writeFileAtomic, writeSummaryJson } from "@ringfence/core/results";
import { describe, expect, it } from "vitest";
import { makeFixtureSummary } from "./test-fixture.js";

const fresh = (): string => mkdtempSync(join(tmpdir(), "rf-summary-"));

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order, indents by two spaces", () => {
    const text = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } });
    expect(text).toBe(
      [
        "{",
        '  "a": {',
        '    "c": "x",',
        '    "d": [',
        "      3,",
        "      {",
        '        "y": 2,',
        '        "z": 1',
        "      }",
        "    ]",
        "  },",
        '  "b": 1',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("gives the same text whatever order the keys were built in", () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { q: 1, p: 2 } })).toBe(canonicalJson({ z: { p: 2, q: 1 }, y: [1, 2], x: 1 }));
  });

  it("writes non-finite numbers as null and leaves undefined members out", () => {
    expect(JSON.parse(canonicalJson({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: undefined, d: [undefined] }))).toEqual({
      a: null,
      b: null,
      d: [null],
    });
  });

  it("throws on a cycle, naming the path", () => {
    const loop: { self?: unknown } = {};
    loop.self = { back: loop };
    expect(() => canonicalJson(loop)).toThrow(/\$\.self\.back/);
  });
});

describe("writeSummaryJson", () => {
  it("writes summary.json that parses back to the summary", () => {
    const dir = fresh();
    const summary = makeFixtureSummary();
    const path = writeSummaryJson(dir, summary);
    expect(path).toBe(join(dir, SUMMARY_FILE));
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(readdirSync(dir)).toEqual([SUMMARY_FILE]);
  });

  it("creates the directory when missing", () => {
    const dir = join(fresh(), "a", "b");
    writeSummaryJson(dir, makeFixtureSummary());
    expect(readdirSync(dir)).toEqual([SUMMARY_FILE]);
  });

  it("leaves no file and no temporary file when serialisation throws", () => {
    const dir = fresh();
    const summary = Object.defineProperty({ ...makeFixtureSummary() }, "manifest", {
      enumerable: true,
      get() {
        throw new Error("serialisation failed");
      },
    });
    expect(() => writeSummaryJson(dir, summary)).toThrow("serialisation failed");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("does not clobber an existing good file when a later write fails", () => {
    const dir = fresh();
    const good = writeSummaryJson(dir, makeFixtureSummary());
    const before = readFileSync(good, "utf8");
    // A value no typed caller could build (a bigint where a number belongs), as JSON from elsewhere might be.
    const bad: unknown = { ...makeFixtureSummary(), runs: 10n };
    expect(() => writeSummaryJson(dir, bad as ReturnType<typeof makeFixtureSummary>)).toThrow(/\$\.runs.*bigint/);
    expect(readFileSync(good, "utf8")).toBe(before);
    expect(readdirSync(dir)).toEqual([SUMMARY_FILE]);
  });
});

describe("writeFileAtomic", () => {
  it("replaces a file whole and leaves no temporary file", () => {
    const dir = fresh();
    const path = join(dir, "x.txt");
    writeFileSync(path, "old");
    writeFileAtomic(path, "new content");
    expect(readFileSync(path, "utf8")).toBe("new content");
    expect(readdirSync(dir)).toEqual(["x.txt"]);
  });

  it("keeps the old file when the producer throws", () => {
    const dir = fresh();
    const path = join(dir, "x.txt");
    writeFileSync(path, "old");
    expect(() =>
      writeFileAtomic(path, () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["x.txt"]);
  });

  it("removes its temporary file when the final rename fails", () => {
    const dir = fresh();
    const path = join(dir, "taken");
    mkdirSync(path);
    writeFileSync(join(path, "inside.txt"), "keep");
    expect(() => writeFileAtomic(path, "content")).toThrow();
    expect(readdirSync(dir)).toEqual(["taken"]);
    expect(readFileSync(join(path, "inside.txt"), "utf8")).toBe("keep");
  });
});
