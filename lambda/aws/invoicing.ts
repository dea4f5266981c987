/**
 * The Invoicing API calls, each one retried within the invocation's time budget (retry.ts) and, when it fails for
 * good, turned into an ApiCallError whose message is a Reason. Get only for a secret re-apply (reconcile.ts): its
 * output holds the shared secret and the contacts, which join the redactor before anything could echo them.
 */
import {
  CreateProcurementPortalPreferenceCommand, CreateProcurementPortalPreferenceRequest, DeleteProcurementPortalPreferenceCommand,
  DeleteProcurementPortalPreferenceRequest, GetProcurementPortalPreferenceCommand, InvoicingClient,
  ListProcurementPortalSuppliersCommand, ListProcurementPortalsCommand, ProcurementPortal, ProcurementPortalSupplier,
  type ProcurementPortalPreference, ListProcurementPortalPreferencesCommand,
  ListProcurementPortalPreferencesResponse, ListTagsForResourceCommand, ProcurementPortalPreferenceSummary,
  PutProcurementPortalPreferenceCommand, PutProcurementPortalPreferenceRequest, ResourceTag, SendProcurementPortalValidationCommand,
  TagResourceCommand, UntagResourceCommand, UpdateProcurementPortalPreferenceStatusCommand, UpdateProcurementPortalPreferenceStatusRequest,
} from '@aws-sdk/client-invoicing';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { ApiCallError, ReasonError } from './errors';
import { CallContext, callWithRetries } from './retry';
import { checkPreferenceArn } from '../../src/contract/constraints';
import { SERVICE_IDENTITY_FIELDS } from '../../src/contract/properties';

/**
 * One client per container. The Invoicing endpoint is global, so any region resolves to it; `AWS_ENDPOINT_URL_INVOICING`
 * overrides it (the SDK reads it). `maxAttempts: 1`: retries are ours, per call and bounded by the invocation's
 * deadline, not by the SDK's client-wide retry quota. Credentials: the execution role's, which Lambda puts in the
 * environment (the bundle leaves the SDK's default chain out, see .projenrc.ts).
 */
/** The five fields that name a preference in the service (a change replaces it); the supplier id always known. */
export type PreferenceIdentity = Omit<Pick<CreateProcurementPortalPreferenceRequest, typeof SERVICE_IDENTITY_FIELDS[number]>, 'SupplierIdentifier'>
& { readonly SupplierIdentifier: string };

export const invoicingClient = new InvoicingClient({ region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 1, credentials: fromEnv() });

export const CREATE = 'CreateProcurementPortalPreference';
export const PUT = 'PutProcurementPortalPreference';
export const DELETE = 'DeleteProcurementPortalPreference';
export const LIST = 'ListProcurementPortalPreferences';
export const GET = 'GetProcurementPortalPreference';
export const TAG = 'TagResource';
export const UNTAG = 'UntagResource';
export const LIST_TAGS = 'ListTagsForResource';
export const LIST_PORTALS = 'ListProcurementPortals';
export const LIST_SUPPLIERS = 'ListProcurementPortalSuppliers';
export const SEND_VALIDATION = 'SendProcurementPortalValidation';
export const UPDATE_STATUS = 'UpdateProcurementPortalPreferenceStatus';

export const RESOURCE_NOT_FOUND = 'ResourceNotFoundException';
export const CONFLICT = 'ConflictException';

/** The largest page the service model allows. */
export const LIST_PAGE_SIZE = 100;

/** Runs one API operation with retries; a final failure becomes an ApiCallError (or the retry's own Reason). */
export async function call<T>(operation: string, ctx: CallContext, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await callWithRetries(operation, ctx, send);
  } catch (error) {
    throw error instanceof ReasonError ? error : new ApiCallError(operation, error);
  }
}

/**
 * A 2xx answer without a usable result (an empty body, `{}`, a page that is not JSON, an ARN that is not a preference
 * ARN): the service may have applied the call, so it is retried like a lost answer (the ClientToken makes the replay
 * safe) and, once the retries are spent, its outcome is unknown, never a definite failure.
 */
export function unusableAnswer(operation: string, status: number | undefined, what = 'procurement portal preference'): Error {
  return Object.assign(new Error(`${operation} answered HTTP ${status ?? 200} without a valid ${what} ARN`),
    { name: 'UnusableAnswer', $metadata: { httpStatusCode: status ?? 200 } });
}

/** Returns the new preference's ARN, always a valid preference ARN. */
export async function createPreference(input: CreateProcurementPortalPreferenceRequest, ctx: CallContext): Promise<string> {
  const output = await call(CREATE, ctx, async (abortSignal) => {
    const answer = await invoicingClient.send(new CreateProcurementPortalPreferenceCommand(input), { abortSignal });
    const arn = answer.ProcurementPortalPreferenceArn;
    if (typeof arn !== 'string' || checkPreferenceArn('ProcurementPortalPreferenceArn', arn) !== undefined) {
      throw unusableAnswer(CREATE, answer.$metadata?.httpStatusCode);
    }
    return answer;
  });
  return output.ProcurementPortalPreferenceArn!;
}

export async function putPreference(input: PutProcurementPortalPreferenceRequest, ctx: CallContext): Promise<void> {
  await call(PUT, ctx, (abortSignal) => invoicingClient.send(new PutProcurementPortalPreferenceCommand(input), { abortSignal }));
}

/** The preference as the service holds it now, secrets included: `redact` is given every secret value before return. */
export async function getPreference(arn: string, ctx: CallContext,
  redact: (p: ProcurementPortalPreference) => void): Promise<ProcurementPortalPreference> {
  const output = await call(GET, ctx, (abortSignal) =>
    invoicingClient.send(new GetProcurementPortalPreferenceCommand({ ProcurementPortalPreferenceArn: arn }), { abortSignal }));
  const preference = output.ProcurementPortalPreference;
  if (!preference) throw new ReasonError(`${GET} answered without a preference for ${arn}`, 'UnusableAnswer');
  redact(preference);
  return preference;
}

export async function deletePreference(input: DeleteProcurementPortalPreferenceRequest, ctx: CallContext): Promise<void> {
  await call(DELETE, ctx, (abortSignal) => invoicingClient.send(new DeleteProcurementPortalPreferenceCommand(input), { abortSignal }));
}

export async function tagPreference(arn: string, tags: ResourceTag[], ctx: CallContext): Promise<void> {
  await call(TAG, ctx, (abortSignal) => invoicingClient.send(new TagResourceCommand({ ResourceArn: arn, ResourceTags: tags }), { abortSignal }));
}

export async function untagPreference(arn: string, keys: string[], ctx: CallContext): Promise<void> {
  await call(UNTAG, ctx, (abortSignal) =>
    invoicingClient.send(new UntagResourceCommand({ ResourceArn: arn, ResourceTagKeys: keys }), { abortSignal }));
}

/** The preference's tags (keys and values only: never the configuration). */
export async function listPreferenceTags(arn: string, ctx: CallContext): Promise<ResourceTag[]> {
  const output = await call(LIST_TAGS, ctx, (abortSignal) =>
    invoicingClient.send(new ListTagsForResourceCommand({ ResourceArn: arn }), { abortSignal }));
  return output.ResourceTags ?? [];
}

export async function sendValidation(arn: string, clientToken: string, ctx: CallContext): Promise<void> {
  await call(SEND_VALIDATION, ctx, (abortSignal) => invoicingClient.send(
    new SendProcurementPortalValidationCommand({ ProcurementPortalPreferenceArn: arn, ClientToken: clientToken }), { abortSignal }));
}

export async function updateStatus(input: UpdateProcurementPortalPreferenceStatusRequest, ctx: CallContext): Promise<void> {
  await call(UPDATE_STATUS, ctx, (abortSignal) => invoicingClient.send(new UpdateProcurementPortalPreferenceStatusCommand(input), { abortSignal }));
}

/** One page of summaries: identity fields and statuses, no secret. */
async function listPreferencesPage(nextToken: string | undefined, ctx: CallContext): Promise<ListProcurementPortalPreferencesResponse> {
  const input = { MaxResults: LIST_PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) };
  return call(LIST, ctx, (abortSignal) => invoicingClient.send(new ListProcurementPortalPreferencesCommand(input), { abortSignal }));
}

/** The first summary that matches, page by page. */
export async function findSummary(match: (summary: ProcurementPortalPreferenceSummary) => boolean,
  ctx: CallContext): Promise<ProcurementPortalPreferenceSummary | undefined> {
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await listPreferencesPage(nextToken, ctx);
    const found = page.ProcurementPortalPreferences?.find(match);
    if (found) return found;
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined && seen.has(nextToken)) throw new ReasonError(`${LIST} returned the same NextToken twice`);
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken !== undefined);
  return undefined;
}

export function holds(summary: ProcurementPortalPreferenceSummary, identity: PreferenceIdentity): boolean {
  return SERVICE_IDENTITY_FIELDS.every((field) => summary[field] === identity[field]);
}

/** The ARN of the preference holding `identity`. */
export async function findHolder(identity: PreferenceIdentity, ctx: CallContext): Promise<string | undefined> {
  return (await findSummary((summary) => holds(summary, identity), ctx))?.ProcurementPortalPreferenceArn;
}

/** Every page of a list operation, until the service gives no NextToken (or gives one twice: then it fails). */
async function allPages<T>(operation: string, ctx: CallContext,
  page: (nextToken: string | undefined, abortSignal: AbortSignal) => Promise<{ items?: T[]; NextToken?: string }>): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const answer = await call(operation, ctx, (abortSignal) => page(nextToken, abortSignal));
    all.push(...(answer.items ?? []));
    nextToken = answer.NextToken || undefined;
    if (nextToken !== undefined && seen.has(nextToken)) throw new ReasonError(`${operation} returned the same NextToken twice`);
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken !== undefined);
  return all;
}

/** The portals the account may connect to (ListProcurementPortals), with their identifiers. */
export function listPortals(ctx: CallContext): Promise<ProcurementPortal[]> {
  return allPages(LIST_PORTALS, ctx, async (nextToken, abortSignal) => {
    const input = { MaxResults: LIST_PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) };
    const answer = await invoicingClient.send(new ListProcurementPortalsCommand(input), { abortSignal });
    return { items: answer?.ProcurementPortals, NextToken: answer?.NextToken };
  });
}

/** AWS's supplier ids in one portal (ListProcurementPortalSuppliers): seller of record, country, environment. */
export function listSuppliers(portalIdentifier: string, ctx: CallContext): Promise<ProcurementPortalSupplier[]> {
  return allPages(LIST_SUPPLIERS, ctx, async (nextToken, abortSignal) => {
    const answer = await invoicingClient.send(new ListProcurementPortalSuppliersCommand({
      PortalIdentifier: portalIdentifier, MaxResults: LIST_PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}),
    }), { abortSignal });
    return { items: answer?.ProcurementPortalSuppliers, NextToken: answer?.NextToken };
  });
}
