import { Aws, Fn, Lazy, TagManager } from 'aws-cdk-lib';
import { renderTags } from './render-tags';
import { Field, PREFERENCE_FIELDS as WIRE, TEST_ENV, isAbsentDefault } from '../contract/properties';
import {
  ContactProperties,
  EinvoiceDeliveryPreferenceProperties,
  PreferenceProperties,
  PurchaseOrderDataSourceProperties,
  ResourceTagProperties,
  SecretReference,
  SelectorProperties,
  SuspensionProperties,
  TestEnvPreferenceProperties,
} from '../contract/wire';
import { EinvoiceProtocol } from '../enums';
import type { PortalSecret } from '../portal-secret';
import type {
  EinvoiceDeliveryProps,
  PreferenceSelectorProps,
  PreferenceSuspension,
  ProcurementPortalPreferenceProps,
  TestEnvironmentProps,
} from '../procurement-portal-preference-props';

/** Every key of a wire object, present or `undefined`: a property added to the contract and not rendered fails `tsc`. */
type Rendered<T> = { [K in keyof Required<T>]: T[K] };

/**
 * The custom resource's properties (without `ServiceToken`), typed by the wire contract so that a field renamed or
 * added there fails to compile here. Tags are produced at synth time, after `Tags.of()` has reached the TagManager.
 */
export function renderProperties(props: ProcurementPortalPreferenceProps, tags: TagManager): Rendered<PreferenceProperties> {
  // A value that its absence means (properties.ts) is left out (every preference would repeat it): the handler reads it back.
  return {
    SchemaVersion: undefined,
    ProcurementPortalName: props.procurementPortalName,
    BuyerDomain: unlessDefault(props.buyerDomain, WIRE.BuyerDomain),
    BuyerIdentifier: props.buyerIdentifier,
    SupplierDomain: unlessDefault(props.supplierDomain, WIRE.SupplierDomain),
    SupplierIdentifier: props.supplierIdentifier,
    SupplierLookup: props.supplierLookup && { SellerOfRecord: props.supplierLookup.sellerOfRecord, CountryCode: props.supplierLookup.countryCode },
    Selector: renderSelector(props.selector),
    ProcurementPortalSharedSecretRef: renderSecret(props.sharedSecret),
    ProcurementPortalInstanceEndpoint: props.instanceEndpoint,
    TestEnvPreference: renderTestEnvironment(props.testEnvironment),
    EinvoiceDeliveryEnabled: unlessDefault(props.einvoiceDeliveryEnabled ?? props.einvoiceDelivery !== undefined, WIRE.EinvoiceDeliveryEnabled),
    EinvoiceDeliveryPreference: renderEinvoiceDelivery(props.einvoiceDelivery),
    PurchaseOrderRetrievalEnabled: unlessDefault(props.purchaseOrderRetrievalEnabled, WIRE.PurchaseOrderRetrievalEnabled),
    Contacts: props.contacts?.map((contact): ContactProperties => ({ Name: contact.name, Email: contact.email })),
    ContactsRef: renderSecret(props.contactsSecret),
    // Absent unless set otherwise, so templates that use none of them stay as they were.
    AllowReplacement: unlessDefault(props.allowReplacement, WIRE.AllowReplacement),
    AdoptExisting: unlessDefault(props.adoptExisting, WIRE.AdoptExisting),
    ReapplyOnSecretRotation: unlessDefault(props.reapplyOnSecretRotation, WIRE.ReapplyOnSecretRotation),
    SendValidationCode: unlessDefault(props.sendValidationCode, WIRE.SendValidationCode),
    Suspended: renderSuspension(props.suspended),
    ResourceTags: Lazy.any({ produce: () => renderTags(tags) }) as unknown as ResourceTagProperties[],
  };
}

/** The secrets a preference references: the handler reads each of them. */
export function portalSecrets(props: ProcurementPortalPreferenceProps): PortalSecret[] {
  return [props.sharedSecret, props.testEnvironment?.sharedSecret, props.contactsSecret]
    .filter((secret): secret is PortalSecret => secret !== undefined);
}

function renderSecret(secret: PortalSecret | undefined): Rendered<SecretReference> | undefined {
  return secret ? { SecretArn: compactArn(secret.secret.secretArn), JsonField: secret.jsonField } : undefined;
}

const PSEUDO_PARAMETERS: ReadonlyArray<readonly [string, string]> = [
  [Aws.PARTITION, '${AWS::Partition}'],
  [Aws.REGION, '${AWS::Region}'],
  [Aws.ACCOUNT_ID, '${AWS::AccountId}'],
  [Aws.URL_SUFFIX, '${AWS::URLSuffix}'],
];

/**
 * An ARN made of literals and pseudo parameters only (a secret imported by name) as one `Fn::Sub` rather than the
 * `Fn::Join` the CDK renders: the same value, about 100 bytes less per reference in every preference.
 */
function compactArn(arn: string): string {
  let body = arn;
  let literals = arn;
  for (const [token, reference] of PSEUDO_PARAMETERS) {
    body = body.split(token).join(reference);
    literals = literals.split(token).join('');
  }
  // Any other token (a resource's Ref, an import) or a literal `${` keeps the CDK's own rendering.
  return body === arn || literals.includes('${') ? arn : Fn.sub(body);
}

function renderSelector(selector: PreferenceSelectorProps | undefined): Rendered<SelectorProperties> | undefined {
  if (selector === undefined) return undefined;
  // A unit's ARN is its `Ref`: the reference makes CloudFormation create the unit before the preference.
  const units = [...selector.invoiceUnitArns ?? [], ...(selector.invoiceUnits ?? []).map((unit) => unit.invoiceUnitArn)];
  return {
    InvoiceUnitArns: selector.invoiceUnitArns === undefined && selector.invoiceUnits === undefined ? undefined : units,
    SellerOfRecords: selector.sellerOfRecords,
  };
}

function renderTestEnvironment(test: TestEnvironmentProps | undefined): Rendered<TestEnvPreferenceProperties> | undefined {
  if (test === undefined) return undefined;
  return {
    BuyerDomain: unlessDefault(test.buyerDomain, TEST_ENV.BuyerDomain),
    BuyerIdentifier: test.buyerIdentifier,
    SupplierDomain: unlessDefault(test.supplierDomain, TEST_ENV.SupplierDomain),
    SupplierIdentifier: test.supplierIdentifier,
    ProcurementPortalSharedSecretRef: renderSecret(test.sharedSecret),
    ProcurementPortalInstanceEndpoint: test.instanceEndpoint,
  };
}

function renderEinvoiceDelivery(delivery: EinvoiceDeliveryProps | undefined): Rendered<EinvoiceDeliveryPreferenceProperties> | undefined {
  if (delivery === undefined) return undefined;
  return {
    EinvoiceDeliveryDocumentTypes: delivery.documentTypes,
    EinvoiceDeliveryAttachmentTypes: delivery.attachmentTypes,
    Protocol: delivery.protocol ?? EinvoiceProtocol.CXML,
    PurchaseOrderDataSources: delivery.purchaseOrderDataSources.map((source): PurchaseOrderDataSourceProperties => ({
      EinvoiceDeliveryDocumentType: source.documentType,
      PurchaseOrderDataSourceType: source.sourceType,
    })),
    ConnectionTestingMethod: delivery.connectionTestingMethod,
    // The API's timestamps are epoch seconds.
    EinvoiceDeliveryActivationDate: Math.floor(delivery.activationDate.getTime() / 1000),
  };
}

function renderSuspension(suspended: PreferenceSuspension | undefined): SuspensionProperties | undefined {
  if (suspended === undefined) return undefined;
  return {
    Reason: suspended.reason,
    EinvoiceDelivery: suspended.einvoiceDelivery ?? true,
    PurchaseOrderRetrieval: suspended.purchaseOrderRetrieval ?? true,
  };
}


/** `undefined` (not rendered) for the value an absent property means. */
function unlessDefault<T>(value: T | undefined, field: Field): T | undefined {
  return isAbsentDefault(field, value) ? undefined : value;
}
