/**
 * The invocation's time budget: how long API calls and their retries may take, the time kept to answer CloudFormation,
 * and the waits between attempts.
 */
import { ReasonError } from './errors';

/**
 * Timing knobs: `PPP_*` environment variables (positive integers), read on every call so that tests and the local
 * emulators can shorten them; the defaults suit a Lambda timeout of minutes (lambda/README.md, "Tuning").
 */
const KNOBS = {
  retryBaseMs: ['PPP_RETRY_BASE_MS', 100], // first backoff, doubled per attempt (five times longer for throttling)
  retryMaxBackoffMs: ['PPP_RETRY_MAX_BACKOFF_MS', 20_000],
  attemptTimeoutMs: ['PPP_ATTEMPT_TIMEOUT_MS', 20_000], // so a hung service is retried or given up in time
  maxTransientAttempts: ['PPP_MAX_TRANSIENT_ATTEMPTS', 5], // throttling is bounded by the deadline only
  responseReserveMs: ['PPP_RESPONSE_RESERVE_MS', 10_000], // at most a quarter of the invocation's time
  confirmRetryMs: ['PPP_CONFIRM_RETRY_MS', 2_000], // before CloudFormation's statuses are read again (confirmation.ts)
} as const;

export function tuning(): Record<keyof typeof KNOBS, number> {
  const read = ([name, fallback]: readonly [string, number]): number =>
    /^\d+$/.test(process.env[name] ?? '') && Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback;
  return Object.fromEntries(Object.entries(KNOBS).map(([knob, env]) => [knob, read(env)])) as Record<keyof typeof KNOBS, number>;
}

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

  /** Milliseconds left to deliver the response to CloudFormation. */
  public responseRemainingMs(): number {
    return Math.max(0, this.responseEndsAt - Date.now());
  }

  /**
   * Rejects half-way through the response reserve, for work that ignored its own deadline (every API call ends by
   * `workRemainingMs()` on its own): a call that ignores its abort signal cannot hold the answer back.
   */
  public lastResort(): { promise: Promise<never>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReasonError('timed out: the handler ran out of time before the API calls ended', 'TimeoutError')),
        Math.max(0, Math.floor((this.workEndsAt + this.responseEndsAt) / 2) - Date.now()));
    });
    return { promise, cancel: () => clearTimeout(timer) };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Full-jitter exponential backoff: a random wait up to `baseMs` doubled per attempt, at most `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.random() * Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}

