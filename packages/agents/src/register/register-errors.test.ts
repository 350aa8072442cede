import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { ConfigError } from "@ringfence/core";
import { afterEach, describe, expect, it } from "vitest";
import { ICBS_FILE, loadRegister, PAYMENTS_FILE, REGISTER_DATA_DIR, REGISTER_FILES, WORKFORCE_FILE } from "@ringfence/agents";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the shipped register folder, with one file replaced by `bytes` when given. */
function copyWith(file?: string, bytes?: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "ringfence-register-"));
  dirs.push(dir);
  for (const spec of REGISTER_FILES) copyFileSync(join(REGISTER_DATA_DIR, spec.file), join(dir, spec.file));
  if (file !== undefined && bytes !== undefined) writeFileSync(join(dir, file), bytes);
  return dir;
}

function workforceLines(): string[] {
  return gunzipSync(readFileSync(join(REGISTER_DATA_DIR, WORKFORCE_FILE.file))).toString("utf8").split("\n");
}

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError, but the register loaded");
}

describe("loadRegister refuses a damaged file by name and row", () => {
  it("a truncated gzip file", () => {
    const whole = readFileSync(join(REGISTER_DATA_DIR, PAYMENTS_FILE.file));
    const e = configError(() => loadRegister({ dir: copyWith(PAYMENTS_FILE.file, whole.subarray(0, Math.floor(whole.length / 2))) }));
    expect(e.message.split("\n")[0]).toBe(`invalid data file ${PAYMENTS_FILE.file}:`);
    expect(e.issues[0]!.message).toMatch(/^practice-payments-2014-2022\.csv\.gz: expected a complete gzip file \(1375854 bytes read; the file is truncated or damaged: .+\)$/);
  });

  it("a file cut at the end of a line (rows missing)", () => {
    const lines = workforceLines();
    const cut = gzipSync(lines.slice(0, lines.length - 11).join("\n") + "\n");
    const e = configError(() => loadRegister({ dir: copyWith(WORKFORCE_FILE.file, cut) }));
    expect(e.issues.map((i) => i.message)).toEqual([`${WORKFORCE_FILE.file}: expected 12873 data rows (a complete file), found 12863`]);
  });

  it("a wrong column", () => {
    const lines = workforceLines();
    lines[0] = lines[0]!.replace("nurse_fte", "nurses_fte");
    const e = configError(() => loadRegister({ dir: copyWith(WORKFORCE_FILE.file, gzipSync(lines.join("\n"))) }));
    expect(e.issues.map((i) => i.message)).toEqual([
      `${WORKFORCE_FILE.file}, line 1: expected the column "nurse_fte", which is missing`,
      `${WORKFORCE_FILE.file}, line 1: expected only the columns practice_code, year_ending_march, icb_name, patients, gp_fte_excl_locums_trainees, gp_locum_trainee_fte, nurse_fte, direct_patient_care_fte, admin_fte, gp_partner_fte, imd_score, got "nurses_fte"`,
    ]);
  });

  it("a bad value, named by line, column and value", () => {
    const lines = workforceLines();
    const cells = lines[99]!.split(",");
    cells[3] = "lots";
    lines[99] = cells.join(",");
    const e = configError(() => loadRegister({ dir: copyWith(WORKFORCE_FILE.file, gzipSync(lines.join("\n"))) }));
    expect(e.issues.map((i) => i.message)).toEqual([`${WORKFORCE_FILE.file}, line 100, column patients: expected a number of at least 0, got "lots"`]);
  });

  it("a file whose rows all parse but whose bytes are not the published ones (wrong checksum)", () => {
    const lines = workforceLines();
    const cells = lines[99]!.split(",");
    cells[3] = String(Number(cells[3]) + 1);
    lines[99] = cells.join(",");
    const changed = gzipSync(lines.join("\n"));
    const e = configError(() => loadRegister({ dir: copyWith(WORKFORCE_FILE.file, changed) }));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.message).toMatch(new RegExp(`^${WORKFORCE_FILE.file.replace(/\./g, "\\.")}: expected sha-256 ${WORKFORCE_FILE.sha256} \\(the file as published; it has been changed or damaged\\), got [0-9a-f]{64}$`));
    // The same edition read with verify off is checked row by row, and loads.
    expect(loadRegister({ dir: copyWith(WORKFORCE_FILE.file, changed), verify: false, access: "all" }).workforce).toHaveLength(WORKFORCE_FILE.rows);
  }, 120_000);

  it("a changed ICB table, and a missing file", () => {
    const text = readFileSync(join(REGISTER_DATA_DIR, ICBS_FILE.file), "utf8").replace("Central East ICB", "Central-East ICB");
    expect(configError(() => loadRegister({ dir: copyWith(ICBS_FILE.file, Buffer.from(text)) })).issues[0]!.message).toMatch(/^icbs\.csv: expected sha-256 cc0a48c3/);
    const dir = copyWith();
    rmSync(join(dir, PAYMENTS_FILE.file));
    expect(configError(() => loadRegister({ dir })).issues[0]!.message).toBe(`${PAYMENTS_FILE.file}: expected a readable file at ${join(dir, PAYMENTS_FILE.file)} (ENOENT)`);
  });
});
