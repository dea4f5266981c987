/**
 * `npx cdk-procurement-portal invoices` (the bundled tool, in a child process) against the Invoicing emulator's
 * ListInvoiceSummaries: every billing period from --since, paged; a table for people, the API's summaries with
 * --json, progress on stderr, exit 1 with --fail-on-undelivered; and --profile honoured on the way to the SDK.
 */
import { billingPeriods } from '../../lambda/delivery/invoices';
import { CLI_BUNDLE, assertBundle, runCli } from '../../tools/emulators/bundles';
import type { SeedInvoice } from '../../tools/emulators/invoice-summaries';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';

const A = '111111111111';
const invoicing = new InvoicingEmulator();
const periods = billingPeriods(new Date());
const label = (p: { Year: number; Month: number }): string => `${p.Year}-${String(p.Month).padStart(2, '0')}`;

beforeAll(async () => {
  assertBundle(CLI_BUNDLE);
  await invoicing.start();
});
afterAll(() => invoicing.stop());
beforeEach(() => invoicing.reset());

function cli(...args: string[]): ReturnType<typeof runCli> {
  return runCli(args, { AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint });
}

function seed(count: number, period: 'current' | 'previous', extra: Partial<SeedInvoice> = {}): void {
  invoicing.invoices.seed(...Array.from({ length: count }, (_, i) => ({
    AccountId: A,
    InvoiceId: `${period}-${i}`,
    BillingPeriod: periods[period],
    EinvoiceDeliveryStatus: 'DELIVERED' as const,
    PurchaseOrderNumber: `PO-${i}`,
    BaseCurrencyAmount: { TotalAmount: '12.34', CurrencyCode: 'USD' },
    ...extra,
  })));
}

test('the previous and the current period, paged: a table, progress per period, exit 0', async () => {
  seed(250, 'previous');
  seed(2, 'current');
  const run = await cli('invoices', '--account', A);
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^PERIOD\s+INVOICE\s+TYPE\s+ISSUED\s+DELIVERY\s+PURCHASE ORDER\s+TOTAL$/);
  expect(lines).toHaveLength(1 + 252);
  expect(lines[1]).toMatch(new RegExp(`^${label(periods.previous)}\\s+previous-0\\s+INVOICE\\s+-\\s+DELIVERED\\s+PO-0\\s+12.34 USD$`));
  expect(run.stderr).toContain(`${label(periods.previous)}: 250 invoice(s) (3 page(s))`);
  expect(run.stderr).toContain(`${label(periods.current)}: 2 invoice(s) (1 page(s))`);
  expect(invoicing.callCount('ListInvoiceSummaries')).toBe(4);
});

test('--json prints the summaries with the API field names; --fail-on-undelivered exits 1 on one not delivered', async () => {
  seed(1, 'previous');
  seed(1, 'current', { EinvoiceDeliveryStatus: 'NOT_DELIVERED', PurchaseOrderNumber: undefined });
  const json = await cli('invoices', '--account', A, '--json');
  expect(json.code).toBe(0);
  const summaries = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
  expect(summaries.map((s) => [s.InvoiceId, s.EinvoiceDeliveryStatus])).toEqual([['previous-0', 'DELIVERED'], ['current-0', 'NOT_DELIVERED']]);
  const strict = await cli('invoices', '--account', A, '--fail-on-undelivered');
  expect(strict.code).toBe(1);
  expect(strict.stderr).toContain('1 invoice(s) not delivered to the procurement portal.');
});

/** The first line of stderr after the Node.js version note (printed on Node.js 20 only). */
const firstError = (stderr: string): string => stderr.split('\n').filter((line) => !line.startsWith('Note: '))[0];

test('bad arguments are usage errors naming the option; nothing is called', async () => {
  const missing = await cli('invoices');
  expect([missing.code, firstError(missing.stderr)]).toEqual([2, '--account must be a 12-digit account id']);
  const since = await cli('invoices', '--account', A, '--since', '2026-13');
  expect([since.code, firstError(since.stderr)]).toEqual([2, "--since must be a month such as 2026-10, got '2026-13'"]);
  const far = await cli('invoices', '--account', A, '--since', '2020-01');
  expect(far.code).toBe(2);
  expect(firstError(far.stderr)).toMatch(/^--since must be at most 12 months back/);
  const region = await cli('invoices', '--account', A, '--region');
  expect([region.code, firstError(region.stderr)]).toEqual([2, "Option '--region' needs a value"]);
  expect(invoicing.callCount('ListInvoiceSummaries')).toBe(0);
});

test('--profile reaches the SDK: a profile that does not exist fails with an AWS error naming it', async () => {
  const run = await cli('invoices', '--account', A, '--profile', 'no-such-profile', '--region', 'eu-west-1');
  expect(run.code).toBe(3);
  expect(run.stderr).toContain("No credentials for the profile 'no-such-profile'");
  expect(invoicing.callCount('ListInvoiceSummaries')).toBe(0);
});
