// Piscina loads this file in every worker thread of a Ringfence batch. It imports the batch's worker module
// when the thread starts (registering tsx first when that module is TypeScript, since Node 20 worker threads
// do not inherit a parent's loader hooks), so a thread is warm before its first task, hands the executor's
// threadConfig (if any) to the module's configureThread, and calls its runTask.
// Under Deno (a notebook's kernel, say) tsx is not registered: Deno runs TypeScript itself, and tsx's hooks
// are Node's loader API.
import { workerData } from "piscina";

const { module, threadConfig } = workerData;
if (module.endsWith(".ts") && globalThis.Deno === undefined) {
  const { register } = await import("tsx/esm/api");
  register();
}
const mod = await import(module);
if (threadConfig !== undefined) {
  if (typeof mod.configureThread !== "function") throw new Error(`the worker module ${module} exports no configureThread function, but its executor was given a threadConfig`);
  mod.configureThread(threadConfig);
}

// A null task is the executor's warm-up: it answers once the module above has loaded.
export default function runInWorker(task) {
  return task === null ? null : mod.runTask(task);
}
