/**
 * What `ringfence` commands write to and the exit codes they return.
 * @packageDocumentation
 */

/** Where a command writes: two text sinks, so tests can capture them. */
export interface Io {
  /** Normal output. */
  readonly out: (text: string) => void;
  /** Errors, warnings and progress. */
  readonly err: (text: string) => void;
  /** Whether stderr is a terminal (a progress bar is drawn only then). */
  readonly tty: boolean;
}

/** Exit codes of `ringfence`: success, a failure during a batch, bad input (nothing written), interrupted. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, interrupted: 130 } as const;

/** An exit code of `ringfence`. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
