import type { ProcurementPortalPreferenceSummary } from '@aws-sdk/client-invoicing';
import { ReasonError, ReplacementRefusedError } from '../aws/errors';
import { findSummary, holds } from '../aws/invoicing';
import type { PreferenceIdentity } from '../aws/invoicing';
import type { CallContext } from '../aws/retry';

/** The status of a preference that nobody has verified yet: replacing it loses nothing. */
const PENDING = 'PENDING_VERIFICATION';

/** Where the guard stands on a replacement. */
export type GuardVerdict =
  /** The preference is gone, or still pending verification, or allowReplacement is set: replace as usual. */
  | 'replace'
  /** The preference already holds the desired identity (a rollback of a refused or failed replacement). */
  | 'holds-identity';

function statusText(summary: ProcurementPortalPreferenceSummary): string {
  return `e-invoice delivery ${summary.EinvoiceDeliveryPreferenceStatus ?? 'unknown'}, `
    + `purchase order retrieval ${summary.PurchaseOrderRetrievalPreferenceStatus ?? 'unknown'}`;
}

/** True when either feature left PENDING_VERIFICATION: the portal verified it, so a new preference starts over. */
export function pastPendingVerification(summary: ProcurementPortalPreferenceSummary): boolean {
  return [summary.EinvoiceDeliveryPreferenceStatus, summary.PurchaseOrderRetrievalPreferenceStatus]
    .some((status) => status !== undefined && status !== PENDING);
}

/**
 * Decides whether an identity change may replace the preference `arn`. Its statuses come from List (summaries carry
 * them and never the shared secret). Rejects with a Reason naming the fields, the statuses and `allowReplacement` when
 * the preference is past PENDING_VERIFICATION, and also when the statuses cannot be read: a live connection is never
 * replaced on a guess.
 */
export async function guardReplacement(arn: string, desired: PreferenceIdentity, fields: readonly string[],
  allowReplacement: boolean, ctx: CallContext): Promise<GuardVerdict> {
  if (allowReplacement) return 'replace';
  const changed = fields.join(', ');
  let summary: ProcurementPortalPreferenceSummary | undefined;
  try {
    summary = await findSummary((s) => s.ProcurementPortalPreferenceArn === arn, ctx);
  } catch (error) {
    if (!(error instanceof ReasonError)) throw error;
    throw new ReplacementRefusedError(`Refused to replace ${arn} (${changed} changed): could not read its verification `
      + `status: ${error.message}; set allowReplacement: true to replace it without this check`);
  }
  if (summary === undefined) return 'replace';
  if (holds(summary, desired)) return 'holds-identity';
  if (!pastPendingVerification(summary)) return 'replace';
  throw new ReplacementRefusedError(`Refused to replace ${arn}: ${changed} changed, which creates a new preference whose `
    + `verification starts again at ${PENDING}, but this one is past it (${statusText(summary)}); `
    + `set allowReplacement: true to replace it anyway, or keep ${changed} unchanged`);
}
