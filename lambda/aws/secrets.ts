/**
 * Secret values, read for a Create or a Put only (never for a Delete or an update of tags alone): one GetSecretValue
 * per distinct secret ARN per request, each value registered with the request's redactor before anything can echo it,
 * and checked as the API requires.
 */
import type { Contact } from '@aws-sdk/client-invoicing';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { ReasonError, errorCode } from './errors';
import { Redactor, external } from './log';
import { CallContext, callWithRetries } from './retry';
import { checkIdentifier } from '../../src/contract/constraints';
import { SecretReference } from '../../src/contract/wire';

/**
 * One client per region, created once per container. A secret is read in the region its ARN names (a stack may
 * reference a secret of another region, and Secrets Manager serves a secret in its own region only); the account in
 * the ARN is reached through the full ARN as SecretId. `AWS_ENDPOINT_URL_SECRETS_MANAGER` overrides the endpoint.
 */
const clients = new Map<string, SecretsManagerClient>();

export function secretsClientFor(arn: string): SecretsManagerClient {
  // The region in `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`, else the Lambda's.
  const region = /^arn:[^:]+:secretsmanager:([a-z0-9-]+):/.exec(arn)?.[1] ?? (process.env.AWS_REGION || 'us-east-1');
  let client = clients.get(region);
  if (!client) {
    client = new SecretsManagerClient({ region, maxAttempts: 1, credentials: fromEnv() });
    clients.set(region, client);
  }
  return client;
}

const GET_SECRET_VALUE = 'GetSecretValue';
const DESCRIBE_SECRET = 'DescribeSecret';

/** The id of the version that holds AWSCURRENT now, read with DescribeSecret (which never returns a value). */
export async function currentVersionId(arn: string, ctx: CallContext): Promise<string | undefined> {
  const output = await callWithRetries(DESCRIBE_SECRET, ctx, (abortSignal) =>
    secretsClientFor(arn).send(new DescribeSecretCommand({ SecretId: arn }), { abortSignal }));
  return Object.entries(output.VersionIdsToStages ?? {}).find(([, stages]) => stages?.includes('AWSCURRENT'))?.[0];
}

/** `secret <arn>`, with ` (JSON field '<name>')` when the reference names one: every secret Reason says both. */
export function where(ref: SecretReference): string {
  return ref.JsonField ? `secret ${ref.SecretArn} (JSON field '${ref.JsonField}')` : `secret ${ref.SecretArn}`;
}

/** What to do about a failed GetSecretValue, by its error code. */
const HINTS: Record<string, string> = {
  ResourceNotFoundException: 'it does not exist in the region and account its ARN names: create it or fix the reference',
  InvalidRequestException: 'it cannot be read now, typically because it is scheduled for deletion: restore it',
  AccessDeniedException: "the handler's role needs secretsmanager:GetSecretValue on it and kms:Decrypt on its KMS key",
  DecryptionFailure: "its KMS key cannot decrypt it: check the key and the handler's kms:Decrypt permission",
};

/** A Reason for a failed GetSecretValue: names the secret, says what to do, never shows a value. */
function readFailure(prop: string, ref: SecretReference, error: unknown): ReasonError {
  if (error instanceof ReasonError) return new ReasonError(`${prop}: reading ${where(ref)}: ${error.message}`, error.code);
  const code = errorCode(error);
  const message = String((error as { message?: unknown })?.message ?? '');
  return new ReasonError(`${prop}: GetSecretValue failed for ${where(ref)}: ${code}: ${external(message)}${HINTS[code] ? ` (${HINTS[code]})` : ''}`, code);
}

/**
 * The secrets of one request (it holds one: `LifecycleRequest.secrets`), so the next deploy sees a rotated value and a
 * Put then a re-Create in one event read each secret once.
 */
export class SecretReader {
  /** The version each secret's value was read at, by secret ARN. */
  public readonly versionIds = new Map<string, string>();
  private readonly cache = new Map<string, Promise<string>>();

  public constructor(private readonly ctx: CallContext & { readonly redactor: Redactor }) {}

  /** A shared secret: a string of 1 to 1,024 characters without white space, as the API requires. */
  public async sharedSecret(prop: string, ref: SecretReference): Promise<string> {
    const value = await this.fieldValue(prop, ref);
    if (typeof value !== 'string') {
      throw new ReasonError(`${prop}: ${where(ref)} must be a string, got ${Array.isArray(value) ? 'a list' : `a JSON ${value === null ? 'null' : typeof value}`}`);
    }
    const problem = checkIdentifier(`the value of ${where(ref)}`, value, true);
    if (problem) throw new ReasonError(`${prop}: ${problem}, which the Invoicing API does not accept as a shared secret`);
    return value;
  }

  /**
   * A JSON value kept in a secret (or in its JSON field, where it may also be that JSON as a string); `example` shows
   * what is expected when the text is not JSON, whose content is never shown.
   */
  public async json(prop: string, ref: SecretReference, example: string): Promise<unknown> {
    const value = await this.fieldValue(prop, ref);
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      // JSON.parse's own message quotes the text: never shown.
      throw new ReasonError(`${prop}: ${where(ref)} must be JSON such as ${example}, got text that is not JSON (not shown)`);
    }
  }

  /** Contacts are redacted where they stand as whole words: an API error may echo them. */
  public redactContacts(list: readonly Contact[]): void {
    list.forEach((c) => {
      this.ctx.redactor.addWord(c.Name);
      this.ctx.redactor.addWord(c.Email);
    });
  }

  /** The secret's string, or its JSON field's value when the reference names one. */
  private async fieldValue(prop: string, ref: SecretReference): Promise<unknown> {
    const text = await this.secretString(prop, ref);
    if (!ref.JsonField) return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ReasonError(`${prop}: secret ${ref.SecretArn} is not a JSON object, so its field '${ref.JsonField}' cannot be read (store the value as {"${ref.JsonField}": "..."} or drop jsonField)`);
    }
    const record = parsed as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, ref.JsonField)) {
      throw new ReasonError(`${prop}: secret ${ref.SecretArn} has no field '${ref.JsonField}'`);
    }
    const value = record[ref.JsonField];
    if (typeof value === 'string') this.ctx.redactor.add(value);
    return value;
  }

  private secretString(prop: string, ref: SecretReference): Promise<string> {
    let pending = this.cache.get(ref.SecretArn);
    if (!pending) {
      pending = this.fetch(ref.SecretArn);
      this.cache.set(ref.SecretArn, pending);
    }
    return pending.then((text) => {
      if (text === '') throw new ReasonError(`${prop}: ${where(ref)} is empty`);
      return text;
    }, (error) => {
      throw readFailure(prop, ref, error);
    });
  }

  private async fetch(arn: string): Promise<string> {
    const output = await callWithRetries(GET_SECRET_VALUE, this.ctx, (abortSignal) =>
      secretsClientFor(arn).send(new GetSecretValueCommand({ SecretId: arn }), { abortSignal }));
    if (typeof output.SecretString !== 'string') {
      throw new ReasonError(output.SecretBinary !== undefined
        ? 'it holds only a binary value (SecretBinary), and a string (SecretString) is needed'
        : 'it has no string value (SecretString)', 'NoSecretString');
    }
    this.ctx.redactor.add(output.SecretString);
    if (output.VersionId) this.versionIds.set(arn, output.VersionId);
    return output.SecretString;
  }
}
