/**
 * `@ringfence/core/queue`: batches spread over machines through a BullMQ queue in Redis. Kept apart from
 * `@ringfence/core/batch` because BullMQ takes most of a second to load.
 * @packageDocumentation
 */
export { pingQueue, queueExecutor, redactUrl, runQueueWorker } from "./batch/queue.js";
export type { QueueExecutorOptions, QueueWorkerOptions } from "./batch/queue.js";
