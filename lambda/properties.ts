import type {
  BuyerDomain, Contact, EinvoiceDeliveryPreference, ProcurementPortalName, ProcurementPortalPreferenceSelector, ResourceTag,
  SupplierDomain,
} from '@aws-sdk/client-invoicing';
import { Activation, activation } from './activation-properties';
import { ReasonError } from './errors';
import {
  TestEnvConfiguration, contacts, einvoiceDelivery, endpoint, identifier, oneOf, secretRef, selector, tags, testEnv,
} from './property-groups';
import { Reader } from './reader';
import { PARTY_DOMAINS, PROCUREMENT_PORTAL_NAMES } from '../src/private/constraints';
import { SCHEMA_VERSION, SecretReference } from '../src/private/wire';

/** Property layouts this handler reads; an older layout stays listed so its resources can still be updated and deleted. */
export const KNOWN_SCHEMA_VERSIONS: readonly string[] = [SCHEMA_VERSION];

export interface PreferenceIdentity {
  readonly ProcurementPortalName: ProcurementPortalName;
  readonly BuyerDomain: BuyerDomain;
  readonly BuyerIdentifier: string;
  readonly SupplierDomain: SupplierDomain;
  readonly SupplierIdentifier: string;
}

/** Everything Put takes, with secrets still as references (resolved for Create and Put only). */
export interface PreferenceConfiguration {
  readonly Selector?: ProcurementPortalPreferenceSelector;
  readonly SharedSecretRef?: SecretReference;
  readonly ProcurementPortalInstanceEndpoint?: string;
  readonly TestEnvPreference?: TestEnvConfiguration;
  readonly EinvoiceDeliveryEnabled: boolean;
  readonly EinvoiceDeliveryPreference?: EinvoiceDeliveryPreference;
  readonly PurchaseOrderRetrievalEnabled: boolean;
  readonly Contacts: { readonly literal: Contact[] } | { readonly ref: SecretReference };
}

/** The handler's own switches: what it may do beyond today's create, update and delete. */
export interface HandlerOptions {
  /** Replace a preference even when its verification is past PENDING_VERIFICATION. */
  readonly allowReplacement: boolean;
  /** Take over an existing preference of the same identity at Create instead of failing. */
  readonly adoptExisting: boolean;
  /** Put the preference again when a secret it references gets a new current value. */
  readonly reapplyOnSecretRotation: boolean;
}

export interface ParsedPreference {
  readonly identity: PreferenceIdentity;
  readonly configuration: PreferenceConfiguration;
  readonly tags: ResourceTag[];
  readonly options: HandlerOptions;
  /** What to do with the preference's status: send a validation code, suspend. */
  readonly activation: Activation;
}

/**
 * CloudFormation's strings -> the typed API input, strictly: unknown keys, missing required ones, booleans other than
 * "true"/"false", dates other than integer epoch seconds, values outside the API's enums and limits are all refused,
 * every problem listed in one Reason. `ServiceToken` (CloudFormation's own) is ignored.
 */
export function parseProperties(properties: unknown): ParsedPreference {
  const r = new Reader();
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new ReasonError('Invalid properties: ResourceProperties is required and must be an object', 'InvalidProperties');
  }
  const o = r.object('ResourceProperties', properties,
    ['SchemaVersion', 'ProcurementPortalName', 'BuyerDomain', 'BuyerIdentifier', 'SupplierDomain', 'SupplierIdentifier',
      'EinvoiceDeliveryEnabled', 'PurchaseOrderRetrievalEnabled'],
    ['ServiceToken', 'Selector', 'ProcurementPortalSharedSecretRef', 'ProcurementPortalInstanceEndpoint', 'TestEnvPreference',
      'EinvoiceDeliveryPreference', 'Contacts', 'ContactsRef', 'ResourceTags', 'AllowReplacement', 'AdoptExisting', 'ReapplyOnSecretRotation',
      'SendValidationCode', 'Suspended']) ?? {};
  const version = r.string('SchemaVersion', o.SchemaVersion);
  if (version !== undefined && !KNOWN_SCHEMA_VERSIONS.includes(version)) {
    // Stop here: the rest of the layout cannot be read with this release's rules.
    throw new ReasonError(`Invalid properties: SchemaVersion must be one of ${KNOWN_SCHEMA_VERSIONS.join(', ')} (the layouts this handler reads), got '${version.slice(0, 40)}': deploy a release of cdk-procurement-portal that knows it`);
  }
  if ((o.Contacts === undefined) === (o.ContactsRef === undefined)) {
    r.problem('exactly one of Contacts and ContactsRef must be given');
  }
  const sharedSecretRef = o.ProcurementPortalSharedSecretRef === undefined ? undefined : secretRef(r, 'ProcurementPortalSharedSecretRef', o.ProcurementPortalSharedSecretRef);
  const instanceEndpoint = endpoint(r, 'ProcurementPortalInstanceEndpoint', o.ProcurementPortalInstanceEndpoint);
  const chosenSelector = selector(r, o.Selector);
  const testEnvPreference = testEnv(r, o.TestEnvPreference);
  const delivery = einvoiceDelivery(r, o.EinvoiceDeliveryPreference);
  const contactsRef = o.ContactsRef === undefined ? undefined : secretRef(r, 'ContactsRef', o.ContactsRef);
  const parsed: ParsedPreference = {
    identity: {
      ProcurementPortalName: oneOf<ProcurementPortalName>(r, 'ProcurementPortalName', o.ProcurementPortalName, PROCUREMENT_PORTAL_NAMES),
      BuyerDomain: oneOf<BuyerDomain>(r, 'BuyerDomain', o.BuyerDomain, PARTY_DOMAINS),
      BuyerIdentifier: identifier(r, 'BuyerIdentifier', o.BuyerIdentifier),
      SupplierDomain: oneOf<SupplierDomain>(r, 'SupplierDomain', o.SupplierDomain, PARTY_DOMAINS),
      SupplierIdentifier: identifier(r, 'SupplierIdentifier', o.SupplierIdentifier),
    },
    configuration: {
      ...(chosenSelector ? { Selector: chosenSelector } : {}),
      ...(sharedSecretRef ? { SharedSecretRef: sharedSecretRef } : {}),
      ...(instanceEndpoint ? { ProcurementPortalInstanceEndpoint: instanceEndpoint } : {}),
      ...(testEnvPreference ? { TestEnvPreference: testEnvPreference } : {}),
      EinvoiceDeliveryEnabled: r.boolean('EinvoiceDeliveryEnabled', o.EinvoiceDeliveryEnabled) ?? false,
      ...(delivery ? { EinvoiceDeliveryPreference: delivery } : {}),
      PurchaseOrderRetrievalEnabled: r.boolean('PurchaseOrderRetrievalEnabled', o.PurchaseOrderRetrievalEnabled) ?? false,
      Contacts: contactsRef ? { ref: contactsRef } : { literal: o.Contacts === undefined ? [] : contacts(r, 'Contacts', o.Contacts) },
    },
    tags: tags(r, o.ResourceTags),
    options: {
      allowReplacement: r.boolean('AllowReplacement', o.AllowReplacement) ?? false,
      adoptExisting: r.boolean('AdoptExisting', o.AdoptExisting) ?? false,
      reapplyOnSecretRotation: r.boolean('ReapplyOnSecretRotation', o.ReapplyOnSecretRotation) ?? true,
    },
    activation: activation(r, o.SendValidationCode, o.Suspended),
  };
  r.throwIfProblems('Invalid properties');
  return parsed;
}
