import type { InvoiceSummary } from '@aws-sdk/client-invoicing';
import { BillingPeriod, listPeriod } from '../../lambda/delivery/invoices';
import { parse } from '../args';
import { clients } from '../aws';
import { Command, ExitCode, Io, UsageError } from '../command';
import { columns } from '../table';

const HELP = `Usage: cdk-procurement-portal invoices --account ID [--since YYYY-MM] [--fail-on-undelivered] [--json]

Lists an account's AWS invoices of each billing period from --since to the current month (ListInvoiceSummaries, paged):
each invoice's type, issue date, e-invoice delivery status, purchase order number and total. The same data as the
delivery monitor's metrics (InvoiceDeliveryMonitor).

Options:
  --account ID             The 12-digit account whose invoices are listed (required).
  --since YYYY-MM          The first billing period (default: the previous month); at most 12 periods.
  --fail-on-undelivered    Exit 1 when an invoice is NOT_DELIVERED.
  --json                   The invoice summaries as JSON (the API's field names).

Exit codes: 0 listed, 1 an invoice not delivered (with --fail-on-undelivered), 2 usage, 3 AWS error.`;

const MAX_PERIODS = 12;

/** The billing periods from `since` to the month of `now` (UTC), oldest first. */
export function periodsSince(since: string | undefined, now: Date): BillingPeriod[] {
  const end = { Year: now.getUTCFullYear(), Month: now.getUTCMonth() + 1 };
  let start: BillingPeriod;
  if (since === undefined) {
    start = end.Month === 1 ? { Year: end.Year - 1, Month: 12 } : { Year: end.Year, Month: end.Month - 1 };
  } else {
    const match = /^(\d{4})-(\d{2})$/.exec(since);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new UsageError(`--since must be a month such as 2026-10, got '${since}'`);
    start = { Year: Number(match[1]), Month: Number(match[2]) };
  }
  const periods: BillingPeriod[] = [];
  for (let p = start; p.Year < end.Year || (p.Year === end.Year && p.Month <= end.Month);
    p = p.Month === 12 ? { Year: p.Year + 1, Month: 1 } : { Year: p.Year, Month: p.Month + 1 }) {
    periods.push(p);
  }
  if (periods.length === 0) throw new UsageError(`--since must not be after the current month, got '${since}'`);
  if (periods.length > MAX_PERIODS) throw new UsageError(`--since must be at most ${MAX_PERIODS} months back, got '${since}' (${periods.length} months)`);
  return periods;
}

const label = (p: BillingPeriod): string => `${p.Year}-${String(p.Month).padStart(2, '0')}`;
const day = (d: Date | undefined): string => (d instanceof Date ? d.toISOString().slice(0, 10) : '-');

function renderTable(rows: Array<{ period: BillingPeriod; invoice: InvoiceSummary }>): string {
  return columns([['PERIOD', 'INVOICE', 'TYPE', 'ISSUED', 'DELIVERY', 'PURCHASE ORDER', 'TOTAL'], ...rows.map(({ period, invoice }) => [
    label(period), invoice.InvoiceId ?? '-', invoice.InvoiceType ?? '-', day(invoice.IssuedDate), invoice.EinvoiceDeliveryStatus ?? '-',
    invoice.PurchaseOrderNumber ?? '-',
    invoice.BaseCurrencyAmount?.TotalAmount ? `${invoice.BaseCurrencyAmount.TotalAmount} ${invoice.BaseCurrencyAmount.CurrencyCode ?? ''}`.trim() : '-',
  ])]);
}

export const invoicesCommand: Command = {
  name: 'invoices',
  summary: 'List an account\'s invoices with their e-invoice delivery status and purchase order',
  help: HELP,
  async run(args: readonly string[], io: Io): Promise<number> {
    const { values } = parse(args, {
      'account': { type: 'string' }, 'since': { type: 'string' }, 'fail-on-undelivered': { type: 'boolean' }, 'json': { type: 'boolean' },
    }, 0);
    const account = values.account;
    if (account === undefined || !/^\d{12}$/.test(account)) {
      throw new UsageError(`--account must be a 12-digit account id${account === undefined ? '' : `, got '${account}'`}`);
    }
    const periods = periodsSince(values.since, new Date());
    const { invoicing } = clients(io.env);
    const rows: Array<{ period: BillingPeriod; invoice: InvoiceSummary }> = [];
    for (const period of periods) {
      const listed = await listPeriod(invoicing, account, period);
      io.err(`${label(period)}: ${listed.invoices.length} invoice(s) (${listed.calls} page(s))`);
      rows.push(...listed.invoices.map((invoice) => ({ period, invoice })));
    }
    io.out(values.json ? JSON.stringify(rows.map((r) => r.invoice), undefined, 2) : renderTable(rows));
    const undelivered = rows.filter((r) => r.invoice.EinvoiceDeliveryStatus === 'NOT_DELIVERED').length;
    if (undelivered > 0) io.err(`${undelivered} invoice(s) not delivered to the procurement portal.`);
    return values['fail-on-undelivered'] && undelivered > 0 ? ExitCode.NOT_DONE : ExitCode.OK;
  },
};
