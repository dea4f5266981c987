/**
 * End to end: the BUNDLED delivery monitor (assets/lambda/delivery-monitor/index.js) in a child process, with the
 * environment its function gets in a synthesized app, against the Invoicing emulator's ListInvoiceSummaries: counts of
 * delivered, not delivered and purchase-order-less invoices per account and billing period, one paginated listing per
 * account and period, the SDK's retries on throttling, and a failed run when the listing is refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import { useSynthesizedApp } from './harness';
import { billingPeriods } from '../../lambda/delivery/invoices';
import { EinvoiceDocumentType, ProcurementPortalPreference, PurchaseOrderDataSourceType } from '../../src';
import { MONITOR_BUNDLE, assertBundle, runMonitor } from '../../tools/emulators/bundles';
import type { SeedInvoice } from '../../tools/emulators/invoice-summaries';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';
import { minimalDelivery, minimalProps } from '../fixtures';

const A = '111111111111';
const B = '222222222222';
const STACK = 'MonitorStack';
const LIST = 'ListInvoiceSummaries';

const assembly = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, STACK, { env: { account: A, region: 'eu-west-1' } });
  const required = new ProcurementPortalPreference(stack, 'Required', minimalProps({
    einvoiceDelivery: minimalDelivery({
      purchaseOrderDataSources: [{
        documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE, sourceType: PurchaseOrderDataSourceType.ASSOCIATED_PURCHASE_ORDER_REQUIRED,
      }],
    }),
  }));
  required.monitorDelivery({ accounts: [A, B] });
  new ProcurementPortalPreference(stack, 'Optional', minimalProps({
    buyerIdentifier: 'AN02000000009',
    einvoiceDelivery: minimalDelivery({
      purchaseOrderDataSources: [{
        documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE, sourceType: PurchaseOrderDataSourceType.PURCHASE_ORDER_NOT_REQUIRED,
      }],
    }),
  })).monitorDelivery();
});

/** The monitor function's environment in the synthesized template, by the preference that owns it. */
function monitorEnvironment(owner: string): Record<string, string> {
  const file = path.join(assembly.dir, `${STACK}.template.json`);
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources: Record<string, any> };
  const fn = Object.entries(template.Resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(`${owner}DeliveryMonitor`));
  if (!fn) throw new Error(`no delivery monitor function under ${owner}`);
  return fn[1].Properties.Environment.Variables as Record<string, string>;
}

const invoicing = new InvoicingEmulator();
const periods = billingPeriods(new Date());

beforeAll(async () => {
  assertBundle(MONITOR_BUNDLE);
  await invoicing.start();
});
afterAll(() => invoicing.stop());
beforeEach(() => {
  invoicing.reset();
  invoicing.clearFaults();
});

async function run(owner: string): Promise<{ code: number; documents: Array<Record<string, any>>; logs: Array<Record<string, any>> }> {
  const result = await runMonitor({ ...monitorEnvironment(owner), AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint });
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
  return { code: result.code ?? 1, documents: lines.filter((l) => l._aws), logs: lines.filter((l) => !l._aws) };
}

function invoice(account: string, id: string, period: 'current' | 'previous', extra: Partial<SeedInvoice> = {}): SeedInvoice {
  return { AccountId: account, InvoiceId: id, BillingPeriod: periods[period], ...extra };
}

function counts(documents: Array<Record<string, any>>, account: string, period: string): number[] {
  const document = documents.find((d) => d.AccountId === account && d.BillingPeriod === period);
  return [document?.InvoicesDelivered, document?.InvoicesNotDelivered, document?.InvoicesWithoutPurchaseOrder];
}

test('counts each account and period: delivered, not delivered, without a purchase order where one is required', async () => {
  invoicing.invoices.seed(
    invoice(A, 'A-1', 'previous', { EinvoiceDeliveryStatus: 'DELIVERED', PurchaseOrderNumber: 'PO-1' }),
    invoice(A, 'A-2', 'previous', { EinvoiceDeliveryStatus: 'DELIVERED', PurchaseOrderNumber: 'PO-2' }),
    invoice(A, 'A-3', 'previous', { EinvoiceDeliveryStatus: 'NOT_DELIVERED' }),
    invoice(A, 'A-4', 'previous', { EinvoiceDeliveryStatus: 'NOT_DELIVERED', InvoiceType: 'CREDIT_MEMO', PurchaseOrderNumber: 'PO-3' }),
    // A payment receipt is not delivered as an e-invoice and needs no purchase order.
    invoice(A, 'A-5', 'previous', { InvoiceType: 'PAYMENT_RECEIPT' }),
    invoice(A, 'A-6', 'current', { EinvoiceDeliveryStatus: 'DELIVERED' }),
    ...Array.from({ length: 250 }, (_, i) => invoice(B, `B-${i}`, 'previous', {
      EinvoiceDeliveryStatus: i < 240 ? 'DELIVERED' : 'NOT_DELIVERED', PurchaseOrderNumber: 'PO',
    })),
  );
  const { code, documents, logs } = await run('Required');
  expect(code).toBe(0);
  expect(documents).toHaveLength(4);
  expect(documents[0]).toEqual({
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [{
        Namespace: 'CdkProcurementPortal',
        Dimensions: [['AccountId', 'BillingPeriod']],
        Metrics: [
          { Name: 'InvoicesDelivered', Unit: 'Count' }, { Name: 'InvoicesNotDelivered', Unit: 'Count' },
          { Name: 'InvoicesWithoutPurchaseOrder', Unit: 'Count' },
        ],
      }],
    },
    AccountId: A,
    BillingPeriod: 'current',
    InvoicesDelivered: 1,
    InvoicesNotDelivered: 0,
    InvoicesWithoutPurchaseOrder: 1,
  });
  expect(counts(documents, A, 'previous')).toEqual([2, 2, 1]);
  expect(counts(documents, B, 'previous')).toEqual([240, 10, 0]);
  expect(counts(documents, B, 'current')).toEqual([0, 0, 0]);
  // One listing per account and period: B's previous period is three pages of 100.
  expect(invoicing.callCount(LIST)).toBe(1 + 1 + 3 + 1);
  expect([...invoicing.calls.keys()]).toEqual([LIST]);
  expect(logs.at(-1)).toMatchObject({ level: 'info', outcome: 'ok', accounts: 2, listCalls: 6, invoices: 256 });
});

test("a preference whose sources require no purchase order counts none missing; the stack's account by default", async () => {
  invoicing.invoices.seed(invoice(A, 'A-1', 'previous', { EinvoiceDeliveryStatus: 'DELIVERED' }));
  const { code, documents } = await run('Optional');
  expect(code).toBe(0);
  expect(documents.map((d) => d.AccountId)).toEqual([A, A]);
  expect(counts(documents, A, 'previous')).toEqual([1, 0, 0]);
});

test('throttling is retried by the SDK; a refused listing fails the run with an error line', async () => {
  invoicing.inject({ kind: 'throttle', operation: LIST, times: 2 });
  expect((await run('Optional')).code).toBe(0);

  invoicing.inject({ kind: 'access-denied', operation: LIST });
  const { code, logs } = await run('Optional');
  expect(code).toBe(1);
  expect(logs.at(-1)).toMatchObject({ level: 'error', operation: LIST, outcome: 'failed', errorCode: 'AccessDeniedException' });
});
