/**
 * The awsQuery protocol that CloudFormation and IAM speak (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Query-Requests.html,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/iam-api.pdf "Making Query Requests"): a SigV4-signed,
 * form-encoded POST with `Action` and `Version`; XML answers; errors as `<ErrorResponse>` with the error's type, code
 * and message.
 */
import type * as http from 'node:http';

export class QueryError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
  }
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The parameters of a query request, after the checks every query service makes (method, signature, content type). */
export function queryParameters(req: http.IncomingMessage, raw: string): URLSearchParams {
  if (req.method !== 'POST') throw new QueryError(400, 'InvalidAction', `${req.method} is not supported`);
  const authorization = req.headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    throw new QueryError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (contentType !== 'application/x-www-form-urlencoded') {
    throw new QueryError(400, 'InvalidParameterValue', `Expected Content-Type application/x-www-form-urlencoded, got '${contentType}'`);
  }
  return new URLSearchParams(raw);
}

/** Answers a query request with `answer`'s XML, or its QueryError as an ErrorResponse of namespace `xmlns`. */
export function answerQuery(req: http.IncomingMessage, res: http.ServerResponse, xmlns: string,
  answer: (req: http.IncomingMessage, raw: string) => string): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let status = 200;
    let body: string;
    try {
      body = answer(req, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      const e = error instanceof QueryError ? error : new QueryError(500, 'InternalFailure', `emulator bug: ${String(error)}`, 'Receiver');
      status = e.status;
      body = `<ErrorResponse xmlns="${xmlns}"><Error><Type>${e.type}</Type><Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message></Error>`
        + `<RequestId>${globalThis.crypto.randomUUID()}</RequestId></ErrorResponse>`;
    }
    res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}
