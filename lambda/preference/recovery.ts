/**
 * Recovery: a Create whose outcome is unknown (it timed out, lost its connection or got 5xx until its retries ran out,
 * so the service may have applied it), and a Create that conflicts with the resource itself. A preference is deleted
 * only once the Create replayed with its original ClientToken proves it is this resource's; a cleanup that cannot be
 * confirmed says what may remain instead of failing (ARCHITECTURE.md, "The unknown-create recovery").
 */
import { ownerOf } from './ownership';
import { LifecycleRequest, LifecycleResult, clientToken, createInput } from './request';
import { resolveConfiguration } from './resolve-configuration';
import { recordTags } from './secret-record';
import { withSupplier } from './supplier';
import { RESERVED_TAG_KEY } from '../../src/contract/constraints';
import { ATTRIBUTE_ACCOUNT_ID, ATTRIBUTE_ARN, type PreferenceProperties } from '../../src/contract/wire';
import { AlreadyExistsError, ApiCallError, CreateOutcomeUnknownError, ReasonError, RetriesExhaustedError, errorCode } from '../aws/errors';
import {
  CONFLICT, CREATE, DELETE, LIST, PUT, RESOURCE_NOT_FOUND, createPreference, deletePreference, findHolder, listPreferenceTags, putPreference,
  tagPreference,
} from '../aws/invoicing';
import type { PreferenceIdentity } from '../aws/invoicing';
import { external } from '../aws/log';
import type { CallContext } from '../aws/retry';
import { ParsedPreference, parseProperties } from '../parse/properties';
import type { RawProperties } from '../parse/received';

/** The physical id of a Create whose outcome is unknown: its RequestId inside lets the rollback's Delete rebuild its ClientToken. */
const UNKNOWN_CREATE_PREFIX = 'create-unknown-';

/** What a failed Create answers as its physical id: "look for what it may have left", or "nothing to delete". */
export function failedCreateMarker(error: unknown, requestId: string): string {
  return error instanceof CreateOutcomeUnknownError ? `${UNKNOWN_CREATE_PREFIX}${requestId}` : `create-failed-${requestId}`;
}

/** The Create's RequestId when `physicalId` is an unknown-create marker, else undefined. */
export function createRequestIdOf(physicalId: string | undefined): string | undefined {
  const requestId = physicalId?.startsWith(UNKNOWN_CREATE_PREFIX) ? physicalId.slice(UNKNOWN_CREATE_PREFIX.length) : '';
  return requestId === '' ? undefined : requestId;
}

/** `error` as a CreateOutcomeUnknownError when the Create call itself may have been applied; any other failure unchanged. */
export function classifyCreateFailure(error: unknown): unknown {
  return error instanceof RetriesExhaustedError && error.operation === CREATE && error.mayHaveApplied ? new CreateOutcomeUnknownError(error) : error;
}

/** Where a person finds a preference that may remain: its portal, buyer and supplier, as received. */
function identityText(properties: RawProperties): string {
  const field = (name: keyof PreferenceProperties): string => (typeof properties?.[name] === 'string' ? properties[name] as string : '?');
  const lookup = properties?.SupplierLookup as { SellerOfRecord?: unknown } | undefined;
  const supplier = properties?.SupplierIdentifier === undefined && typeof lookup?.SellerOfRecord === 'string'
    ? `(AWS's supplier of ${lookup.SellerOfRecord})` : field('SupplierIdentifier');
  return `${field('ProcurementPortalName')}/${field('BuyerIdentifier')}/${supplier}`;
}

/** What a person reads when a preference may remain: where to look, and why it could not be confirmed. */
function mayRemain(identity: string, error: unknown): string {
  const why = error instanceof ReasonError ? error.message : external(error instanceof Error ? error.message : String(error));
  return `A preference may remain: could not confirm whether the failed create left one: check ListProcurementPortalPreferences for ${identity} (${why})`;
}

const failureCode = (error: unknown): string => (error instanceof ReasonError && error.code) || errorCode(error);
/** A sentence continued after a semicolon. */
const lowerFirst = (text: string): string => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/**
 * Looks for the preference a Create whose outcome is unknown may have left, and deletes it only once the replayed
 * Create proves it is this resource's: `original` is the request of that Create (its RequestId gives the ClientToken).
 * Returns what was done; throws when the service cannot tell.
 */
async function removeUnknownCreate(props: ParsedPreference, original: LifecycleRequest, req: LifecycleRequest): Promise<string> {
  const listed = await findHolder(props.identity, req);
  if (listed === undefined) return 'Nothing to delete (the failed create left no preference)';
  const input = await createInput(props, original);
  let replayed: string;
  try {
    replayed = await createPreference(input, req);
  } catch (error) {
    // Conflict: the identity is held by a preference this resource did not create. A ConflictException about the
    // token itself means the request changed since (a rotated secret): ownership unproven, so not this answer.
    if (error instanceof ApiCallError && error.code === CONFLICT && error.resourceId !== input.ClientToken) {
      req.log.info({ operation: error.operation, outcome: 'held-by-another', message: `Not deleting ${listed}` });
      return 'Nothing to delete (the preference holding this identity was not created by this resource)';
    }
    throw error;
  }
  try {
    await deletePreference({ ProcurementPortalPreferenceArn: replayed, ClientToken: clientToken(req, DELETE) }, req);
  } catch (error) {
    if (!(error instanceof ApiCallError && error.code === RESOURCE_NOT_FOUND)) throw error; // already gone: deleted
  }
  return replayed === listed
    ? `Deleted the preference the failed create had left: ${replayed}`
    : `Deleted the preference the replayed create made: ${replayed} (${listed}, which holds this identity, was left alone)`;
}

/**
 * A Create inside an Update (a replacement, the re-create of a preference deleted out of band, a physical id that was
 * not an ARN). When its outcome is unknown, the Update fails with its own physical id, and CloudFormation's rollback
 * sends another event whose RequestId cannot rebuild this Create's ClientToken: so the preference it may have made is
 * looked for and removed now, and the Reason says what was done.
 */
export async function createInUpdate(props: ParsedPreference, req: LifecycleRequest,
  create: () => Promise<LifecycleResult>): Promise<LifecycleResult> {
  try {
    return await create();
  } catch (failure) {
    const error = classifyCreateFailure(failure);
    if (!(error instanceof CreateOutcomeUnknownError)) throw failure;
    const identity = identityText(props.identity);
    let done: string;
    try {
      done = await removeUnknownCreate(props, req, req);
    } catch (cleanupError) {
      req.log.warn({ operation: CREATE, outcome: 'cleanup-unconfirmed', errorCode: failureCode(cleanupError), message: `A preference may remain for ${identity}` });
      throw new ReasonError(`${error.causeMessage}; ${lowerFirst(mayRemain(identity, cleanupError))}`, error.code);
    }
    req.log.info({ operation: CREATE, outcome: 'cleanup-done', message: done });
    throw new ReasonError(`${error.causeMessage}; the service may have created it, so it was looked for: ${lowerFirst(done)}`, error.code);
  }
}

/**
 * The rollback's Delete of a Create whose outcome was unknown (physical id `create-unknown-<RequestId>`). Always
 * SUCCESS: a cleanup that cannot be completed says what may remain instead of leaving the stack stuck. The one Delete
 * that reads secrets (the replay must be the same request).
 */
export async function onDeleteAfterUnknownCreate(physicalId: string, createRequestId: string, properties: RawProperties,
  req: LifecycleRequest): Promise<LifecycleResult> {
  try {
    const props = await withSupplier(parseProperties(properties), req);
    return { physicalResourceId: physicalId, summary: await removeUnknownCreate(props, { ...req, requestId: createRequestId }, req) };
  } catch (error) {
    const where = identityText(properties);
    req.log.warn({ physicalResourceId: physicalId, outcome: 'cleanup-unconfirmed', errorCode: failureCode(error), message: `A preference may remain for ${where}` });
    return { physicalResourceId: physicalId, summary: mayRemain(where, error) };
  }
}

/** True when the service's `resourceId` names the preference `arn`: the ARN itself or its bare id (last path segment). */
function namesPreference(resourceId: string | undefined, arn: string): boolean {
  if (resourceId === undefined || resourceId === '') return false;
  return resourceId === arn || resourceId === arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * Which preference holds the identity a replacement's Create conflicted on: `arn` itself when the ConflictException's
 * `resourceId` names it (the rollback of a replacement whose Create failed: old and new swapped, the physical id
 * unchanged), else the holder List finds (services differ in what `resourceId` holds), or undefined when none is
 * listed. Rejects with `conflict`, plus why, when List failed.
 */
export async function conflictHolder(conflict: AlreadyExistsError, arn: string, identity: PreferenceIdentity,
  ctx: CallContext): Promise<string | undefined> {
  if (namesPreference(conflict.existingId, arn)) return arn;
  let holder: string | undefined;
  try {
    holder = await findHolder(identity, ctx);
  } catch (error) {
    if (!(error instanceof ReasonError)) throw error;
    throw conflict.withNote(`could not check whether ${arn} itself holds it: ${error.message}`);
  }
  if (holder !== undefined && namesPreference(holder, arn)) return arn;
  ctx.log.info({ operation: LIST, outcome: 'held-by-another', message: `The identity is held by ${holder ?? 'no listed preference'}` });
  return holder;
}

/**
 * A Create (or a replacement's) that conflicts with a preference carrying this resource's own owner tag: one a
 * previous Create of this resource made, whose every answer was lost and whose cleanup could not be confirmed. It is
 * taken over (the declared configuration Put on it, the records written) instead of failing "already exists" for
 * ever. `undefined` when the holder is not this resource's (the conflict stands).
 */
export async function recoverOwnLeftover(holder: string | undefined, props: ParsedPreference,
  req: LifecycleRequest): Promise<LifecycleResult | undefined> {
  if (holder === undefined || !/:procurement-portal-preference\//.test(holder)) return undefined;
  const tags = await listPreferenceTags(holder, req).catch(() => []);
  if (tags.find((t) => t.Key === RESERVED_TAG_KEY)?.Value !== ownerOf(req)) return undefined;
  const configuration = await resolveConfiguration(props.configuration, req);
  await putPreference({ ProcurementPortalPreferenceArn: holder, ...configuration, ClientToken: clientToken(req, `recover-${PUT}`) }, req);
  const records = props.options.reapplyOnSecretRotation ? recordTags(props.configuration, req.secrets.versionIds) : [];
  if (props.tags.length + records.length > 0) await tagPreference(holder, [...props.tags, ...records], req);
  req.log.info({ physicalResourceId: holder, operation: CREATE, outcome: 'recovered', message: 'A create of this resource had made it' });
  return {
    physicalResourceId: holder,
    data: { [ATTRIBUTE_ARN]: holder, [ATTRIBUTE_ACCOUNT_ID]: holder.split(':')[4] ?? '' },
    summary: `Recovered ${holder}: an earlier create of this resource, whose answer was lost, had made it; the declared configuration was applied to it`,
  };
}

/** The holder a Create's conflict names, else the one List finds (undefined when neither, or List fails). */
export async function createConflictHolder(conflict: AlreadyExistsError, identity: PreferenceIdentity,
  ctx: CallContext): Promise<string | undefined> {
  if (conflict.existingId !== undefined && /:procurement-portal-preference\//.test(conflict.existingId)) return conflict.existingId;
  return findHolder(identity, ctx).catch(() => undefined);
}
