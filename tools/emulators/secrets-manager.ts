/**
 * An in-process emulator of Secrets Manager's GetSecretValue, DescribeSecret and PutSecretValue (awsJson1_1): secrets
 * addressed by full ARN, partial ARN (without the six-character suffix) or name, the faults a handler meets in real
 * accounts, and the "Secret Label Updated" EventBridge event the service publishes when AWSCURRENT moves.
 */
import { randomBytes } from 'node:crypto';
import { JsonRequest, JsonServiceServer, Outcome, ServiceError, errorOutcome } from './http';
import { SECRETS_MANAGER_MODEL, requestShape } from './service-model';
import { StructureShape, validateStructure } from './shapes';

export type SecretFault =
  /** DeleteSecret was called: reads fail with InvalidRequestException until it is restored. */
  | 'scheduled-for-deletion'
  /** The caller's role may not read it (AccessDeniedException). */
  | 'access-denied';

export interface SeedSecret {
  readonly name: string;
  /** A string is stored as SecretString, a Buffer as SecretBinary (binary only). */
  readonly value: string | Buffer;
  /** A full ARN to use (e.g. the one a simulator gave a template's `Ref`); one is made up from the name otherwise. */
  readonly arn?: string;
  readonly fault?: SecretFault;
}

export interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  value: string | Buffer;
  fault?: SecretFault;
  /** The version holding AWSCURRENT, and the one holding AWSPREVIOUS. */
  versionId: string;
  previousVersionId?: string;
  readonly createdAt: number;
}

/** The event Secrets Manager sends to EventBridge's default bus when a staging label moves (AWSCURRENT here). */
export interface SecretLabelUpdatedEvent {
  readonly 'version': '0';
  readonly 'id': string;
  readonly 'detail-type': 'Secret Label Updated';
  readonly 'source': 'aws.secretsmanager';
  readonly 'account': string;
  readonly 'time': string;
  readonly 'region': string;
  readonly 'resources': string[];
  readonly 'detail': { readonly name: string; readonly labelUpdated: 'AWSCURRENT'; readonly versionId: string };
}

/** One call, without the value. */
export interface SecretReadLogEntry {
  readonly operation: string;
  readonly secretId: string;
  readonly outcome: string;
  /** The region the request was signed for (the endpoint it would have reached). */
  readonly region: string;
}

/** The region of a SigV4 `Authorization` header's credential scope (`Credential=<key>/<date>/<region>/...`). */
function signingRegion(authorization: string | undefined): string {
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(authorization ?? '')?.[1] ?? '';
}

/** The region a secret ARN names. */
function arnRegion(arn: string): string | undefined {
  return /^arn:[^:]+:secretsmanager:([a-z0-9-]+):/.exec(arn)?.[1];
}

/** The request shapes of the operations emulated, from Secrets Manager's own model. */
const REQUEST_SHAPES: Readonly<Record<string, StructureShape>> = Object.fromEntries(
  ['GetSecretValue', 'DescribeSecret', 'PutSecretValue'].map((operation) => [operation, requestShape(operation, SECRETS_MANAGER_MODEL)]));

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class SecretsManagerEmulator extends JsonServiceServer {
  readonly region: string;
  readonly accountId: string;
  readonly calls = new Map<string, number>();
  readonly log: SecretReadLogEntry[] = [];
  /** Every "Secret Label Updated" event published, in order. */
  readonly labelEvents: SecretLabelUpdatedEvent[] = [];
  private readonly secrets = new Map<string, StoredSecret>();
  /** New values stored right after the next read of a secret: a rotation landing between a reader's read and its use. */
  private readonly rotateAfterRead = new Map<string, string>();

  constructor(options: { region?: string; accountId?: string } = {}) {
    super({ contentType: 'application/x-amz-json-1.1', targetPrefix: 'secretsmanager', errorNamespace: 'com.amazonaws.secretsmanager' });
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
  }

  /** Stores a secret and returns its full ARN (`...:secret:<name>-<6 chars>`). */
  seed(secret: SeedSecret): string {
    const arn = secret.arn ?? `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${secret.name}-${randomSuffix()}`;
    if (!/-[A-Za-z0-9]{6}$/.test(arn)) throw new Error(`seed: a full secret ARN ends with '-' and six characters, got '${arn}'`);
    // A name is unique per account and region (CreateSecret answers ResourceExistsException): a second secret of the
    // same name would make a partial ARN ambiguous, which it never is in AWS.
    const taken = this.list().find((s) => s.name === secret.name && arnRegion(s.arn) === arnRegion(arn) && s.arn !== arn);
    if (taken) throw new Error(`seed: a secret named '${secret.name}' exists already (${taken.arn}): use putValue to change its value`);
    this.secrets.set(arn, {
      arn,
      name: secret.name,
      value: secret.value,
      fault: secret.fault,
      versionId: globalThis.crypto.randomUUID(),
      createdAt: Math.floor(Date.now() / 1000),
    });
    return arn;
  }

  /** The id of the version that holds AWSCURRENT. */
  currentVersion(arn: string): string {
    const secret = this.secrets.get(arn);
    if (!secret) throw new Error(`currentVersion: no secret ${arn}`);
    return secret.versionId;
  }

  setFault(arn: string, fault: SecretFault | undefined): void {
    const secret = this.secrets.get(arn);
    if (!secret) throw new Error(`setFault: no secret ${arn}`);
    secret.fault = fault;
  }

  /** What PutSecretValue does: a new version becomes AWSCURRENT, and the label event is published. */
  putValue(arn: string, value: string): SecretLabelUpdatedEvent {
    const secret = this.secrets.get(arn);
    if (!secret) throw new Error(`putValue: no secret ${arn}`);
    secret.previousVersionId = secret.versionId;
    secret.versionId = globalThis.crypto.randomUUID();
    secret.value = value;
    const event: SecretLabelUpdatedEvent = {
      'version': '0',
      'id': globalThis.crypto.randomUUID(),
      'detail-type': 'Secret Label Updated',
      'source': 'aws.secretsmanager',
      'account': this.accountId,
      'time': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'region': arnRegion(arn) ?? this.region,
      'resources': [arn],
      'detail': { name: secret.name, labelUpdated: 'AWSCURRENT', versionId: secret.versionId },
    };
    this.labelEvents.push(event);
    return event;
  }

  /** The next read of the secret answers its current value, then `value` becomes current (a rotation racing a reader). */
  rotateAfterNextRead(arn: string, value: string): void {
    this.rotateAfterRead.set(arn, value);
  }

  remove(arn: string): void {
    this.secrets.delete(arn);
  }

  list(): StoredSecret[] {
    return [...this.secrets.values()];
  }

  reset(): void {
    this.secrets.clear();
    this.calls.clear();
    this.log.length = 0;
    this.labelEvents.length = 0;
    this.rotateAfterRead.clear();
  }

  /**
   * Full ARN, partial ARN (no suffix) or name, as the real service resolves SecretId. With `region` (the endpoint the
   * request reached), only the secrets of that region: Secrets Manager serves a secret in its own region only.
   */
  resolve(secretId: string, region?: string): StoredSecret | undefined {
    const inRegion = (s: StoredSecret): boolean => region === undefined || (arnRegion(s.arn) ?? this.region) === region;
    const exact = this.secrets.get(secretId);
    if (exact) return inRegion(exact) ? exact : undefined;
    return this.list().find((s) => inRegion(s) && (s.name === secretId || s.arn.replace(/-[A-Za-z0-9]{6}$/, '') === secretId));
  }

  protected handle(request: JsonRequest): Outcome {
    const { operation } = request;
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const body = request.body as Record<string, unknown>;
    const secretId = typeof body.SecretId === 'string' ? body.SecretId : '';
    const region = signingRegion(request.headers.authorization);
    const fail = (error: ServiceError): Outcome => {
      this.log.push({ operation, secretId, outcome: error.code, region });
      return errorOutcome(error);
    };
    const shape = REQUEST_SHAPES[operation];
    if (!shape) {
      return fail(new ServiceError(400, 'UnknownOperationException', `secretsmanager.${operation} is not emulated`));
    }
    const problems = validateStructure(body, shape, '');
    if (problems.length > 0) {
      return fail(new ServiceError(400, 'ValidationException', problems.map((p) => p.message).join('; ')));
    }
    const secret = this.resolve(secretId, region);
    if (!secret) {
      return fail(new ServiceError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret."));
    }
    if (secret.fault === 'access-denied') {
      return fail(new ServiceError(400, 'AccessDeniedException',
        `User: arn:aws:sts::${this.accountId}:assumed-role/handler-role/handler is not authorized to perform: `
        + `secretsmanager:GetSecretValue on resource: ${secretId} because no identity-based policy allows the `
        + 'secretsmanager:GetSecretValue action'));
    }
    if (secret.fault === 'scheduled-for-deletion') {
      return fail(new ServiceError(400, 'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion."));
    }
    if (operation === 'DescribeSecret') {
      this.log.push({ operation, secretId, outcome: 'ok', region });
      const stages: Record<string, string[]> = { [secret.versionId]: ['AWSCURRENT'] };
      if (secret.previousVersionId) stages[secret.previousVersionId] = ['AWSPREVIOUS'];
      return { kind: 'ok', body: { ARN: secret.arn, Name: secret.name, VersionIdsToStages: stages, CreatedDate: secret.createdAt } };
    }
    if (operation === 'PutSecretValue') {
      this.log.push({ operation, secretId, outcome: 'ok', region });
      const event = this.putValue(secret.arn, String(body.SecretString));
      return { kind: 'ok', body: { ARN: secret.arn, Name: secret.name, VersionId: event.detail.versionId, VersionStages: ['AWSCURRENT'] } };
    }
    if (body.VersionId !== undefined && body.VersionId !== secret.versionId) {
      return fail(new ServiceError(400, 'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret value for VersionId"));
    }
    if (body.VersionStage !== undefined && body.VersionStage !== 'AWSCURRENT') {
      return fail(new ServiceError(400, 'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret value for staging label"));
    }
    this.log.push({ operation, secretId, outcome: 'ok', region });
    const answeredVersion = secret.versionId;
    const value = typeof secret.value === 'string'
      ? { SecretString: secret.value }
      : { SecretBinary: secret.value.toString('base64') };
    const racing = this.rotateAfterRead.get(secret.arn);
    if (racing !== undefined) {
      this.rotateAfterRead.delete(secret.arn);
      this.putValue(secret.arn, racing);
    }
    return {
      kind: 'ok',
      body: {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: answeredVersion,
        ...value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: secret.createdAt,
      },
    };
  }
}

function randomSuffix(): string {
  return [...randomBytes(6)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}
