/**
 * Where the practice register comes from at run time: a provider set once per process (the Node entry reads
 * the files shipped in `packages/agents/data/register`; a browser would fetch them and call
 * {@link provideRegister}). Model code reads the register only through {@link registerData}, so it never
 * touches the file system itself.
 * @packageDocumentation
 */
import type { RegisterPracticeRow } from "./population-register.js";

/** The practice register as the model reads it: the ICB codes and each year's practices. */
export interface RegisterData {
  /** ODS codes of the 42 ICBs, in the order populations number them. */
  readonly icbCodes: readonly string[];
  /** Practices with payments in the financial year starting in `year` (2014 = 2014/15), in file order. */
  rowsOf(year: number): readonly RegisterPracticeRow[];
}

let provider: (() => RegisterData) | undefined;
let cached: RegisterData | undefined;

/** Sets how the register is obtained (called once by the platform's entry point; the data is read on first use). */
export function provideRegister(get: () => RegisterData): void {
  provider = get;
  cached = undefined;
}

/** The practice register, read on first use; throws when no provider has been set. */
export function registerData(): RegisterData {
  if (cached !== undefined) return cached;
  if (provider === undefined) throw new Error("population.source register: no practice register has been provided (in Node, import @ringfence/agents; in a browser, call provideRegister first)");
  cached = provider();
  return cached;
}
