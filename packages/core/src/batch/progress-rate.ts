/**
 * The rate and time left that a batch's progress reports, measured over its most recent runs.
 * @packageDocumentation
 */

/** Runs finished this session before the rate looks at recent runs only. */
const MIN_WINDOW = 8;

/**
 * Keeps the finishing time of each run of a session and answers the recent rate: runs per second over the
 * last quarter of the session's runs (at least eight), or since the start while fewer have finished.
 * @remarks A rate since the start overstates the time left: a fresh worker thread runs a model several
 * times slower until V8 has optimised it (an England run: ~500 ms first, ~60 ms from about the twentieth
 * run on), so the runs of the first seconds would weigh on the estimate to the end.
 */
export class ProgressRate {
  private readonly times: number[] = [];
  /** @param started - when the session started, in milliseconds on the clock later times use. */
  constructor(private readonly started: number) {}

  /** Notes a run finished at `now` (milliseconds). */
  finished(now: number): void {
    this.times.push(now);
  }

  /** Runs per second at `now` (milliseconds), over the recent window; 0 until a run has finished. */
  rate(now: number): number {
    const n = this.times.length;
    if (n <= MIN_WINDOW) return n / Math.max(1e-9, (now - this.started) / 1000);
    const k = Math.max(MIN_WINDOW, Math.floor(n / 4));
    return k / Math.max(1e-9, (now - this.times[n - 1 - k]!) / 1000);
  }

  /** Estimated seconds until `remaining` more runs finish, at the recent rate (Infinity at rate 0). */
  secondsLeft(now: number, remaining: number): number {
    const r = this.rate(now);
    return r > 0 ? remaining / r : Number.POSITIVE_INFINITY;
  }
}
