/**
 * The default policy registry.
 * @packageDocumentation
 */
import type { Kind } from "../domain.js";
import { acutePassThrough, divertToHospital, federationDivert, federationPassThrough } from "./holders.js";
import { carryDeficit, proportionalTopSlice } from "./icb.js";
import { spendingReview } from "./national-allocator.js";
import { proportionalShare, voiceWeighted } from "./place-board.js";
import { arrsUnderspend, claimNeed, contractViability } from "./providers.js";
import { createPolicyRegistry, type AnyPolicy, type PolicyRegistry } from "./registry.js";

/** Every built-in policy. */
export const BUILT_IN_POLICIES: readonly AnyPolicy[] = [
  spendingReview,
  proportionalTopSlice,
  carryDeficit,
  divertToHospital,
  acutePassThrough,
  federationPassThrough,
  federationDivert,
  voiceWeighted,
  proportionalShare,
  contractViability,
  arrsUnderspend,
  claimNeed,
] as unknown as readonly AnyPolicy[];

/** The policy each kind uses unless a scenario chooses another. */
export const DEFAULT_POLICY: Readonly<Record<Kind, string>> = {
  "national-allocator": "spending-review",
  icb: "proportional-top-slice",
  council: "claim-need",
  "place-board": "voice-weighted",
  "acute-trust": "divert-to-hospital",
  federation: "pass-through",
  pcn: "arrs-underspend",
  practice: "contract-viability",
};

/** A new registry holding the built-in policies; register your own on it. */
export function createDefaultRegistry(): PolicyRegistry {
  return createPolicyRegistry(BUILT_IN_POLICIES);
}
