import { tuning } from './tuning';

/** When the invocation's time is unknown (a context without the method), assume Lambda's default 3 s timeout. */
const UNKNOWN_REMAINING_MS = 3_000;

/**
 * The invocation's time budget, taken once from `context.getRemainingTimeInMillis()` at the start: API calls and
 * their retries must end by `workRemainingMs()`, which keeps a reserve to send the response; the response PUT itself
 * may use the time up to just before Lambda's own timeout.
 */
export class Deadline {
  public static start(context: { getRemainingTimeInMillis?: () => number } | undefined): Deadline {
    const reported = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : NaN;
    const remaining = Number.isFinite(reported) && reported > 0 ? reported : UNKNOWN_REMAINING_MS;
    const reserve = Math.min(tuning().responseReserveMs, Math.floor(remaining / 4));
    // A small safety so the last response attempt is not cut by the freeze at the timeout itself.
    const safety = Math.min(1_000, Math.floor(remaining / 20));
    const now = Date.now();
    return new Deadline(now + remaining - reserve, now + remaining - safety);
  }

  private constructor(private readonly workEndsAt: number, private readonly responseEndsAt: number) {}

  /** Milliseconds left for API calls and their retries. */
  public workRemainingMs(): number {
    return Math.max(0, this.workEndsAt - Date.now());
  }

  /**
   * Milliseconds until the last resort: half-way through the response reserve, for work that ignored its own
   * deadline (every API call ends by `workRemainingMs()` on its own).
   */
  public lastResortRemainingMs(): number {
    return Math.max(0, Math.floor((this.workEndsAt + this.responseEndsAt) / 2) - Date.now());
  }

  /** Milliseconds left to deliver the response to CloudFormation. */
  public responseRemainingMs(): number {
    return Math.max(0, this.responseEndsAt - Date.now());
  }
}
