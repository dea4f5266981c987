/**
 * An account's invoices of one billing period, and what the delivery monitor counts in them: shared by the monitor's
 * bundle and the command-line tool's `invoices`, so both read the same data the same way. The client is the caller's.
 */
import { InvoiceSummary, InvoicingClient, ListInvoiceSummariesCommand } from '@aws-sdk/client-invoicing';
import type { MonitorPeriod } from '../../src/contract/wire';

export const LIST = 'ListInvoiceSummaries';
/** The API's largest page (InvoiceSummariesMaxResults: 1 to 100). */
const PAGE_SIZE = 100;

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

/** Every invoice of one account and billing period, page by page (100 per page, the API's largest). */
export async function listPeriod(client: InvoicingClient, account: string,
  period: BillingPeriod): Promise<{ invoices: InvoiceSummary[]; calls: number }> {
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
