/**
 * The preference's configuration (everything Put takes), read strictly from CloudFormation's strings with its secrets
 * as references: the parts parseProperties assembles. A Create or a Put resolves the references
 * (preference/resolve-configuration.ts).
 */
import type {
  Contact, EinvoiceDeliveryPreference, ProcurementPortalPreferenceSelector, PurchaseOrderDataSource, PutProcurementPortalPreferenceRequest,
  TestEnvPreferenceInput,
} from '@aws-sdk/client-invoicing';
import { Key, OPTIONAL as O, Problems, REQUIRED as R, Reader, Wire } from './reader';
import * as c from '../../src/contract/constraints';
import {
  ContactProperties, EinvoiceDeliveryPreferenceProperties, PreferenceProperties, PurchaseOrderDataSourceProperties, Received,
  SecretReference, SelectorProperties, TestEnvPreferenceProperties,
} from '../../src/contract/wire';

/** What Create and Put share, as the API takes it: everything but the ARN, the identity, the tags and the token. */
export type PreferenceConfigurationInput = Omit<PutProcurementPortalPreferenceRequest, 'ProcurementPortalPreferenceArn' | 'ClientToken'>;
/** The test environment, its secret still a reference. */
export type TestEnvConfiguration = Omit<TestEnvPreferenceInput, 'ProcurementPortalSharedSecret'> & { readonly SharedSecretRef?: SecretReference };
/** Everything Put takes, with secrets still as references. */
export type PreferenceConfiguration = Omit<PreferenceConfigurationInput, 'ProcurementPortalSharedSecret' | 'TestEnvPreference' | 'Contacts'> & {
  readonly SharedSecretRef?: SecretReference;
  readonly TestEnvPreference?: TestEnvConfiguration;
  readonly Contacts: { readonly literal: Contact[] } | { readonly ref: SecretReference };
};

const SECRET_REF: Wire<SecretReference> = { SecretArn: R, JsonField: O };
const SELECTOR: Wire<SelectorProperties> = { InvoiceUnitArns: O, SellerOfRecords: O };
const TEST_ENV: Wire<TestEnvPreferenceProperties> = {
  BuyerDomain: O, // withDefaults() fills the domains in before parsing
  BuyerIdentifier: R,
  SupplierDomain: O,
  SupplierIdentifier: R,
  ProcurementPortalSharedSecretRef: O,
  ProcurementPortalInstanceEndpoint: O,
};
const DELIVERY: Wire<EinvoiceDeliveryPreferenceProperties> = {
  EinvoiceDeliveryDocumentTypes: R,
  Protocol: R,
  PurchaseOrderDataSources: R,
  ConnectionTestingMethod: R,
  EinvoiceDeliveryActivationDate: R,
  EinvoiceDeliveryAttachmentTypes: O,
};
const SOURCE: Wire<PurchaseOrderDataSourceProperties> = { EinvoiceDeliveryDocumentType: R, PurchaseOrderDataSourceType: R };
const CONTACT: Wire<ContactProperties> = { Name: O, Email: O };
const SECRET_ARN_PATTERN = /^arn:aws[-a-z]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^\s]+$/;

/** A check that the value is one of `allowed`; `oneOf` gives the value the API's enum type. */
export const among = (allowed: readonly string[]) => (path: string, value: string) => c.checkOneOf(path, value, allowed);
export const oneOf = <E extends string>(value: string | undefined): E => (value ?? '') as E;

type SecretRefKey<T> = { [K in Key<T>]-?: NonNullable<T[K]> extends Received<SecretReference> ? K : never }[Key<T>];

export function secretRef<T>(r: Reader<T>, key: SecretRefKey<T>): SecretReference | undefined {
  // Sensitive: a plaintext secret given where its reference belongs must not be repeated.
  const o = r.has(key) ? r.problems.object<Received<SecretReference>>(r.at(key), r.get(key), SECRET_REF, true) : undefined;
  const arn = o?.string('SecretArn');
  if (o && arn !== undefined && !SECRET_ARN_PATTERN.test(arn)) o.problems.add(`${o.at('SecretArn')} must be a Secrets Manager secret ARN, got '${arn.slice(0, 200)}'`);
  const field = o?.string('JsonField');
  if (o && field === '') o.problems.add(`${o.at('JsonField')} must not be empty when given`);
  return arn === undefined ? undefined : { SecretArn: arn, ...(field ? { JsonField: field } : {}) };
}

export function selector(r: Reader<Received<PreferenceProperties>>): ProcurementPortalPreferenceSelector | undefined {
  const s = r.object('Selector', SELECTOR);
  if (!s) return undefined;
  // Each item checked, then the list: distinct values as received.
  const list = (key: Key<Received<SelectorProperties>>, max: number, check: typeof c.checkIdentifier): string[] | undefined => {
    const items = s.strings(key, 0, max);
    items?.forEach((item, i) => s.problems.string(`${s.at(key)}[${i}]`, item, check));
    s.problems.check(items, (v) => c.checkDistinct(s.at(key), v));
    return items;
  };
  const arns = list('InvoiceUnitArns', c.INVOICE_UNIT_ARNS_MAX, c.checkInvoiceUnitArn);
  const sellers = list('SellerOfRecords', c.SELLER_OF_RECORDS_MAX, c.checkIdentifier);
  return { ...(arns ? { InvoiceUnitArns: arns } : {}), ...(sellers ? { SellerOfRecords: sellers } : {}) };
}

export function testEnv(r: Reader<Received<PreferenceProperties>>): TestEnvConfiguration | undefined {
  const t = r.object('TestEnvPreference', TEST_ENV);
  if (!t) return undefined;
  const ref = secretRef(t, 'ProcurementPortalSharedSecretRef');
  const url = t.string('ProcurementPortalInstanceEndpoint', c.checkHttpsUrl);
  return {
    BuyerDomain: oneOf(t.string('BuyerDomain', among(c.PARTY_DOMAINS))),
    BuyerIdentifier: t.string('BuyerIdentifier', c.checkIdentifier) ?? '',
    SupplierDomain: oneOf(t.string('SupplierDomain', among(c.PARTY_DOMAINS))),
    SupplierIdentifier: t.string('SupplierIdentifier', c.checkIdentifier) ?? '',
    ...(ref ? { SharedSecretRef: ref } : {}),
    ...(url ? { ProcurementPortalInstanceEndpoint: url } : {}),
  };
}

export function einvoiceDelivery(r: Reader<Received<PreferenceProperties>>): EinvoiceDeliveryPreference | undefined {
  const d = r.object('EinvoiceDeliveryPreference', DELIVERY);
  if (!d) return undefined;
  const documentTypes = d.strings('EinvoiceDeliveryDocumentTypes', 0, c.DOCUMENT_TYPES_MAX, among(c.EINVOICE_DOCUMENT_TYPES)) ?? [];
  const attachmentTypes = d.strings('EinvoiceDeliveryAttachmentTypes', 0, c.EINVOICE_ATTACHMENT_TYPES.length, among(c.EINVOICE_ATTACHMENT_TYPES));
  d.problems.check(documentTypes, (v) => c.checkDistinct(d.at('EinvoiceDeliveryDocumentTypes'), v));
  const sources: PurchaseOrderDataSource[] = d.objects('PurchaseOrderDataSources', SOURCE).map((s) => ({
    EinvoiceDeliveryDocumentType: oneOf(s?.string('EinvoiceDeliveryDocumentType', among(c.EINVOICE_DOCUMENT_TYPES))),
    PurchaseOrderDataSourceType: oneOf(s?.string('PurchaseOrderDataSourceType', among(c.PURCHASE_ORDER_DATA_SOURCE_TYPES))),
  }));
  return {
    EinvoiceDeliveryDocumentTypes: documentTypes.map((v) => oneOf(v)),
    ...(attachmentTypes ? { EinvoiceDeliveryAttachmentTypes: attachmentTypes.map((v) => oneOf(v)) } : {}),
    Protocol: oneOf(d.string('Protocol', among(c.EINVOICE_PROTOCOLS))),
    PurchaseOrderDataSources: sources,
    ConnectionTestingMethod: oneOf(d.string('ConnectionTestingMethod', among(c.CONNECTION_TESTING_METHODS))),
    EinvoiceDeliveryActivationDate: d.epochSeconds('EinvoiceDeliveryActivationDate') ?? new Date(0),
  };
}

/** Contacts, literal or read from a secret (`path` names where they came from): checked, never repeated in a message. */
export function contacts(problems: Problems, path: string, value: unknown): Contact[] {
  const items = problems.array(path, value, true) ?? [];
  problems.check(items.length, (n) => c.checkCount(path, n, c.CONTACTS_COUNT.min, c.CONTACTS_COUNT.max));
  return items.map((item, i) => {
    const o = problems.object(`${path}[${i}]`, item, CONTACT, true);
    // An empty name is valid: the API takes 0 to 1,024 characters.
    const name = o?.string('Name', c.checkContactName, true);
    const email = o?.string('Email', c.checkEmail, true);
    return { ...(name !== undefined ? { Name: name } : {}), ...(email !== undefined ? { Email: email } : {}) };
  });
}
