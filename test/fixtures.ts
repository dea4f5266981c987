/**
 * What the construct, handler and end-to-end tests and the benchmark share: the contract's Coupa and SAP preferences at
 * each level a test meets them (construct props, the custom resource's properties, the API's Create input) and the
 * canary values that must never leave Secrets Manager. No jest here: tools/bench imports it too.
 */
import type { Contact, CreateProcurementPortalPreferenceRequest } from '@aws-sdk/client-invoicing';
import {
  ConnectionTestingMethod,
  EinvoiceAttachmentType,
  EinvoiceDeliveryProps,
  EinvoiceDocumentType,
  PortalSecret,
  ProcurementPortalName,
  ProcurementPortalPreferenceProps,
  PurchaseOrderDataSourceType,
} from '../src';
import { Fields, PREFERENCE_FIELDS, TEST_ENV, isAbsentDefault } from '../src/contract/properties';
import { PreferenceProperties, SCHEMA_VERSION } from '../src/contract/wire';

export const ACCOUNT = '123456789012';

// Canaries: a test that finds one in a template, an error, a response or a log line has found a leak. They start with
// CANARY so that a search for that word finds a fragment too; the secret has characters beyond ASCII.
export const CANARY_SECRET = "CANARY-s3cret-9f8e7d'q\u00e9\u2603";
/** The test environment's secret: it contains CANARY_SECRET, so a search for that one finds both. */
export const CANARY_TEST_SECRET = `${CANARY_SECRET}-test`;
export const CANARY_NAME = 'CANARY Contact 5b1d9e';
export const CANARY_EMAIL = 'canary.5b1d9e@example.com';
/** A contact as the API and the custom resource's properties spell it. */
export const CANARY_CONTACT: Readonly<Required<Contact>> = { Name: CANARY_NAME, Email: CANARY_EMAIL };
export const CANARIES: readonly string[] = [CANARY_SECRET, CANARY_TEST_SECRET, CANARY_NAME, CANARY_EMAIL];

export const INVOICE_UNIT_ARN = `arn:aws:invoicing::${ACCOUNT}:invoice-unit/abcd1234`;
export const ACTIVATION_DATE = new Date('2027-01-01T00:00:00Z');
const ENDPOINT = 'https://portal.example.com/cxml/invoices';
const TEST_ENDPOINT = 'https://test.portal.example.com/cxml/invoices';

/** The contract's Coupa preference (examples/contract.ts) as construct props, with its two shared secrets. */
export function coupaProps(secrets: { shared: PortalSecret; test: PortalSecret }): ProcurementPortalPreferenceProps {
  return {
    procurementPortalName: ProcurementPortalName.COUPA,
    buyerIdentifier: 'AN01000000001',
    supplierIdentifier: 'AN01000000002',
    selector: { invoiceUnitArns: [INVOICE_UNIT_ARN], sellerOfRecords: ['AWS'] },
    sharedSecret: secrets.shared,
    instanceEndpoint: ENDPOINT,
    testEnvironment: {
      buyerIdentifier: 'AN01000000001-T',
      supplierIdentifier: 'AN01000000002-T',
      sharedSecret: secrets.test,
      instanceEndpoint: TEST_ENDPOINT,
    },
    einvoiceDelivery: {
      documentTypes: [EinvoiceDocumentType.AWS_CLOUD_INVOICE, EinvoiceDocumentType.AWS_CLOUD_CREDIT_MEMO],
      attachmentTypes: [EinvoiceAttachmentType.INVOICE_PDF],
      purchaseOrderDataSources: [{
        documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE,
        sourceType: PurchaseOrderDataSourceType.PURCHASE_ORDER_NOT_REQUIRED,
      }],
      connectionTestingMethod: ConnectionTestingMethod.TEST_ENV_REPLAY_TEST,
      activationDate: ACTIVATION_DATE,
    },
    purchaseOrderRetrievalEnabled: false,
    contacts: [{ name: 'Accounts payable', email: 'ap@example.com' }],
  };
}

/** The smallest valid props: the contract's SAP Business Network preference (purchase orders only), without its secret. */
export function minimalProps(overrides: Partial<ProcurementPortalPreferenceProps> = {}): ProcurementPortalPreferenceProps {
  return {
    procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
    buyerIdentifier: 'AN02000000001',
    supplierIdentifier: 'AN02000000002',
    purchaseOrderRetrievalEnabled: true,
    contacts: [{ name: 'Procurement', email: 'procurement@example.com' }],
    ...overrides,
  };
}

/** The smallest valid e-invoice delivery settings (one document type, its purchase order source, the dollar test). */
export function minimalDelivery(overrides: Partial<EinvoiceDeliveryProps> = {}): EinvoiceDeliveryProps {
  return {
    documentTypes: [EinvoiceDocumentType.AWS_CLOUD_INVOICE],
    purchaseOrderDataSources: [{
      documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE,
      sourceType: PurchaseOrderDataSourceType.ASSOCIATED_PURCHASE_ORDER_REQUIRED,
    }],
    connectionTestingMethod: ConnectionTestingMethod.PROD_ENV_DOLLAR_TEST,
    activationDate: ACTIVATION_DATE,
    ...overrides,
  };
}

/** The identity members of the Coupa preference (Create's, and what a conflict names). */
export const COUPA_IDENTITY = {
  ProcurementPortalName: 'COUPA',
  BuyerDomain: 'NetworkID',
  BuyerIdentifier: 'AN01000000001',
  SupplierDomain: 'NetworkID',
  SupplierIdentifier: 'AN01000000002',
} as const;

// What the Coupa preference's properties and its Create request share (the API's members, values as the API has them).
const COUPA_TEST_IDENTITY = {
  BuyerDomain: 'NetworkID',
  BuyerIdentifier: 'AN01000000001-T',
  SupplierDomain: 'NetworkID',
  SupplierIdentifier: 'AN01000000002-T',
} as const;
// Each value typed as its own literal: the properties take any string, the API's types a union of them.
const COUPA_DELIVERY = {
  EinvoiceDeliveryDocumentTypes: ['AWS_CLOUD_INVOICE' as const, 'AWS_CLOUD_CREDIT_MEMO' as const],
  EinvoiceDeliveryAttachmentTypes: ['INVOICE_PDF' as const],
  Protocol: 'CXML' as const,
  PurchaseOrderDataSources: [{
    EinvoiceDeliveryDocumentType: 'AWS_CLOUD_INVOICE' as const,
    PurchaseOrderDataSourceType: 'PURCHASE_ORDER_NOT_REQUIRED' as const,
  }],
  ConnectionTestingMethod: 'TEST_ENV_REPLAY_TEST' as const,
};

/** The identity members of the SAP preference. */
export const SAP_IDENTITY = {
  ProcurementPortalName: 'SAP_BUSINESS_NETWORK',
  BuyerDomain: 'NetworkID',
  BuyerIdentifier: 'AN02000000001',
  SupplierDomain: 'NetworkID',
  SupplierIdentifier: 'AN02000000002',
} as const;

/**
 * The Coupa preference's custom resource properties as the construct renders them (before CloudFormation stringifies
 * them), given its two secrets' ARNs, with the canary contact and the contract's tag.
 */
export function coupaProperties(secretArns: { shared: string; test: string }): PreferenceProperties {
  return {
    SchemaVersion: SCHEMA_VERSION,
    ...COUPA_IDENTITY,
    Selector: { InvoiceUnitArns: [INVOICE_UNIT_ARN], SellerOfRecords: ['AWS'] },
    ProcurementPortalSharedSecretRef: { SecretArn: secretArns.shared, JsonField: 'sharedSecret' },
    ProcurementPortalInstanceEndpoint: ENDPOINT,
    TestEnvPreference: {
      ...COUPA_TEST_IDENTITY,
      ProcurementPortalSharedSecretRef: { SecretArn: secretArns.test },
      ProcurementPortalInstanceEndpoint: TEST_ENDPOINT,
    },
    EinvoiceDeliveryEnabled: true,
    EinvoiceDeliveryPreference: { ...COUPA_DELIVERY, EinvoiceDeliveryActivationDate: ACTIVATION_DATE.getTime() / 1000 },
    PurchaseOrderRetrievalEnabled: false,
    Contacts: [{ ...CANARY_CONTACT }],
    ResourceTags: [{ Key: 'team', Value: 'finance' }],
  };
}

/** The properties as the construct renders them: the values an absent property means (properties.ts) left out. */
export function asRendered(properties: PreferenceProperties): PreferenceProperties {
  const drop = <T extends object>(value: T, fields: Fields<T>): T => Object.fromEntries(Object.entries(value)
    .filter(([k, v]) => !isAbsentDefault(fields[k as keyof T], v))) as T;
  const rendered = drop(properties, PREFERENCE_FIELDS);
  return properties.TestEnvPreference ? { ...rendered, TestEnvPreference: drop(properties.TestEnvPreference, TEST_ENV) } : rendered;
}

/** The SAP preference's properties (purchase orders only, the canary contact), with its shared secret when given. */
export function sapProperties(sharedSecretArn?: string): PreferenceProperties {
  return {
    SchemaVersion: SCHEMA_VERSION,
    ...SAP_IDENTITY,
    ...(sharedSecretArn === undefined ? {} : { ProcurementPortalSharedSecretRef: { SecretArn: sharedSecretArn, JsonField: 'sharedSecret' } }),
    EinvoiceDeliveryEnabled: false,
    PurchaseOrderRetrievalEnabled: true,
    Contacts: [{ ...CANARY_CONTACT }],
  };
}

/** What Create sends for `coupaProperties()` once the secrets are read (the canaries unless given), without tags. */
export function coupaRequest(secrets: { shared: string; test: string } = { shared: CANARY_SECRET, test: CANARY_TEST_SECRET }):
CreateProcurementPortalPreferenceRequest & typeof COUPA_IDENTITY {
  return {
    ...COUPA_IDENTITY,
    Selector: { InvoiceUnitArns: [INVOICE_UNIT_ARN], SellerOfRecords: ['AWS'] },
    ProcurementPortalSharedSecret: secrets.shared,
    ProcurementPortalInstanceEndpoint: ENDPOINT,
    TestEnvPreference: { ...COUPA_TEST_IDENTITY, ProcurementPortalSharedSecret: secrets.test, ProcurementPortalInstanceEndpoint: TEST_ENDPOINT },
    EinvoiceDeliveryEnabled: true,
    EinvoiceDeliveryPreference: { ...COUPA_DELIVERY, EinvoiceDeliveryActivationDate: ACTIVATION_DATE },
    PurchaseOrderRetrievalEnabled: false,
    Contacts: [{ ...CANARY_CONTACT }],
  };
}

type Request = Pick<CreateProcurementPortalPreferenceRequest, keyof CreateProcurementPortalPreferenceRequest>;

/**
 * The smallest Create request (the SAP preference's identity, purchase orders only, the canary contact): a preference
 * a test seeds in the Invoicing emulator, as made outside the stack.
 */
export function minimalRequest(overrides: Partial<Request> = {}): Request {
  return { ...SAP_IDENTITY, EinvoiceDeliveryEnabled: false, PurchaseOrderRetrievalEnabled: true, Contacts: [{ ...CANARY_CONTACT }], ...overrides };
}
