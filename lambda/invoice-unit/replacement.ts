/**
 * Replacing an invoice unit (its Name or InvoiceReceiver changed, which UpdateInvoiceUnit cannot do). Two things stand
 * in the way of CloudFormation's "create the new one, then delete the old one":
 * - a live preference selects the old unit: the guard refuses, as the preference's does, unless allowReplacement;
 * - a unit's accounts are exclusive (an account is in one unit only), so the new unit cannot take the old one's
 *   accounts while it exists: the accounts both declare are moved out of the old unit first, and recorded on the new
 *   one (tags), so a rollback that deletes the new unit gives them back to the old one.
 */
import type { GetInvoiceUnitResponse, ResourceTag } from '@aws-sdk/client-invoicing';
import type { ParsedInvoiceUnit } from './parse';
import { HANDLER_TAG_PREFIX, TAG_VALUE_LENGTH } from '../../src/contract/constraints';
import { ReasonError, ReplacementRefusedError } from '../aws/errors';
import { getInvoiceUnit, updateInvoiceUnit } from '../aws/invoice-units';
import { findSummary } from '../aws/invoicing';
import { pastPendingVerification } from '../preference/guard';
import { LifecycleRequest, clientToken } from '../preference/request';

/** On a replacing unit: the unit it replaces. */
export const REPLACES_TAG_KEY = `${HANDLER_TAG_PREFIX}replaces`;
/** On a replacing unit: the accounts moved to it from the unit it replaces, space-separated, in numbered tags. */
const MOVED_TAG_PREFIX = `${HANDLER_TAG_PREFIX}moved:`;
const ACCOUNTS_PER_TAG = Math.floor((TAG_VALUE_LENGTH.max + 1) / 13);

/** Refuses when a preference past PENDING_VERIFICATION selects `arn` (a summary carries its selector, never a secret). */
export async function guardUnitReplacement(arn: string, changed: readonly string[], unit: ParsedInvoiceUnit, req: LifecycleRequest): Promise<void> {
  if (unit.allowReplacement) return;
  let live;
  try {
    live = await findSummary((s) => (s.Selector?.InvoiceUnitArns ?? []).includes(arn) && pastPendingVerification(s), req);
  } catch (error) {
    if (!(error instanceof ReasonError)) throw error;
    throw new ReplacementRefusedError(`Refused to replace ${arn} (${changed.join(', ')} changed): could not read which preferences select it: `
      + `${error.message}; set allowReplacement: true to replace it without this check`);
  }
  if (live === undefined) return;
  throw new ReplacementRefusedError(`Refused to replace ${arn}: ${changed.join(', ')} changed, which creates a new invoice unit, and `
    + `${live.ProcurementPortalPreferenceArn} (past PENDING_VERIFICATION) selects this one; set allowReplacement: true to replace it `
    + `anyway (the preference follows the new unit when it selects it by reference), or keep ${changed.join(', ')} unchanged`);
}

/**
 * Moves the accounts the new unit declares out of the old one (`old`, as Get read it); returns the tags that record
 * them on the new unit. Nothing to move: no call.
 */
export async function moveAccountsOut(oldArn: string, old: GetInvoiceUnitResponse, unit: ParsedInvoiceUnit,
  req: LifecycleRequest): Promise<ResourceTag[]> {
  const wanted = new Set(unit.configuration.Rule.LinkedAccounts ?? []);
  const moved = (old.Rule?.LinkedAccounts ?? []).filter((account) => wanted.has(account));
  const records: ResourceTag[] = [{ Key: REPLACES_TAG_KEY, Value: oldArn }];
  if (moved.length === 0) return records;
  await updateInvoiceUnit({
    InvoiceUnitArn: oldArn,
    Rule: { ...old.Rule, LinkedAccounts: (old.Rule?.LinkedAccounts ?? []).filter((account) => !wanted.has(account)) },
    ClientToken: clientToken(req, 'move-accounts-out'),
  }, req);
  req.log.info({ physicalResourceId: oldArn, outcome: 'moved', message: `${moved.length} account(s) moved out for the replacing unit` });
  for (let i = 0; i * ACCOUNTS_PER_TAG < moved.length; i++) {
    records.push({ Key: `${MOVED_TAG_PREFIX}${i}`, Value: moved.slice(i * ACCOUNTS_PER_TAG, (i + 1) * ACCOUNTS_PER_TAG).join(' ') });
  }
  return records;
}

/** The unit a replacing unit replaced and the accounts moved from it, from the new unit's tags; undefined if none. */
export function replacedBy(tags: readonly ResourceTag[]): { oldArn: string; moved: string[] } | undefined {
  const oldArn = tags.find((t) => t.Key === REPLACES_TAG_KEY)?.Value;
  if (oldArn === undefined) return undefined;
  const moved = tags.filter((t) => t.Key?.startsWith(MOVED_TAG_PREFIX)).flatMap((t) => (t.Value ?? '').split(' ').filter(Boolean));
  return { oldArn, moved };
}

/** Gives the moved accounts back to the old unit (after the new one is gone): a rollback of the replacement. */
export async function moveAccountsBack(oldArn: string, moved: readonly string[], req: LifecycleRequest, operation: string): Promise<void> {
  if (moved.length === 0) return;
  const old = await getInvoiceUnit(oldArn, req);
  const linked = old.Rule?.LinkedAccounts ?? [];
  await updateInvoiceUnit({
    InvoiceUnitArn: oldArn,
    Rule: { ...old.Rule, LinkedAccounts: [...linked, ...moved.filter((account) => !linked.includes(account))] },
    ClientToken: clientToken(req, operation),
  }, req);
}
