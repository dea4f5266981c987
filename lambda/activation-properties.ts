import { Reader, Value } from './reader';
import { checkStatusReason } from '../src/private/constraints';

/** A declared suspension, read strictly from CloudFormation's strings. */
export interface Suspension {
  readonly reason: string;
  readonly einvoiceDelivery: boolean;
  readonly purchaseOrderRetrieval: boolean;
}

/** The properties that drive the preference's status rather than its configuration. */
export interface Activation {
  readonly sendValidationCode: boolean;
  readonly suspended?: Suspension;
}

/** `SendValidationCode` ("true"/"false") and `Suspended` ({Reason, EinvoiceDelivery, PurchaseOrderRetrieval}). */
export function activation(r: Reader, sendValidationCode: Value, suspended: Value): Activation {
  return {
    sendValidationCode: r.boolean('SendValidationCode', sendValidationCode) ?? false,
    ...(suspended === undefined ? {} : { suspended: suspension(r, suspended) }),
  };
}

function suspension(r: Reader, value: Value): Suspension | undefined {
  const o = r.object('Suspended', value, ['Reason', 'EinvoiceDelivery', 'PurchaseOrderRetrieval'], []);
  if (!o) return undefined;
  const reason = r.check(r.string('Suspended.Reason', o.Reason), (v) => checkStatusReason('Suspended.Reason', v));
  const einvoiceDelivery = r.boolean('Suspended.EinvoiceDelivery', o.EinvoiceDelivery);
  const purchaseOrderRetrieval = r.boolean('Suspended.PurchaseOrderRetrieval', o.PurchaseOrderRetrieval);
  if (einvoiceDelivery === false && purchaseOrderRetrieval === false) {
    r.problem('Suspended must suspend at least one feature: EinvoiceDelivery and PurchaseOrderRetrieval are both false');
  }
  if (reason === undefined || einvoiceDelivery === undefined || purchaseOrderRetrieval === undefined) return undefined;
  return { reason, einvoiceDelivery, purchaseOrderRetrieval };
}

/**
 * The suspension the OLD properties declared, read leniently: they may come from an older release or be the invalid
 * update being rolled back, and must never block the new one. Anything unreadable counts as "not suspended".
 */
export function previousSuspension(oldProperties: Record<string, unknown> | undefined): Suspension | undefined {
  const s = oldProperties?.Suspended as Record<string, unknown> | undefined;
  if (!s || typeof s !== 'object' || typeof s.Reason !== 'string') return undefined;
  return {
    reason: s.Reason,
    einvoiceDelivery: s.EinvoiceDelivery !== 'false' && s.EinvoiceDelivery !== false,
    purchaseOrderRetrieval: s.PurchaseOrderRetrieval !== 'false' && s.PurchaseOrderRetrieval !== false,
  };
}
