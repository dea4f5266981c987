/**
 * The response to CloudFormation: one PUT to the event's pre-signed ResponseURL, a body of at most 4,096 bytes,
 * retried on 5xx and network errors until the invocation's time for it runs out.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Deadline, backoffMs, sleep } from '../aws/deadline';
import { errorCode } from '../aws/errors';
import type { Logger } from '../aws/log';

/** CloudFormation refuses a response body over 4,096 bytes. */
export const MAX_BODY_BYTES = 4_096;
const TRUNCATED = ' [truncated]';
const ATTEMPT_TIMEOUT_MS = 10_000;
const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 5_000;

export interface CfnResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/**
 * The JSON body, its Reason truncated so the whole stays within MAX_BODY_BYTES. JSON escaping makes a character take
 * 1 to 12 bytes, so the longest prefix (in whole code points) that fits is found by bisection.
 */
export function responseBody(response: CfnResponse): string {
  const full = JSON.stringify(response);
  if (Buffer.byteLength(full) <= MAX_BODY_BYTES) return full;
  const codePoints = Array.from(response.Reason);
  const withPrefix = (n: number) => JSON.stringify({ ...response, Reason: `${codePoints.slice(0, n).join('')}${TRUNCATED}` });
  let fits = 0;
  let tooLong = codePoints.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (Buffer.byteLength(withPrefix(middle)) <= MAX_BODY_BYTES) fits = middle;
    else tooLong = middle;
  }
  return withPrefix(fits);
}

/** One PUT; resolves with the status code. */
function putOnce(url: URL, body: string, timeoutMs: number): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'PUT',
      // The pre-signed S3 URL is signed for an empty content type.
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      signal: AbortSignal.timeout(timeoutMs),
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * How a response PUT ended: `accepted` (2xx); `refused` (a 4xx, or a ResponseURL that is not an http(s) URL: sending
 * it again cannot help); `undelivered` (5xx or network errors until the time ran out: a later invocation may succeed).
 */
export type Delivery = 'accepted' | 'refused' | 'undelivered';

/**
 * PUTs the response to the event's ResponseURL: retried on 5xx and network errors (backoff bounded by the deadline),
 * a 4xx taken as a failure (logged, not retried: a 403 means the pre-signed URL expired or was altered). The URL is
 * never logged: it is a credential.
 */
export async function sendResponse(responseUrl: string, response: CfnResponse, deadline: Deadline, log: Logger): Promise<Delivery> {
  const operation = 'SendResponse';
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    log.error({ operation, outcome: 'refused', message: 'ResponseURL is not a URL: no response can be sent' });
    return 'refused';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    log.error({ operation, outcome: 'refused', message: `ResponseURL has the scheme ${url.protocol.slice(0, 20)}, not https: or http:: no response sent` });
    return 'refused';
  }
  const body = responseBody(response);
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    let status = 0;
    let failure = '';
    try {
      status = await putOnce(url, body, Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, deadline.responseRemainingMs())));
    } catch (error) {
      failure = errorCode(error);
    }
    const durationMs = Date.now() - started;
    if (status >= 200 && status < 300) {
      log.info({ operation, outcome: response.Status, durationMs, message: `Response ${response.Status} accepted (HTTP ${status})` });
      return 'accepted';
    }
    const what = failure ? `network error ${failure}` : `HTTP ${status}`;
    if (status >= 300 && status < 500) {
      log.error({ operation, outcome: 'rejected', errorCode: `HTTP ${status}`, durationMs, message: `ResponseURL refused the response (${what}): CloudFormation did not get it` });
      return 'refused';
    }
    const delay = backoffMs(attempt, BACKOFF_BASE_MS, BACKOFF_MAX_MS);
    if (delay >= deadline.responseRemainingMs()) {
      log.error({
        operation,
        outcome: 'failed',
        errorCode: failure || `HTTP ${status}`,
        durationMs,
        message: `Response not delivered after ${attempt} attempts (${what}): out of time; the invocation fails so that Lambda retries the event`,
      });
      return 'undelivered';
    }
    log.info({ operation, outcome: 'retry', errorCode: failure || `HTTP ${status}`, durationMs });
    await sleep(delay);
  }
}
