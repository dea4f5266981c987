/**
 * The parser: CloudFormation's strings (`Received<PreferenceProperties>`, src/contract/wire.ts) to the typed API input,
 * strictly: unknown keys, missing required ones, booleans other than "true"/"false", dates other than integer epoch
 * seconds, values outside the API's enums and limits (src/contract/constraints.ts, the rules synth applies too) are all
 * refused, every problem listed in one Reason. The configuration's parts come from configuration.ts, the status
 * properties from activation-properties.ts; secrets stay references until a Create or Put reads them.
 */
import type { ResourceTag } from '@aws-sdk/client-invoicing';
import { Activation, activation } from './activation-properties';
import { PreferenceConfiguration, among, contacts, einvoiceDelivery, oneOf, secretRef, selector, testEnv } from './configuration';
import { OPTIONAL as O, PROPERTIES_PATH, Problems, REQUIRED as R, Reader, Wire } from './reader';
import * as c from '../../src/contract/constraints';
import { PreferenceProperties, Received, ResourceTagProperties, SCHEMA_VERSION, withDefaults } from '../../src/contract/wire';
import { ReasonError } from '../aws/errors';
import type { PreferenceIdentity } from '../aws/invoicing';

/** Property layouts this handler reads; an older layout stays listed so its resources can still be updated and deleted. */
export const KNOWN_SCHEMA_VERSIONS: readonly string[] = [SCHEMA_VERSION];

export interface ParsedPreference {
  readonly identity: PreferenceIdentity;
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

// Optional on the wire (WIRE_DEFAULTS): withDefaults() fills them in before parsing.
const PROPERTIES: Wire<PreferenceProperties> = {
  SchemaVersion: O,
  ProcurementPortalName: R,
  BuyerDomain: O,
  BuyerIdentifier: R,
  SupplierDomain: O,
  SupplierIdentifier: R,
  EinvoiceDeliveryEnabled: O,
  PurchaseOrderRetrievalEnabled: O,
  Selector: O,
  ProcurementPortalSharedSecretRef: O,
  ProcurementPortalInstanceEndpoint: O,
  TestEnvPreference: O,
  EinvoiceDeliveryPreference: O,
  Contacts: O,
  ContactsRef: O,
  ResourceTags: O,
  AllowReplacement: O,
  AdoptExisting: O,
  ReapplyOnSecretRotation: O,
  SendValidationCode: O,
  Suspended: O,
};
const TAG: Wire<ResourceTagProperties> = { Key: R, Value: R };

function tags(r: Reader<Received<PreferenceProperties>>): ResourceTag[] {
  const list = r.objects('ResourceTags', TAG).map((t) => ({ Key: t?.string('Key') ?? '', Value: t?.string('Value') ?? '' }));
  c.checkTags('ResourceTags', list.map((t) => ({ key: t.Key, value: t.Value }))).forEach((p) => r.problems.add(p));
  const keys = list.map((t) => t.Key);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate !== undefined) r.problems.add(`ResourceTags must not repeat a key, got '${duplicate.slice(0, 128)}' twice`);
  return list;
}

/** Parses the properties of a Create or Update (CloudFormation's own `ServiceToken` is ignored). */
export function parseProperties(properties: unknown): ParsedPreference {
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new ReasonError('Invalid properties: ResourceProperties is required and must be an object', 'InvalidProperties');
  }
  const problems = new Problems();
  const r = problems.object<Received<PreferenceProperties>>(PROPERTIES_PATH, withDefaults(properties as Record<string, unknown>), PROPERTIES, false, ['ServiceToken'])!;
  const version = r.string('SchemaVersion');
  if (version !== undefined && !KNOWN_SCHEMA_VERSIONS.includes(version)) {
    // Stop here: the rest of the layout cannot be read with this release's rules.
    throw new ReasonError(`Invalid properties: SchemaVersion must be one of ${KNOWN_SCHEMA_VERSIONS.join(', ')} (the layouts this handler reads), got '${version.slice(0, 40)}': deploy a release of cdk-procurement-portal that knows it`);
  }
  if (r.has('Contacts') === r.has('ContactsRef')) problems.add('exactly one of Contacts and ContactsRef must be given');
  const sharedSecretRef = secretRef(r, 'ProcurementPortalSharedSecretRef');
  const instanceEndpoint = r.string('ProcurementPortalInstanceEndpoint', c.checkHttpsUrl);
  const chosenSelector = selector(r);
  const testEnvPreference = testEnv(r);
  const delivery = einvoiceDelivery(r);
  const contactsRef = secretRef(r, 'ContactsRef');
  const parsed: ParsedPreference = {
    identity: {
      ProcurementPortalName: oneOf(r.string('ProcurementPortalName', among(c.PROCUREMENT_PORTAL_NAMES))),
      BuyerDomain: oneOf(r.string('BuyerDomain', among(c.PARTY_DOMAINS))),
      BuyerIdentifier: r.string('BuyerIdentifier', c.checkIdentifier) ?? '',
      SupplierDomain: oneOf(r.string('SupplierDomain', among(c.PARTY_DOMAINS))),
      SupplierIdentifier: r.string('SupplierIdentifier', c.checkIdentifier) ?? '',
    },
    configuration: {
      ...(chosenSelector ? { Selector: chosenSelector } : {}),
      ...(sharedSecretRef ? { SharedSecretRef: sharedSecretRef } : {}),
      ...(instanceEndpoint ? { ProcurementPortalInstanceEndpoint: instanceEndpoint } : {}),
      ...(testEnvPreference ? { TestEnvPreference: testEnvPreference } : {}),
      EinvoiceDeliveryEnabled: r.boolean('EinvoiceDeliveryEnabled') ?? false,
      ...(delivery ? { EinvoiceDeliveryPreference: delivery } : {}),
      PurchaseOrderRetrievalEnabled: r.boolean('PurchaseOrderRetrievalEnabled') ?? false,
      Contacts: contactsRef ? { ref: contactsRef } : { literal: r.has('Contacts') ? contacts(problems, r.at('Contacts'), r.get('Contacts')) : [] },
    },
    tags: tags(r),
    options: {
      allowReplacement: r.boolean('AllowReplacement') ?? false,
      adoptExisting: r.boolean('AdoptExisting') ?? false,
      reapplyOnSecretRotation: r.boolean('ReapplyOnSecretRotation') ?? true,
    },
    activation: activation(r),
  };
  problems.throwIfAny('Invalid properties');
  return parsed;
}
