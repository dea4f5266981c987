import type { UpdateProcurementPortalPreferenceStatusRequest } from '@aws-sdk/client-invoicing';
import type { RawProperties } from './reader';
import { REQUIRED as R, Reader, Wire } from './reader';
import { checkStatusReason } from '../../src/contract/constraints';
import { PreferenceProperties, Received, SuspensionProperties } from '../../src/contract/wire';

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

/** `SendValidationCode` ("true"/"false") and `Suspended` ({Reason, EinvoiceDelivery, PurchaseOrderRetrieval}), strictly. */
export function activation(r: Reader<Received<PreferenceProperties>>): Activation {
  return {
    sendValidationCode: r.boolean('SendValidationCode') ?? false,
    ...(r.has('Suspended') ? { suspended: suspension(r) } : {}),
  };
}

const SUSPENSION: Wire<SuspensionProperties> = { Reason: R, EinvoiceDelivery: R, PurchaseOrderRetrieval: R };

function suspension(r: Reader<Received<PreferenceProperties>>): Suspension | undefined {
  const o = r.object('Suspended', SUSPENSION);
  if (!o) return undefined;
  const reason = o.string('Reason', checkStatusReason);
  const einvoiceDelivery = o.boolean('EinvoiceDelivery');
  const purchaseOrderRetrieval = o.boolean('PurchaseOrderRetrieval');
  if (einvoiceDelivery === false && purchaseOrderRetrieval === false) {
    r.problems.add('Suspended must suspend at least one feature: EinvoiceDelivery and PurchaseOrderRetrieval are both false');
  }
  if (reason === undefined || einvoiceDelivery === undefined || purchaseOrderRetrieval === undefined) return undefined;
  return { reason, einvoiceDelivery, purchaseOrderRetrieval };
}

/**
 * The suspension some properties declare, read leniently: old properties may come from an older release or be the
 * invalid update being rolled back, and must never block the new one. Anything unreadable counts as "not suspended".
 * The handler reads the new properties strictly; `plan` reads both with this, to decide as the handler does.
 */
export function declaredSuspension(properties: RawProperties): Suspension | undefined {
  const s = properties?.Suspended as Record<string, unknown> | undefined;
  if (!s || typeof s !== 'object' || typeof s.Reason !== 'string') return undefined;
  return {
    reason: s.Reason,
    einvoiceDelivery: s.EinvoiceDelivery !== 'false' && s.EinvoiceDelivery !== false,
    purchaseOrderRetrieval: s.PurchaseOrderRetrieval !== 'false' && s.PurchaseOrderRetrieval !== false,
  };
}

export const SUSPENDED = 'SUSPENDED';
/** The status the service accepts for a resumed feature: the one it had before it was suspended, once activated. */
export const RESUMED = 'ACTIVE';
const RESUME_REASON = 'Resumed: the suspension was removed from the CloudFormation stack';

/** The UpdateStatus request that moves the declared suspension from `previous` to `next`, or undefined when unchanged. */
export function suspensionChange(arn: string, previous: Suspension | undefined, next: Suspension | undefined):
Omit<UpdateProcurementPortalPreferenceStatusRequest, 'ClientToken'> | undefined {
  const change = (was: boolean, now: boolean): { status: string; reason: string } | undefined => {
    if (now && (!was || previous?.reason !== next?.reason)) return { status: SUSPENDED, reason: next!.reason };
    if (was && !now) return { status: RESUMED, reason: RESUME_REASON };
    return undefined;
  };
  const einvoice = change(previous?.einvoiceDelivery ?? false, next?.einvoiceDelivery ?? false);
  const purchaseOrders = change(previous?.purchaseOrderRetrieval ?? false, next?.purchaseOrderRetrieval ?? false);
  if (!einvoice && !purchaseOrders) return undefined;
  return {
    ProcurementPortalPreferenceArn: arn,
    ...(einvoice ? { EinvoiceDeliveryPreferenceStatus: einvoice.status as never, EinvoiceDeliveryPreferenceStatusReason: einvoice.reason } : {}),
    ...(purchaseOrders ? {
      PurchaseOrderRetrievalPreferenceStatus: purchaseOrders.status as never,
      PurchaseOrderRetrievalPreferenceStatusReason: purchaseOrders.reason,
    } : {}),
  };
}
