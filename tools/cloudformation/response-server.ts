/**
 * The stand-in for CloudFormation's pre-signed S3 response URL, on 127.0.0.1. It is as strict as S3 and CloudFormation
 * are: a PUT only, no Content-Type (it is not part of the signature), and it records every attempt so that tests can
 * check "exactly one response". Tests can make it answer 500 or 403.
 */
import type * as http from 'node:http';
import { LoopbackServer } from '../emulators/http';

export interface ResponseAttempt {
  readonly requestId: string | undefined;
  readonly method: string;
  /** The Content-Type header as received; S3 refuses a signed PUT with any other than none or empty. */
  readonly contentType: string | undefined;
  readonly body: string;
  readonly bodyBytes: number;
  /** The status this server answered. */
  readonly answered: number;
  readonly at: number;
}

export class ResponseServer extends LoopbackServer {
  readonly attempts: ResponseAttempt[] = [];
  private scripted: Array<{ status: number; remaining: number }> = [];
  private readonly waiters = new Map<string, Array<() => void>>();

  /** A URL shaped like CloudFormation's pre-signed one, that names the request it answers. */
  urlFor(stackId: string, logicalResourceId: string, requestId: string): string {
    const key = encodeURIComponent(`${stackId}|${logicalResourceId}|${requestId}`);
    const signature = Buffer.from(requestId).toString('hex').slice(0, 64);
    return `${this.endpoint}/cloudformation-custom-resource-response-useast1/${key}`
      + `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=7199&X-Amz-Signature=${signature}`;
  }

  /** The next `times` PUTs are answered with `status` (e.g. 500 once, or 403 for ever with Infinity). */
  answerWith(status: number, times = 1): void {
    this.scripted.push({ status, remaining: times });
  }

  clearScript(): void {
    this.scripted = [];
  }

  attemptsFor(requestId: string): ResponseAttempt[] {
    return this.attempts.filter((a) => a.requestId === requestId);
  }

  /** Resolves when an attempt for the request arrives (or at once if one did). */
  waitFor(requestId: string): Promise<void> {
    if (this.attemptsFor(requestId).length > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(requestId) ?? [];
      list.push(resolve);
      this.waiters.set(requestId, list);
    });
  }

  protected onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = (req.url ?? '').split('?')[0];
      const key = decodeURIComponent(path.split('/').pop() ?? '');
      const requestId = key.split('|')[2];
      const contentType = req.headers['content-type'];
      let status = 200;
      let answer = '';
      const script = this.scripted.find((s) => s.remaining > 0);
      if (req.method !== 'PUT') {
        status = 405;
        answer = s3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.');
      } else if (contentType !== undefined && contentType !== '') {
        // The content type is not among the signed headers: S3 refuses the request.
        status = 403;
        answer = s3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
      } else if (script) {
        script.remaining -= 1;
        status = script.status;
        answer = s3Error(status === 403 ? 'AccessDenied' : 'InternalError', status === 403 ? 'Request has expired' : 'We encountered an internal error. Please try again.');
      }
      this.attempts.push({
        requestId,
        method: req.method ?? '',
        contentType,
        body: raw.toString('utf8'),
        bodyBytes: raw.length,
        answered: status,
        at: Date.now(),
      });
      res.writeHead(status, answer ? { 'content-type': 'application/xml' } : {});
      res.end(answer);
      for (const resolve of this.waiters.get(requestId ?? '') ?? []) resolve();
      this.waiters.delete(requestId ?? '');
    });
  }
}

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}
