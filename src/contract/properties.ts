/**
 * One table of what each wire property is: its role, what its absence means, its rule and the construct prop that
 * renders it. The identity list, the defaults, what the diff counts as configuration, the plan's field kinds and both
 * validators (synth and the handler walk it with `checkProperties`, rules.ts) derive from it. Adding a property to
 * `PreferenceProperties` (wire.ts) without an entry here fails `tsc`; so does an entry whose presence disagrees
 * with wire.ts's `?`. Imports nothing but the contract: it is bundled into the Lambda and compiled by jsii.
 */
import * as c from './constraints';
import {
  ContactProperties, EinvoiceDeliveryPreferenceProperties, PreferenceProperties, PurchaseOrderDataSourceProperties, SCHEMA_VERSION,
  SecretReference, SelectorProperties, SupplierLookupProperties, SuspensionProperties, TestEnvPreferenceProperties,
} from './wire';

/**
 * - `identity`: names the preference; a change replaces it (Put cannot change it).
 * - `configuration`: what Put takes; a change is a Put.
 * - `secret`: configuration fed from a secret, present as a reference; a new reference is a Put, a rotation a re-apply.
 * - `tags`: changed with TagResource and UntagResource, never a Put.
 * - `switch`: the handler's own options (what it may do), never the preference's.
 * - `status`: drives the preference's status (a validation code, a suspension), never a Put.
 * - `metadata`: the layout of the properties themselves.
 */
export type PropertyRole = 'identity' | 'configuration' | 'secret' | 'tags' | 'switch' | 'status' | 'metadata';

/** What a value must be. Data, walked by `checkProperties` (rules.ts): every message comes from constraints.ts. */
export type Rule =
  | { readonly kind: 'text' }
  | { readonly kind: 'oneOf'; readonly values: readonly string[] }
  | { readonly kind: 'check'; readonly check: (path: string, value: string) => string | undefined }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'epochSeconds' }
  | { readonly kind: 'list'; readonly item: Rule; readonly min: number; readonly max?: number; readonly distinct?: boolean }
  | { readonly kind: 'object'; readonly fields: Fields<object>; readonly refine?: Refinement }
  | { readonly kind: 'tags' };

/** A rule across an object's fields: one problem or undefined; `name` gives a field's own name as the caller reads it. */
export type Refinement = (record: Record<string, unknown>, name: (key: string) => string, path: string) => string | undefined;

export type Presence = 'required' | 'optional';

export interface Field<P extends Presence = Presence> {
  readonly presence: P;
  /** The construct prop that renders it: synth's messages name it. */
  readonly prop: string;
  readonly rule: Rule;
  /** The value (as CloudFormation sends it) that an absent property means; the construct leaves it out. */
  readonly absentMeans?: string;
  /** Secrets and contacts: no message repeats the value. */
  readonly sensitive?: boolean;
}

/** Every key of a wire object, with its presence as wire.ts declares it. */
export type Fields<T> = { readonly [K in keyof T]-?: Field<undefined extends T[K] ? 'optional' : 'required'> };

export interface PreferenceField<P extends Presence = Presence> extends Field<P> {
  readonly role: PropertyRole;
}

type PreferenceFields = { readonly [K in keyof PreferenceProperties]-?: PreferenceField<undefined extends PreferenceProperties[K] ? 'optional' : 'required'> };

const required = 'required' as const;
const optional = 'optional' as const;
const oneOf = (values: readonly string[]): Rule => ({ kind: 'oneOf', values });
const check = (fn: (path: string, value: string) => string | undefined): Rule => ({ kind: 'check', check: fn });
const object = <T>(fields: Fields<T>, refine?: Refinement): Rule => ({ kind: 'object', fields: fields as Fields<object>, refine });
const BOOLEAN: Rule = { kind: 'boolean' };
const IDENTIFIER = check(c.checkIdentifier);
const PARTY_DOMAIN = oneOf(c.PARTY_DOMAINS);
const DEFAULT_DOMAIN = c.PARTY_DOMAINS[0];

const SECRET_ARN_PATTERN = /^arn:aws[-a-z]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^\s]+$/;
const checkSecretArn = (path: string, value: string): string | undefined =>
  (SECRET_ARN_PATTERN.test(value) ? undefined : `${path} must be a Secrets Manager secret ARN, got '${value.slice(0, 200)}'`);

export const SECRET_REFERENCE: Fields<SecretReference> = {
  SecretArn: { presence: required, prop: 'secret', rule: check(checkSecretArn) },
  JsonField: { presence: optional, prop: 'jsonField', rule: IDENTIFIER },
};

export const CONTACT: Fields<ContactProperties> = {
  Name: { presence: optional, prop: 'name', rule: check(c.checkContactName), sensitive: true },
  Email: { presence: optional, prop: 'email', rule: check(c.checkEmail), sensitive: true },
};

/** The contacts list, literal or read from a secret: exactly one contact. */
export const CONTACTS: Rule = { kind: 'list', item: object(CONTACT), min: c.CONTACTS_COUNT.min, max: c.CONTACTS_COUNT.max };

const SELECTOR: Fields<SelectorProperties> = {
  InvoiceUnitArns: {
    presence: optional,
    prop: 'invoiceUnitArns',
    rule: { kind: 'list', item: check(c.checkInvoiceUnitArn), min: 0, max: c.INVOICE_UNIT_ARNS_MAX, distinct: true },
  },
  SellerOfRecords: {
    presence: optional,
    prop: 'sellerOfRecords',
    rule: { kind: 'list', item: IDENTIFIER, min: 0, max: c.SELLER_OF_RECORDS_MAX, distinct: true },
  },
};

export const TEST_ENV: Fields<TestEnvPreferenceProperties> = {
  BuyerDomain: { presence: optional, prop: 'buyerDomain', rule: PARTY_DOMAIN, absentMeans: DEFAULT_DOMAIN },
  BuyerIdentifier: { presence: required, prop: 'buyerIdentifier', rule: IDENTIFIER },
  SupplierDomain: { presence: optional, prop: 'supplierDomain', rule: PARTY_DOMAIN, absentMeans: DEFAULT_DOMAIN },
  SupplierIdentifier: { presence: required, prop: 'supplierIdentifier', rule: IDENTIFIER },
  ProcurementPortalSharedSecretRef: { presence: optional, prop: 'sharedSecret', rule: object(SECRET_REFERENCE), sensitive: true },
  ProcurementPortalInstanceEndpoint: { presence: optional, prop: 'instanceEndpoint', rule: check(c.checkHttpsUrl) },
};

const SUPPLIER_LOOKUP: Fields<SupplierLookupProperties> = {
  SellerOfRecord: { presence: required, prop: 'sellerOfRecord', rule: IDENTIFIER },
  CountryCode: { presence: optional, prop: 'countryCode', rule: check(c.checkCountryCode) },
};

const SOURCE: Fields<PurchaseOrderDataSourceProperties> = {
  EinvoiceDeliveryDocumentType: { presence: required, prop: 'documentType', rule: oneOf(c.EINVOICE_DOCUMENT_TYPES) },
  PurchaseOrderDataSourceType: { presence: required, prop: 'sourceType', rule: oneOf(c.PURCHASE_ORDER_DATA_SOURCE_TYPES) },
};

const DELIVERY: Fields<EinvoiceDeliveryPreferenceProperties> = {
  EinvoiceDeliveryDocumentTypes: {
    presence: required,
    prop: 'documentTypes',
    rule: { kind: 'list', item: oneOf(c.EINVOICE_DOCUMENT_TYPES), min: 0, max: c.DOCUMENT_TYPES_MAX, distinct: true },
  },
  // The API sets no count for attachment types; there are two of them.
  EinvoiceDeliveryAttachmentTypes: {
    presence: optional,
    prop: 'attachmentTypes',
    rule: { kind: 'list', item: oneOf(c.EINVOICE_ATTACHMENT_TYPES), min: 0, max: c.EINVOICE_ATTACHMENT_TYPES.length },
  },
  Protocol: { presence: required, prop: 'protocol', rule: oneOf(c.EINVOICE_PROTOCOLS) },
  PurchaseOrderDataSources: { presence: required, prop: 'purchaseOrderDataSources', rule: { kind: 'list', item: object(SOURCE), min: 0 } },
  ConnectionTestingMethod: { presence: required, prop: 'connectionTestingMethod', rule: oneOf(c.CONNECTION_TESTING_METHODS) },
  EinvoiceDeliveryActivationDate: { presence: required, prop: 'activationDate', rule: { kind: 'epochSeconds' } },
};

const atLeastOneFeature: Refinement = (record, name, path) =>
  (record.EinvoiceDelivery === 'false' && record.PurchaseOrderRetrieval === 'false'
    ? `${path} must suspend at least one feature: ${name('EinvoiceDelivery')} and ${name('PurchaseOrderRetrieval')} are both false; `
      + 'remove the suspension to resume both'
    : undefined);

const SUSPENSION: Fields<SuspensionProperties> = {
  Reason: { presence: required, prop: 'reason', rule: check(c.checkStatusReason) },
  EinvoiceDelivery: { presence: required, prop: 'einvoiceDelivery', rule: BOOLEAN },
  PurchaseOrderRetrieval: { presence: required, prop: 'purchaseOrderRetrieval', rule: BOOLEAN },
};

/** Rules across the top-level properties. */
const preferenceRules: Refinement = (record, name) => {
  const problems: string[] = [];
  const hasId = record.SupplierIdentifier !== undefined;
  if (hasId === (record.SupplierLookup !== undefined)) {
    problems.push(`exactly one of ${name('SupplierIdentifier')} and ${name('SupplierLookup')} must be given, got ${hasId ? 'both' : 'neither'}`);
  }
  const hasContacts = record.Contacts !== undefined;
  if (hasContacts === (record.ContactsRef !== undefined)) {
    problems.push(`exactly one of ${name('Contacts')} and ${name('ContactsRef')} must be given, got ${hasContacts ? 'both' : 'neither'}`);
  }
  if (record.EinvoiceDeliveryEnabled === 'true' && record.EinvoiceDeliveryPreference === undefined) {
    problems.push(`${name('EinvoiceDeliveryPreference')} is required when ${name('EinvoiceDeliveryEnabled')} is true (document types, `
      + 'purchase order data sources, connection testing method and activation date)');
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
};

/** The table. The order is the template's. */
export const PREFERENCE_FIELDS = {
  SchemaVersion: { role: 'metadata', presence: optional, prop: 'SchemaVersion', rule: { kind: 'text' }, absentMeans: SCHEMA_VERSION },
  ProcurementPortalName: { role: 'identity', presence: required, prop: 'procurementPortalName', rule: oneOf(c.PROCUREMENT_PORTAL_NAMES) },
  BuyerDomain: { role: 'identity', presence: optional, prop: 'buyerDomain', rule: PARTY_DOMAIN, absentMeans: DEFAULT_DOMAIN },
  BuyerIdentifier: { role: 'identity', presence: required, prop: 'buyerIdentifier', rule: IDENTIFIER },
  SupplierDomain: { role: 'identity', presence: optional, prop: 'supplierDomain', rule: PARTY_DOMAIN, absentMeans: DEFAULT_DOMAIN },
  SupplierIdentifier: { role: 'identity', presence: optional, prop: 'supplierIdentifier', rule: IDENTIFIER },
  SupplierLookup: { role: 'identity', presence: optional, prop: 'supplierLookup', rule: object(SUPPLIER_LOOKUP) },
  Selector: { role: 'configuration', presence: optional, prop: 'selector', rule: object(SELECTOR) },
  ProcurementPortalSharedSecretRef: {
    role: 'secret', presence: optional, prop: 'sharedSecret', rule: object(SECRET_REFERENCE), sensitive: true,
  },
  ProcurementPortalInstanceEndpoint: { role: 'configuration', presence: optional, prop: 'instanceEndpoint', rule: check(c.checkHttpsUrl) },
  TestEnvPreference: { role: 'configuration', presence: optional, prop: 'testEnvironment', rule: object(TEST_ENV) },
  EinvoiceDeliveryEnabled: { role: 'configuration', presence: optional, prop: 'einvoiceDeliveryEnabled', rule: BOOLEAN, absentMeans: 'false' },
  EinvoiceDeliveryPreference: { role: 'configuration', presence: optional, prop: 'einvoiceDelivery', rule: object(DELIVERY) },
  PurchaseOrderRetrievalEnabled: {
    role: 'configuration', presence: optional, prop: 'purchaseOrderRetrievalEnabled', rule: BOOLEAN, absentMeans: 'false',
  },
  Contacts: { role: 'configuration', presence: optional, prop: 'contacts', rule: CONTACTS, sensitive: true },
  ContactsRef: { role: 'secret', presence: optional, prop: 'contactsSecret', rule: object(SECRET_REFERENCE), sensitive: true },
  ResourceTags: { role: 'tags', presence: optional, prop: 'tags', rule: { kind: 'tags' } },
  AllowReplacement: { role: 'switch', presence: optional, prop: 'allowReplacement', rule: BOOLEAN, absentMeans: 'false' },
  AdoptExisting: { role: 'switch', presence: optional, prop: 'adoptExisting', rule: BOOLEAN, absentMeans: 'false' },
  ReapplyOnSecretRotation: { role: 'switch', presence: optional, prop: 'reapplyOnSecretRotation', rule: BOOLEAN, absentMeans: 'true' },
  SendValidationCode: { role: 'status', presence: optional, prop: 'sendValidationCode', rule: BOOLEAN, absentMeans: 'false' },
  Suspended: { role: 'status', presence: optional, prop: 'suspended', rule: object(SUSPENSION, atLeastOneFeature) },
} as const satisfies PreferenceFields;

/** The top-level object's rule: its fields and the rules across them. */
export const PREFERENCE: Rule = { kind: 'object', fields: PREFERENCE_FIELDS as Fields<object>, refine: preferenceRules };

/** A role table: each wire property with its role (the preference's below, the invoice unit's in invoice-unit.ts). */
type RoleTable = Readonly<Record<string, { readonly role: PropertyRole }>>;
/** The keys of a role table that have one of the roles `R`, as a type. */
export type KeyOfRole<T extends RoleTable, R extends PropertyRole> = { [K in keyof T]: T[K]['role'] extends R ? K : never }[keyof T];

/** The keys of `table` that have one of `roles`, in the table's order. */
export function keysOfRole<T extends RoleTable, R extends PropertyRole>(table: T, ...roles: R[]): ReadonlyArray<KeyOfRole<T, R>> {
  return (Object.keys(table) as Array<keyof T>).filter((key) => (roles as PropertyRole[]).includes(table[key].role)) as Array<KeyOfRole<T, R>>;
}

type Table = typeof PREFERENCE_FIELDS;
/** The wire properties of one role, as a type. */
export type FieldOfRole<R extends PropertyRole> = KeyOfRole<Table, R>;

/** The wire properties of `roles`, in the table's order. */
export function fieldsOfRole<R extends PropertyRole>(...roles: R[]): ReadonlyArray<FieldOfRole<R>> {
  return keysOfRole(PREFERENCE_FIELDS, ...roles);
}

/** The fields that name a preference: changing any of them replaces it. */
export const IDENTITY_FIELDS = fieldsOfRole('identity');
export type IdentityField = FieldOfRole<'identity'>;

/** Identity the handler resolves before the service sees it: a lookup of AWS's supplier id. */
export type LookupField = 'SupplierLookup';
/** The five fields that name a preference in the service (its summaries and Create carry them). */
export const SERVICE_IDENTITY_FIELDS = IDENTITY_FIELDS.filter((field): field is Exclude<IdentityField, LookupField> => field !== 'SupplierLookup');

export function roleOf(key: string): PropertyRole | undefined {
  return (PREFERENCE_FIELDS as Record<string, PreferenceField>)[key]?.role;
}

/** What each absent property means, by key, as CloudFormation would send it. */
function defaultsOf(fields: Fields<object>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields as Record<string, Field>)
    .filter(([, field]) => field.absentMeans !== undefined)
    .map(([key, field]) => [key, field.absentMeans!]));
}

/**
 * Received properties with every absent default filled in, as CloudFormation would send them (strings): whatever
 * parses or compares received properties calls it first, so a template of an earlier release, which rendered the
 * defaults, compares equal to one that leaves them out.
 */
export function withDefaults<T extends Record<string, unknown> | undefined>(props: T): T {
  const fill = (value: unknown, fields: Fields<object>): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const filled: Record<string, unknown> = { ...value };
    for (const [key, absentMeans] of Object.entries(defaultsOf(fields))) filled[key] ??= absentMeans;
    return filled;
  };
  const filled = fill(props, PREFERENCE_FIELDS as Fields<object>) as Record<string, unknown> | undefined;
  if (filled?.TestEnvPreference !== undefined) filled.TestEnvPreference = fill(filled.TestEnvPreference, TEST_ENV as Fields<object>);
  return filled as T;
}

/** A default as the construct compares it before leaving it out of the template (typed: `false`, not "false"). */
export function isAbsentDefault(field: Field, value: unknown): boolean {
  return value !== undefined && field.absentMeans !== undefined && String(value) === field.absentMeans;
}
