/**
 * Timing knobs of the handler. The defaults suit a Lambda function with a timeout of a few minutes; tests and the
 * local emulators shorten them through `PPP_*` environment variables (each a positive integer of milliseconds or a
 * count). Read on every call, so a test can change them between invocations.
 */
export interface Tuning {
  /** PPP_RETRY_BASE_MS: first backoff before a retry (full jitter, doubled per attempt; five times longer for throttling). */
  readonly retryBaseMs: number;
  /** PPP_RETRY_MAX_BACKOFF_MS: longest wait between two attempts. */
  readonly retryMaxBackoffMs: number;
  /** PPP_ATTEMPT_TIMEOUT_MS: longest single API attempt, so a hung service is retried or given up in time. */
  readonly attemptTimeoutMs: number;
  /** PPP_MAX_TRANSIENT_ATTEMPTS: attempts per call against 5xx, network errors and timeouts (throttling is bounded by the deadline only). */
  readonly maxTransientAttempts: number;
  /** PPP_RESPONSE_RESERVE_MS: time kept, at most, to send the response after the API calls (capped at a quarter of the invocation's time). */
  readonly responseReserveMs: number;
  /** PPP_STACK_POLL_MS: wait between two reads of a stack that a deploy is changing (the secret re-apply waits for it). */
  readonly stackPollMs: number;
}

const DEFAULTS: Tuning = {
  retryBaseMs: 100,
  retryMaxBackoffMs: 20_000,
  attemptTimeoutMs: 20_000,
  maxTransientAttempts: 5,
  responseReserveMs: 10_000,
  stackPollMs: 15_000,
};

function fromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || !/^\d+$/.test(text)) return fallback;
  const value = Number(text);
  return value > 0 ? value : fallback;
}

export function tuning(): Tuning {
  return {
    retryBaseMs: fromEnv('PPP_RETRY_BASE_MS', DEFAULTS.retryBaseMs),
    retryMaxBackoffMs: fromEnv('PPP_RETRY_MAX_BACKOFF_MS', DEFAULTS.retryMaxBackoffMs),
    attemptTimeoutMs: fromEnv('PPP_ATTEMPT_TIMEOUT_MS', DEFAULTS.attemptTimeoutMs),
    maxTransientAttempts: fromEnv('PPP_MAX_TRANSIENT_ATTEMPTS', DEFAULTS.maxTransientAttempts),
    responseReserveMs: fromEnv('PPP_RESPONSE_RESERVE_MS', DEFAULTS.responseReserveMs),
    stackPollMs: fromEnv('PPP_STACK_POLL_MS', DEFAULTS.stackPollMs),
  };
}
