/**
 * The demo's delivery-monitor step: the app's own monitor function (its environment as the template gives it), run as
 * its schedule runs it, counting last month's invoices seeded in the Invoicing emulator, its metric lines printed.
 */
import type { StackInAssembly } from './cloudformation/template';
import { runMonitor } from './emulators/bundles';
import type { InvoicingEmulator } from './emulators/invoicing';
import { billingPeriods } from '../lambda/delivery/invoices';

type Json = Record<string, any>;

export interface MonitorStep {
  readonly stack: StackInAssembly;
  readonly invoicing: InvoicingEmulator;
  readonly say: (line?: string) => void;
  readonly check: (ok: boolean, what: string) => void;
  readonly step: (title: string) => void;
}

export async function playDeliveryMonitor({ stack, invoicing, say, check, step }: MonitorStep): Promise<void> {
  const resources = (stack.template.Resources ?? {}) as Record<string, Json>;
  const found = Object.entries(resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Environment?.Variables?.PPP_MONITOR_ACCOUNTS);
  if (!found) {
    check(false, `${stack.stackName} has no delivery monitor (monitorDelivery())`);
    return;
  }
  const environment = stack.resolve(found[1].Properties.Environment.Variables) as Record<string, string>;
  const account = environment.PPP_MONITOR_ACCOUNTS.split(',')[0];
  step(`The delivery monitor (${found[0]}) counts last month's invoices of account ${account}`);
  const previous = billingPeriods(new Date()).previous;
  invoicing.invoices.seed(
    { AccountId: account, InvoiceId: 'demo-1', BillingPeriod: previous, EinvoiceDeliveryStatus: 'DELIVERED', PurchaseOrderNumber: 'PO-1001' },
    { AccountId: account, InvoiceId: 'demo-2', BillingPeriod: previous, EinvoiceDeliveryStatus: 'DELIVERED', PurchaseOrderNumber: 'PO-1002' },
    { AccountId: account, InvoiceId: 'demo-3', BillingPeriod: previous, EinvoiceDeliveryStatus: 'NOT_DELIVERED' },
  );
  say(`  seeded: 3 invoices of ${previous.Year}-${String(previous.Month).padStart(2, '0')}, 2 delivered with a purchase order, 1 not delivered without one`);
  const before = invoicing.callCount('ListInvoiceSummaries');
  const run = await runMonitor({ ...environment, AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint });
  const documents = run.stdout.split('\n').filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l) as Json);
  for (const d of documents) {
    say(`  metrics ${d.AccountId} ${d.BillingPeriod}: InvoicesDelivered ${d.InvoicesDelivered}, InvoicesNotDelivered ${d.InvoicesNotDelivered}, `
      + `InvoicesWithoutPurchaseOrder ${d.InvoicesWithoutPurchaseOrder}`);
  }
  const last = documents.find((d) => d.BillingPeriod === 'previous');
  check(run.code === 0, 'the monitor run succeeded');
  check(last?.InvoicesDelivered === 2 && last?.InvoicesNotDelivered === 1, 'last month: 2 delivered, 1 not delivered');
  check(last?.InvoicesWithoutPurchaseOrder === (environment.PPP_MONITOR_PURCHASE_ORDER_REQUIRED === 'true' ? 1 : 0),
    'the invoice without a purchase order counts only where the preference requires one');
  check(invoicing.callCount('ListInvoiceSummaries') - before === 2, 'one ListInvoiceSummaries per period (2), nothing else');
}
