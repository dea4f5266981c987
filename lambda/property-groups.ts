import type {
  BuyerDomain, ConnectionTestingMethod, Contact, EinvoiceDeliveryAttachmentType, EinvoiceDeliveryDocumentType,
  EinvoiceDeliveryPreference, ProcurementPortalPreferenceSelector, Protocol, PurchaseOrderDataSourceType, ResourceTag,
  SupplierDomain,
} from '@aws-sdk/client-invoicing';
import { Reader, Value } from './reader';
import {
  CONNECTION_TESTING_METHODS, CONTACTS_COUNT, DOCUMENT_TYPES_MAX, EINVOICE_ATTACHMENT_TYPES, EINVOICE_DOCUMENT_TYPES,
  EINVOICE_PROTOCOLS, INVOICE_UNIT_ARNS_MAX, PARTY_DOMAINS, PURCHASE_ORDER_DATA_SOURCE_TYPES, SELLER_OF_RECORDS_MAX,
  checkContactName, checkCount, checkDistinct, checkEmail, checkHttpsUrl, checkIdentifier, checkInvoiceUnitArn, checkOneOf, checkTags,
} from '../src/private/constraints';
import { SecretReference } from '../src/private/wire';

/**
 * The parts of the properties, each read strictly with a Reader and checked with constraints.ts (the same rules as at
 * synth time). parseProperties (properties.ts) assembles them.
 */

const SECRET_ARN_PATTERN = /^arn:aws[-a-z]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^\s]+$/;

export interface TestEnvConfiguration {
  readonly BuyerDomain: BuyerDomain;
  readonly BuyerIdentifier: string;
  readonly SupplierDomain: SupplierDomain;
  readonly SupplierIdentifier: string;
  readonly SharedSecretRef?: SecretReference;
  readonly ProcurementPortalInstanceEndpoint?: string;
}

export function secretRef(r: Reader, path: string, value: Value): SecretReference | undefined {
  // Sensitive: a plaintext secret given where its reference belongs must not be repeated.
  const o = r.object(path, value, ['SecretArn'], ['JsonField'], true);
  if (!o) return undefined;
  const arn = r.string(`${path}.SecretArn`, o.SecretArn);
  if (arn !== undefined && !SECRET_ARN_PATTERN.test(arn)) {
    r.problem(`${path}.SecretArn must be a Secrets Manager secret ARN, got '${arn.slice(0, 200)}'`);
  }
  const field = o.JsonField === undefined ? undefined : r.string(`${path}.JsonField`, o.JsonField);
  if (field === '') r.problem(`${path}.JsonField must not be empty when given`);
  return arn === undefined ? undefined : { SecretArn: arn, ...(field ? { JsonField: field } : {}) };
}

export function identifier(r: Reader, path: string, value: Value): string {
  return r.check(r.string(path, value), (v) => checkIdentifier(path, v)) ?? '';
}

export function oneOf<T extends string>(r: Reader, path: string, value: Value, allowed: readonly string[]): T {
  return (r.check(r.string(path, value), (v) => checkOneOf(path, v, allowed)) ?? '') as T;
}

export function endpoint(r: Reader, path: string, value: Value): string | undefined {
  return value === undefined ? undefined : r.check(r.string(path, value), (v) => checkHttpsUrl(path, v));
}

export function selector(r: Reader, value: Value): ProcurementPortalPreferenceSelector | undefined {
  const o = value === undefined ? undefined : r.object('Selector', value, [], ['InvoiceUnitArns', 'SellerOfRecords']);
  if (!o) return undefined;
  const arns = o.InvoiceUnitArns === undefined ? undefined : r.strings('Selector.InvoiceUnitArns', o.InvoiceUnitArns, 0, INVOICE_UNIT_ARNS_MAX);
  arns?.forEach((arn, i) => r.check(arn, (v) => checkInvoiceUnitArn(`Selector.InvoiceUnitArns[${i}]`, v)));
  r.check(arns, (v) => checkDistinct('Selector.InvoiceUnitArns', v));
  const sellers = o.SellerOfRecords === undefined ? undefined : r.strings('Selector.SellerOfRecords', o.SellerOfRecords, 0, SELLER_OF_RECORDS_MAX);
  sellers?.forEach((seller, i) => r.check(seller, (v) => checkIdentifier(`Selector.SellerOfRecords[${i}]`, v)));
  r.check(sellers, (v) => checkDistinct('Selector.SellerOfRecords', v));
  return { ...(arns ? { InvoiceUnitArns: arns } : {}), ...(sellers ? { SellerOfRecords: sellers } : {}) };
}

export function testEnv(r: Reader, value: Value): TestEnvConfiguration | undefined {
  const p = 'TestEnvPreference';
  const o = value === undefined ? undefined : r.object(p, value,
    ['BuyerDomain', 'BuyerIdentifier', 'SupplierDomain', 'SupplierIdentifier'],
    ['ProcurementPortalSharedSecretRef', 'ProcurementPortalInstanceEndpoint']);
  if (!o) return undefined;
  const ref = o.ProcurementPortalSharedSecretRef === undefined ? undefined : secretRef(r, `${p}.ProcurementPortalSharedSecretRef`, o.ProcurementPortalSharedSecretRef);
  const url = endpoint(r, `${p}.ProcurementPortalInstanceEndpoint`, o.ProcurementPortalInstanceEndpoint);
  return {
    BuyerDomain: oneOf<BuyerDomain>(r, `${p}.BuyerDomain`, o.BuyerDomain, PARTY_DOMAINS),
    BuyerIdentifier: identifier(r, `${p}.BuyerIdentifier`, o.BuyerIdentifier),
    SupplierDomain: oneOf<SupplierDomain>(r, `${p}.SupplierDomain`, o.SupplierDomain, PARTY_DOMAINS),
    SupplierIdentifier: identifier(r, `${p}.SupplierIdentifier`, o.SupplierIdentifier),
    ...(ref ? { SharedSecretRef: ref } : {}),
    ...(url ? { ProcurementPortalInstanceEndpoint: url } : {}),
  };
}

export function einvoiceDelivery(r: Reader, value: Value): EinvoiceDeliveryPreference | undefined {
  const p = 'EinvoiceDeliveryPreference';
  const o = value === undefined ? undefined : r.object(p, value,
    ['EinvoiceDeliveryDocumentTypes', 'Protocol', 'PurchaseOrderDataSources', 'ConnectionTestingMethod', 'EinvoiceDeliveryActivationDate'],
    ['EinvoiceDeliveryAttachmentTypes']);
  if (!o) return undefined;
  const documentTypes = (r.strings(`${p}.EinvoiceDeliveryDocumentTypes`, o.EinvoiceDeliveryDocumentTypes, 0, DOCUMENT_TYPES_MAX) ?? [])
    .map((v, i) => oneOf<EinvoiceDeliveryDocumentType>(r, `${p}.EinvoiceDeliveryDocumentTypes[${i}]`, v, EINVOICE_DOCUMENT_TYPES));
  const attachmentTypes = o.EinvoiceDeliveryAttachmentTypes === undefined ? undefined
    : (r.strings(`${p}.EinvoiceDeliveryAttachmentTypes`, o.EinvoiceDeliveryAttachmentTypes, 0, EINVOICE_ATTACHMENT_TYPES.length) ?? [])
      .map((v, i) => oneOf<EinvoiceDeliveryAttachmentType>(r, `${p}.EinvoiceDeliveryAttachmentTypes[${i}]`, v, EINVOICE_ATTACHMENT_TYPES));
  r.check(documentTypes, (v) => checkDistinct(`${p}.EinvoiceDeliveryDocumentTypes`, v));
  const sources = (r.array(`${p}.PurchaseOrderDataSources`, o.PurchaseOrderDataSources) ?? []).map((item, i) => {
    const q = `${p}.PurchaseOrderDataSources[${i}]`;
    const s = r.object(q, item, ['EinvoiceDeliveryDocumentType', 'PurchaseOrderDataSourceType'], []);
    return {
      EinvoiceDeliveryDocumentType: oneOf<EinvoiceDeliveryDocumentType>(r, `${q}.EinvoiceDeliveryDocumentType`, s?.EinvoiceDeliveryDocumentType, EINVOICE_DOCUMENT_TYPES),
      PurchaseOrderDataSourceType: oneOf<PurchaseOrderDataSourceType>(r, `${q}.PurchaseOrderDataSourceType`, s?.PurchaseOrderDataSourceType, PURCHASE_ORDER_DATA_SOURCE_TYPES),
    };
  });
  return {
    EinvoiceDeliveryDocumentTypes: documentTypes,
    ...(attachmentTypes ? { EinvoiceDeliveryAttachmentTypes: attachmentTypes } : {}),
    Protocol: oneOf<Protocol>(r, `${p}.Protocol`, o.Protocol, EINVOICE_PROTOCOLS),
    PurchaseOrderDataSources: sources,
    ConnectionTestingMethod: oneOf<ConnectionTestingMethod>(r, `${p}.ConnectionTestingMethod`, o.ConnectionTestingMethod, CONNECTION_TESTING_METHODS),
    EinvoiceDeliveryActivationDate: r.epochSeconds(`${p}.EinvoiceDeliveryActivationDate`, o.EinvoiceDeliveryActivationDate) ?? new Date(0),
  };
}

/** Literal contacts: checked, never repeated in a message (personal data). */
export function contacts(r: Reader, path: string, value: Value): Contact[] {
  const items = r.array(path, value, true) ?? [];
  r.check(items.length, (n) => checkCount(path, n, CONTACTS_COUNT.min, CONTACTS_COUNT.max));
  return items.map((item, i) => {
    const o = r.object(`${path}[${i}]`, item, [], ['Name', 'Email'], true);
    // An empty name is valid: the API takes 0 to 1,024 characters.
    const name = o?.Name === undefined ? undefined
      : r.check(r.string(`${path}[${i}].Name`, o.Name, true), (v) => checkContactName(`${path}[${i}].Name`, v));
    const email = o?.Email === undefined ? undefined
      : r.check(r.string(`${path}[${i}].Email`, o.Email, true), (v) => checkEmail(`${path}[${i}].Email`, v));
    return { ...(name !== undefined ? { Name: name } : {}), ...(email !== undefined ? { Email: email } : {}) };
  });
}

export function tags(r: Reader, value: Value): ResourceTag[] {
  const list = (value === undefined ? [] : r.array('ResourceTags', value) ?? []).map((item, i) => {
    const o = r.object(`ResourceTags[${i}]`, item, ['Key', 'Value'], []);
    return { Key: r.string(`ResourceTags[${i}].Key`, o?.Key) ?? '', Value: r.string(`ResourceTags[${i}].Value`, o?.Value) ?? '' };
  });
  checkTags('ResourceTags', list.map((t) => ({ key: t.Key, value: t.Value }))).forEach((p) => r.problem(p));
  const keys = list.map((t) => t.Key);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate !== undefined) r.problem(`ResourceTags must not repeat a key, got '${duplicate.slice(0, 128)}' twice`);
  return list;
}
