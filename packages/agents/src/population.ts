/**
 * A seeded, deterministic generator of the organisations of an England-like health system and their links,
 * at 2015 or 2025 counts. Every organisation is a stable entity: practice k is practice k in every scenario
 * built from the same population, which is what keeps runs of two scenarios paired.
 * @packageDocumentation
 */
import { createRng, split, type Rng } from "@ringfence/core";
import type { PopulationSize, PopulationYear } from "./scenario.js";

/** A register practice's start state: national-rate multipliers of its lines and its core payment's parts. */
export interface RegisterLines {
  /** Core (global sum, MPIG and PMS) per weighted patient over the national core rate, at the start. */
  readonly coreIndex: number;
  /** The part of the core index that stays: the global sum (GMS) or the GMS norm (PMS, APMS). */
  readonly coreNorm: number;
  /** The MPIG part of the core index (phased out by the history). */
  readonly mpigExcess: number;
  /** The PMS premium part of the core index above (or below) the GMS norm (reviewed away by the history). */
  readonly pmsExcess: number;
  /** Enhanced services and other payments per patient over the national rate. */
  readonly enhancedIndex: number;
  /** QOF per patient over the national rate. */
  readonly qofIndex: number;
  /** Premises per patient over the national rate. */
  readonly premisesIndex: number;
}

/** Counts of each kind of organisation and the registered population to build. */
export interface PopulationShape {
  /** Integrated care boards (areas). */
  readonly icbs: number;
  /** Place-based partnerships. */
  readonly places: number;
  /** Councils with adult social care duties. */
  readonly councils: number;
  /** Acute trusts. */
  readonly acutes: number;
  /** GP federations. */
  readonly federations: number;
  /** Primary care networks (groupings of practices; funded from 2019/20). */
  readonly pcns: number;
  /** GP practices. */
  readonly practices: number;
  /** Registered patients. */
  readonly patients: number;
}

/**
 * Shapes by size and start year. England follows published counts: 42 ICB areas, ~175 places, 153
 * councils (150 here), ~1,250 PCNs, 6,229 practices and 63.89m patients (2025), 7,674 practices and 57.2m
 * patients (2015). Acute trusts (~120 of 209 trusts) and federations (~100 of 328 at-scale groups in 2025,
 * 60 in 2015) are ours. Community and mental health providers are one per ICB area.
 */
export const POPULATION_SHAPES: Readonly<Record<PopulationYear, Readonly<Record<PopulationSize, PopulationShape>>>> = {
  2025: {
    england: { icbs: 42, places: 175, councils: 150, acutes: 120, federations: 100, pcns: 1250, practices: 6230, patients: 63_890_000 },
    icb: { icbs: 1, places: 4, councils: 3, acutes: 3, federations: 2, pcns: 30, practices: 148, patients: 1_500_000 },
    toy: { icbs: 2, places: 3, councils: 2, acutes: 3, federations: 2, pcns: 6, practices: 24, patients: 242_400 },
  },
  2015: {
    england: { icbs: 42, places: 175, councils: 150, acutes: 120, federations: 60, pcns: 1250, practices: 7674, patients: 57_200_000 },
    icb: { icbs: 1, places: 4, councils: 3, acutes: 3, federations: 1, pcns: 30, practices: 201, patients: 1_500_000 },
    toy: { icbs: 2, places: 3, councils: 2, acutes: 3, federations: 2, pcns: 6, practices: 32, patients: 238_400 },
  },
};

/** An ICB area and the organisations in it (indices into the population's arrays). */
export interface IcbSpec {
  /** Place indices. */
  readonly places: readonly number[];
  /** Council indices. */
  readonly councils: readonly number[];
  /** Acute trust indices. */
  readonly acutes: readonly number[];
  /** Federation indices. */
  readonly federations: readonly number[];
  /** PCN indices. */
  readonly pcns: readonly number[];
}

/** A practice of a population: its PCN, list and needs weighting, and, from the register, who it is. */
export interface PracticeSpec {
  /** PCN index. */
  readonly pcn: number;
  /** Registered list at the start. */
  readonly list: number;
  /** Needs weighting (weighted list over registered list). */
  readonly weighting: number;
  /** ODS practice code (register populations only). */
  readonly code?: string;
  /** Contract type (register populations only). */
  readonly contract?: "GMS" | "PMS" | "APMS";
  /** Its payment lines as multipliers of the national rates (register populations only; 1 otherwise). */
  readonly lines?: RegisterLines;
}

/** A population: plain data, the same for the same source, size, year, seed and list parameters. */
export interface Population {
  /** The shape it was built to. */
  readonly shape: PopulationShape;
  /** ICB areas. */
  readonly icbs: readonly IcbSpec[];
  /** Places: their ICB and council. */
  readonly places: readonly { readonly icb: number; readonly council: number }[];
  /** Councils: their ICB. */
  readonly councils: readonly { readonly icb: number }[];
  /** Acute trusts: their ICB and share of the ICB's acute contracts. */
  readonly acutes: readonly { readonly icb: number; readonly share: number }[];
  /** Federations: their ICB. */
  readonly federations: readonly { readonly icb: number }[];
  /** PCNs: their ICB, place (global index) and practices. */
  readonly pcns: readonly { readonly icb: number; readonly place: number; readonly practices: readonly number[] }[];
  /** Practices: PCN, registered list and needs weighting (and, from the register, code and payment lines). */
  readonly practices: readonly PracticeSpec[];
  /** ODS codes of the ICBs, in ICB order (register populations only). */
  readonly icbCodes?: readonly string[];
}

/** Splits `total` items over `weights`, each getting at least `min` (when total allows). */
function splitAtLeast(total: number, weights: readonly number[], min: number): number[] {
  const floor = Math.min(min, Math.floor(total / weights.length));
  const rest = split(total - floor * weights.length, weights);
  return rest.map((n) => n + floor);
}

function lognormalWeights(rng: Rng, n: number, cv: number): number[] {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  return Array.from({ length: n }, () => rng.lognormal(-0.5 * sigma * sigma, sigma));
}

const cache = new Map<string, Population>();

/**
 * Generates (or returns the cached) population of a size and start year from a seed.
 * @example
 * ```ts
 * const pop = generatePopulation("england", 2025, 2025, 10_100, 0.55);
 * pop.practices.length; // 6230
 * ```
 * @remarks Deterministic: the same arguments give the same population, so it is built once per process and
 * shared (it is never changed). List sizes are lognormal around the mean and scaled so the total matches the
 * shape's registered patients exactly.
 */
export function generatePopulation(size: PopulationSize, year: PopulationYear, seed: number, listMean: number, listCv: number): Population {
  const key = `${size}\u001f${year}\u001f${seed}\u001f${listMean}\u001f${listCv}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const shape = POPULATION_SHAPES[year][size];
  const rng = createRng(`population\u001f${size}\u001f${seed}`);
  const icbWeights = lognormalWeights(rng, shape.icbs, 0.35);
  const per = (total: number, min: number) => splitAtLeast(total, icbWeights, min);
  const nPlaces = per(shape.places, 1);
  const nCouncils = per(shape.councils, 1).map((c, i) => Math.min(c, nPlaces[i]!));
  const nAcutes = per(shape.acutes, 1);
  const nFeds = per(shape.federations, 0);
  const nPcns = per(shape.pcns, 1).map((p, i) => Math.max(p, nPlaces[i]!));
  const nPractices = per(shape.practices, 1).map((p, i) => Math.max(p, nPcns[i]!));

  const icbs: IcbSpec[] = [];
  const places: { icb: number; council: number }[] = [];
  const councils: { icb: number }[] = [];
  const acutes: { icb: number; share: number }[] = [];
  const federations: { icb: number }[] = [];
  const pcns: { icb: number; place: number; practices: number[] }[] = [];
  const practices: { pcn: number; list: number; weighting: number }[] = [];
  const lists: number[] = [];
  const sigma = Math.sqrt(Math.log(1 + listCv * listCv));
  for (let i = 0; i < shape.icbs; i++) {
    const spec = { places: [] as number[], councils: [] as number[], acutes: [] as number[], federations: [] as number[], pcns: [] as number[] };
    for (let c = 0; c < nCouncils[i]!; c++) {
      spec.councils.push(councils.length);
      councils.push({ icb: i });
    }
    for (let p = 0; p < nPlaces[i]!; p++) {
      spec.places.push(places.length);
      places.push({ icb: i, council: spec.councils[p % spec.councils.length]! });
    }
    const acuteShares = split(1_000_000, lognormalWeights(rng, nAcutes[i]!, 0.4));
    for (let a = 0; a < nAcutes[i]!; a++) {
      spec.acutes.push(acutes.length);
      acutes.push({ icb: i, share: acuteShares[a]! / 1_000_000 });
    }
    for (let f = 0; f < nFeds[i]!; f++) {
      spec.federations.push(federations.length);
      federations.push({ icb: i });
    }
    const practicesPerPcn = splitAtLeast(nPractices[i]!, lognormalWeights(rng, nPcns[i]!, 0.3), 1);
    for (let n = 0; n < nPcns[i]!; n++) {
      const place = spec.places[Math.floor((n * spec.places.length) / nPcns[i]!)]!;
      const pcn = { icb: i, place, practices: [] as number[] };
      spec.pcns.push(pcns.length);
      for (let k = 0; k < practicesPerPcn[n]!; k++) {
        pcn.practices.push(practices.length);
        lists.push(rng.lognormal(Math.log(listMean) - 0.5 * sigma * sigma, sigma));
        practices.push({ pcn: pcns.length, list: 0, weighting: Math.min(1.6, Math.max(0.6, rng.normal(1, 0.1))) });
      }
      pcns.push(pcn);
    }
    icbs.push(spec);
  }
  // Scale lists to the registered total exactly (largest remainder), at least 500 patients each.
  const scaled = split(shape.patients - 500 * lists.length, lists).map((n) => n + 500);
  practices.forEach((p, i) => {
    p.list = scaled[i]!;
  });
  const pop: Population = { shape, icbs, places, councils, acutes, federations, pcns, practices };
  cache.set(key, pop);
  return pop;
}
