/**
 * The invoices the Invoicing emulator lists (ListInvoiceSummaries), seeded by tests and the demo. As the API reference
 * documents it (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_invoicing_ListInvoiceSummaries.html):
 * the Selector names an account (ACCOUNT_ID: the invoices of that account) or one invoice (INVOICE_ID); the Filter
 * narrows by billing period (Year and Month) or by the issue date's interval; pages as paging.ts says. Request shapes are checked by the
 * emulator from the service's model before this is reached.
 */
import { ServiceError } from './http';
import { pageOf } from './paging';

type Json = Record<string, unknown>;

/** What a test seeds: the summary's members as the API returns them (timestamps as epoch seconds). */
export interface SeedInvoice {
  readonly AccountId: string;
  readonly InvoiceId: string;
  readonly BillingPeriod: { readonly Year: number; readonly Month: number };
  readonly InvoiceType?: 'INVOICE' | 'CREDIT_MEMO' | 'PAYMENT_RECEIPT';
  readonly EinvoiceDeliveryStatus?: 'DELIVERED' | 'NOT_DELIVERED';
  readonly PurchaseOrderNumber?: string;
  readonly IssuedDate?: number;
  readonly [member: string]: unknown;
}


export class InvoiceSummaries {
  private readonly invoices: SeedInvoice[] = [];

  seed(...invoices: SeedInvoice[]): void {
    this.invoices.push(...invoices.map((invoice) => ({ InvoiceType: 'INVOICE' as const, ...invoice })));
  }

  reset(): void {
    this.invoices.length = 0;
  }

  page(body: Json): Json {
    const selector = body.Selector as { ResourceType: string; Value: string };
    const filter = (body.Filter ?? {}) as { BillingPeriod?: { Year: number; Month: number }; TimeInterval?: { StartDate: number; EndDate: number } };
    let matching = this.invoices.filter((invoice) => (selector.ResourceType === 'INVOICE_ID'
      ? invoice.InvoiceId === selector.Value : invoice.AccountId === selector.Value));
    if (selector.ResourceType === 'INVOICE_ID' && matching.length === 0) {
      throw new ServiceError(404, 'ResourceNotFoundException', `Invoice ${selector.Value.slice(0, 64)} was not found`,
        { resourceName: selector.Value });
    }
    const period = filter.BillingPeriod;
    if (period) matching = matching.filter((i) => i.BillingPeriod.Year === period.Year && i.BillingPeriod.Month === period.Month);
    const interval = filter.TimeInterval;
    if (interval) {
      matching = matching.filter((i) => i.IssuedDate !== undefined && i.IssuedDate >= interval.StartDate && i.IssuedDate < interval.EndDate);
    }
    const { items, next } = pageOf(matching.map((invoice) => structuredClone(invoice)), body);
    return { InvoiceSummaries: items, ...(next ? { NextToken: next } : {}) };
  }
}
