/**
 * The built-in policies and the default registry.
 * @packageDocumentation
 */
import { acutePassThrough, divertAcute, divertFederation, federationPassThrough } from "./holders.js";
import { carryDeficit, proportionalTopSlice, protectHospitals } from "./icb.js";
import { settlementRule } from "./national-allocator.js";
import { proportionalShare, voiceWeighted } from "./place-board.js";
import { arrsUnderspend, claimNeed, exitByHazard } from "./providers.js";
import { createPolicyRegistry, type AnyPolicy, type PolicyRegistry } from "./registry.js";
import type { PolicyKind } from "./signatures.js";

/** Every built-in policy. */
export const BUILT_IN_POLICIES: readonly AnyPolicy[] = [
  settlementRule,
  protectHospitals,
  proportionalTopSlice,
  carryDeficit,
  divertAcute,
  acutePassThrough,
  divertFederation,
  federationPassThrough,
  voiceWeighted,
  proportionalShare,
  exitByHazard,
  arrsUnderspend,
  claimNeed,
];

/** The policy each kind uses unless a scenario chooses another. */
export const DEFAULT_POLICY: Readonly<Record<PolicyKind, string>> = {
  "national-allocator": "settlement-rule",
  icb: "protect-hospitals",
  council: "claim-need",
  "place-board": "voice-weighted",
  "acute-trust": "divert-shortfall",
  federation: "divert-shortfall",
  pcn: "arrs-underspend",
  practice: "exit-hazard",
};

/** A new registry holding the built-in policies; register your own on it. */
export function createDefaultRegistry(): PolicyRegistry {
  return createPolicyRegistry(BUILT_IN_POLICIES);
}
