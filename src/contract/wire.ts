/**
 * The custom resource's properties: the one contract between the construct (which renders them into the template)
 * and the handler (which receives them from CloudFormation).
 *
 * Names follow the Invoicing API wherever the value is the API's own, so the handler's mapping stays a copy. Secrets
 * are never values here: only `SecretReference`s, resolved by the handler at run time (ARCHITECTURE.md, "Secrets by ARN").
 * Imports nothing: it is bundled into the Lambda and compiled by jsii.
 */

/** The CloudFormation resource type of every preference this library deploys. Part of the public contract. */
export const RESOURCE_TYPE = 'Custom::ProcurementPortalPreference';

/**
 * Version of the property layout below. A later release that changes the layout bumps it and keeps reading the
 * older versions, so it can still update, roll back and delete resources an earlier release created.
 */
export const SCHEMA_VERSION = '1';

/** Where the handler finds a secret value: a Secrets Manager secret, and optionally one field of its JSON value. */
export interface SecretReference {
  readonly SecretArn: string;
  readonly JsonField?: string;
}

export interface ContactProperties {
  readonly Name?: string;
  readonly Email?: string;
}

export interface SelectorProperties {
  readonly InvoiceUnitArns?: string[];
  readonly SellerOfRecords?: string[];
}

export interface TestEnvPreferenceProperties {
  readonly BuyerDomain?: string;
  readonly BuyerIdentifier: string;
  readonly SupplierDomain?: string;
  readonly SupplierIdentifier: string;
  readonly ProcurementPortalSharedSecretRef?: SecretReference;
  readonly ProcurementPortalInstanceEndpoint?: string;
}

/**
 * Which of AWS's supplier ids in the portal the handler looks up at Create (ListProcurementPortalSuppliers, the
 * production environment): the one of this seller of record (and country, when given).
 */
export interface SupplierLookupProperties {
  readonly SellerOfRecord: string;
  readonly CountryCode?: string;
}

export interface PurchaseOrderDataSourceProperties {
  readonly EinvoiceDeliveryDocumentType: string;
  readonly PurchaseOrderDataSourceType: string;
}

export interface EinvoiceDeliveryPreferenceProperties {
  readonly EinvoiceDeliveryDocumentTypes: string[];
  readonly EinvoiceDeliveryAttachmentTypes?: string[];
  readonly Protocol: string;
  readonly PurchaseOrderDataSources: PurchaseOrderDataSourceProperties[];
  readonly ConnectionTestingMethod: string;
  /** Epoch seconds, as the API's timestamps. */
  readonly EinvoiceDeliveryActivationDate: number;
}

/**
 * A declared suspension: both features' flags are always rendered (the construct applies the defaults), so the handler
 * compares two declarations without knowing the defaults.
 */
export interface SuspensionProperties {
  readonly Reason: string;
  readonly EinvoiceDelivery: boolean;
  readonly PurchaseOrderRetrieval: boolean;
}

export interface ResourceTagProperties {
  readonly Key: string;
  readonly Value: string;
}

/** The custom resource's properties as the construct renders them (without CloudFormation's own `ServiceToken`). */
export interface PreferenceProperties {
  /** Absent means the first layout; left out, as every property that holds the value its absence means (properties.ts). */
  readonly SchemaVersion?: string;
  readonly ProcurementPortalName: string;
  readonly BuyerDomain?: string;
  readonly BuyerIdentifier: string;
  readonly SupplierDomain?: string;
  /** Exactly one of `SupplierIdentifier` and `SupplierLookup` is present. */
  readonly SupplierIdentifier?: string;
  /** AWS's supplier id, looked up by the handler at Create and kept afterwards (the preference's own). */
  readonly SupplierLookup?: SupplierLookupProperties;
  readonly Selector?: SelectorProperties;
  readonly ProcurementPortalSharedSecretRef?: SecretReference;
  readonly ProcurementPortalInstanceEndpoint?: string;
  readonly TestEnvPreference?: TestEnvPreferenceProperties;
  readonly EinvoiceDeliveryEnabled?: boolean;
  readonly EinvoiceDeliveryPreference?: EinvoiceDeliveryPreferenceProperties;
  readonly PurchaseOrderRetrievalEnabled?: boolean;
  /** Exactly one of `Contacts` and `ContactsRef` is present. */
  readonly Contacts?: ContactProperties[];
  /** Contacts kept out of the template: a secret whose value (or JSON field) is `{"Name": ..., "Email": ...}`. */
  readonly ContactsRef?: SecretReference;
  readonly ResourceTags?: ResourceTagProperties[];
  /** `true` lets an identity change replace a preference already past PENDING_VERIFICATION; absent means false. */
  readonly AllowReplacement?: boolean;
  /** `true` lets a Create take over an existing preference of the same identity; absent means false. */
  readonly AdoptExisting?: boolean;
  /** `false` leaves a rotated secret to the next deploy; absent means true (re-applied when its value changes). */
  readonly ReapplyOnSecretRotation?: boolean;
  /** After a Create (or a replacement), ask the service to send a one-time validation code to the portal. */
  readonly SendValidationCode?: boolean;
  /** Present while the stack declares the preference suspended; its removal resumes the features. */
  readonly Suspended?: SuspensionProperties;
}

/**
 * Environment variables the construct sets on the handler: the stack it was deployed in (its `AWS::StackId`) and its
 * account. The handler acts only on events of that stack, and only on preferences of that account.
 */
export const ENV_STACK_ID = 'PPP_STACK_ID';
export const ENV_ACCOUNT_ID = 'PPP_ACCOUNT_ID';

/** Attribute names in the response's `Data` (readable with `Fn::GetAtt`). Never anything that Get returns. */
export const ATTRIBUTE_ARN = 'Arn';
export const ATTRIBUTE_ACCOUNT_ID = 'AccountId';

/**
 * What the handler actually receives: CloudFormation turns every scalar into a string ("true", "1767225600"), so the
 * handler parses `Received<PreferenceProperties>` strictly and validates it again.
 */
export type Received<T> = T extends string | number | boolean
  ? string
  : T extends Array<infer U>
    ? Array<Received<U>>
    : T extends object
      ? { readonly [K in keyof T]: Received<T[K]> }
      : T;

/**
 * Every scalar as a string, as CloudFormation delivers custom resource properties (`true` -> "true", `1767225600` ->
 * "1767225600"); `undefined` members are dropped. For whatever reads a template as the handler will receive it. Values
 * for which `keep` is true stay as they are (synth's tokens).
 */
export function asReceived<T>(value: T, keep?: (value: unknown) => boolean): Received<T> {
  if (keep?.(value)) return value as Received<T>;
  if (Array.isArray(value)) return value.map((item) => asReceived(item, keep)) as Received<T>;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, asReceived(v, keep)])) as Received<T>;
  }
  return (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value) as Received<T>;
}

/**
 * The EventBridge events that start a secret re-apply pass: Secrets Manager's own, sent when a staging label moves;
 * CloudFormation's, sent when the stack's status changes (a pass that found the stack busy is redone once it settles);
 * and the schedule's. The construct's rules match them and the handler checks them.
 */
export const SECRET_EVENT_SOURCE = 'aws.secretsmanager';
export const SECRET_LABEL_UPDATED = 'Secret Label Updated';
export const STACK_EVENT_SOURCE = 'aws.cloudformation';
export const STACK_STATUS_CHANGE = 'CloudFormation Stack Status Change';
export const SCHEDULE_EVENT_SOURCE = 'aws.events';
export const SCHEDULED_EVENT = 'Scheduled Event';
/** The stack statuses after which a pass runs: every operation's end but a deletion's. */
export const SETTLED_STACK_STATUSES = [
  'CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE',
] as const;

/** The status metrics: namespace and dimension, shared by the construct's metrics and the poller that writes them. */
export const METRIC_NAMESPACE = 'CdkProcurementPortal';
export const METRIC_DIMENSION = 'ProcurementPortalPreferenceArn';

/** The delivery monitor's metrics (same namespace), per account it watches and billing period. */
export const MONITOR_ACCOUNT_DIMENSION = 'AccountId';
export const MONITOR_PERIOD_DIMENSION = 'BillingPeriod';
/** `current`: the month in progress (UTC); `previous`: the one before, whose invoices are all issued. */
export type MonitorPeriod = 'current' | 'previous';
/** The invoice-unit enrolment's metric: the organization's accounts in no invoice unit (lambda/enrolment.ts). */
export const ENROLMENT_METRICS = { accountsInNoUnit: 'AccountsInNoInvoiceUnit' } as const;

export const DELIVERY_METRICS = {
  delivered: 'InvoicesDelivered',
  notDelivered: 'InvoicesNotDelivered',
  withoutPurchaseOrder: 'InvoicesWithoutPurchaseOrder',
} as const;
