import { findHolder } from './conflict';
import { ApiCallError, ReasonError, errorCode } from './errors';
import { CONFLICT, DELETE, RESOURCE_NOT_FOUND, createPreference, deletePreference } from './invoicing';
import { LifecycleRequest, LifecycleResult, clientToken, createInput } from './lifecycle';
import { parseProperties } from './properties';

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

/** List, then the proof by replay (see onDeleteAfterUnknownCreate); throws when the service cannot tell. */
async function cleanUp(physicalId: string, createRequestId: string, properties: Raw, req: LifecycleRequest): Promise<string> {
  const props = parseProperties(properties);
  const listed = await findHolder(props.identity, req);
  if (listed === undefined) return 'Nothing to delete (the failed create left no preference)';
  // The original request, same ClientToken: the service's idempotency answers the ARN of the create it applied.
  const original = { ...req, requestId: createRequestId };
  const input = await createInput(props, original);
  let replayed: string;
  try {
    replayed = await createPreference(input, req);
  } catch (error) {
    // Conflict: the identity is held by a preference this resource did not create. A ConflictException about the
    // token itself means the request changed since (a rotated secret): ownership unproven, so not this answer.
    if (error instanceof ApiCallError && error.code === CONFLICT && error.resourceId !== input.ClientToken) {
      req.log.info({ physicalResourceId: physicalId, operation: error.operation, outcome: 'held-by-another', message: `Not deleting ${listed}` });
      return 'Nothing to delete (the preference holding this identity was not created by this resource)';
    }
    throw error;
  }
  await deleteIt(replayed, req);
  return replayed === listed
    ? `Deleted the preference the failed create had left: ${replayed}`
    : `Deleted the preference the replayed create made: ${replayed} (${listed}, which holds this identity, was left alone)`;
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
    return { physicalResourceId: physicalId, summary: await cleanUp(physicalId, createRequestId, properties, req) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const where = identityText(properties);
    const code = (error instanceof ReasonError && error.code) || errorCode(error);
    req.log.warn({ physicalResourceId: physicalId, outcome: 'cleanup-unconfirmed', errorCode: code, message: `A preference may remain for ${where}` });
    return {
      physicalResourceId: physicalId,
      summary: `A preference may remain: could not confirm whether the failed create left one: check ListProcurementPortalPreferences for ${where} (${why})`,
    };
  }
}
