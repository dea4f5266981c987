import { PreferenceRow } from './preferences';

/** Columns of the readable table; `--json` prints the rows themselves. */
function cells(row: PreferenceRow, withLogicalId: boolean): string[] {
  const status = (value?: string, reason?: string): string => `${value ?? '-'}${reason ? ` (${reason})` : ''}`;
  const updated = row.LastUpdateDate instanceof Date ? row.LastUpdateDate.toISOString().replace('.000Z', 'Z') : '-';
  return [
    ...(withLogicalId ? [row.LogicalResourceId ?? '-'] : []),
    row.ProcurementPortalName ?? '-',
    row.BuyerIdentifier ?? '-',
    row.SupplierIdentifier ?? '-',
    row.EinvoiceDeliveryEnabled === false ? 'disabled' : status(row.EinvoiceDeliveryPreferenceStatus, row.EinvoiceDeliveryPreferenceStatusReason),
    row.PurchaseOrderRetrievalEnabled === false ? 'disabled' : status(row.PurchaseOrderRetrievalPreferenceStatus, row.PurchaseOrderRetrievalPreferenceStatusReason),
    row.Version === undefined ? '-' : String(row.Version),
    updated,
    row.ProcurementPortalPreferenceArn ?? '-',
  ];
}

export function renderTable(rows: PreferenceRow[], withLogicalId: boolean): string {
  const header = [
    ...(withLogicalId ? ['LOGICAL ID'] : []),
    'PORTAL', 'BUYER', 'SUPPLIER', 'E-INVOICE DELIVERY', 'PURCHASE ORDER RETRIEVAL', 'VERSION', 'LAST UPDATE', 'ARN',
  ];
  return columns([header, ...rows.map((r) => cells(r, withLogicalId))]);
}

/** Rows of cells as aligned columns, two spaces apart; the last column is not padded. The first row is the header. */
export function columns(rows: readonly string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

/** The rows as JSON: the API's own field names, dates as ISO strings. */
export function renderJson(rows: PreferenceRow[]): string {
  return JSON.stringify(rows, undefined, 2);
}
