/**
 * England 2015/16–2025/26 as data: the yearly inputs a backcast runs on, and the published series it is
 * checked against. Every row names its source (see docs/sources.md for full titles); "ours" marks an
 * interpolation or derivation of our own.
 * @packageDocumentation
 */

/** One financial year of historical inputs. */
export interface HistoryYear {
  /** Calendar year the financial year starts (2015 = 2015/16). */
  readonly year: number;
  /** NHS England allocation growth in cash on the year before (the first year's is 0). */
  readonly allocationGrowth: number;
  /** GDP deflator change on the year before (inflation). */
  readonly inflation: number;
  /**
   * Money added to the allocation beyond the allocation growth's basis (pay awards and industrial action
   * funded in-year; the elective recovery money of the 2021 Spending Review), as a share of the allocation;
   * it stays in the base of later years.
   */
  readonly inYearTopUp: number;
  /** PCN DES including additional roles, £ per registered patient (0 before July 2019). */
  readonly pcnPerPatient: number;
  /** Sustainability and transformation money handed to trusts, £ for all England. */
  readonly trustFund: number;
  /** Fines and readmission penalties acute trusts paid to their commissioners, £ for all England. */
  readonly providerFines: number;
  /** Whether trusts were on Covid block contracts with top-ups that met their costs. */
  readonly covidBlock: boolean;
  /** Covid funds ring-fenced to general practice, £ for all England (recorded; no rule pays it to practices yet). */
  readonly covidGp: number;
  /** Growth of the NHS minimum contribution to the Better Care Fund on the year before. */
  readonly bcfGrowth: number;
  /**
   * The GMS global sum per weighted patient, £ cash (the national core rate; a practice's core payment is
   * this times its weighted list times its own core index, see the practice register).
   */
  readonly globalSum: number;
  /** Sources, by row field. */
  readonly sources: string;
}

/**
 * The first financial year national policy pushed general practice to work at scale (2016 = 2016/17): the GP
 * Forward View (NHS England, April 2016) and the new care models' multispecialty providers, before networks
 * (the PCN DES, July 2019) offered scale without merging; the push has not been withdrawn since.
 */
export const AT_SCALE_PUSH_FROM = 2016;

/**
 * The yearly inputs of the `england` history, 2014/15–2025/26. Allocation growth is on the "Long Term Plan
 * basis" (June 2018 settlement; excludes Covid, pension and later pay top-ups) where that series exists. The
 * global sum per weighted patient is the published GMS rate (the mean of the year where it changed in the
 * year; the backdated rate where an uplift was backdated to April).
 */
export const ENGLAND: readonly HistoryYear[] = [
  { year: 2014, allocationGrowth: 0, inflation: 0.017, inYearTopUp: 0, pcnPerPatient: 0, trustFund: 0, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0, globalSum: 73.56, sources: "NHS TDEL £98.1bn (Department of Health, settlement at the Spending Review 2015, 25 Nov 2015); global sum £73.56 (BMA, GP contract payments 2015–2016 England); first year: growth and deflator not used" },
  { year: 2015, allocationGrowth: 0.0326, inflation: 0.013, inYearTopUp: 0, pcnPerPatient: 0, trustFund: 0, providerFines: 751e6, covidBlock: false, covidGp: 0, bcfGrowth: 0, globalSum: 76.14, sources: "fines and readmission penalties £751m paid by providers to commissioners (NHS Improvement year-end figures, via Public Finance, 20 May 2016); NHS TDEL £98.1bn → £101.3bn, real growth 1.9% (Department of Health, settlement at the Spending Review 2015, 25 Nov 2015; deflator derived from the two); £100.9bn allocated (PAC); global sum £75.77 from April, £76.51 from October (BMA; Pulse)" },
  { year: 2016, allocationGrowth: 0.0377, inflation: 0.02, inYearTopUp: 0, pcnPerPatient: 0, trustFund: 1.8e9, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0.018, globalSum: 80.59, sources: "global sum £80.59 (Pulse, 2016); +£3.8bn (Health Foundation/King's Fund); £1.8bn sustainability fund to trusts of £2.14bn (PAC); deflator and BCF growth ours" },
  { year: 2017, allocationGrowth: 0.031, inflation: 0.017, inYearTopUp: 0, pcnPerPatient: 0, trustFund: 1.8e9, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0.018, globalSum: 85.35, sources: "global sum £85.35 (GPonline, Feb 2017); allocation growth ours (interpolated to the 2018/19 figure); fund ~£1.8bn inferred (NHS Providers); deflator ours" },
  { year: 2018, allocationGrowth: 0.061, inflation: 0.02, inYearTopUp: 0, pcnPerPatient: 0, trustFund: 2.45e9, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0.034, globalSum: 88.96, sources: "global sum £88.96 (Pulse, 2019); £114.6bn incl. Agenda for Change pay money (NHS Providers, funding settlement table 1); provider sustainability fund £2.45bn (Wilmington Healthcare); deflator ours" },
  { year: 2019, allocationGrowth: 0.052, inflation: 0.024, inYearTopUp: 0, pcnPerPatient: 5, trustFund: 1.8e9, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0.034, globalSum: 89.88, sources: "global sum £89.88 (Pulse, 2019); £120.6bn (NHS Providers); deflator +2.4% derived from NHS England investment in general practice cash/real (Management in Practice); PCN DES from July 2019, £ per patient ours; fund amount ours (not found)" },
  { year: 2020, allocationGrowth: 0.052, inflation: 0.054, inYearTopUp: 0, pcnPerPatient: 13, trustFund: 0, providerFines: 0, covidBlock: true, covidGp: 150e6, bcfGrowth: 0.034, globalSum: 93.46, sources: "global sum £93.46 (GPonline, Feb 2021: £97.28 less £3.82); £126.9bn excl. Covid (NHS Providers); deflator +5.4% derived (Management in Practice); ARRS £430m (Pulse, weak); £150m Covid capacity fund (Pulse); block contracts with top-ups: modest surpluses (Nuffield Trust)" },
  { year: 2021, allocationGrowth: 0.05, inflation: -0.008, inYearTopUp: 0, pcnPerPatient: 20, trustFund: 0, providerFines: 0, covidBlock: true, covidGp: 120e6, bcfGrowth: 0.034, globalSum: 97.28, sources: "global sum £97.28 (GPonline, Feb 2021); £133.2bn (NHS Providers); deflator −0.8% derived (Management in Practice); £120m Covid fund Apr–Sep 2021 (NHS England); PCN £ per patient ours" },
  { year: 2022, allocationGrowth: 0.05, inflation: 0.068, inYearTopUp: 0.0165, pcnPerPatient: 25, trustFund: 0, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0.0566, globalSum: 99.70, sources: "elective recovery £2.3bn beyond the Long Term Plan basis, 1.65% of £139.8bn (NHS England planning guidance via HFMA, Core ICB allocations to rise 3.6%, 28 January 2022; part of £8bn over 2022/23–2024/25, DHSC answer to a written question, 9 January 2023); global sum £99.70 (LMC news, 2023); £139.8bn (NHS Providers); deflator +6.8% derived (Management in Practice); ARRS maximum £1,020m (Pulse); BCF NHS minimum +5.66% (NHS England)" },
  { year: 2023, allocationGrowth: 0.057, inflation: 0.06, inYearTopUp: 0.0487, pcnPerPatient: 34, trustFund: 0, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0.0566, globalSum: 104.73, sources: "global sum £104.73 backdated to April (Pulse, 2023); £147.8bn (NHS Providers); in-year top-up +4.87%: total revenue limit £171.318bn initial → £179.660bn revised for pay awards and industrial action (DHSC financial directions); deflator ours (approximate); ARRS maximum £1,412m (Management in Practice); BCF +5.66% (DHSC/DLUHC)" },
  { year: 2024, allocationGrowth: 0.054, inflation: 0.03, inYearTopUp: 0, pcnPerPatient: 36.5, trustFund: 0, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0.0566, globalSum: 112.50, sources: "global sum £112.50 backdated to April (Pulse, 2024); allocation growth ours (no Long Term Plan basis figure); deflator ours; ARRS ~£1.5bn (Management in Practice, weak)" },
  { year: 2025, allocationGrowth: 0.058, inflation: 0.025, inYearTopUp: 0, pcnPerPatient: 37.5, trustFund: 0, providerFines: 0, covidBlock: false, covidGp: 0, bcfGrowth: 0.04, globalSum: 121.79, sources: "global sum £121.79 (BMA, GP contract 2025/26); £181.4bn → £192bn ring-fenced revenue (NHS Confederation); deflator ours; core + PCN DES £13,176m (NHS England)" },
];

/** Published histories by name. */
export const HISTORY_SERIES: Readonly<Record<"england", readonly HistoryYear[]>> = { england: ENGLAND };

/** The historical inputs of calendar year `year` under a history, or undefined outside it. */
export function historyYear(name: "none" | "england", year: number): HistoryYear | undefined {
  if (name === "none") return undefined;
  return HISTORY_SERIES[name].find((h) => h.year === year);
}

/** A published point of an observed series, for checking a backcast against. */
export interface Observation {
  /** Calendar year of the financial year it falls in (2019 = 2019/20). */
  readonly year: number;
  /** The published value. */
  readonly value: number;
  /** Where it comes from. */
  readonly source: string;
}

/** Published series a backcast is compared with (England). */
export const OBSERVED = {
  practices: [
    { year: 2015, value: 7674, source: "Sep 2015 (Wesleyan)" },
    { year: 2017, value: 7254, source: "Jan 2018 (RCGP)" },
    { year: 2020, value: 6743, source: "Jul 2020 (NHS Digital spotlight report)" },
    { year: 2023, value: 6419, source: "Apr 2023 (pharmacy.biz)" },
    { year: 2025, value: 6229, source: "Jul 2025 (RCGP)" },
  ],
  patients: [
    { year: 2015, value: 57.2e6, source: "2015 (Wesleyan)" },
    { year: 2019, value: 59.96e6, source: "Aug 2019 (OnMedica)" },
    { year: 2022, value: 61.8e6, source: "Jul 2022 (GPonline)" },
    { year: 2025, value: 63.89e6, source: "Dec 2025 (BMA)" },
  ],
  gpFte: [
    { year: 2015, value: 29403, source: "Sep 2015, old basis (GPonline)" },
    { year: 2019, value: 28315, source: "Sep 2019, old basis (GPonline)" },
    { year: 2023, value: 27302, source: "Sep 2023 (Pulse)" },
    { year: 2025, value: 28250, source: "May 2025 (BMA)" },
  ],
  paymentPerPatient: [
    { year: 2016, value: 151.37, source: "2016/17 (GPonline)" },
    { year: 2019, value: 155.46, source: "2019/20 (Pulse)" },
    { year: 2021, value: 163.65, source: "2021/22 (Management in Practice)" },
  ],
  averageList: [
    { year: 2015, value: 7460, source: "Jan 2016 (GPonline, global sum funding per patient to rise 6%, Feb 2017)" },
    { year: 2016, value: 7732, source: "Jan 2017 (GPonline, Feb 2017)" },
    { year: 2024, value: 10101, source: "Jun 2024 (South Staffordshire and Shropshire LMC, NHS Digital data, Aug 2024)" },
  ],
  patientsPerGpFte: [
    { year: 2017, value: 2034, source: "Dec 2017 (RCGP news, number of GP practices)" },
    { year: 2025, value: 2257, source: "Jul 2025 (RCGP news, number of GP practices)" },
  ],
  trustDeficit: [
    { year: 2015, value: -2.45e9, source: "2015/16 (NHS Providers)" },
    { year: 2018, value: -0.571e9, source: "2018/19 (HFMA)" },
    { year: 2023, value: -1.2e9, source: "2023/24, 0.9% of income (Nuffield Trust)" },
  ],
} as const satisfies Readonly<Record<string, readonly Observation[]>>;
