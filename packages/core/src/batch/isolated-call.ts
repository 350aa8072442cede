/**
 * Calling a function of a module in a worker thread of its own, with a time limit: for code the user
 * supplied (plugins), so that it never runs on the main thread and a runaway call is stopped.
 * @packageDocumentation
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ConfigError, type ConfigIssue } from "../validation.js";

/** Options of {@link callInWorker}. */
export interface CallInWorkerOptions {
  /** The longest the call may take, in milliseconds, before its thread is stopped. */
  readonly timeoutMs: number;
  /** What the call does, for the time-limit error (such as `checking the plugins of my.yaml`). */
  readonly what: string;
}

/** The result a worker thread posts back. */
type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly stack?: string; readonly issues?: readonly ConfigIssue[] } };

/** Worker flags: this process's, without source conditions unless the module is TypeScript (as the batch executor does). */
export function workerExecArgv(module: string): string[] {
  const inherited = process.execArgv.filter((a, i, all) => !a.startsWith("--conditions") && !a.startsWith("-C") && all[i - 1] !== "--conditions" && all[i - 1] !== "-C");
  return module.endsWith(".ts") ? [...inherited, "--conditions=source"] : inherited;
}

/**
 * Imports `module` in a new worker thread, calls its export `exportName` with `argument` (structured-cloned)
 * and resolves with the result; rejects with the function's error (a {@link ConfigError} keeps its issues),
 * or with an error naming `what` when the call outlives its time limit (the thread is then terminated).
 * @example
 * ```ts
 * const issues = await callInWorker<ConfigIssue[]>(new URL("./check.js", import.meta.url), "check", { path }, { timeoutMs: 10_000, what: "checking plugins" });
 * ```
 */
export function callInWorker<R>(module: URL | string, exportName: string, argument: unknown, options: CallInWorkerOptions): Promise<R> {
  const href = typeof module === "string" ? module : module.href;
  const worker = new Worker(fileURLToPath(new URL("../../call-entry.mjs", import.meta.url)), {
    workerData: { module: href, exportName, argument },
    execArgv: workerExecArgv(href),
  });
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`${options.what} did not finish within ${options.timeoutMs / 1000} s and was stopped (a plugin may loop forever)`))), options.timeoutMs);
    worker.once("message", (reply: Reply) => {
      finish(() => {
        if (reply.ok) resolve(reply.value as R);
        else if (reply.error.name === "ConfigError" && reply.error.issues !== undefined) reject(new ConfigError(reply.error.message.replace(/^invalid (.*?):\n[\s\S]*$/, "$1"), reply.error.issues));
        else reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack }));
      });
    });
    worker.once("error", (e) => finish(() => reject(e)));
    worker.once("exit", (code) => finish(() => reject(new Error(`${options.what}: the worker thread exited (code ${code}) without replying`))));
  });
}
