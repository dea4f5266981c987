import { ProcurementPortalPreferenceSummary } from '@aws-sdk/client-invoicing';
import { Clients } from './aws';
import { ExitCode, Io, UsageError } from './command';
import { isPreferenceArn, listPreferences, stackPreferences } from './preferences';

/** The preference a command acts on: `<arn>`, or `--stack NAME --id LOGICAL_ID`. */
export type Target = { arn: string } | { exitCode: number };

export async function resolveTarget(positional: string | undefined, stack: string | undefined, id: string | undefined,
  clients: Clients, io: Io): Promise<Target> {
  if (positional !== undefined) {
    if (stack !== undefined || id !== undefined) throw new UsageError('Give either a preference ARN or --stack NAME --id LOGICAL_ID, not both');
    if (!isPreferenceArn(positional)) {
      throw new UsageError(`'${positional}' is not a preference ARN of the form arn:aws:invoicing::123456789012:procurement-portal-preference/<id>`);
    }
    return { arn: positional };
  }
  if (stack === undefined || id === undefined) throw new UsageError('Give a preference ARN, or --stack NAME with --id LOGICAL_ID');
  const resources = await stackPreferences(clients, stack);
  const resource = resources.find((r) => r.logicalId === id);
  if (!resource) {
    io.err(`Stack ${stack} has no Custom::ProcurementPortalPreference resource '${id}'`
      + (resources.length > 0 ? `; it has: ${resources.map((r) => r.logicalId).join(', ')}` : ': it has none'));
    return { exitCode: ExitCode.NOT_DONE };
  }
  if (!isPreferenceArn(resource.physicalId)) {
    io.err(`${id} in stack ${stack} has no preference ARN (physical id '${resource.physicalId ?? ''}'): its creation failed`);
    return { exitCode: ExitCode.NOT_DONE };
  }
  return { arn: resource.physicalId };
}

/** The preference's summary after a call (List: the only read without the shared secret). */
export async function summaryOf(clients: Clients, arn: string): Promise<ProcurementPortalPreferenceSummary | undefined> {
  return (await listPreferences(clients)).find((s) => s.ProcurementPortalPreferenceArn === arn);
}

export function statusLine(summary: ProcurementPortalPreferenceSummary | undefined): string {
  if (!summary) return 'Status: the preference is not in ListProcurementPortalPreferences any more.';
  const part = (name: string, enabled: boolean | undefined, status?: string, reason?: string): string =>
    `${name} ${enabled === false ? 'disabled' : `${status ?? '-'}${reason ? ` (${reason})` : ''}`}`;
  return `Status: ${part('e-invoice delivery', summary.EinvoiceDeliveryEnabled, summary.EinvoiceDeliveryPreferenceStatus, summary.EinvoiceDeliveryPreferenceStatusReason)}, `
    + `${part('purchase order retrieval', summary.PurchaseOrderRetrievalEnabled, summary.PurchaseOrderRetrievalPreferenceStatus, summary.PurchaseOrderRetrievalPreferenceStatusReason)}.`;
}
