/**
 * The invoice-unit enrolment's entry point (its own bundle, assets/lambda/enrolment/index.js): keeps one unit's linked
 * accounts equal to the accounts it declares plus the accounts of the enrolled organizational units, on AWS
 * Organizations' account events, after each deploy of its stack and once a day. An account another unit holds stays
 * there (an account belongs to one unit only): it is counted, never taken. Writes one embedded-metric-format line:
 * the organization's accounts that are in no invoice unit.
 */
import { InvoiceUnit, InvoicingClient, ListInvoiceUnitsCommand, UpdateInvoiceUnitCommand, GetInvoiceUnitCommand } from '@aws-sdk/client-invoicing';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Counted, accountsUnder, allPages, organizationAccounts } from './enrolment/organization';
import { runScheduled } from './scheduled';
import { ENROLMENT_METRICS, METRIC_NAMESPACE } from '../src/contract/wire';

// The SDK's own standard retries (throttling, 5xx, network): a missed run is made again at the next event or day.
const invoicing = new InvoicingClient({ region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 5, credentials: fromEnv() });
// Organizations' endpoint is in us-east-1 (its API is global).
const organizations = new OrganizationsClient({ region: 'us-east-1', maxAttempts: 5, credentials: fromEnv() });

const list = (value: string | undefined): string[] => (value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');

export interface EnrolmentResult {
  readonly added: number;
  readonly removed: number;
  /** Accounts of the OUs that another unit holds: left there. */
  readonly heldElsewhere: number;
  readonly accountsInNoUnit: number;
  readonly calls: number;
}

function allUnits(): Promise<Counted<InvoiceUnit>> {
  return allPages((NextToken) => invoicing.send(new ListInvoiceUnitsCommand({ MaxResults: 500, NextToken }))
    .then((page) => ({ items: page.InvoiceUnits, NextToken: page.NextToken })));
}

export async function enrol(write: (line: string) => void, now: () => Date = () => new Date()): Promise<EnrolmentResult> {
  const unitArn = process.env.PPP_ENROL_UNIT_ARN ?? '';
  const organizationalUnits = list(process.env.PPP_ENROL_ORGANIZATIONAL_UNITS);
  if (unitArn === '' || organizationalUnits.length === 0) throw new Error('PPP_ENROL_UNIT_ARN and PPP_ENROL_ORGANIZATIONAL_UNITS must be set');
  const declared = list(process.env.PPP_ENROL_DECLARED_ACCOUNTS);

  const under = await accountsUnder(organizations, organizationalUnits);
  const { items: units, calls: unitCalls } = await allUnits();
  const holder = new Map<string, string>();
  for (const unit of units) for (const account of unit.Rule?.LinkedAccounts ?? []) holder.set(account, unit.InvoiceUnitArn ?? '');
  const unit = await invoicing.send(new GetInvoiceUnitCommand({ InvoiceUnitArn: unitArn }));
  const current = new Set(unit.Rule?.LinkedAccounts ?? []);
  const heldElsewhere = under.items.filter((a) => holder.has(a) && holder.get(a) !== unitArn);
  const desired = new Set([...declared, ...under.items.filter((a) => !heldElsewhere.includes(a))]);
  const added = [...desired].filter((a) => !current.has(a));
  const removed = [...current].filter((a) => !desired.has(a));
  let calls = under.calls + unitCalls + 1;
  if (added.length + removed.length > 0) {
    await invoicing.send(new UpdateInvoiceUnitCommand({ InvoiceUnitArn: unitArn, Rule: { ...unit.Rule, LinkedAccounts: [...desired].sort() } }));
    calls += 1;
    for (const a of added) holder.set(a, unitArn);
    for (const a of removed) holder.delete(a);
  }
  const everyone = await organizationAccounts(organizations);
  calls += everyone.calls;
  const accountsInNoUnit = everyone.items.filter((a) => !holder.has(a)).length;
  const namespace = process.env.PPP_METRIC_NAMESPACE || METRIC_NAMESPACE;
  write(JSON.stringify({
    _aws: { Timestamp: now().getTime(), CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[]], Metrics: [{ Name: ENROLMENT_METRICS.accountsInNoUnit, Unit: 'Count' }] }] },
    [ENROLMENT_METRICS.accountsInNoUnit]: accountsInNoUnit,
  }));
  if (heldElsewhere.length > 0) {
    write(JSON.stringify({ level: 'warn', operation: 'Enrol', outcome: 'held-elsewhere', message: `${heldElsewhere.length} account(s) of the organizational units belong to another invoice unit: ${heldElsewhere.slice(0, 20).join(', ')}` }));
  }
  return { added: added.length, removed: removed.length, heldElsewhere: heldElsewhere.length, accountsInNoUnit, calls };
}

export function handler(): Promise<EnrolmentResult> {
  return runScheduled('Enrol', (write) => enrol(write));
}
