// A worker thread started by callInWorker (src/batch/isolated-call.ts): imports one module (registering tsx
// first when it is TypeScript), calls one of its exports with the argument given, and posts back the result
// or the error (name, message and, for a ConfigError, its issues). Under Deno, which runs TypeScript itself,
// tsx is not registered.
import { parentPort, workerData } from "node:worker_threads";

const { module, exportName, argument } = workerData;
try {
  if (module.endsWith(".ts") && globalThis.Deno === undefined) {
    const { register } = await import("tsx/esm/api");
    register();
  }
  const mod = await import(module);
  const value = await mod[exportName](argument);
  parentPort.postMessage({ ok: true, value });
} catch (e) {
  const error = e instanceof Error ? { name: e.name, message: e.message, stack: e.stack, issues: e.issues } : { name: "Error", message: String(e) };
  parentPort.postMessage({ ok: false, error });
}
