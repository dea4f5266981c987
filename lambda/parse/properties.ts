/**
 * The parser: CloudFormation's strings (`Received<PreferenceProperties>`, src/contract/wire.ts) to the typed API input.
 * The absent defaults are filled in first (`withDefaults`), then the shared rules are walked (src/contract/rules.ts,
 * the ones synth applies too): unknown keys, missing required ones, booleans other than "true"/"false", dates other
 * than integer epoch seconds, values outside the API's enums and limits are all refused, every problem listed in one
 * Reason. Only checked values are converted; secrets stay references until a Create or Put reads them.
 */
import type { ResourceTag } from '@aws-sdk/client-invoicing';
import { Activation, suspension } from './activation-properties';
import { PreferenceConfiguration, contacts, einvoiceDelivery, oneOf, secretRef, selector, testEnv } from './configuration';
import { checkReceived } from './received';
import { FieldOfRole, PREFERENCE, withDefaults } from '../../src/contract/properties';
import { PreferenceProperties, Received, SCHEMA_VERSION } from '../../src/contract/wire';
import { ReasonError } from '../aws/errors';
import type { PreferenceIdentity } from '../aws/invoicing';

/** Property layouts this handler reads; an older layout stays listed so its resources can still be updated and deleted. */
export const KNOWN_SCHEMA_VERSIONS: readonly string[] = [SCHEMA_VERSION];

/** The identity as declared: AWS's supplier id given, or a lookup the handler resolves before a Create. */
export interface DeclaredIdentity extends Omit<PreferenceIdentity, 'SupplierIdentifier'> {
  readonly SupplierIdentifier?: string;
  readonly SupplierLookup?: { readonly sellerOfRecord: string; readonly countryCode?: string };
}

/**
 * A preference as parsed: `DeclaredPreference` straight from the properties, `ParsedPreference` once its supplier id
 * is known (preference/supplier.ts); only the latter reaches the service.
 */
export interface ParsedPreference<I extends DeclaredIdentity = PreferenceIdentity> {
  readonly identity: I;
  readonly configuration: PreferenceConfiguration;
  readonly tags: ResourceTag[];
  /**
   * The handler's own switches: replace past PENDING_VERIFICATION, take over an existing preference at Create, Put it
   * again when a secret it references gets a new value.
   */
  readonly options: { readonly allowReplacement: boolean; readonly adoptExisting: boolean; readonly reapplyOnSecretRotation: boolean };
  /** What to do with the preference's status: send a validation code, suspend. */
  readonly activation: Activation;
}

export type DeclaredPreference = ParsedPreference<DeclaredIdentity>;

/** Parses the properties of a Create or Update (CloudFormation's own `ServiceToken` is ignored). */
export function parseProperties(properties: unknown): DeclaredPreference {
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new ReasonError('Invalid properties: ResourceProperties is required and must be an object', 'InvalidProperties');
  }
  const version = (properties as Record<string, unknown>).SchemaVersion;
  if (version !== undefined && !KNOWN_SCHEMA_VERSIONS.includes(version as string)) {
    // Stop here: the rest of the layout cannot be read with this release's rules.
    throw new ReasonError(`Invalid properties: SchemaVersion must be one of ${KNOWN_SCHEMA_VERSIONS.join(', ')} (the layouts this handler reads), `
      + `got '${String(version).slice(0, 40)}': deploy a release of cdk-procurement-portal that knows it`);
  }
  const received = withDefaults(properties as Record<string, unknown>);
  checkReceived(PREFERENCE, received, 'Invalid properties');
  return toParsed(received as unknown as Checked);
}

/** The properties `withDefaults` always fills in, then checked: what the conversions read. */
type Checked = Received<PreferenceProperties> & Required<Pick<Received<PreferenceProperties>,
'BuyerDomain' | 'SupplierDomain' | 'EinvoiceDeliveryEnabled' | 'PurchaseOrderRetrievalEnabled' | 'ReapplyOnSecretRotation'>>;

/**
 * Where each configuration and secret property goes in what Put takes: one entry per property of those roles
 * (src/contract/properties.ts), so a property added there without a branch here fails `tsc`.
 */
type Branches<K extends string, T> = { readonly [Key in K]: (p: Checked) => Partial<T> };

const TO_CONFIGURATION: Branches<FieldOfRole<'configuration' | 'secret'>, PreferenceConfiguration> = {
  Selector: (p) => (p.Selector ? { Selector: selector(p.Selector) } : {}),
  ProcurementPortalSharedSecretRef: (p) => (p.ProcurementPortalSharedSecretRef
    ? { SharedSecretRef: secretRef(p.ProcurementPortalSharedSecretRef) } : {}),
  ProcurementPortalInstanceEndpoint: (p) => (p.ProcurementPortalInstanceEndpoint
    ? { ProcurementPortalInstanceEndpoint: p.ProcurementPortalInstanceEndpoint } : {}),
  TestEnvPreference: (p) => (p.TestEnvPreference ? { TestEnvPreference: testEnv(p.TestEnvPreference) } : {}),
  EinvoiceDeliveryEnabled: (p) => ({ EinvoiceDeliveryEnabled: p.EinvoiceDeliveryEnabled === 'true' }),
  EinvoiceDeliveryPreference: (p) => (p.EinvoiceDeliveryPreference
    ? { EinvoiceDeliveryPreference: einvoiceDelivery(p.EinvoiceDeliveryPreference) } : {}),
  PurchaseOrderRetrievalEnabled: (p) => ({ PurchaseOrderRetrievalEnabled: p.PurchaseOrderRetrievalEnabled === 'true' }),
  // The rules let exactly one of the two through.
  Contacts: (p) => (p.Contacts ? { Contacts: { literal: contacts(p.Contacts) } } : {}),
  ContactsRef: (p) => (p.ContactsRef ? { Contacts: { ref: secretRef(p.ContactsRef)! } } : {}),
};

/** The handler's switches, one entry per property of that role. */
const TO_OPTIONS: Branches<FieldOfRole<'switch'>, ParsedPreference['options']> = {
  AllowReplacement: (p) => ({ allowReplacement: p.AllowReplacement === 'true' }),
  AdoptExisting: (p) => ({ adoptExisting: p.AdoptExisting === 'true' }),
  ReapplyOnSecretRotation: (p) => ({ reapplyOnSecretRotation: p.ReapplyOnSecretRotation === 'true' }),
};

/** The status properties, one entry per property of that role. */
const TO_ACTIVATION: Branches<FieldOfRole<'status'>, Activation> = {
  SendValidationCode: (p) => ({ sendValidationCode: p.SendValidationCode === 'true' }),
  Suspended: (p) => (p.Suspended ? { suspended: suspension(p.Suspended) } : {}),
};

function merged<T>(branches: Record<string, (p: Checked) => Partial<T>>, p: Checked): T {
  return Object.assign({}, ...Object.values(branches).map((branch) => branch(p))) as T;
}

function toParsed(p: Checked): DeclaredPreference {
  return {
    identity: {
      ProcurementPortalName: oneOf(p.ProcurementPortalName),
      BuyerDomain: oneOf(p.BuyerDomain),
      BuyerIdentifier: p.BuyerIdentifier,
      SupplierDomain: oneOf(p.SupplierDomain),
      // The rules let exactly one of the two through.
      ...p.SupplierIdentifier !== undefined ? { SupplierIdentifier: p.SupplierIdentifier } : {},
      ...p.SupplierLookup ? { SupplierLookup: { sellerOfRecord: p.SupplierLookup.SellerOfRecord, countryCode: p.SupplierLookup.CountryCode } } : {},
    },
    configuration: merged<PreferenceConfiguration>(TO_CONFIGURATION, p),
    tags: (p.ResourceTags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    options: merged<ParsedPreference['options']>(TO_OPTIONS, p),
    activation: merged<Activation>(TO_ACTIVATION, p),
  };
}
