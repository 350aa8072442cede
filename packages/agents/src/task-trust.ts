/**
 * The one trust rule for task modules: a task's config is untrusted input (it may come from a Redis queue
 * anyone with access can write to), so every task module (run, experiment, calibration and any later one)
 * admits it through {@link admitScenario} before running it:
 *
 * 1. the scenario is parsed with the strict scenario schema (unknown keys, wrong types and values out of
 *    range are refused);
 * 2. a scenario that lists plugins is refused unless this thread was granted the `hash-pinned` rule by the
 *    code that started it ({@link configureThread}; never by a task), and then every plugin must have its
 *    content hash in the config, matching the plugin and every local module it imports as they are now;
 * 3. plugins are imported only in worker threads with a time limit ({@link pluginExecutor}), never on a
 *    process's main thread;
 * 4. a refusal is a {@link TaskRefused} with a code and a message (a queue worker sends back only those).
 * @packageDocumentation
 */
import { ConfigError, parseInput } from "@ringfence/core";
import { localExecutor, type LocalExecutor } from "@ringfence/core/batch";
import { z } from "zod";
import { pluginGraph, PluginGraphError } from "./scenario-files/plugin-graph.js";
import { scenarioSchema, type Scenario } from "./scenario.js";

/** What a thread may do with plugins: refuse any scenario that lists them, or import them when pinned by hash. */
export const PLUGIN_RULES = ["refuse", "hash-pinned"] as const;
/** A plugin rule. */
export type PluginRule = (typeof PLUGIN_RULES)[number];

/** Why a task was refused, as a code a queue sends back. */
export const REFUSAL_CODES = ["invalid-task", "plugins-not-allowed", "plugin-hash-missing", "plugin-hash-mismatch"] as const;
/** A refusal code. */
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A task refused by the trust rule: a code and a one-line message naming the scenario and what was wrong. */
export class TaskRefused extends Error {
  override readonly name = "TaskRefused";
  /** Creates the refusal. */
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the code starting a worker thread grants it (see {@link configureThread}). */
export interface TaskThreadConfig {
  /** The thread's plugin rule. */
  readonly plugins: PluginRule;
}

const threadConfigSchema: z.ZodType<TaskThreadConfig> = z.strictObject({ plugins: z.enum(PLUGIN_RULES) });

let threadRule: PluginRule = "refuse";

/**
 * Sets this thread's plugin rule. The batch executor calls it (through the task module's `configureThread`
 * export) in each worker thread it starts with a `threadConfig`; nothing a task carries reaches it. Threads
 * never configured, and every process's main thread, keep `refuse`.
 * @throws ConfigError when the config is not `{ plugins: "refuse" | "hash-pinned" }`.
 */
export function configureThread(config: unknown): void {
  threadRule = parseInput(threadConfigSchema, config, "thread config").plugins;
}

/** This thread's plugin rule (`refuse` unless {@link configureThread} granted more). */
export function threadPluginRule(): PluginRule {
  return threadRule;
}

/** The thread config of executors that may run plugins. */
export const PLUGIN_THREADS: TaskThreadConfig = { plugins: "hash-pinned" };

/**
 * The executor for batches whose scenarios load plugins: every task in a worker thread of its own granted the
 * `hash-pinned` rule, none on the main thread, each stopped at `taskTimeoutMs`.
 */
export function pluginExecutor(options: { readonly workers?: number; readonly taskTimeoutMs: number; readonly keepAlive?: boolean }): LocalExecutor {
  return localExecutor({ ...(options.workers === undefined ? {} : { workers: options.workers }), isolate: true, taskTimeoutMs: options.taskTimeoutMs, threadConfig: PLUGIN_THREADS, keepAlive: options.keepAlive === true });
}

/** The plugin paths a rule refuses outright (before any hash is computed): all, or those without a hash. */
function checkListedPlugins(scenario: Scenario, source: string, rule: PluginRule): void {
  if (scenario.plugins.length === 0) return;
  const n = scenario.plugins.length;
  if (rule === "refuse") {
    throw new TaskRefused(
      "plugins-not-allowed",
      `${source} lists ${n} plugin module${n === 1 ? "" : "s"} (${scenario.plugins.join(", ")}), and this worker does not run plugins (start it with --allow-plugins, which trusts everyone who can send it tasks)`,
    );
  }
  const missing = scenario.plugins.filter((p) => !Object.hasOwn(scenario.pluginHashes, p));
  if (missing.length > 0) throw new TaskRefused("plugin-hash-missing", `${source} lists ${missing.join(", ")} without its content hash in pluginHashes; a plugin runs only when pinned by hash`);
}

/**
 * Admits a task's scenario config: the strict scenario schema, then the plugin rule (permission and a hash
 * for every plugin). Does not read the plugins: {@link admitPlugins} checks their hashes.
 * @throws TaskRefused with code `invalid-task`, `plugins-not-allowed` or `plugin-hash-missing`.
 */
export function admitScenario(config: unknown, source: string, rule: PluginRule): Scenario {
  let scenario: Scenario;
  try {
    scenario = parseInput(scenarioSchema, config, source);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const first = e.issues[0];
    throw new TaskRefused("invalid-task", `${source} is not a valid scenario: ${first?.message ?? e.message}${e.issues.length > 1 ? ` (and ${e.issues.length - 1} more problems)` : ""}`);
  }
  checkListedPlugins(scenario, source, rule);
  return scenario;
}

const verified = new Map<string, Promise<void>>();

/**
 * Checks that every plugin of an admitted scenario is, with every local module it imports, exactly what
 * its hash pins (once per thread for each set of plugins and hashes). Reads files; runs no plugin code.
 * @throws TaskRefused with code `plugin-hash-mismatch` naming the plugin whose graph changed or cannot be read.
 */
export function admitPlugins(scenario: Scenario, source: string): Promise<void> {
  if (scenario.plugins.length === 0) return Promise.resolve();
  const key = JSON.stringify(scenario.plugins.map((p) => [p, scenario.pluginHashes[p]]));
  let p = verified.get(key);
  if (p === undefined) {
    p = (async () => {
      for (const path of scenario.plugins) {
        const expected = scenario.pluginHashes[path];
        let actual: string;
        try {
          actual = (await pluginGraph(path)).hash;
        } catch (e) {
          const why = e instanceof PluginGraphError ? e.message : `it cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
          throw new TaskRefused("plugin-hash-mismatch", `${source}: the plugin ${path} cannot be checked against its hash: ${why}`);
        }
        if (actual !== expected) {
          throw new TaskRefused("plugin-hash-mismatch", `${source}: the plugin ${path} or a module it imports changed since the scenario was checked (sha-256 ${String(expected).slice(0, 12)}…, now ${actual.slice(0, 12)}…)`);
        }
      }
    })();
    p.catch(() => verified.delete(key));
    verified.set(key, p);
  }
  return p;
}

/** {@link admitScenario} then {@link admitPlugins}: everything the trust rule checks before a task runs. */
export async function admitScenarioAndPlugins(config: unknown, source: string, rule: PluginRule): Promise<Scenario> {
  const scenario = admitScenario(config, source, rule);
  await admitPlugins(scenario, source);
  return scenario;
}
