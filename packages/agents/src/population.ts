/**
 * A seeded, deterministic generator of the organisations of an England-like health system and their links.
 * @packageDocumentation
 */
import { createRng, split, type Rng } from "@ringfence/core";
import type { PopulationSize } from "./scenario.js";

/** Counts of each kind of organisation and the registered population to build. */
export interface PopulationShape {
  /** Integrated care boards. */
  readonly icbs: number;
  /** Place-based partnerships. */
  readonly places: number;
  /** Councils with adult social care duties. */
  readonly councils: number;
  /** Acute trusts. */
  readonly acutes: number;
  /** GP federations. */
  readonly federations: number;
  /** Primary care networks. */
  readonly pcns: number;
  /** GP practices. */
  readonly practices: number;
  /** Registered patients. */
  readonly patients: number;
}

/**
 * Shapes of the three sizes. `england` follows the published counts: 42 ICBs, ~175 places, 153 councils
 * (150 here), ~1,250 PCNs, 6,229 practices (Jul 2025), 63.89m patients (Dec 2025); acute trusts (~120) and
 * federations (~100) are ours, from 209 trusts and 328 at-scale groups (figures [15], [16]).
 */
export const POPULATION_SHAPES: Readonly<Record<PopulationSize, PopulationShape>> = {
  england: { icbs: 42, places: 175, councils: 150, acutes: 120, federations: 100, pcns: 1250, practices: 6230, patients: 63_890_000 },
  icb: { icbs: 1, places: 4, councils: 3, acutes: 3, federations: 2, pcns: 30, practices: 148, patients: 1_500_000 },
  toy: { icbs: 2, places: 3, councils: 2, acutes: 3, federations: 2, pcns: 6, practices: 24, patients: 242_400 },
};

/** An ICB area and the organisations in it (indices into the population's arrays). */
export interface IcbSpec {
  /** Place indices. */
  readonly places: number[];
  /** Council indices. */
  readonly councils: number[];
  /** Acute trust indices. */
  readonly acutes: number[];
  /** Federation indices. */
  readonly federations: number[];
  /** PCN indices. */
  readonly pcns: number[];
}

/** A generated population: plain data, the same for the same size and seed. */
export interface Population {
  /** The shape it was built to. */
  readonly shape: PopulationShape;
  /** ICB areas. */
  readonly icbs: IcbSpec[];
  /** Places: their ICB and council. */
  readonly places: { readonly icb: number; readonly council: number }[];
  /** Councils: their ICB. */
  readonly councils: { readonly icb: number }[];
  /** Acute trusts: their ICB and share of the ICB's acute contracts. */
  readonly acutes: { readonly icb: number; readonly share: number }[];
  /** Federations: their ICB. */
  readonly federations: { readonly icb: number }[];
  /** PCNs: their ICB, place (global index) and practices. */
  readonly pcns: { readonly icb: number; readonly place: number; readonly practices: number[] }[];
  /** Practices: PCN, registered list and needs weighting. */
  readonly practices: { readonly pcn: number; readonly list: number; readonly weighting: number }[];
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

/**
 * Generates a population of the given size from a seed.
 * @example
 * ```ts
 * const pop = generatePopulation("england", 2025, 10_100, 0.55);
 * pop.practices.length; // 6230
 * ```
 * @remarks Deterministic: the same size, seed and list parameters give the same population. List sizes are
 * lognormal around the mean and scaled so the total matches the shape's registered patients exactly.
 */
export function generatePopulation(size: PopulationSize, seed: number, listMean: number, listCv: number): Population {
  const shape = POPULATION_SHAPES[size];
  const rng = createRng(`population\u001f${size}\u001f${seed}`);
  const icbWeights = lognormalWeights(rng, shape.icbs, 0.35);
  const per = (total: number, min: number) => splitAtLeast(total, icbWeights, min);
  const nPlaces = per(shape.places, 1);
  const nCouncils = per(shape.councils, 1).map((c, i) => Math.min(c, nPlaces[i]!));
  const nAcutes = per(shape.acutes, 1);
  const nFeds = per(shape.federations, 0);
  const nPcns = per(shape.pcns, 1).map((p, i) => Math.max(p, nPlaces[i]!));
  const nPractices = per(shape.practices, 1).map((p, i) => Math.max(p, nPcns[i]!));

  const pop: Population = { shape, icbs: [], places: [], councils: [], acutes: [], federations: [], pcns: [], practices: [] };
  const lists: number[] = [];
  for (let i = 0; i < shape.icbs; i++) {
    const spec: IcbSpec = { places: [], councils: [], acutes: [], federations: [], pcns: [] };
    for (let c = 0; c < nCouncils[i]!; c++) {
      spec.councils.push(pop.councils.length);
      pop.councils.push({ icb: i });
    }
    for (let p = 0; p < nPlaces[i]!; p++) {
      spec.places.push(pop.places.length);
      pop.places.push({ icb: i, council: spec.councils[p % spec.councils.length]! });
    }
    const acuteShares = split(1_000_000, lognormalWeights(rng, nAcutes[i]!, 0.4));
    for (let a = 0; a < nAcutes[i]!; a++) {
      spec.acutes.push(pop.acutes.length);
      pop.acutes.push({ icb: i, share: acuteShares[a]! / 1_000_000 });
    }
    for (let f = 0; f < nFeds[i]!; f++) {
      spec.federations.push(pop.federations.length);
      pop.federations.push({ icb: i });
    }
    const practicesPerPcn = splitAtLeast(nPractices[i]!, lognormalWeights(rng, nPcns[i]!, 0.3), 1);
    for (let n = 0; n < nPcns[i]!; n++) {
      const place = spec.places[Math.floor((n * spec.places.length) / nPcns[i]!)]!;
      const pcn = { icb: i, place, practices: [] as number[] };
      spec.pcns.push(pop.pcns.length);
      for (let k = 0; k < practicesPerPcn[n]!; k++) {
        pcn.practices.push(pop.practices.length);
        const sigma = Math.sqrt(Math.log(1 + listCv * listCv));
        lists.push(rng.lognormal(Math.log(listMean) - 0.5 * sigma * sigma, sigma));
        pop.practices.push({ pcn: pop.pcns.length, list: 0, weighting: Math.min(1.6, Math.max(0.6, rng.normal(1, 0.1))) });
      }
      pop.pcns.push(pcn);
    }
    pop.icbs.push(spec);
  }
  // Scale lists to the registered total exactly (largest remainder), at least 500 patients each.
  const scaled = split(shape.patients - 500 * lists.length, lists).map((n) => n + 500);
  pop.practices.forEach((p, i) => {
    (p as { list: number }).list = scaled[i]!;
  });
  return pop;
}
