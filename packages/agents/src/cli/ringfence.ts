#!/usr/bin/env node
/**
 * The `ringfence` command-line entry point: answers `--help` and `--version` without loading the model,
 * otherwise loads the commands and runs one, stopping cleanly on the first Ctrl-C (a second one exits at once);
 * a closed stdout or stderr (a pipe into `head`) is not an error.
 * @packageDocumentation
 */
import { helpFor } from "./help.js";

/**
 * A closed pipe (`ringfence params | head -1`) ends output quietly: later writes to that stream are dropped
 * and the command finishes as it would have (its results are written; its exit code is its own).
 */
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    closed.add(stream);
  });
}
const write = (stream: NodeJS.WriteStream, text: string): void => {
  if (!closed.has(stream)) stream.write(text);
};

const argv = process.argv.slice(2);
const help = helpFor(argv);
if (help !== undefined) {
  write(process.stdout, `${help}\n`);
} else {
  const controller = new AbortController();
  let interrupts = 0;
  const stop = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const { main } = await import("./main.js");
  process.exitCode = await main(argv, { out: (t) => write(process.stdout, `${t}\n`), err: (t) => write(process.stderr, `${t}\n`), tty: process.stderr.isTTY === true }, controller.signal);
}
