/**
 * The HTTP side shared by the emulators: an AWS JSON-protocol server on 127.0.0.1 (port 0), with the protocol checks
 * the real endpoints make before any operation runs, and the connection-level faults (drop, hang) tests inject.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An error the service answers with: HTTP status, the error code (`__type`) and its JSON members. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly members: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** What a handled request turns into. `drop` and `hang` model a network that fails after the service acted. */
export type Outcome =
  | { readonly kind: 'ok'; readonly body: unknown }
  | { readonly kind: 'error'; readonly error: ServiceError }
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang' }
  /** A 2xx answer written as given (an empty body, an HTML page): what a proxy or a broken service may send. */
  | { readonly kind: 'raw'; readonly status: number; readonly contentType: string; readonly body: string };

export interface JsonRequest {
  readonly operation: string;
  readonly body: unknown;
  readonly headers: http.IncomingHttpHeaders;
}

export interface JsonProtocol {
  /** `application/x-amz-json-1.0` or `application/x-amz-json-1.1`. */
  readonly contentType: string;
  /** The `X-Amz-Target` prefix before the dot: `Invoicing`, `secretsmanager`. */
  readonly targetPrefix: string;
  /** The Smithy namespace prefixed to error codes in `__type`. */
  readonly errorNamespace: string;
}

/**
 * An HTTP server on 127.0.0.1 (a free port) that keeps every socket, so that `stop()` also ends requests left hanging on
 * purpose. Each emulated AWS endpoint extends it with its protocol.
 */
export abstract class LoopbackServer {
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private url: string | undefined;

  /** The endpoint URL (`http://127.0.0.1:<port>`); only after `start()`. */
  get endpoint(): string {
    if (!this.url) throw new Error(`${this.constructor.name} is not started: call start() first`);
    return this.url;
  }

  async start(): Promise<string> {
    if (this.url) return this.url;
    const server = http.createServer((req, res) => this.onRequest(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.url = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  protected abstract onRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
}

/**
 * One emulated AWS JSON endpoint. Subclasses implement `handle`; this class parses, checks the protocol and writes the
 * answer.
 */
export abstract class JsonServiceServer extends LoopbackServer {
  constructor(private readonly protocol: JsonProtocol) {
    super();
  }

  /** Runs one operation. `operation` is the part of `X-Amz-Target` after the dot, not yet known to be valid. */
  protected abstract handle(request: JsonRequest): Promise<Outcome> | Outcome;

  protected onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void this.answer(req, Buffer.concat(chunks).toString('utf8'))
        .then((outcome) => this.write(req, res, outcome))
        .catch((err: unknown) => this.write(req, res, {
          kind: 'error',
          error: new ServiceError(500, 'InternalFailure', `emulator bug: ${String(err)}`),
        }));
    });
  }

  private async answer(req: http.IncomingMessage, raw: string): Promise<Outcome> {
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      return errorOutcome(new ServiceError(404, 'UnknownOperationException', `${req.method} ${req.url} is not an operation of this service`));
    }
    // The SDK signs every request; the emulator only requires that it did (no signature check).
    const authorization = req.headers.authorization;
    if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256 ')) {
      return errorOutcome(new ServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token'));
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
    if (contentType !== this.protocol.contentType) {
      return errorOutcome(new ServiceError(400, 'SerializationException',
        `Expected Content-Type ${this.protocol.contentType}, got '${contentType}'`));
    }
    const target = req.headers['x-amz-target'];
    const prefix = `${this.protocol.targetPrefix}.`;
    if (typeof target !== 'string' || !target.startsWith(prefix)) {
      return errorOutcome(new ServiceError(400, 'UnknownOperationException', `Unknown operation ${String(target)}`));
    }
    let body: unknown;
    try {
      body = raw === '' ? {} : JSON.parse(raw);
    } catch {
      return errorOutcome(new ServiceError(400, 'SerializationException', 'The request body is not valid JSON'));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return errorOutcome(new ServiceError(400, 'SerializationException', 'The request body must be a JSON object'));
    }
    return this.handle({ operation: target.slice(prefix.length), body, headers: req.headers });
  }

  private write(req: http.IncomingMessage, res: http.ServerResponse, outcome: Outcome): void {
    switch (outcome.kind) {
      case 'hang':
        return; // stop() destroys the socket
      case 'drop':
        req.socket.destroy();
        return;
      case 'raw':
        res.writeHead(outcome.status, { 'content-type': outcome.contentType, 'content-length': Buffer.byteLength(outcome.body) });
        res.end(outcome.body);
        return;
      case 'ok': {
        const body = JSON.stringify(outcome.body ?? {});
        res.writeHead(200, {
          'content-type': this.protocol.contentType,
          'content-length': Buffer.byteLength(body),
          'x-amzn-requestid': cryptoRandomId(),
        });
        res.end(body);
        return;
      }
      case 'error': {
        const { error } = outcome;
        const body = JSON.stringify({
          __type: `${this.protocol.errorNamespace}#${error.code}`,
          message: error.message,
          ...error.members,
        });
        res.writeHead(error.status, {
          'content-type': this.protocol.contentType,
          'content-length': Buffer.byteLength(body),
          'x-amzn-requestid': cryptoRandomId(),
          'x-amzn-errortype': `${error.code}:http://internal.amazon.com/coral/${this.protocol.errorNamespace}/`,
          ...error.headers,
        });
        res.end(body);
        return;
      }
    }
  }
}

export function errorOutcome(error: ServiceError): Outcome {
  return { kind: 'error', error };
}

function cryptoRandomId(): string {
  return globalThis.crypto.randomUUID();
}
