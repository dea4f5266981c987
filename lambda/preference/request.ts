/**
 * One event's request: what every step needs from the event and the invocation (built once per event by index.ts,
 * and everything cached for the event, the secrets read, lives in it), and what the event sends: a ClientToken per
 * operation, derived from the event, so Lambda's retry of the same event sends the same tokens and the service answers
 * what it already did.
 */
import { createHash } from 'node:crypto';
import type { CreateProcurementPortalPreferenceRequest } from '@aws-sdk/client-invoicing';
import { ownerTag } from './ownership';
import { resolveConfiguration } from './resolve-configuration';
import { recordTags } from './secret-record';
import { CREATE } from '../aws/invoicing';
import type { Redactor } from '../aws/log';
import type { CallContext } from '../aws/retry';
import type { SecretReader } from '../aws/secrets';
import type { ParsedPreference } from '../parse/properties';

export interface LifecycleRequest extends CallContext {
  readonly stackId: string;
  readonly logicalResourceId: string;
  readonly requestId: string;
  readonly redactor: Redactor;
  /** This request's secrets, each read at most once. */
  readonly secrets: SecretReader;
  /** The stack's status when CloudFormation confirmed the event (confirmation.ts). */
  readonly stackStatus?: string;
}

export interface LifecycleResult {
  readonly physicalResourceId: string;
  readonly data?: Record<string, string>;
  /** A short success Reason, shown by CloudFormation's events and the demo. */
  readonly summary: string;
}

/** sha256(StackId | LogicalResourceId | RequestId | operation). */
export function clientToken(req: LifecycleRequest, operation: string): string {
  return createHash('sha256').update([req.stackId, req.logicalResourceId, req.requestId, operation].join('|')).digest('hex');
}

/** The Create request of `req`'s event (secrets read): the same event always builds the same request and token. */
export async function createInput(props: ParsedPreference, req: LifecycleRequest): Promise<CreateProcurementPortalPreferenceRequest> {
  const configuration = await resolveConfiguration(props.configuration, req);
  return {
    ...props.identity,
    ...configuration,
    // The owner tag records which stack and resource manage it (ownership.ts), so no other stack adopts it; the
    // secret records, which versions it was given (secret-record.ts), so a rotation can be re-applied.
    ResourceTags: [
      ...props.tags, ownerTag(req),
      ...props.options.reapplyOnSecretRotation ? recordTags(props.configuration, req.secrets.versionIds) : [],
    ],
    ClientToken: clientToken(req, CREATE),
  };
}
