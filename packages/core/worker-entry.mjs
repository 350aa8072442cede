// Piscina loads this file in every worker thread of a Ringfence batch. It imports the batch's worker
// module (registering tsx first when that module is TypeScript, since Node 20 worker threads do not
// inherit a parent's loader hooks) and calls its runTask export.
let registered = false;

export default async function runInWorker({ module, task }) {
  if (module.endsWith(".ts") && !registered) {
    const { register } = await import("tsx/esm/api");
    register();
    registered = true;
  }
  const mod = await import(module);
  return mod.runTask(task);
}
