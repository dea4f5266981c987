import { Deadline } from './deadline';
import { ReasonError, errorCode } from './errors';
import { Logger } from './log';
import { external } from './redactor';
import { tuning } from './tuning';

/** What every API call needs from its invocation. */
export interface CallContext {
  readonly deadline: Deadline;
  readonly log: Logger;
}

type FailureKind = 'throttled' | 'transient' | 'timeout' | 'fatal';

// The SDK's standard retry mode: throttling, 5xx and network errors are retried, nothing else.
const THROTTLING_CODES = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestThrottled',
  'RequestThrottledException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded', 'PriorRequestNotComplete',
]);
const THROTTLING_BASE_FACTOR = 5;
/** No retry is started with less time than this left before the deadline. */
const MIN_USEFUL_ATTEMPT_MS = 100;
const TRANSIENT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
]);

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly cause?: unknown;
  readonly $retryable?: { throttling?: boolean };
  readonly $metadata?: { httpStatusCode?: number };
  readonly retryAfterSeconds?: number;
}

export function classify(error: unknown, depth = 0): FailureKind {
  const e = (error ?? {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (status === 429 || THROTTLING_CODES.has(e.name ?? '') || e.$retryable?.throttling === true) return 'throttled';
  if (e.name === 'AbortError') return 'fatal'; // aborted by someone else than our own attempt timer
  // A 2xx answer that could not be read (an empty or non-JSON body): the call may have been applied; the retry replays
  // it with the same ClientToken.
  if (status >= 200 && status <= 299) return 'transient';
  if (e.$retryable !== undefined || (status >= 500 && status <= 599) || TRANSIENT_CODES.has(e.name ?? '')
    || NETWORK_CODES.has(e.code ?? '') || e.message === 'socket hang up') {
    return 'transient';
  }
  return e.cause !== undefined && depth < 5 ? classify(e.cause, depth + 1) : 'fatal';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects when the signal aborts: a send that ignores its abort signal cannot hold the invocation past the deadline. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(Object.assign(new Error('attempt timed out'), { name: 'TimeoutError' })), { once: true });
  });
}

type Attempt<T> = { ok: true; value: T } | { ok: false; kind: FailureKind; error: unknown };

async function attemptOnce<T>(send: (abortSignal: AbortSignal) => Promise<T>, timeoutMs: number): Promise<Attempt<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const sending = send(controller.signal);
    sending.catch(() => undefined); // may reject after the timer won the race: not an unhandled rejection
    return { ok: true, value: await Promise.race([sending, whenAborted(controller.signal)]) };
  } catch (error) {
    return { ok: false, kind: timedOut ? 'timeout' : classify(error), error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Retrying ended without an answer. `mayHaveApplied`: at least one attempt timed out, lost its connection, got a 5xx or
 * a 2xx answer without a usable result, so the service may have applied the call; throttling alone means it never did.
 */
export class RetriesExhaustedError extends ReasonError {
  public constructor(message: string, code: string, public readonly operation: string, public readonly mayHaveApplied: boolean) {
    super(message, code);
    this.name = 'RetriesExhaustedError';
  }
}

function givingUp(operation: string, kind: FailureKind, error: unknown, attempts: number, why: string,
  mayHaveApplied: boolean): RetriesExhaustedError {
  const tried = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (kind === 'timeout') {
    return new RetriesExhaustedError(`timed out calling ${operation}: no answer after ${tried}; ${why}`, 'TimeoutError', operation, mayHaveApplied);
  }
  const code = errorCode(error);
  const message = String((error as SdkErrorShape)?.message ?? '');
  const state = kind === 'throttled' ? 'still throttled' : 'still failing';
  return new RetriesExhaustedError(`${operation} failed: ${code}: ${external(message)} (${state} after ${tried}; ${why})`, code, operation, mayHaveApplied);
}

/**
 * Calls `send` until it succeeds, a non-retryable error occurs (rethrown as is), or retrying cannot end before the
 * deadline. Each call has its own attempts budget (no client-wide retry quota: fifty concurrent invocations against a
 * throttling service must all get through), full-jitter exponential backoff, and a per-attempt timeout through the
 * abort signal. The caller builds its input once, so a retry sends the same ClientToken.
 */
export async function callWithRetries<T>(operation: string, ctx: CallContext, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const knobs = tuning();
  const deadlineReached = 'stopped to answer CloudFormation before the Lambda function times out';
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
    const errorCodeText = result.kind === 'timeout' ? 'TimeoutError' : errorCode(result.error);
    if (result.kind === 'fatal') {
      ctx.log.error({ operation, outcome: 'error', errorCode: errorCodeText, durationMs });
      throw result.error;
    }
    ctx.log.info({ operation, outcome: result.kind, errorCode: errorCodeText, durationMs });
    if (result.kind !== 'throttled') mayHaveApplied = true;
    if (result.kind !== 'throttled' && ++transientFailures >= knobs.maxTransientAttempts) {
      throw givingUp(operation, result.kind, result.error, attempt, 'the retry limit for errors other than throttling is reached', mayHaveApplied);
    }
    // As the SDK's standard mode: throttling backs off from a base five times longer than other errors.
    const base = result.kind === 'throttled' ? knobs.retryBaseMs * THROTTLING_BASE_FACTOR : knobs.retryBaseMs;
    const ceiling = Math.min(knobs.retryMaxBackoffMs, base * 2 ** Math.min(attempt - 1, 30));
    const retryAfterMs = ((result.error as SdkErrorShape)?.retryAfterSeconds ?? 0) * 1_000;
    const delay = Math.max(Math.random() * ceiling, retryAfterMs);
    // A retry needs time to get an answer too: one cut short would misreport a throttled service as a hung one.
    if (delay + MIN_USEFUL_ATTEMPT_MS > ctx.deadline.workRemainingMs()) {
      throw givingUp(operation, result.kind, result.error, attempt, deadlineReached, mayHaveApplied);
    }
    await sleep(delay);
  }
}
