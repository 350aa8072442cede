/**
 * `@ringfence/agents`: the English health and care funding domain built on `@ringfence/core`.
 * @packageDocumentation
 */

/** Version of the agents package. */
export const VERSION = "0.1.0";
