/**
 * The request shapes of the Invoicing operations the emulator serves, as in the service model that
 * `@aws-sdk/client-invoicing` (3.1137.0, dist-es/schemas/schemas_0.js) is generated from, with the limits of
 * src/private/constraints.ts (the same data the construct and the handler check).
 */
import { Shape, StructureShape, bool, list, str, structure, timestamp } from './shapes';
import {
  CONNECTION_TESTING_METHODS,
  DOCUMENT_TYPES_MAX,
  EINVOICE_ATTACHMENT_TYPES,
  EINVOICE_DOCUMENT_TYPES,
  EINVOICE_PROTOCOLS,
  EMAIL_PATTERN,
  IDENTIFIER_MAX_LENGTH,
  INVOICE_UNIT_ARN_PATTERN,
  INVOICE_UNIT_ARNS_MAX,
  NO_WHITESPACE,
  PARTY_DOMAINS,
  PREFERENCE_ARN_PATTERN,
  PROCUREMENT_PORTAL_NAMES,
  PURCHASE_ORDER_DATA_SOURCE_TYPES,
  SELLER_OF_RECORDS_MAX,
  TAG_KEY_LENGTH,
  TAG_VALUE_LENGTH,
  TAGS_MAX,
  checkHttpsUrl,
} from '../../src/private/constraints';

export const OPERATIONS = [
  'CreateProcurementPortalPreference',
  'GetProcurementPortalPreference',
  'PutProcurementPortalPreference',
  'DeleteProcurementPortalPreference',
  'ListProcurementPortalPreferences',
  'UpdateProcurementPortalPreferenceStatus',
  'SendProcurementPortalValidation',
  'VerifyProcurementPortalValidation',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
] as const;
export type InvoicingOperation = (typeof OPERATIONS)[number];

export const PREFERENCE_STATUSES = [
  'ACTIVE', 'PENDING_VERIFICATION', 'SUSPENDED', 'TEST_FAILED', 'TEST_INITIALIZATION_FAILED', 'TEST_INITIALIZED', 'VALIDATED',
] as const;

/** `BasicStringWithoutSpace`: 1 to 1,024 characters, no white space. */
const identifier = (sensitive = false): Shape =>
  str({ min: 1, max: IDENTIFIER_MAX_LENGTH, pattern: NO_WHITESPACE, sensitive });
const endpoint = str({ min: 1, max: IDENTIFIER_MAX_LENGTH, pattern: NO_WHITESPACE, check: checkHttpsUrl });
const preferenceArn = str({ min: 1, max: IDENTIFIER_MAX_LENGTH, pattern: PREFERENCE_ARN_PATTERN });
const clientToken = identifier();

const contact = structure({
  Name: str({ min: 1, max: IDENTIFIER_MAX_LENGTH, sensitive: true }),
  Email: str({ min: 1, max: IDENTIFIER_MAX_LENGTH, pattern: EMAIL_PATTERN, sensitive: true }),
}, [], true);
// The service takes exactly one contact.
const contacts = list(contact, 1, 1);

const selector = structure({
  InvoiceUnitArns: list(str({ pattern: INVOICE_UNIT_ARN_PATTERN, max: IDENTIFIER_MAX_LENGTH }), 0, INVOICE_UNIT_ARNS_MAX),
  SellerOfRecords: list(identifier(), 0, SELLER_OF_RECORDS_MAX),
});

const testEnvPreference = structure({
  BuyerDomain: str({ enum: PARTY_DOMAINS }),
  BuyerIdentifier: identifier(),
  SupplierDomain: str({ enum: PARTY_DOMAINS }),
  SupplierIdentifier: identifier(),
  ProcurementPortalSharedSecret: identifier(true),
  ProcurementPortalInstanceEndpoint: endpoint,
}, ['BuyerDomain', 'BuyerIdentifier', 'SupplierDomain', 'SupplierIdentifier']);

const einvoiceDeliveryPreference = structure({
  EinvoiceDeliveryDocumentTypes: list(str({ enum: EINVOICE_DOCUMENT_TYPES }), 0, DOCUMENT_TYPES_MAX),
  EinvoiceDeliveryAttachmentTypes: list(str({ enum: EINVOICE_ATTACHMENT_TYPES })),
  Protocol: str({ enum: EINVOICE_PROTOCOLS }),
  PurchaseOrderDataSources: list(structure({
    EinvoiceDeliveryDocumentType: str({ enum: EINVOICE_DOCUMENT_TYPES }),
    PurchaseOrderDataSourceType: str({ enum: PURCHASE_ORDER_DATA_SOURCE_TYPES }),
  })),
  ConnectionTestingMethod: str({ enum: CONNECTION_TESTING_METHODS }),
  EinvoiceDeliveryActivationDate: timestamp,
}, ['EinvoiceDeliveryDocumentTypes', 'Protocol', 'PurchaseOrderDataSources', 'ConnectionTestingMethod', 'EinvoiceDeliveryActivationDate']);

const resourceTags = list(structure({
  Key: str({ min: TAG_KEY_LENGTH.min, max: TAG_KEY_LENGTH.max }),
  Value: str({ min: TAG_VALUE_LENGTH.min, max: TAG_VALUE_LENGTH.max }),
}, ['Key', 'Value']), 0, TAGS_MAX);

/** Put replaces the whole configuration: every member of Create but the identity and the tags. */
const configurationMembers: Record<string, Shape> = {
  EinvoiceDeliveryEnabled: bool,
  PurchaseOrderRetrievalEnabled: bool,
  Contacts: contacts,
  Selector: selector,
  ProcurementPortalSharedSecret: identifier(true),
  ProcurementPortalInstanceEndpoint: endpoint,
  TestEnvPreference: testEnvPreference,
  EinvoiceDeliveryPreference: einvoiceDeliveryPreference,
  ClientToken: clientToken,
};

export const REQUEST_SHAPES: Readonly<Record<InvoicingOperation, StructureShape>> = {
  CreateProcurementPortalPreference: structure({
    ProcurementPortalName: str({ enum: PROCUREMENT_PORTAL_NAMES }),
    BuyerDomain: str({ enum: PARTY_DOMAINS }),
    BuyerIdentifier: identifier(),
    SupplierDomain: str({ enum: PARTY_DOMAINS }),
    SupplierIdentifier: identifier(),
    ...configurationMembers,
    ResourceTags: resourceTags,
  }, ['ProcurementPortalName', 'BuyerDomain', 'BuyerIdentifier', 'SupplierDomain', 'SupplierIdentifier',
    'EinvoiceDeliveryEnabled', 'PurchaseOrderRetrievalEnabled', 'Contacts']),
  PutProcurementPortalPreference: structure({
    ProcurementPortalPreferenceArn: preferenceArn,
    ...configurationMembers,
  }, ['ProcurementPortalPreferenceArn', 'EinvoiceDeliveryEnabled', 'PurchaseOrderRetrievalEnabled', 'Contacts']),
  GetProcurementPortalPreference: structure({ ProcurementPortalPreferenceArn: preferenceArn }, ['ProcurementPortalPreferenceArn']),
  DeleteProcurementPortalPreference: structure({
    ProcurementPortalPreferenceArn: preferenceArn,
    ClientToken: clientToken,
  }, ['ProcurementPortalPreferenceArn']),
  ListProcurementPortalPreferences: structure({
    // `BasicStringWithoutSpace` (0 to 1,024 characters, pattern `\S+`) and `MaxResults` (1 to 100), as botocore's copy
    // of the model says (the JavaScript SDK's schema carries no limits).
    NextToken: identifier(),
    MaxResults: { kind: 'integer', min: 1, max: 100 },
  }),
  UpdateProcurementPortalPreferenceStatus: structure({
    ProcurementPortalPreferenceArn: preferenceArn,
    EinvoiceDeliveryPreferenceStatus: str({ enum: PREFERENCE_STATUSES }),
    // `BasicString` in botocore's copy of the model: 0 to 1,024 characters.
    EinvoiceDeliveryPreferenceStatusReason: str({ min: 0, max: IDENTIFIER_MAX_LENGTH }),
    PurchaseOrderRetrievalPreferenceStatus: str({ enum: PREFERENCE_STATUSES }),
    PurchaseOrderRetrievalPreferenceStatusReason: str({ min: 0, max: IDENTIFIER_MAX_LENGTH }),
    ClientToken: clientToken,
  }, ['ProcurementPortalPreferenceArn']),
  SendProcurementPortalValidation: structure({
    ProcurementPortalPreferenceArn: preferenceArn,
    ClientToken: clientToken,
  }, ['ProcurementPortalPreferenceArn']),
  VerifyProcurementPortalValidation: structure({
    ProcurementPortalPreferenceArn: preferenceArn,
    // The one-time code: never repeated in an error message.
    Code: identifier(true),
    ClientToken: clientToken,
  }, ['ProcurementPortalPreferenceArn', 'Code']),
  TagResource: structure({
    ResourceArn: preferenceArn,
    ResourceTags: resourceTags,
  }, ['ResourceArn', 'ResourceTags']),
  UntagResource: structure({
    ResourceArn: preferenceArn,
    ResourceTagKeys: list(str({ min: TAG_KEY_LENGTH.min, max: TAG_KEY_LENGTH.max }), 0, TAGS_MAX),
  }, ['ResourceArn', 'ResourceTagKeys']),
  ListTagsForResource: structure({ ResourceArn: preferenceArn }, ['ResourceArn']),
};
