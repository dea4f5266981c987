/**
 * The request shapes of the Invoicing operations the emulator serves, read from the service model that
 * `@aws-sdk/client-invoicing` ships (its `<Operation>Request$` schemas: members, types, required members, sensitive
 * shapes), with the limits that schema leaves out taken from src/private/constraints.ts (the same data the construct and
 * the handler check) and, where noted, botocore's copy of the model.
 */
import * as sdk from '@aws-sdk/client-invoicing';
import { Shape, StringShape, StructureShape } from './shapes';
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

export const PREFERENCE_STATUSES: readonly string[] = Object.values(sdk.ProcurementPortalPreferenceStatus);

/** A member's limits: a string's (or an integer's min and max), or a list's with its items'. */
type Limits = Omit<StringShape, 'kind'> & { readonly item?: Limits };

/** `BasicStringWithoutSpace`: 1 to 1,024 characters, no white space. */
const identifier: Limits = { min: 1, max: IDENTIFIER_MAX_LENGTH, pattern: NO_WHITESPACE };
const secret: Limits = { ...identifier, sensitive: true };
const preferenceArn: Limits = { ...identifier, pattern: PREFERENCE_ARN_PATTERN };
const endpoint: Limits = { ...identifier, check: checkHttpsUrl };
const domain: Limits = { enum: PARTY_DOMAINS };
const status: Limits = { enum: PREFERENCE_STATUSES };
// `BasicString` in botocore's copy of the model: 0 to 1,024 characters.
const reason: Limits = { min: 0, max: IDENTIFIER_MAX_LENGTH };
const tagKey: Limits = { min: TAG_KEY_LENGTH.min, max: TAG_KEY_LENGTH.max };

/** The limits of each member, by name (a name means the same member in every request). Every string has some. */
const LIMITS: Readonly<Record<string, Limits>> = {
  ProcurementPortalName: { enum: PROCUREMENT_PORTAL_NAMES },
  BuyerDomain: domain,
  SupplierDomain: domain,
  BuyerIdentifier: identifier,
  SupplierIdentifier: identifier,
  // Shared secrets and the one-time code are never repeated in an error message (the SDK marks only some sensitive).
  ProcurementPortalSharedSecret: secret,
  Code: secret,
  ProcurementPortalInstanceEndpoint: endpoint,
  ProcurementPortalPreferenceArn: preferenceArn,
  ResourceArn: preferenceArn,
  ClientToken: identifier,
  // Limits as botocore's copy of the model gives them (the JavaScript SDK's schema carries none).
  NextToken: identifier,
  MaxResults: { min: 1, max: 100 },
  // The service takes exactly one contact.
  Contacts: { min: 1, max: 1 },
  Name: { min: 1, max: IDENTIFIER_MAX_LENGTH },
  Email: { min: 1, max: IDENTIFIER_MAX_LENGTH, pattern: EMAIL_PATTERN },
  InvoiceUnitArns: { min: 0, max: INVOICE_UNIT_ARNS_MAX, item: { pattern: INVOICE_UNIT_ARN_PATTERN, max: IDENTIFIER_MAX_LENGTH } },
  SellerOfRecords: { min: 0, max: SELLER_OF_RECORDS_MAX, item: identifier },
  EinvoiceDeliveryDocumentTypes: { min: 0, max: DOCUMENT_TYPES_MAX, item: { enum: EINVOICE_DOCUMENT_TYPES } },
  EinvoiceDeliveryAttachmentTypes: { item: { enum: EINVOICE_ATTACHMENT_TYPES } },
  EinvoiceDeliveryDocumentType: { enum: EINVOICE_DOCUMENT_TYPES },
  PurchaseOrderDataSourceType: { enum: PURCHASE_ORDER_DATA_SOURCE_TYPES },
  Protocol: { enum: EINVOICE_PROTOCOLS },
  ConnectionTestingMethod: { enum: CONNECTION_TESTING_METHODS },
  EinvoiceDeliveryPreferenceStatus: status,
  PurchaseOrderRetrievalPreferenceStatus: status,
  EinvoiceDeliveryPreferenceStatusReason: reason,
  PurchaseOrderRetrievalPreferenceStatusReason: reason,
  ResourceTags: { min: 0, max: TAGS_MAX },
  ResourceTagKeys: { min: 0, max: TAGS_MAX, item: tagKey },
  Key: tagKey,
  Value: { min: TAG_VALUE_LENGTH.min, max: TAG_VALUE_LENGTH.max },
};

// The SDK's schema encoding (@smithy/core schema): a number for a simple type (64 + n: a list of n), or an array
// [kind, namespace, name, traits, ...] with kind 0 (a named simple type), 1 (a list) or 3 (a structure: member
// names, member schemas, how many of the first members are required); a member with traits is [schema, traits];
// trait bit 8 is @sensitive; a function defers a reference.
const LIST = 64;
const SENSITIVE = 8;
const SIMPLE: Readonly<Record<number, Shape['kind']>> = { 0: 'string', 1: 'integer', 2: 'boolean', 4: 'timestamp' };

function shapeOf(schema: unknown, member: string, limits: Limits | undefined): Shape {
  if (typeof schema === 'function') return shapeOf((schema as () => unknown)(), member, limits);
  const { item, ...own } = limits ?? {};
  if (typeof schema === 'number') {
    if (schema >= LIST) return { kind: 'list', member: shapeOf(schema - LIST, member, item), min: own.min, max: own.max };
    const kind = SIMPLE[schema];
    if (kind === 'string') {
      if (!limits) throw new Error(`invoicing-model: no limits for the string member ${member}`);
      return { kind, ...own };
    }
    if (kind === 'integer') return { kind, min: own.min, max: own.max };
    if (kind === 'boolean' || kind === 'timestamp') return { kind };
    throw new Error(`invoicing-model: unknown simple schema ${schema} of ${member}`);
  }
  const s = schema as unknown[];
  if (s.length === 2) return shapeOf(s[0], member, limits);
  // eslint-disable-next-line no-bitwise -- the schema's traits are a bit mask
  const sensitive = ((s[3] as number) & SENSITIVE) !== 0;
  switch (s[0]) {
    case 0:
      return shapeOf(s[4], member, sensitive ? { ...limits, sensitive } : limits);
    case 1:
      return { kind: 'list', member: shapeOf(s[4], member, item), min: own.min, max: own.max };
    case 3: {
      const names = s[4] as string[];
      const schemas = s[5] as unknown[];
      return {
        kind: 'structure',
        members: Object.fromEntries(names.map((name, i) => [name, shapeOf(schemas[i], name, LIMITS[name])])),
        required: names.slice(0, (s[6] as number | undefined) ?? 0),
        sensitive,
      };
    }
    default:
      throw new Error(`invoicing-model: unknown schema kind ${String(s[0])} of ${member}`);
  }
}

export const REQUEST_SHAPES = Object.fromEntries(OPERATIONS.map((operation) => [operation,
  shapeOf((sdk as unknown as Record<string, unknown>)[`${operation}Request$`], operation, undefined)]),
) as Readonly<Record<InvoicingOperation, StructureShape>>;
