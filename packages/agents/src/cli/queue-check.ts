/**
 * The check every command taking `--queue` makes before it starts anything: the Redis server answers.
 * @packageDocumentation
 */
import { ConfigError, redactUrl } from "@ringfence/core";

/**
 * Connects to the queue's Redis, pings it and disconnects; an unreachable server is bad input (exit 2), named
 * with its password hidden, and nothing has been written.
 * @throws ConfigError naming `--queue`.
 */
export async function requireQueue(url: string): Promise<void> {
  const { pingQueue } = await import("@ringfence/core/queue");
  try {
    await pingQueue(url);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^queue: /, "") : String(e);
    throw new ConfigError("command line", [{ path: "--queue", expected: "a Redis server that answers", value: redactUrl(url), message: `--queue: ${why}` }]);
  }
}
