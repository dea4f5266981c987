/**
 * End to end: the BUNDLED status poller (assets/lambda/status-poller/index.js) in a child process against the Invoicing
 * emulator: ceil(N/100) List calls, one embedded-metric-format document per preference with 1/0 per feature, unknown
 * statuses counted 0 and logged, never Get, never a secret.
 */
import { LIST } from '../../lambda/aws/invoicing';
import { POLLER_BUNDLE, assertBundle, runPoller } from '../../tools/emulators/bundles';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';
import { COUPA_IDENTITY, CANARY_SECRET, minimalRequest } from '../fixtures';

const invoicing = new InvoicingEmulator();

beforeAll(async () => {
  assertBundle(POLLER_BUNDLE);
  await invoicing.start();
});
afterAll(() => invoicing.stop());
beforeEach(() => {
  invoicing.reset();
  invoicing.clearFaults();
});

async function poll(): Promise<{ code: number; lines: Array<Record<string, any>>; raw: string }> {
  const run = await runPoller({ AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint, PPP_METRIC_NAMESPACE: 'CdkProcurementPortal' });
  return { code: run.code ?? 1, raw: run.stdout + run.stderr, lines: run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) };
}

function seed(i: number): string {
  return invoicing.seed(minimalRequest({
    ...COUPA_IDENTITY,
    BuyerIdentifier: `AN0100000${String(i).padStart(4, '0')}`,
    Contacts: [{ Email: 'ap@example.com' }],
    ProcurementPortalSharedSecret: CANARY_SECRET,
  }));
}

test('250 preferences: 3 List calls, one EMF document each, 1 only where enabled and ACTIVE, never Get', async () => {
  const arns = Array.from({ length: 250 }, (_, i) => seed(i));
  invoicing.setStatus(arns[0], { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
  invoicing.setStatus(arns[1], { purchaseOrderRetrieval: 'SUSPENDED', reason: 'maintenance' });
  const { code, lines, raw } = await poll();
  expect(code).toBe(0);
  expect(invoicing.callCount(LIST)).toBe(3);
  expect(invoicing.callCount('GetProcurementPortalPreference')).toBe(0);
  const documents = lines.filter((l) => l._aws);
  expect(documents).toHaveLength(250);
  expect(documents[0]).toEqual({
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [{
        Namespace: 'CdkProcurementPortal',
        Dimensions: [['ProcurementPortalPreferenceArn']],
        Metrics: [{ Name: 'EinvoiceDeliveryActive', Unit: 'None' }, { Name: 'PurchaseOrderRetrievalActive', Unit: 'None' }],
      }],
    },
    ProcurementPortalPreferenceArn: arns[0],
    // E-invoice delivery is disabled on these preferences: ACTIVE or not, it delivers nothing.
    EinvoiceDeliveryActive: 0,
    PurchaseOrderRetrievalActive: 1,
  });
  expect(documents[1]).toMatchObject({ EinvoiceDeliveryActive: 0, PurchaseOrderRetrievalActive: 0 });
  expect(documents.filter((d) => d.PurchaseOrderRetrievalActive === 1)).toHaveLength(1);
  expect(lines.find((l) => l.outcome === 'ok')).toMatchObject({ preferences: 250, listCalls: 3, unknownStatuses: 0 });
  expect(raw).not.toContain(CANARY_SECRET);
  expect(raw).not.toContain('ap@example.com');
});

test('an unknown status counts 0 and is logged', async () => {
  const arn = seed(1);
  invoicing.setStatus(arn, { purchaseOrderRetrieval: 'AWAITING_PORTAL_APPROVAL' });
  const { code, lines } = await poll();
  expect(code).toBe(0);
  expect(lines.find((l) => l._aws)).toMatchObject({ PurchaseOrderRetrievalActive: 0 });
  expect(lines.find((l) => l.outcome === 'unknown-status')).toMatchObject({
    level: 'warn', physicalResourceId: arn, message: "PurchaseOrderRetrievalActive: unknown status 'AWAITING_PORTAL_APPROVAL' counted as not active",
  });
});

test('throttled List: the SDK retries; past its retries the run fails with the error logged (the next period polls again)', async () => {
  seed(1);
  invoicing.inject({ kind: 'throttle', operation: LIST, times: 2 });
  expect((await poll()).code).toBe(0);
  invoicing.clearFaults().inject({ kind: 'throttle', operation: LIST });
  const failed = await poll();
  expect(failed.code).toBe(1);
  expect(failed.lines.find((l) => l.level === 'error')).toMatchObject({ operation: LIST, outcome: 'failed', errorCode: 'ThrottlingException' });
  expect(failed.lines.some((l) => l._aws)).toBe(false);
}, 60_000);

test('no preference: one List call, no metric', async () => {
  const { code, lines } = await poll();
  expect(code).toBe(0);
  expect(invoicing.callCount(LIST)).toBe(1);
  expect(lines.filter((l) => l._aws)).toEqual([]);
});
