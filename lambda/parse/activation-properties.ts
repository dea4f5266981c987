import type { UpdateProcurementPortalPreferenceStatusRequest } from '@aws-sdk/client-invoicing';
import type { RawProperties } from './received';
import type { Received, SuspensionProperties } from '../../src/contract/wire';

/** A declared suspension. */
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

/** A checked suspension, as the handler acts on it. */
export function suspension(s: Received<SuspensionProperties>): Suspension {
  return { reason: s.Reason, einvoiceDelivery: s.EinvoiceDelivery === 'true', purchaseOrderRetrieval: s.PurchaseOrderRetrieval === 'true' };
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
