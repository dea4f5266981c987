/**
 * The lifecycle: Create, Update (in place, tags only, replacement, re-create, rollback) and Delete of one preference.
 * What an Update does is `decideUpdate`'s (diff.ts); what a Create whose outcome is unknown leaves, or a conflict with
 * the resource itself, is recovery.ts's.
 */
import type { PutProcurementPortalPreferenceRequest } from '@aws-sdk/client-invoicing';
import { activateNew, applySuspension } from './activation';
import { keepIfAdoptionRolledBack, mayHaveAdopted } from './adoption-rollback';
import { configurationChanged, decideUpdate, diffTags, receivedTags } from './diff';
import { guardReplacement } from './guard';
import { claimExisting, requireOwnership } from './ownership';
import { classifyCreateFailure, conflictHolder, createConflictHolder, createInUpdate, recoverOwnLeftover } from './recovery';
import { LifecycleRequest, LifecycleResult, clientToken, createInput } from './request';
import { resolveConfiguration } from './resolve-configuration';
import { recordChanges, recordTags } from './secret-record';
import { checkSupplier, withSupplier } from './supplier';
import { checkPreferenceArn } from '../../src/contract/constraints';
import { ATTRIBUTE_ACCOUNT_ID, ATTRIBUTE_ARN } from '../../src/contract/wire';
import { AlreadyExistsError, ApiCallError } from '../aws/errors';
import { CONFLICT, CREATE, DELETE, PUT, RESOURCE_NOT_FOUND, createPreference, deletePreference, putPreference, tagPreference, untagPreference } from '../aws/invoicing';
import { declaredSuspension, suspensionChange } from '../parse/activation-properties';
import { DeclaredPreference, ParsedPreference, parseProperties } from '../parse/properties';
import type { RawProperties } from '../parse/received';

export function isPreferenceArn(id: string | undefined): id is string {
  return typeof id === 'string' && checkPreferenceArn('PhysicalResourceId', id) === undefined;
}

function attributes(arn: string): Record<string, string> {
  return { [ATTRIBUTE_ARN]: arn, [ATTRIBUTE_ACCOUNT_ID]: arn.split(':')[4] ?? '' };
}

async function create(props: ParsedPreference, req: LifecycleRequest, summary: string): Promise<LifecycleResult> {
  await checkSupplier(props, req);
  const input = await createInput(props, req);
  let arn: string;
  try {
    arn = await createPreference(input, req);
  } catch (error) {
    throw error instanceof ApiCallError && error.code === CONFLICT ? AlreadyExistsError.from(error) : error;
  }
  const notes = await activateNew(arn, props.activation.sendValidationCode, props.activation.suspended, req);
  return { physicalResourceId: arn, data: attributes(arn), summary: [`${summary}: ${arn}`, ...notes].join('; ') };
}

/**
 * Takes over the existing preference that made Create conflict (adoptExisting): ownership first (ownership.ts), then
 * the declared configuration with one Put, then the tags it carries that the stack does not declare are removed. The
 * ARN, and with it the verification, stays.
 */
async function adopt(conflict: AlreadyExistsError, props: ParsedPreference, req: LifecycleRequest): Promise<LifecycleResult> {
  const configuration = await resolveConfiguration(props.configuration, req);
  // The secret records go with the claim's tags: they name the versions the Put below applies.
  const records = props.options.reapplyOnSecretRotation ? recordTags(props.configuration, req.secrets.versionIds) : [];
  const claim = await claimExisting(conflict, props.identity, [...props.tags, ...records], req);
  req.log.info({ physicalResourceId: claim.arn, operation: CREATE, outcome: 'adopting', message: 'The preference already exists: taking it over' });
  await putPreference({ ProcurementPortalPreferenceArn: claim.arn, ...configuration, ClientToken: clientToken(req, `adopt-${PUT}`) }, req);
  if (claim.undeclaredTagKeys.length > 0) await untagPreference(claim.arn, claim.undeclaredTagKeys, req);
  // A declared suspension applies to an adopted preference too; no validation code is sent (it may be verified already).
  const statusChange = await applySuspension(claim.arn, undefined, props.activation.suspended, req);
  return {
    physicalResourceId: claim.arn, data: attributes(claim.arn), summary: [`Adopted ${claim.arn}`, statusChange].filter(Boolean).join('; '),
  };
}

export async function onCreate(properties: RawProperties, req: LifecycleRequest): Promise<LifecycleResult> {
  const props = await withSupplier(parseProperties(properties), req);
  try {
    try {
      return await create(props, req, 'Created');
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      if (props.options.adoptExisting) return await adopt(error, props, req);
      // This resource's own preference, left by a create whose answers were all lost: taken over, not refused.
      const recovered = await recoverOwnLeftover(await createConflictHolder(error, props.identity, req), props, req);
      if (recovered) return recovered;
      throw error;
    }
  } catch (error) {
    // A Create the service may have applied is answered with a marker its rollback's Delete recognizes.
    throw classifyCreateFailure(error);
  }
}

/**
 * Put (when asked) and the tag changes on an existing preference; one deleted out of band is re-created. The
 * preference keeps its supplier id: a lookup is resolved again only for a re-create.
 */
async function updateInPlace(arn: string, props: DeclaredPreference, oldProperties: RawProperties, putNeeded: boolean,
  req: LifecycleRequest): Promise<LifecycleResult> {
  const tagChanges = diffTags(receivedTags(oldProperties), props.tags);
  // The secret records follow the Put (the versions it applies), in the same tag calls as the declared tags.
  const records = (): ReturnType<typeof recordChanges> =>
    recordChanges(props.configuration, props.options.reapplyOnSecretRotation, oldProperties, putNeeded, req.secrets.versionIds);
  const { toSet: recordsToSet, toRemove: recordsToRemove } = records();
  const writes = putNeeded || tagChanges.toSet.length + tagChanges.toRemove.length + recordsToSet.length + recordsToRemove.length > 0
    || suspensionChange(arn, declaredSuspension(oldProperties), props.activation.suspended) !== undefined;
  const recreate = async (): Promise<LifecycleResult> => {
    req.log.info({ outcome: 'not-found', message: 'The preference was deleted outside CloudFormation: re-creating it' });
    const resolved = await withSupplier(props, req);
    return createInUpdate(resolved, req, () => create(resolved, req, 'Re-created (the preference had been deleted outside CloudFormation)'));
  };
  if (writes && await requireOwnership(arn, req) === 'missing') return recreate();
  let statusChange: string | undefined;
  try {
    if (putNeeded) {
      const input: PutProcurementPortalPreferenceRequest = {
        ProcurementPortalPreferenceArn: arn,
        ...await resolveConfiguration(props.configuration, req),
        ClientToken: clientToken(req, PUT),
      };
      await putPreference(input, req);
    }
    const applied = records();
    const toRemove = [...tagChanges.toRemove, ...applied.toRemove];
    const toSet = [...tagChanges.toSet, ...applied.toSet];
    // Removed before added: a rename at the 200-tag limit would otherwise exceed it for a moment and be refused.
    if (toRemove.length > 0) await untagPreference(arn, toRemove, req);
    if (toSet.length > 0) await tagPreference(arn, toSet, req);
    statusChange = await applySuspension(arn, declaredSuspension(oldProperties), props.activation.suspended, req);
  } catch (error) {
    if (error instanceof ApiCallError && error.code === RESOURCE_NOT_FOUND) return recreate();
    throw error;
  }
  const what = [putNeeded && 'configuration', tagChanges.toSet.length + tagChanges.toRemove.length > 0 && 'tags'].filter(Boolean);
  const updated = what.length > 0 ? `Updated ${what.join(' and ')} in place` : statusChange ? undefined : 'No change';
  return { physicalResourceId: arn, data: attributes(arn), summary: [updated, statusChange].filter(Boolean).join('; ') };
}

export async function onUpdate(physicalId: string | undefined, properties: RawProperties, oldProperties: RawProperties,
  req: LifecycleRequest): Promise<LifecycleResult> {
  const declared = parseProperties(properties);
  if (!isPreferenceArn(physicalId)) {
    const created = await withSupplier(declared, req);
    return createInUpdate(created, req, () => create(created, req, 'Created (the physical id was not a preference ARN)'));
  }
  const decision = decideUpdate(oldProperties, properties);
  if (decision.action !== 'replace') {
    return updateInPlace(physicalId, declared, oldProperties, decision.configurationFields.length > 0, req);
  }
  // The identity the replacement would have: a lookup resolved now (a preference that already holds it stays, below).
  const props = await withSupplier(declared, req);
  const identityChanges = decision.identityFields;
  const verdict = await guardReplacement(physicalId, props.identity, identityChanges, props.options.allowReplacement, req);
  if (verdict === 'holds-identity') {
    // The rollback of a refused or failed replacement: the preference never changed identity, only its settings may.
    return updateInPlace(physicalId, props, oldProperties, configurationChanged(oldProperties, properties), req);
  }
  try {
    // A new preference; CloudFormation deletes the old one once the whole stack update succeeded.
    return await createInUpdate(props, req, () => create(props, req, `Replaced (${identityChanges.join(', ')} changed): new preference`));
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    // This very preference may hold the new identity: the rollback of a replacement whose Create failed (old and new
    // swapped, the physical id unchanged). Then restore its configuration in place; otherwise, a preference an earlier
    // replacement of this resource left (its answers lost) is taken over; else this rejects.
    const holder = await conflictHolder(error, physicalId, props.identity, req);
    if (holder !== physicalId) {
      const recovered = await recoverOwnLeftover(holder, props, req);
      if (recovered) return recovered;
      throw error;
    }
    req.log.info({ operation: CREATE, outcome: 'conflict-with-self', message: 'The preference already has this identity: updating it in place' });
    const result = await updateInPlace(physicalId, props, oldProperties, true, req);
    return { ...result, summary: `${result.summary} (it already had this identity)` };
  }
}

export async function onDelete(physicalId: string | undefined, properties: RawProperties, req: LifecycleRequest): Promise<LifecycleResult> {
  const id = physicalId ?? '';
  if (!isPreferenceArn(id)) {
    // A create that failed or was cancelled: there is nothing of ours to delete.
    return { physicalResourceId: id, summary: 'Nothing to delete (the physical id is not a preference ARN)' };
  }
  try {
    const tags = await requireOwnership(id, req);
    if (tags === 'missing') return { physicalResourceId: id, summary: 'Already deleted' };
    if (mayHaveAdopted(properties)) {
      const kept = await keepIfAdoptionRolledBack(id, tags, req);
      if (kept) return kept;
    }
    await deletePreference({ ProcurementPortalPreferenceArn: id, ClientToken: clientToken(req, DELETE) }, req);
  } catch (error) {
    if (error instanceof ApiCallError && error.code === RESOURCE_NOT_FOUND) {
      return { physicalResourceId: id, summary: 'Already deleted' };
    }
    throw error;
  }
  return { physicalResourceId: id, summary: 'Deleted' };
}
