/**
 * The delivery monitor's entry point (its own bundle, assets/lambda/delivery-monitor/index.js): for each account it
 * watches and for the current and the previous billing period, one paginated ListInvoiceSummaries (100 per page),
 * counted into three numbers written as embedded-metric-format lines on stdout: invoices delivered to the portal, not
 * delivered, and issued without a purchase order number where the preference requires one. It reads invoice summaries
 * only: never a preference, never a secret.
 */
import { InvoiceSummary, InvoicingClient, ListInvoiceSummariesCommand } from '@aws-sdk/client-invoicing';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import {
  DELIVERY_METRICS, MONITOR_ACCOUNT_DIMENSION, MONITOR_PERIOD_DIMENSION, METRIC_NAMESPACE, MonitorPeriod,
} from '../src/contract/wire';

const LIST = 'ListInvoiceSummaries';
/** The API's largest page (InvoiceSummariesMaxResults: 1 to 100). */
const PAGE_SIZE = 100;

/** The SDK's own standard retries (throttling, 5xx, network): a missed run is simply made again at the next one. */
const client = new InvoicingClient({ region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 5, credentials: fromEnv() });

export interface BillingPeriod {
  readonly Year: number;
  readonly Month: number;
}

/** The billing periods a run covers: the month `now` is in (UTC) and the one before. */
export function billingPeriods(now: Date): Record<MonitorPeriod, BillingPeriod> {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return {
    current: { Year: year, Month: month },
    previous: month === 1 ? { Year: year - 1, Month: 12 } : { Year: year, Month: month - 1 },
  };
}

export interface DeliveryCounts {
  readonly delivered: number;
  readonly notDelivered: number;
  readonly withoutPurchaseOrder: number;
}

/**
 * Counts one period's invoices. An invoice without a delivery status was not meant for e-invoice delivery (a payment
 * receipt, an invoice outside the preference's selector) and counts in neither; a missing purchase order counts only
 * for invoices and credit memos, and only when `purchaseOrderRequired`.
 */
export function countInvoices(invoices: readonly InvoiceSummary[], purchaseOrderRequired: boolean): DeliveryCounts {
  let delivered = 0;
  let notDelivered = 0;
  let withoutPurchaseOrder = 0;
  for (const invoice of invoices) {
    if (invoice.EinvoiceDeliveryStatus === 'DELIVERED') delivered += 1;
    if (invoice.EinvoiceDeliveryStatus === 'NOT_DELIVERED') notDelivered += 1;
    const needsOrder = invoice.InvoiceType === 'INVOICE' || invoice.InvoiceType === 'CREDIT_MEMO';
    if (purchaseOrderRequired && needsOrder && !invoice.PurchaseOrderNumber) withoutPurchaseOrder += 1;
  }
  return { delivered, notDelivered, withoutPurchaseOrder };
}

/** Every invoice of one account and billing period, page by page. */
async function listPeriod(account: string, period: BillingPeriod): Promise<{ invoices: InvoiceSummary[]; calls: number }> {
  const invoices: InvoiceSummary[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  let calls = 0;
  do {
    const page = await client.send(new ListInvoiceSummariesCommand({
      Selector: { ResourceType: 'ACCOUNT_ID', Value: account },
      Filter: { BillingPeriod: period },
      MaxResults: PAGE_SIZE,
      ...(nextToken ? { NextToken: nextToken } : {}),
    }));
    calls += 1;
    invoices.push(...(page.InvoiceSummaries ?? []));
    nextToken = page.NextToken || undefined;
    // A service that hands back a token it already gave would page forever: the run fails instead (its Errors metric).
    if (nextToken !== undefined && seen.has(nextToken)) throw new Error(`${LIST} returned the same NextToken twice`);
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken);
  return { invoices, calls };
}

/** One EMF document per account and period, the three counts in it. */
export function deliveryDocument(account: string, period: MonitorPeriod, counts: DeliveryCounts, timestamp: number,
  namespace: string): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: namespace,
        Dimensions: [[MONITOR_ACCOUNT_DIMENSION, MONITOR_PERIOD_DIMENSION]],
        Metrics: Object.values(DELIVERY_METRICS).map((name) => ({ Name: name, Unit: 'Count' })),
      }],
    },
    [MONITOR_ACCOUNT_DIMENSION]: account,
    [MONITOR_PERIOD_DIMENSION]: period,
    [DELIVERY_METRICS.delivered]: counts.delivered,
    [DELIVERY_METRICS.notDelivered]: counts.notDelivered,
    [DELIVERY_METRICS.withoutPurchaseOrder]: counts.withoutPurchaseOrder,
  };
}

export interface MonitorResult {
  readonly accounts: number;
  readonly listCalls: number;
  readonly invoices: number;
}

export async function monitor(write: (line: string) => void, now: () => Date = () => new Date()): Promise<MonitorResult> {
  const namespace = process.env.PPP_METRIC_NAMESPACE || METRIC_NAMESPACE;
  const accounts = (process.env.PPP_MONITOR_ACCOUNTS ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  if (accounts.length === 0) throw new Error('PPP_MONITOR_ACCOUNTS names no account');
  const purchaseOrderRequired = process.env.PPP_MONITOR_PURCHASE_ORDER_REQUIRED === 'true';
  const periods = billingPeriods(now());
  let listCalls = 0;
  let invoices = 0;
  for (const account of accounts) {
    for (const [name, period] of Object.entries(periods) as Array<[MonitorPeriod, BillingPeriod]>) {
      const listed = await listPeriod(account, period);
      listCalls += listed.calls;
      invoices += listed.invoices.length;
      write(JSON.stringify(deliveryDocument(account, name, countInvoices(listed.invoices, purchaseOrderRequired), now().getTime(), namespace)));
    }
  }
  return { accounts: accounts.length, listCalls, invoices };
}

export async function handler(): Promise<MonitorResult> {
  const started = Date.now();
  try {
    const result = await monitor((line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`${JSON.stringify({ level: 'info', operation: LIST, outcome: 'ok', ...result, durationMs: Date.now() - started })}\n`);
    return result;
  } catch (error) {
    const e = error as { name?: string; message?: string };
    // The error's name and message only: an SDK error object may carry the request.
    process.stdout.write(`${JSON.stringify({ level: 'error', operation: LIST, outcome: 'failed', errorCode: e?.name ?? 'Error', message: String(e?.message ?? '').slice(0, 500) })}\n`);
    throw new Error(`${LIST} failed: ${e?.name ?? 'Error'}`);
  }
}
