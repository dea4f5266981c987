/**
 * An invoice unit's Create, Update (in place, or a replacement when Name or InvoiceReceiver changed) and Delete, on the
 * same request, confirmation, ownership and ClientTokens as a preference's (preference/). The physical id is the
 * unit's ARN.
 */
import type { CreateInvoiceUnitRequest, ResourceTag } from '@aws-sdk/client-invoicing';
import { adoptUnit } from './adoption';
import { ParsedInvoiceUnit, changedUnitIdentity, parseInvoiceUnit } from './parse';
import { guardUnitReplacement, moveAccountsBack, moveAccountsOut, replacedBy } from './replacement';
import { invoiceUnitWithDefaults, invoiceUnitFieldsOfRole } from '../../src/contract/invoice-unit';
import { ATTRIBUTE_ARN } from '../../src/contract/wire';
import { ApiCallError, ReplacementRefusedError } from '../aws/errors';
import {
  CREATE_UNIT, DELETE_UNIT, UPDATE_UNIT, createInvoiceUnit, deleteInvoiceUnit, getInvoiceUnit, isInvoiceUnitArn, updateInvoiceUnit,
} from '../aws/invoice-units';
import { RESOURCE_NOT_FOUND, tagPreference as tagResource, untagPreference as untagResource } from '../aws/invoicing';
import type { RawProperties } from '../parse/received';
import { keepIfAdoptionRolledBack, mayHaveAdopted } from '../preference/adoption-rollback';
import { diffTags, receivedTags } from '../preference/diff';
import { ownerTag, requireOwnership } from '../preference/ownership';
import { createRequestIdOf } from '../preference/recovery';
import { LifecycleRequest, LifecycleResult, clientToken } from '../preference/request';

/** The stack statuses of a rollback's cleanup: a replacing unit deleted then gives its moved accounts back. */
const ROLLBACK_CLEANUP = ['UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS'];

const answer = (arn: string, summary: string): LifecycleResult => ({ physicalResourceId: arn, data: { [ATTRIBUTE_ARN]: arn }, summary });

function createInput(unit: ParsedInvoiceUnit, req: LifecycleRequest, records: ResourceTag[] = []): CreateInvoiceUnitRequest {
  return {
    ...unit.identity,
    ...unit.configuration,
    // The owner tag records which stack and resource manage it (ownership.ts), as on a preference.
    ResourceTags: [...unit.tags, ownerTag(req), ...records],
    ClientToken: clientToken(req, CREATE_UNIT),
  };
}

async function create(unit: ParsedInvoiceUnit, req: LifecycleRequest, summary: string, records: ResourceTag[] = []): Promise<LifecycleResult> {
  const arn = await createInvoiceUnit(createInput(unit, req, records), req);
  return answer(arn, `${summary}: ${arn}`);
}

export async function onCreateUnit(properties: RawProperties, req: LifecycleRequest): Promise<LifecycleResult> {
  const unit = parseInvoiceUnit(properties);
  const adopted = unit.adoptExisting ? await adoptUnit(unit, req) : undefined;
  return adopted ? answer(adopted, `Adopted ${adopted}`) : create(unit, req, 'Created');
}

/** Whether anything UpdateInvoiceUnit takes changed, compared as received with the defaults filled in. */
function configurationChanged(oldProps: RawProperties, newProps: RawProperties): boolean {
  const [before, after] = [invoiceUnitWithDefaults(oldProps), invoiceUnitWithDefaults(newProps)];
  return invoiceUnitFieldsOfRole('configuration').some((field) => JSON.stringify(before?.[field]) !== JSON.stringify(after?.[field]));
}

async function updateInPlace(arn: string, unit: ParsedInvoiceUnit, oldProperties: RawProperties, newProperties: RawProperties,
  req: LifecycleRequest, restore = false): Promise<LifecycleResult> {
  const putNeeded = restore || configurationChanged(oldProperties, newProperties);
  const tags = diffTags(receivedTags(oldProperties), unit.tags);
  if (!putNeeded && tags.toSet.length + tags.toRemove.length === 0) return answer(arn, 'No change');
  const recreate = (): Promise<LifecycleResult> => create(unit, req, 'Re-created (the invoice unit had been deleted outside CloudFormation)');
  if (await requireOwnership(arn, req) === 'missing') return recreate();
  try {
    if (putNeeded) {
      const configuration = unit.enrolled ? await keepEnrolled(arn, unit, oldProperties, req) : unit.configuration;
      await updateInvoiceUnit({ InvoiceUnitArn: arn, ...configuration, ClientToken: clientToken(req, UPDATE_UNIT) }, req);
    }
    if (tags.toRemove.length > 0) await untagResource(arn, tags.toRemove, req);
    if (tags.toSet.length > 0) await tagResource(arn, tags.toSet, req);
  } catch (error) {
    if (error instanceof ApiCallError && error.code === RESOURCE_NOT_FOUND) return recreate();
    throw error;
  }
  const what = [putNeeded && 'configuration', tags.toSet.length + tags.toRemove.length > 0 && 'tags'].filter(Boolean).join(' and ');
  return answer(arn, `Updated ${what} in place`);
}

/**
 * With an enrolment, the unit's accounts are the declared ones plus those the enrolment added (lambda/enrolment.ts):
 * an update sets the new declared accounts and keeps every live one that the old declaration did not name.
 */
async function keepEnrolled(arn: string, unit: ParsedInvoiceUnit, oldProperties: RawProperties,
  req: LifecycleRequest): Promise<ParsedInvoiceUnit['configuration']> {
  const live = (await getInvoiceUnit(arn, req)).Rule?.LinkedAccounts ?? [];
  const oldDeclared = Array.isArray(oldProperties?.LinkedAccounts) ? oldProperties.LinkedAccounts as unknown[] : [];
  const declared = unit.configuration.Rule.LinkedAccounts ?? [];
  const enrolled = live.filter((account) => !oldDeclared.includes(account) && !declared.includes(account));
  return { ...unit.configuration, Rule: { ...unit.configuration.Rule, LinkedAccounts: [...declared, ...enrolled] } };
}


export async function onUpdateUnit(physicalId: string | undefined, properties: RawProperties, oldProperties: RawProperties,
  req: LifecycleRequest): Promise<LifecycleResult> {
  const unit = parseInvoiceUnit(properties);
  if (!isInvoiceUnitArn(physicalId)) return create(unit, req, 'Created (the physical id was not an invoice unit ARN)');
  const changed = changedUnitIdentity(oldProperties, properties);
  if (changed.length === 0) return updateInPlace(physicalId, unit, oldProperties, properties, req);
  if (await requireOwnership(physicalId, req) === 'missing') return create(unit, req, `Replaced (${changed.join(', ')} changed; the old unit was gone)`);
  // The rollback of a refused or failed replacement: the unit never changed its name or receiver, only its settings may.
  const live = await getInvoiceUnit(physicalId, req);
  if (live.Name === unit.identity.Name && live.InvoiceReceiver === unit.identity.InvoiceReceiver) {
    return updateInPlace(physicalId, unit, oldProperties, properties, req, true);
  }
  if (live.Name === unit.identity.Name) {
    throw new ReplacementRefusedError(`Refused to replace ${physicalId}: InvoiceReceiver changed and Name did not, but a unit's name is `
      + 'unique in the account, so the new unit cannot be created while this one exists; change invoiceUnitName too (the accounts '
      + 'move to the new unit), or remove the unit from the stack first');
  }
  await guardUnitReplacement(physicalId, changed, unit, req);
  const records = await moveAccountsOut(physicalId, live, unit, req);
  try {
    return await create(unit, req, `Replaced (${changed.join(', ')} changed): new invoice unit`, records);
  } catch (error) {
    // The old unit keeps its accounts when the new one was not made.
    const moved = replacedBy(records)?.moved ?? [];
    await moveAccountsBack(physicalId, moved, req, 'move-accounts-back-after-failed-create').catch(() => undefined);
    throw error;
  }
}

export async function onDeleteUnit(physicalId: string | undefined, properties: RawProperties, req: LifecycleRequest): Promise<LifecycleResult> {
  const id = physicalId ?? '';
  const createRequestId = createRequestIdOf(id);
  if (createRequestId !== undefined) return deleteUnknownCreate(id, createRequestId, properties, req);
  if (!isInvoiceUnitArn(id)) return { physicalResourceId: id, summary: 'Nothing to delete (the physical id is not an invoice unit ARN)' };
  const tags = await requireOwnership(id, req);
  if (tags === 'missing') return { physicalResourceId: id, summary: 'Already deleted' };
  // A unit that existed before this stack adopted it survives the rollback of the deploy that adopted it.
  if (mayHaveAdopted(properties)) {
    const kept = await keepIfAdoptionRolledBack(id, tags, req);
    if (kept) return kept;
  }
  try {
    await deleteInvoiceUnit(id, clientToken(req, DELETE_UNIT), req);
  } catch (error) {
    if (!(error instanceof ApiCallError && error.code === RESOURCE_NOT_FOUND)) throw error;
  }
  // The rollback of a replacement: the accounts the new unit took go back to the one it replaced.
  const replaced = replacedBy(tags);
  if (replaced && ROLLBACK_CLEANUP.includes(req.stackStatus ?? '')) {
    await moveAccountsBack(replaced.oldArn, replaced.moved, req, 'move-accounts-back');
    return { physicalResourceId: id, summary: `Deleted; ${replaced.moved.length} account(s) given back to ${replaced.oldArn}` };
  }
  return { physicalResourceId: id, summary: 'Deleted' };
}

/**
 * The rollback's Delete of a Create whose outcome was unknown: the Create replayed with its original ClientToken
 * answers the unit it made (or makes it now), which is then deleted: nothing is left either way.
 */
async function deleteUnknownCreate(physicalId: string, createRequestId: string, properties: RawProperties,
  req: LifecycleRequest): Promise<LifecycleResult> {
  const arn = await createInvoiceUnit(createInput(parseInvoiceUnit(properties), { ...req, requestId: createRequestId }), req);
  await deleteInvoiceUnit(arn, clientToken(req, DELETE_UNIT), req);
  return { physicalResourceId: physicalId, summary: `Deleted the invoice unit the failed create had left: ${arn}` };
}
