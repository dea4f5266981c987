import { ListStackResourcesCommand, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { ListProcurementPortalPreferencesCommand, ProcurementPortalPreferenceSummary } from '@aws-sdk/client-invoicing';
import { Clients, allPages } from './aws';
import { checkPreferenceArn } from '../src/contract/constraints';
import { RESOURCE_TYPE } from '../src/contract/wire';

/** A List summary as the API returns it (never a shared secret, never a contact), with its logical id under `--stack`. */
export type PreferenceRow = ProcurementPortalPreferenceSummary & { readonly LogicalResourceId?: string };

/** A preference resource of a stack: its logical id and physical id (the ARN, once created). */
export interface StackPreference {
  readonly logicalId: string;
  readonly physicalId?: string;
}

/** Every preference of the account: ceil(N/100) List calls. */
export function listPreferences(clients: Clients): Promise<ProcurementPortalPreferenceSummary[]> {
  return allPages((NextToken) => clients.invoicing.send(new ListProcurementPortalPreferencesCommand({
    MaxResults: 100, ...(NextToken ? { NextToken } : {}),
  }))
    .then((page) => ({ items: page.ProcurementPortalPreferences, NextToken: page.NextToken })));
}

/** The stack's `Custom::ProcurementPortalPreference` resources (or those of `types`), from ListStackResources. */
export async function stackPreferences(clients: Clients, stackName: string, types: readonly string[] = [RESOURCE_TYPE]): Promise<StackPreference[]> {
  const resources: StackResourceSummary[] = await allPages((NextToken) => clients.cloudformation()
    .send(new ListStackResourcesCommand({ StackName: stackName, ...(NextToken ? { NextToken } : {}) }))
    .then((page) => ({ items: page.StackResourceSummaries, NextToken: page.NextToken })));
  return resources
    .filter((r) => types.includes(r.ResourceType ?? '') && r.LogicalResourceId)
    .map((r) => ({ logicalId: r.LogicalResourceId!, physicalId: r.PhysicalResourceId }));
}

export function isPreferenceArn(value: string | undefined): value is string {
  return value !== undefined && checkPreferenceArn('arn', value) === undefined;
}

/** The rows to show: the account's summaries, or the stack's preferences joined with them (missing ones apart). */
export function rowsFor(summaries: ProcurementPortalPreferenceSummary[], stack: StackPreference[] | undefined):
{ rows: PreferenceRow[]; missing: StackPreference[] } {
  if (stack === undefined) return { rows: summaries, missing: [] };
  const byArn = new Map(summaries.map((s) => [s.ProcurementPortalPreferenceArn, s]));
  const rows: PreferenceRow[] = [];
  const missing: StackPreference[] = [];
  for (const resource of stack) {
    const summary = resource.physicalId ? byArn.get(resource.physicalId) : undefined;
    if (summary) rows.push({ LogicalResourceId: resource.logicalId, ...summary });
    else missing.push(resource);
  }
  return { rows, missing };
}
