/**
 * The invoice unit's wire contract and its role table, beside the preference's (wire.ts, properties.ts): what the
 * construct renders for `Custom::ProcurementPortalInvoiceUnit`, and the rules both synth and the handler walk
 * (rules.ts). The limits are the Invoicing API's own (CreateInvoiceUnit, InvoiceUnitRule: the service model), the
 * sentences constraints.ts's. Imports nothing but the contract: it is bundled into the Lambda and compiled by jsii.
 */
import * as c from './constraints';
import { keysOfRole } from './properties';
import type { Field, Fields, KeyOfRole, PropertyRole, Refinement, Rule } from './properties';
import { RESOURCE_TYPE, ResourceTagProperties } from './wire';

export const INVOICE_UNIT_RESOURCE_TYPE = 'Custom::ProcurementPortalInvoiceUnit';
/** Every resource type the handler serves. */
export const HANDLED_RESOURCE_TYPES: readonly string[] = [RESOURCE_TYPE, INVOICE_UNIT_RESOURCE_TYPE];

/** The custom resource's properties as the construct renders them (without CloudFormation's own `ServiceToken`). */
export interface InvoiceUnitProperties {
  readonly Name: string;
  readonly InvoiceReceiver: string;
  readonly Description?: string;
  /** Absent means false (tax inheritance enabled), as the API's default. */
  readonly TaxInheritanceDisabled?: boolean;
  readonly LinkedAccounts?: string[];
  readonly BillSourceAccounts?: string[];
  readonly ResourceTags?: ResourceTagProperties[];
  /** `true` lets a change of Name or InvoiceReceiver replace a unit that a live preference selects; absent means false. */
  readonly AllowReplacement?: boolean;
  /** `true` lets a Create take over an existing unit of the same Name and InvoiceReceiver; absent means false. */
  readonly AdoptExisting?: boolean;
  /**
   * Present when an enrolment adds the accounts of these organizational units to the unit: an update then keeps the
   * accounts the enrolment added instead of setting the declared ones only.
   */
  readonly EnrolledOrganizationalUnits?: string[];
}

export interface InvoiceUnitField<P extends 'required' | 'optional' = 'required' | 'optional'> extends Field<P> {
  readonly role: Extract<PropertyRole, 'identity' | 'configuration' | 'tags' | 'switch'>;
}

type InvoiceUnitFields = {
  readonly [K in keyof InvoiceUnitProperties]-?: InvoiceUnitField<undefined extends InvoiceUnitProperties[K] ? 'optional' : 'required'>
};

const check = (fn: (path: string, value: string) => string | undefined): Rule => ({ kind: 'check', check: fn });
const ACCOUNTS: Rule = { kind: 'list', item: check(c.checkAccountId), min: 0, max: c.INVOICE_UNIT_ACCOUNTS_MAX, distinct: true };

/** An account is in one list of a unit at most: a linked account is not also a bill source. */
const oneListPerAccount: Refinement = (record, name) => {
  const linked = Array.isArray(record.LinkedAccounts) ? record.LinkedAccounts as unknown[] : [];
  const both = (Array.isArray(record.BillSourceAccounts) ? record.BillSourceAccounts as unknown[] : [])
    .filter((account) => typeof account === 'string' && linked.includes(account));
  return both.length > 0
    ? `an account must not be both in ${name('LinkedAccounts')} and in ${name('BillSourceAccounts')}, got ${both.slice(0, 5).join(', ')}`
    : undefined;
};

/** The table. The order is the template's. */
export const INVOICE_UNIT_FIELDS = {
  Name: { role: 'identity', presence: 'required', prop: 'invoiceUnitName', rule: check(c.checkInvoiceUnitName) },
  InvoiceReceiver: { role: 'identity', presence: 'required', prop: 'invoiceReceiver', rule: check(c.checkAccountId) },
  Description: { role: 'configuration', presence: 'optional', prop: 'description', rule: check(c.checkInvoiceUnitDescription) },
  TaxInheritanceDisabled: { role: 'configuration', presence: 'optional', prop: 'taxInheritanceDisabled', rule: { kind: 'boolean' }, absentMeans: 'false' },
  LinkedAccounts: { role: 'configuration', presence: 'optional', prop: 'linkedAccounts', rule: ACCOUNTS },
  BillSourceAccounts: { role: 'configuration', presence: 'optional', prop: 'billSourceAccounts', rule: ACCOUNTS },
  ResourceTags: { role: 'tags', presence: 'optional', prop: 'tags', rule: { kind: 'tags' } },
  AllowReplacement: { role: 'switch', presence: 'optional', prop: 'allowReplacement', rule: { kind: 'boolean' }, absentMeans: 'false' },
  AdoptExisting: { role: 'switch', presence: 'optional', prop: 'adoptExisting', rule: { kind: 'boolean' }, absentMeans: 'false' },
  EnrolledOrganizationalUnits: {
    role: 'switch',
    presence: 'optional',
    prop: 'organizationalUnitIds',
    rule: { kind: 'list', item: check(c.checkOrganizationalUnitId), min: 1, max: c.ENROLLED_ORGANIZATIONAL_UNITS_MAX, distinct: true },
  },
} as const satisfies InvoiceUnitFields;

/** The top-level object's rule. */
export const INVOICE_UNIT: Rule = { kind: 'object', fields: INVOICE_UNIT_FIELDS as Fields<object>, refine: oneListPerAccount };

/** The wire properties of `roles`, in the table's order. */
export function invoiceUnitFieldsOfRole<R extends PropertyRole>(...roles: R[]): ReadonlyArray<KeyOfRole<typeof INVOICE_UNIT_FIELDS, R>> {
  return keysOfRole(INVOICE_UNIT_FIELDS, ...roles);
}

/** Name and receiver: the API cannot change them, so a change replaces the unit. */
export const INVOICE_UNIT_IDENTITY_FIELDS = invoiceUnitFieldsOfRole('identity');

/** Received properties with the absent defaults filled in, as CloudFormation would send them. */
export function invoiceUnitWithDefaults<T extends Record<string, unknown> | undefined>(props: T): T {
  if (props === undefined || props === null || typeof props !== 'object') return props;
  const filled: Record<string, unknown> = { ...props };
  for (const [key, field] of Object.entries(INVOICE_UNIT_FIELDS as Record<string, Field>)) {
    if (field.absentMeans !== undefined) filled[key] ??= field.absentMeans;
  }
  return filled as T;
}
