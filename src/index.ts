export * from './enums';
export * from './portal-secret';
export type { IProcurementPortalPreference } from './procurement-portal-preference-base';
export * from './procurement-portal-preference-props';
export * from './procurement-portal-preference';
export * from './invoice-delivery-monitor';
export type { IInvoiceUnit } from './invoice-unit-base';
export * from './invoice-unit';
export * from './invoice-unit-enrolment';
