/**
 * The data the model reads from the package's files in Node, fetched in the browser: the posterior ensemble
 * (JSON) and the practice register (two gzip files and a CSV). Each register file is checked as Node's loader
 * checks it: decompressed (DecompressionStream), parsed row by row with the same parsers, its row count
 * compared, then its sha-256 (Web Crypto) against the shipped one; a damaged file is refused by name.
 * @packageDocumentation
 */
import {
  checkSha256,
  createRegister,
  ICBS_FILE,
  parseEnsemble,
  parseIcbsCsv,
  parsePaymentsCsv,
  parseWorkforceCsv,
  PAYMENTS_FILE,
  provideEnsemble,
  provideRegister,
  registerDataOf,
  WORKFORCE_FILE,
  type Ensemble,
  type RegisterFileSpec,
} from "@ringfence/agents";
import ensembleUrl from "@ringfence/agents/data/posterior-england-2015.json?url";
import icbsUrl from "@ringfence/agents/data/register/icbs.csv?url";
import paymentsUrl from "@ringfence/agents/data/register/practice-payments-2014-2022.csv.gz?url";
import workforceUrl from "@ringfence/agents/data/register/practice-workforce-2023-2024.csv.gz?url";

/** Where each register file is served from (hashed asset names in a build). */
const REGISTER_URLS: ReadonlyMap<RegisterFileSpec, string> = new Map([
  [ICBS_FILE, icbsUrl],
  [PAYMENTS_FILE, paymentsUrl],
  [WORKFORCE_FILE, workforceUrl],
]);

/** What was loaded, for the page to say: the ensemble's provenance and the bytes fetched. */
export interface DataInfo {
  /** Particles in the ensemble. */
  readonly particles: number;
  /** Parameters each particle sets. */
  readonly parameters: number;
  /** How it was made, in words (method, targets, population, simulations). */
  readonly method: string;
  /** Bytes of the ensemble file. */
  readonly ensembleBytes: number;
  /** Bytes of the register files fetched (compressed as shipped), when the register was loaded. */
  readonly registerBytes: number | undefined;
}

async function fetchBytes(url: string, file: string): Promise<Uint8Array<ArrayBuffer>> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`data file ${file}: could not be fetched from ${url} (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!response.ok) throw new Error(`data file ${file}: could not be fetched from ${url} (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A register file's text (gunzipped when shipped as gzip) and the sha-256 of its bytes. */
async function readFile(spec: RegisterFileSpec): Promise<{ readonly text: string; readonly sha256: string; readonly bytes: number }> {
  const url = REGISTER_URLS.get(spec);
  if (url === undefined) throw new Error(`data file ${spec.file}: no URL for it in this build`);
  const bytes = await fetchBytes(url, spec.file);
  let content: Uint8Array<ArrayBuffer> = bytes;
  if (spec.gzip) {
    try {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      content = new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (e) {
      throw new Error(`data file ${spec.file}: expected a complete gzip file (${bytes.length} bytes fetched; the file is truncated or damaged: ${e instanceof Error ? e.message : String(e)})`);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw new Error(`data file ${spec.file}: expected UTF-8 text (the file is damaged)`);
  }
  return { text, sha256: await sha256(bytes), bytes: bytes.length };
}

let ensembleInfo: Promise<DataInfo> | undefined;
let registerBytes: Promise<number> | undefined;

/** Fetches and validates the shipped ensemble once, and provides it to the model. */
export function loadEnsemble(): Promise<DataInfo> {
  ensembleInfo ??= (async () => {
    const bytes = await fetchBytes(ensembleUrl, "posterior-england-2015.json");
    const ensemble: Ensemble = parseEnsemble(JSON.parse(new TextDecoder().decode(bytes)), "posterior-england-2015.json");
    provideEnsemble("england-2015", () => ensemble);
    const p = ensemble.provenance;
    return {
      particles: ensemble.particles.length,
      parameters: ensemble.parameters.length,
      method: `${typeof p.method.name === "string" ? p.method.name.split(" (")[0] : "calibration"}: ${ensemble.particles.length} parameter sets fitted to ${p.targets.length} published series of ${p.population} (${p.scenario}, ${p.simulations.toLocaleString("en-GB")} simulations)`,
      ensembleBytes: bytes.length,
      registerBytes: undefined,
    };
  })();
  return ensembleInfo;
}

/**
 * Fetches, checks and parses the practice register once, and provides it to the model (the fit years, and the
 * whole register only if a run starts in a reserved year), as Node's loader does from disk.
 */
export function loadRegister(): Promise<number> {
  registerBytes ??= (async () => {
    const [icbsFile, workforceFile, paymentsFile] = await Promise.all([readFile(ICBS_FILE), readFile(WORKFORCE_FILE), readFile(PAYMENTS_FILE)]);
    const icbs = parseIcbsCsv(icbsFile.text, { file: ICBS_FILE.file, expectedRows: ICBS_FILE.rows });
    checkSha256(ICBS_FILE.file, icbsFile.sha256, ICBS_FILE.sha256);
    const workforce = parseWorkforceCsv(workforceFile.text, icbs, { file: WORKFORCE_FILE.file, expectedRows: WORKFORCE_FILE.rows });
    checkSha256(WORKFORCE_FILE.file, workforceFile.sha256, WORKFORCE_FILE.sha256);
    const payments = parsePaymentsCsv(paymentsFile.text, icbs, { file: PAYMENTS_FILE.file, expectedRows: PAYMENTS_FILE.rows });
    checkSha256(PAYMENTS_FILE.file, paymentsFile.sha256, PAYMENTS_FILE.sha256);
    const parts = { icbs, payments, workforce };
    const data = registerDataOf((access) => createRegister(parts, access));
    provideRegister(() => data);
    return icbsFile.bytes + workforceFile.bytes + paymentsFile.bytes;
  })();
  return registerBytes;
}

/** The data a run needs, loaded: the ensemble always, the register when the population is England's. */
export async function loadData(register: boolean): Promise<DataInfo> {
  const info = await loadEnsemble();
  return register ? { ...info, registerBytes: await loadRegister() } : info;
}
