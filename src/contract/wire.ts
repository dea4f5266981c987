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
  /** Absent means `NetworkID` (TEST_ENV_DEFAULTS). */
  readonly BuyerDomain?: string;
  readonly BuyerIdentifier: string;
  readonly SupplierDomain?: string;
  readonly SupplierIdentifier: string;
  readonly ProcurementPortalSharedSecretRef?: SecretReference;
  readonly ProcurementPortalInstanceEndpoint?: string;
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
  /** Absent means the first layout; this and the four below are left out when they hold their WIRE_DEFAULTS. */
  readonly SchemaVersion?: string;
  readonly ProcurementPortalName: string;
  readonly BuyerDomain?: string;
  readonly BuyerIdentifier: string;
  readonly SupplierDomain?: string;
  readonly SupplierIdentifier: string;
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
 * What an absent property means. The construct leaves these values out of the template (every preference would repeat
 * them), and whatever parses or compares received properties puts them back first (`withDefaults`), so a template of
 * an earlier release, which rendered them, compares equal to one that leaves them out.
 */
export const WIRE_DEFAULTS = {
  SchemaVersion: SCHEMA_VERSION,
  BuyerDomain: 'NetworkID',
  SupplierDomain: 'NetworkID',
  EinvoiceDeliveryEnabled: false,
  PurchaseOrderRetrievalEnabled: false,
} as const satisfies Partial<PreferenceProperties>;
export const TEST_ENV_DEFAULTS = { BuyerDomain: 'NetworkID', SupplierDomain: 'NetworkID' } as const satisfies Partial<TestEnvPreferenceProperties>;

/** Received properties with the absent defaults filled in, as CloudFormation would send them (strings). */
export function withDefaults<T extends Record<string, unknown> | undefined>(props: T): T {
  const fill = (value: unknown, defaults: object): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const filled: Record<string, unknown> = { ...value };
    for (const [key, absentMeans] of Object.entries(asReceived(defaults))) filled[key] ??= absentMeans;
    return filled;
  };
  const filled = fill(props, WIRE_DEFAULTS) as Record<string, unknown> | undefined;
  if (filled?.TestEnvPreference !== undefined) filled.TestEnvPreference = fill(filled.TestEnvPreference, TEST_ENV_DEFAULTS);
  return filled as T;
}

/**
 * Environment variables the construct sets on the handler: the stack it was deployed in (its `AWS::StackId`) and its
 * account. The handler acts only on events of that stack, and only on preferences of that account.
 */
export const ENV_STACK_ID = 'PPP_STACK_ID';
export const ENV_ACCOUNT_ID = 'PPP_ACCOUNT_ID';

/** Properties that drive the preference's status, not its configuration: a change to them never calls Put. */
export const ACTIVATION_PROPERTIES = ['SendValidationCode', 'Suspended'] as const;

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
 * "1767225600"); `undefined` members are dropped. For whatever reads a template as the handler will receive it.
 */
export function asReceived<T>(value: T): Received<T> {
  if (Array.isArray(value)) return value.map(asReceived) as Received<T>;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, asReceived(v)])) as Received<T>;
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
