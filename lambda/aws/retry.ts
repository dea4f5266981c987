/**
 * The retries of one API call, within the invocation's time budget (deadline.ts). Which errors are worth a retry is
 * the SDK's own classification (`@smithy/core/retry`, what its standard retry mode uses); what is this handler's own
 * is the deadline, and knowing whether a call that gave up may still have been applied.
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { Deadline, backoffMs, sleep, tuning } from './deadline';
import { RetriesExhaustedError, errorCode } from './errors';
import { Logger, external } from './log';

/** What every API call needs from its invocation. */
export interface CallContext {
  readonly deadline: Deadline;
  readonly log: Logger;
}

type FailureKind = 'throttled' | 'transient' | 'timeout' | 'fatal';
type SdkError = Parameters<typeof isTransientError>[0] & { readonly retryAfterSeconds?: number };

/** Throttling, 5xx and network errors are retried (the SDK's classification), nothing else. */
function classify(error: unknown, depth = 0): FailureKind {
  const e = (error ?? {}) as SdkError;
  if (isThrottlingError(e)) return 'throttled';
  if (e.name === 'AbortError') return 'fatal'; // aborted by someone else than our own attempt timer
  // A 2xx answer that could not be read (an empty or non-JSON body): the call may have been applied; the retry replays
  // it with the same ClientToken.
  const status = e.$metadata?.httpStatusCode ?? 0;
  if ((status >= 200 && status <= 299) || isTransientError(e) || isServerError(e)) return 'transient';
  return e.cause !== undefined && depth < 5 ? classify(e.cause, depth + 1) : 'fatal';
}

type Attempt<T> = { ok: true; value: T } | { ok: false; kind: FailureKind; error: unknown };

async function attemptOnce<T>(send: (abortSignal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<Attempt<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // Rejects when the timer aborts: a send that ignores its abort signal cannot hold the invocation past the deadline.
  const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort',
    () => reject(Object.assign(new Error('attempt timed out'), { name: 'TimeoutError' })), { once: true }));
  try {
    const sending = send(controller.signal);
    sending.catch(() => undefined); // may reject after the timer won the race: not an unhandled rejection
    return { ok: true, value: await Promise.race([sending, aborted]) };
  } catch (error) {
    return { ok: false, kind: timedOut ? 'timeout' : classify(error), error };
  } finally {
    clearTimeout(timer);
  }
}

/** Retrying stopped (`why`) after `attempts`: the Reason says how the last attempt failed. */
function givingUp(operation: string, failure: Extract<Attempt<unknown>, { ok: false }>, attempts: number, why: string,
  mayHaveApplied: boolean): RetriesExhaustedError {
  const tried = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (failure.kind === 'timeout') {
    return new RetriesExhaustedError(`timed out calling ${operation}: no answer after ${tried}; ${why}`, 'TimeoutError', operation, mayHaveApplied);
  }
  const code = errorCode(failure.error);
  const state = failure.kind === 'throttled' ? 'still throttled' : 'still failing';
  return new RetriesExhaustedError(`${operation} failed: ${code}: ${external(String((failure.error as SdkError)?.message ?? ''))} (${state} after ${tried}; ${why})`,
    code, operation, mayHaveApplied);
}

/** No retry is started with less time than this left before the deadline. */
const MIN_USEFUL_ATTEMPT_MS = 100;
/** As the SDK's standard mode: throttling backs off from a base five times longer than other errors. */
const THROTTLING_BASE_FACTOR = 5;

/**
 * Calls `send` until it succeeds, a non-retryable error occurs (rethrown as is), or retrying cannot end before the
 * deadline. Each call has its own attempts budget (no client-wide retry quota: fifty concurrent invocations against a
 * throttling service must all get through), full-jitter exponential backoff, and a per-attempt timeout through the
 * abort signal. The caller builds its input once, so a retry sends the same ClientToken.
 */
export async function callWithRetries<T>(operation: string, ctx: CallContext, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const knobs = tuning();
  let transientFailures = 0;
  let mayHaveApplied = false;
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const result = await attemptOnce(send, Math.max(1, Math.min(knobs.attemptTimeoutMs, ctx.deadline.workRemainingMs())));
    const durationMs = Date.now() - started;
    if (result.ok) {
      ctx.log.info({ operation, outcome: 'success', durationMs });
      return result.value;
    }
    const code = result.kind === 'timeout' ? 'TimeoutError' : errorCode(result.error);
    if (result.kind === 'fatal') {
      ctx.log.error({ operation, outcome: 'error', errorCode: code, durationMs });
      throw result.error;
    }
    ctx.log.info({ operation, outcome: result.kind, errorCode: code, durationMs });
    if (result.kind !== 'throttled') mayHaveApplied = true;
    if (result.kind !== 'throttled' && ++transientFailures >= knobs.maxTransientAttempts) {
      throw givingUp(operation, result, attempt, 'the retry limit for errors other than throttling is reached', mayHaveApplied);
    }
    const base = result.kind === 'throttled' ? knobs.retryBaseMs * THROTTLING_BASE_FACTOR : knobs.retryBaseMs;
    const retryAfterMs = ((result.error as SdkError)?.retryAfterSeconds ?? 0) * 1_000;
    const delay = Math.max(backoffMs(attempt, base, knobs.retryMaxBackoffMs), retryAfterMs);
    // A retry needs time to get an answer too: one cut short would misreport a throttled service as a hung one.
    if (delay + MIN_USEFUL_ATTEMPT_MS > ctx.deadline.workRemainingMs()) {
      throw givingUp(operation, result, attempt, 'stopped to answer CloudFormation before the Lambda function times out', mayHaveApplied);
    }
    await sleep(delay);
  }
}
