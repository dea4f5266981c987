/**
 * The preference's configuration (everything Put takes), from CloudFormation's strings (already checked against the
 * shared rules) to the API's types, its secrets still references: the parts parseProperties assembles. A Create or a
 * Put resolves the references (preference/resolve-configuration.ts).
 */
import type {
  Contact, EinvoiceDeliveryPreference, ProcurementPortalPreferenceSelector, PutProcurementPortalPreferenceRequest, TestEnvPreferenceInput,
} from '@aws-sdk/client-invoicing';
import {
  ContactProperties, EinvoiceDeliveryPreferenceProperties, Received, SecretReference, SelectorProperties, TestEnvPreferenceProperties,
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

/** A checked value of one of the API's enums. */
export const oneOf = <E extends string>(value: string | undefined): E => (value ?? '') as E;

export function secretRef(ref: Received<SecretReference> | undefined): SecretReference | undefined {
  return ref && { SecretArn: ref.SecretArn, ...(ref.JsonField ? { JsonField: ref.JsonField } : {}) };
}

export function selector(s: Received<SelectorProperties> | undefined): ProcurementPortalPreferenceSelector | undefined {
  return s && {
    ...(s.InvoiceUnitArns ? { InvoiceUnitArns: [...s.InvoiceUnitArns] } : {}),
    ...(s.SellerOfRecords ? { SellerOfRecords: [...s.SellerOfRecords] } : {}),
  };
}

export function testEnv(t: Received<TestEnvPreferenceProperties> | undefined): TestEnvConfiguration | undefined {
  if (!t) return undefined;
  const ref = secretRef(t.ProcurementPortalSharedSecretRef);
  return {
    BuyerDomain: oneOf(t.BuyerDomain),
    BuyerIdentifier: t.BuyerIdentifier,
    SupplierDomain: oneOf(t.SupplierDomain),
    SupplierIdentifier: t.SupplierIdentifier,
    ...(ref ? { SharedSecretRef: ref } : {}),
    ...(t.ProcurementPortalInstanceEndpoint ? { ProcurementPortalInstanceEndpoint: t.ProcurementPortalInstanceEndpoint } : {}),
  };
}

export function einvoiceDelivery(d: Received<EinvoiceDeliveryPreferenceProperties> | undefined): EinvoiceDeliveryPreference | undefined {
  return d && {
    EinvoiceDeliveryDocumentTypes: d.EinvoiceDeliveryDocumentTypes.map((v) => oneOf(v)),
    ...(d.EinvoiceDeliveryAttachmentTypes ? { EinvoiceDeliveryAttachmentTypes: d.EinvoiceDeliveryAttachmentTypes.map((v) => oneOf(v)) } : {}),
    Protocol: oneOf(d.Protocol),
    PurchaseOrderDataSources: d.PurchaseOrderDataSources.map((s) => ({
      EinvoiceDeliveryDocumentType: oneOf(s.EinvoiceDeliveryDocumentType),
      PurchaseOrderDataSourceType: oneOf(s.PurchaseOrderDataSourceType),
    })),
    ConnectionTestingMethod: oneOf(d.ConnectionTestingMethod),
    // Integer epoch seconds, as the construct renders a date.
    EinvoiceDeliveryActivationDate: new Date(Number(d.EinvoiceDeliveryActivationDate) * 1_000),
  };
}

/** Checked contacts, literal or read from a secret, as the API takes them. */
export function contacts(list: ReadonlyArray<Received<ContactProperties>>): Contact[] {
  return list.map((c) => ({ ...(c.Name !== undefined ? { Name: c.Name } : {}), ...(c.Email !== undefined ? { Email: c.Email } : {}) }));
}
