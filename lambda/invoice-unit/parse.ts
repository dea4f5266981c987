/**
 * An invoice unit's properties as CloudFormation sent them, to the API's input: the absent defaults filled in, the
 * shared rules walked (src/contract/invoice-unit.ts, the ones synth applies too), every problem in one Reason.
 */
import type { InvoiceUnitRule, ResourceTag } from '@aws-sdk/client-invoicing';
import { INVOICE_UNIT, INVOICE_UNIT_IDENTITY_FIELDS, invoiceUnitWithDefaults } from '../../src/contract/invoice-unit';
import type { InvoiceUnitProperties } from '../../src/contract/invoice-unit';
import type { Received } from '../../src/contract/wire';
import { ReasonError } from '../aws/errors';
import { RawProperties, checkReceived } from '../parse/received';

export interface ParsedInvoiceUnit {
  /** What the API cannot change: a change replaces the unit. */
  readonly identity: { readonly Name: string; readonly InvoiceReceiver: string };
  /** What UpdateInvoiceUnit takes. */
  readonly configuration: { readonly Description?: string; readonly TaxInheritanceDisabled: boolean; readonly Rule: InvoiceUnitRule };
  readonly tags: ResourceTag[];
  readonly allowReplacement: boolean;
  readonly adoptExisting: boolean;
  /** An enrolment adds accounts of organizational units: an update keeps them. */
  readonly enrolled: boolean;
}

export function parseInvoiceUnit(properties: unknown): ParsedInvoiceUnit {
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new ReasonError('Invalid properties: ResourceProperties is required and must be an object', 'InvalidProperties');
  }
  const p = invoiceUnitWithDefaults(properties as Record<string, unknown>) as unknown as Received<InvoiceUnitProperties>;
  checkReceived(INVOICE_UNIT, p, 'Invalid properties');
  return {
    identity: { Name: p.Name, InvoiceReceiver: p.InvoiceReceiver },
    configuration: {
      ...p.Description !== undefined ? { Description: p.Description } : {},
      TaxInheritanceDisabled: p.TaxInheritanceDisabled === 'true',
      Rule: { LinkedAccounts: p.LinkedAccounts ?? [], BillSourceAccounts: p.BillSourceAccounts ?? [] },
    },
    tags: (p.ResourceTags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    allowReplacement: p.AllowReplacement === 'true',
    adoptExisting: p.AdoptExisting === 'true',
    enrolled: (p.EnrolledOrganizationalUnits ?? []).length > 0,
  };
}

/** The identity fields whose value changed, compared as received (the old properties are never parsed strictly). */
export function changedUnitIdentity(oldProps: RawProperties, newProps: RawProperties): string[] {
  return INVOICE_UNIT_IDENTITY_FIELDS.filter((field) => oldProps?.[field] !== newProps?.[field]);
}
