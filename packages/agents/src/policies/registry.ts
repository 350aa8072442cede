/**
 * Policies: named, parameterised behavioural rules for one agent kind, registered by name and chosen
 * from a scenario.
 * @packageDocumentation
 */
import { ConfigError, type Rng } from "@ringfence/core";
import type { z } from "zod";
import { schemaIssues } from "../scenario-files/schema-issues.js";
import type { PolicyKind, PolicySignatures } from "./signatures.js";

/** A behavioural rule for one kind: reads an observation, returns a decision; draws only from `rng`. */
export interface Policy<K extends PolicyKind, P> {
  /** The kind this policy is for. */
  readonly kind: K;
  /** Name scenarios select it by, unique per kind. */
  readonly name: string;
  /** One line on what the rule does and which claim it encodes. */
  readonly description: string;
  /** Schema of its parameters (with defaults); validated once when a scenario is loaded. */
  readonly params: z.ZodType<P>;
  /** The rule. */
  decide(observation: PolicySignatures[K]["observation"], params: P, rng: Rng): PolicySignatures[K]["decision"];
}

/** A policy of some kind with its parameter type hidden, as stored in a registry. */
export type AnyPolicy = { [K in PolicyKind]: Policy<K, unknown> }[PolicyKind];

/** A policy bound to validated parameters, ready to call. */
export interface BoundPolicy<K extends PolicyKind> {
  /** Policy name. */
  readonly name: string;
  /** Calls the rule with the bound parameters. */
  decide(observation: PolicySignatures[K]["observation"], rng: Rng): PolicySignatures[K]["decision"];
}

/** The bound policy of every kind for one run. */
export type BoundPolicies = { readonly [K in PolicyKind]: BoundPolicy<K> };

/**
 * Declares a policy for one kind.
 * @example
 * ```ts
 * const cautious = definePolicy({
 *   kind: "acute-trust", name: "never-divert", description: "Pays every held line in full.",
 *   params: z.object({}), decide: (obs) => ({ cuts: obs.held.map(() => 0) }),
 * });
 * ```
 */
export function definePolicy<K extends PolicyKind, P>(policy: Policy<K, P>): Policy<K, P> {
  return policy;
}

/** Policies by kind and name; see {@link createPolicyRegistry}. */
export interface PolicyRegistry {
  /** Adds a policy; a second policy with the same kind and name is an error. Returns the registry. */
  register<K extends PolicyKind, P>(policy: Policy<K, P>): PolicyRegistry;
  /** The policy of a kind by name, or undefined. */
  get(kind: PolicyKind, name: string): AnyPolicy | undefined;
  /** Every registered policy, by kind then name. */
  list(): readonly AnyPolicy[];
  /** Binds a policy choice per kind (defaults where none is chosen), validating parameters. */
  bind(
    choices: Partial<Record<PolicyKind, { readonly name: string; readonly params: Readonly<Record<string, unknown>> }>>,
    defaults: Readonly<Record<PolicyKind, string>>,
  ): BoundPolicies;
}

/** Creates a policy registry, optionally seeded with policies. */
export function createPolicyRegistry(policies: readonly AnyPolicy[] = []): PolicyRegistry {
  const byKey = new Map<string, AnyPolicy>();
  const registry: PolicyRegistry = {
    register(policy) {
      const key = `${policy.kind}/${policy.name}`;
      if (byKey.has(key)) throw new Error(`policy ${key} is already registered`);
      // Parameters are validated by the policy's own schema in bind() before decide sees them, so hiding P is safe.
      byKey.set(key, policy as Policy<PolicyKind, unknown> as AnyPolicy);
      return registry;
    },
    get: (kind, name) => byKey.get(`${kind}/${name}`),
    list: () => [...byKey.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name)),
    bind(choices, defaults) {
      const bound: Partial<Record<PolicyKind, BoundPolicy<PolicyKind>>> = {};
      for (const kind of Object.keys(defaults) as PolicyKind[]) {
        const choice = choices[kind] ?? { name: defaults[kind], params: {} };
        const policy = byKey.get(`${kind}/${choice.name}`);
        if (policy === undefined) {
          const known = [...byKey.values()].filter((p) => p.kind === kind).map((p) => p.name);
          throw new ConfigError("scenario", [
            {
              path: `policies.${kind}.name`,
              expected: `one of ${known.join(", ")}`,
              value: choice.name,
              message: `policies.${kind}.name: expected one of ${known.join(", ")}, got "${choice.name}"`,
            },
          ]);
        }
        const parsed = policy.params.safeParse(choice.params);
        if (!parsed.success) throw new ConfigError("scenario", schemaIssues(policy.params, parsed.error, choice.params, `policies.${kind}.params`));
        const params = parsed.data;
        const decide = policy.decide as (o: unknown, p: unknown, r: Rng) => unknown;
        bound[kind] = {
          name: policy.name,
          decide: (observation: unknown, rng: Rng) => decide(observation, params, rng),
        } as BoundPolicy<PolicyKind>;
      }
      return bound as BoundPolicies;
    },
  };
  for (const p of policies) registry.register(p);
  return registry;
}
