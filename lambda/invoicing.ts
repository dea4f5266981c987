import {
  CreateProcurementPortalPreferenceCommand,
  CreateProcurementPortalPreferenceRequest,
  DeleteProcurementPortalPreferenceCommand,
  DeleteProcurementPortalPreferenceRequest,
  InvoicingClient,
  ListProcurementPortalPreferencesCommand,
  ListProcurementPortalPreferencesResponse,
  PutProcurementPortalPreferenceCommand,
  PutProcurementPortalPreferenceRequest,
  ResourceTag,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-invoicing';
import { ApiCallError, ReasonError } from './errors';
import { CallContext, callWithRetries } from './retry';

/**
 * One client per container (created at module load). The Invoicing endpoint is global, so any region resolves to it;
 * `AWS_ENDPOINT_URL_INVOICING` overrides it (the SDK reads it). `maxAttempts: 1`: retries are ours (retry.ts), per
 * call and bounded by the invocation's deadline, not by the SDK's client-wide retry quota.
 */
export const invoicingClient = new InvoicingClient({ region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 1 });

export const CREATE = 'CreateProcurementPortalPreference';
export const PUT = 'PutProcurementPortalPreference';
export const DELETE = 'DeleteProcurementPortalPreference';
export const LIST = 'ListProcurementPortalPreferences';
export const TAG = 'TagResource';
export const UNTAG = 'UntagResource';

export const RESOURCE_NOT_FOUND = 'ResourceNotFoundException';
export const CONFLICT = 'ConflictException';

/** Runs one API operation with retries; a final failure becomes an ApiCallError (or the retry's own Reason). */
async function call<T>(operation: string, ctx: CallContext, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await callWithRetries(operation, ctx, send);
  } catch (error) {
    throw error instanceof ReasonError ? error : new ApiCallError(operation, error);
  }
}

/** The largest page the service model allows. */
const LIST_PAGE_SIZE = 100;

/** One page of summaries: identity fields and statuses, no secret (never Get: it returns the shared secret). */
export async function listPreferencesPage(nextToken: string | undefined, ctx: CallContext): Promise<ListProcurementPortalPreferencesResponse> {
  const input = { MaxResults: LIST_PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) };
  return call(LIST, ctx, (abortSignal) => invoicingClient.send(new ListProcurementPortalPreferencesCommand(input), { abortSignal }));
}

/** Returns the new preference's ARN. */
export async function createPreference(input: CreateProcurementPortalPreferenceRequest, ctx: CallContext): Promise<string> {
  const output = await call(CREATE, ctx, (abortSignal) =>
    invoicingClient.send(new CreateProcurementPortalPreferenceCommand(input), { abortSignal }));
  if (!output.ProcurementPortalPreferenceArn) {
    throw new ReasonError(`${CREATE} returned no ProcurementPortalPreferenceArn`);
  }
  return output.ProcurementPortalPreferenceArn;
}

export async function putPreference(input: PutProcurementPortalPreferenceRequest, ctx: CallContext): Promise<void> {
  await call(PUT, ctx, (abortSignal) => invoicingClient.send(new PutProcurementPortalPreferenceCommand(input), { abortSignal }));
}

export async function deletePreference(input: DeleteProcurementPortalPreferenceRequest, ctx: CallContext): Promise<void> {
  await call(DELETE, ctx, (abortSignal) => invoicingClient.send(new DeleteProcurementPortalPreferenceCommand(input), { abortSignal }));
}

export async function tagPreference(arn: string, tags: ResourceTag[], ctx: CallContext): Promise<void> {
  await call(TAG, ctx, (abortSignal) =>
    invoicingClient.send(new TagResourceCommand({ ResourceArn: arn, ResourceTags: tags }), { abortSignal }));
}

export async function untagPreference(arn: string, keys: string[], ctx: CallContext): Promise<void> {
  await call(UNTAG, ctx, (abortSignal) =>
    invoicingClient.send(new UntagResourceCommand({ ResourceArn: arn, ResourceTagKeys: keys }), { abortSignal }));
}
