/**
 * The Invoicing operations the emulator serves, with their request shapes read from the service's own model
 * (service-model.ts, models/invoicing.json): members, required members, lengths, patterns, enums, sensitive members.
 */
import { enumOf, requestShape } from './service-model';
import type { StructureShape } from './shapes';

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
  'ListInvoiceSummaries',
  'ListProcurementPortals',
  'ListProcurementPortalSuppliers',
  'CreateInvoiceUnit',
  'UpdateInvoiceUnit',
  'DeleteInvoiceUnit',
  'GetInvoiceUnit',
  'ListInvoiceUnits',
] as const;
export type InvoicingOperation = (typeof OPERATIONS)[number];

export const PREFERENCE_STATUSES: readonly string[] = enumOf('ProcurementPortalPreferenceStatus');

export const REQUEST_SHAPES = Object.fromEntries(OPERATIONS.map((operation) => [operation, requestShape(operation)])) as
  Readonly<Record<InvoicingOperation, StructureShape>>;

/**
 * The members that name a preference: what Create takes and Put cannot change (the service keeps one preference per
 * identity and answers ConflictException for a second).
 */
export const IDENTITY_MEMBERS: readonly string[] = Object.keys(REQUEST_SHAPES.CreateProcurementPortalPreference.members)
  .filter((member) => !(member in REQUEST_SHAPES.PutProcurementPortalPreference.members) && member !== 'ResourceTags');
