import { findHolder } from './conflict';
import { CreateOutcomeUnknownError } from './create-outcome';
import { ApiCallError, ReasonError, errorCode } from './errors';
import { CONFLICT, CREATE, DELETE, RESOURCE_NOT_FOUND, createPreference, deletePreference } from './invoicing';
import { LifecycleRequest, LifecycleResult, clientToken, createInput } from './lifecycle';
import { ParsedPreference, parseProperties } from './properties';
import { external } from './redactor';

type Raw = Record<string, unknown> | undefined;

/** Where a person finds a preference that may remain: its portal, buyer and supplier, as received. */
function identityText(properties: Raw): string {
  const field = (name: string): string => (typeof properties?.[name] === 'string' ? properties[name] as string : '?');
  return `${field('ProcurementPortalName')}/${field('BuyerIdentifier')}/${field('SupplierIdentifier')}`;
}

/** Deletes `arn`; one already gone counts as deleted. */
async function deleteIt(arn: string, req: LifecycleRequest): Promise<void> {
  try {
    await deletePreference({ ProcurementPortalPreferenceArn: arn, ClientToken: clientToken(req, DELETE) }, req);
  } catch (error) {
    if (!(error instanceof ApiCallError && error.code === RESOURCE_NOT_FOUND)) throw error;
  }
}

/**
 * Looks for the preference a Create whose outcome is unknown may have left, and deletes it only once the replayed
 * Create proves it is this resource's: `original` is the request of that Create (its RequestId gives the ClientToken).
 * Returns what was done; throws when the service cannot tell.
 */
export async function removeUnknownCreate(props: ParsedPreference, original: LifecycleRequest, req: LifecycleRequest): Promise<string> {
  const listed = await findHolder(props.identity, req);
  if (listed === undefined) return 'Nothing to delete (the failed create left no preference)';
  // The original request, same ClientToken: the service's idempotency answers the ARN of the create it applied.
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
  await deleteIt(replayed, req);
  return replayed === listed
    ? `Deleted the preference the failed create had left: ${replayed}`
    : `Deleted the preference the replayed create made: ${replayed} (${listed}, which holds this identity, was left alone)`;
}

/** What a person reads when a preference may remain: where to look, and why it could not be confirmed. */
export function mayRemain(identity: string, error: unknown): string {
  const why = error instanceof ReasonError ? error.message : external(error instanceof Error ? error.message : String(error));
  return `A preference may remain: could not confirm whether the failed create left one: check ListProcurementPortalPreferences for ${identity} (${why})`;
}

/** A sentence continued after a semicolon. */
function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

function failureCode(error: unknown): string {
  return (error instanceof ReasonError && error.code) || errorCode(error);
}

/**
 * A Create inside an Update (a replacement, the re-create of a preference deleted out of band, a physical id that was
 * not an ARN) whose outcome is unknown. Its Update fails with the request's own physical id, and CloudFormation's
 * rollback sends another event, whose RequestId cannot rebuild this Create's ClientToken: so the preference it may
 * have made is looked for and removed now, within this invocation, and the Reason says what was done.
 */
export async function failAfterUnknownCreateInUpdate(error: CreateOutcomeUnknownError, props: ParsedPreference,
  req: LifecycleRequest): Promise<ReasonError> {
  const identity = identityText(props.identity as unknown as Raw);
  try {
    const done = await removeUnknownCreate(props, req, req);
    req.log.info({ operation: CREATE, outcome: 'cleanup-done', message: done });
    return new ReasonError(`${error.causeMessage}; the service may have created it, so it was looked for: ${lowerFirst(done)}`, error.code);
  } catch (cleanupError) {
    req.log.warn({ operation: CREATE, outcome: 'cleanup-unconfirmed', errorCode: failureCode(cleanupError), message: `A preference may remain for ${identity}` });
    return new ReasonError(`${error.causeMessage}; ${lowerFirst(mayRemain(identity, cleanupError))}`, error.code);
  }
}

/**
 * The rollback's Delete of a Create whose outcome was unknown (physical id `create-unknown-<RequestId>`): finds the
 * preference that create may have left and deletes it only once the replayed Create proves it is this resource's.
 * Always SUCCESS: a cleanup that cannot be completed says what may remain instead of leaving the stack stuck.
 * The one Delete that reads secrets (the replay must be the same request).
 */
export async function onDeleteAfterUnknownCreate(physicalId: string, createRequestId: string, properties: Raw,
  req: LifecycleRequest): Promise<LifecycleResult> {
  try {
    const props = parseProperties(properties);
    return { physicalResourceId: physicalId, summary: await removeUnknownCreate(props, { ...req, requestId: createRequestId }, req) };
  } catch (error) {
    const where = identityText(properties);
    req.log.warn({ physicalResourceId: physicalId, outcome: 'cleanup-unconfirmed', errorCode: failureCode(error), message: `A preference may remain for ${where}` });
    return { physicalResourceId: physicalId, summary: mayRemain(where, error) };
  }
}
