/**
 * The delivery monitor's entry point (its own bundle, assets/lambda/delivery-monitor/index.js): for each account it
 * watches and for the current and the previous billing period, one paginated ListInvoiceSummaries (100 per page),
 * counted into three numbers written as embedded-metric-format lines on stdout: invoices delivered to the portal, not
 * delivered, and issued without a purchase order number where the preference requires one. It reads invoice summaries
 * only: never a preference, never a secret.
 */
import { InvoicingClient } from '@aws-sdk/client-invoicing';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { BillingPeriod, DeliveryCounts, LIST, billingPeriods, countInvoices, listPeriod } from './delivery/invoices';
import { runScheduled } from './scheduled';
import {
  DELIVERY_METRICS, MONITOR_ACCOUNT_DIMENSION, MONITOR_PERIOD_DIMENSION, METRIC_NAMESPACE, MonitorPeriod,
} from '../src/contract/wire';


/** The SDK's own standard retries (throttling, 5xx, network): a missed run is simply made again at the next one. */
const client = new InvoicingClient({ region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 5, credentials: fromEnv() });

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
      const listed = await listPeriod(client, account, period);
      listCalls += listed.calls;
      invoices += listed.invoices.length;
      write(JSON.stringify(deliveryDocument(account, name, countInvoices(listed.invoices, purchaseOrderRequired), now().getTime(), namespace)));
    }
  }
  return { accounts: accounts.length, listCalls, invoices };
}

export function handler(): Promise<MonitorResult> {
  return runScheduled(LIST, (write) => monitor(write));
}
