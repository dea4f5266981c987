import { Annotations, Stack, TagManager, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';
import { claimIdentity } from './identity-claims';
import { renderProperties } from './render-properties';
import { checkPollInterval } from './status-poller';
import {
  Problems,
  checkBoolean,
  checkContacts,
  checkDate,
  checkOptionalString,
  checkRequiredString,
  checkStringList,
  describeKind,
  isUnresolved,
} from './validation';
import { checkPartition } from '../contract/constraints';
import { PREFERENCE } from '../contract/properties';
import { checkValue } from '../contract/rules';
import { asReceived } from '../contract/wire';
import { PartyDomain } from '../enums';
import { PortalSecret } from '../portal-secret';
import type {
  ProcurementPortalPreferenceProps,
  PreferenceSuspension,
  PurchaseOrderDataSourceProps,
} from '../procurement-portal-preference-props';

/** Id of the synth warning for e-invoice delivery or purchase order retrieval without a shared secret. */
const NO_SHARED_SECRET_WARNING = 'cdk-procurement-portal:noSharedSecret';

/**
 * Every synth-time check of a preference, thrown as one error: its props' types, then the API's rules on the
 * properties they render (the rules the handler walks again, src/contract/rules.ts, each problem named by its prop),
 * the `shared` problems (settings its stack's preferences must agree on), its identity (recorded for the app: declared
 * twice in an account is refused) and the stack's partition.
 */
export function validateProps(preference: IConstruct, props: ProcurementPortalPreferenceProps, tags: TagManager,
  shared: ReadonlyArray<string | undefined>, entry: Function): void {
  const problems = new Problems();
  checkProps(problems, props);
  // Props of the wrong type cannot be rendered: their rules wait until they are fixed.
  if (problems.count === 0) checkRules(problems, props, tags);
  shared.forEach((problem) => problems.add(problem));
  problems.add(claimPreferenceIdentity(preference, props));
  // A stack bound to a region knows its partition; an environment-agnostic one is left to the deploy.
  const region = Stack.of(preference).region;
  const partition = Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition;
  if (partition !== undefined) problems.add(checkPartition("the stack's partition", partition));
  problems.throwIfAny(preference, entry);
}

/**
 * Portals refuse the cXML exchange without the shared secret they issued. A warning, not an error: the API accepts
 * it and the secret can be added later; `Annotations.of(preference).acknowledgeWarning()` silences it.
 */
export function warnWithoutSharedSecret(preference: IConstruct, props: ProcurementPortalPreferenceProps): void {
  if (props.sharedSecret !== undefined) return;
  const delivery = props.einvoiceDeliveryEnabled ?? props.einvoiceDelivery !== undefined;
  const enabled = [
    delivery === true ? 'e-invoice delivery' : undefined,
    props.purchaseOrderRetrievalEnabled === true ? 'purchase order retrieval' : undefined,
  ].filter((feature): feature is string => feature !== undefined);
  if (enabled.length === 0) return;
  Annotations.of(preference).addWarningV2(NO_SHARED_SECRET_WARNING,
    `${enabled.join(' and ')} ${enabled.length > 1 ? 'are' : 'is'} enabled without sharedSecret: portals authenticate `
    + 'the cXML exchange with the shared secret they issued, and refuse it without one. Give sharedSecret '
    + '(PortalSecret.fromSecretsManager()), or acknowledge this warning if the secret is set up later');
}

/** The rendered properties as CloudFormation will send them, tokens (known at deploy time) left for the deploy. */
function checkRules(problems: Problems, props: ProcurementPortalPreferenceProps, tags: TagManager): void {
  const sent = asReceived(renderProperties(props, tags), isUnresolved);
  checkValue(PREFERENCE, sent, '', { names: 'prop', skip: isUnresolved, rootName: 'props' }).forEach((problem) => problems.add(problem));
}

/** The props' JavaScript types, which the rules cannot see once rendered. */
function checkProps(problems: Problems, props: ProcurementPortalPreferenceProps): void {
  if (props === null || typeof props !== 'object') {
    problems.add(`props must be an object, got ${describeKind(props)}`);
    return;
  }
  checkRequiredString(problems, 'procurementPortalName', props.procurementPortalName);
  checkOptionalString(problems, 'buyerDomain', props.buyerDomain);
  checkRequiredString(problems, 'buyerIdentifier', props.buyerIdentifier);
  checkOptionalString(problems, 'supplierDomain', props.supplierDomain);
  checkOptionalString(problems, 'supplierIdentifier', props.supplierIdentifier);
  if (props.supplierLookup !== undefined) {
    checkRequiredString(problems, 'supplierLookup.sellerOfRecord', props.supplierLookup.sellerOfRecord);
    checkOptionalString(problems, 'supplierLookup.countryCode', props.supplierLookup.countryCode);
  }

  if (props.selector !== undefined) {
    checkStringList(problems, 'selector.invoiceUnitArns', props.selector.invoiceUnitArns, false);
    checkStringList(problems, 'selector.sellerOfRecords', props.selector.sellerOfRecords, false);
    const units = props.selector.invoiceUnits;
    if (units !== undefined && (!Array.isArray(units) || units.some((unit) => typeof unit?.invoiceUnitArn !== 'string'))) {
      problems.add(`selector.invoiceUnits must be a list of invoice units (InvoiceUnit, or InvoiceUnit.fromInvoiceUnitArn()), got ${describeKind(units)}`);
    }
  }
  checkPortalSecret(problems, 'sharedSecret', props.sharedSecret);
  checkOptionalString(problems, 'instanceEndpoint', props.instanceEndpoint);

  const test = props.testEnvironment;
  if (test !== undefined) {
    checkOptionalString(problems, 'testEnvironment.buyerDomain', test.buyerDomain);
    checkRequiredString(problems, 'testEnvironment.buyerIdentifier', test.buyerIdentifier);
    checkOptionalString(problems, 'testEnvironment.supplierDomain', test.supplierDomain);
    checkRequiredString(problems, 'testEnvironment.supplierIdentifier', test.supplierIdentifier);
    checkPortalSecret(problems, 'testEnvironment.sharedSecret', test.sharedSecret);
    checkOptionalString(problems, 'testEnvironment.instanceEndpoint', test.instanceEndpoint);
  }

  checkBoolean(problems, 'einvoiceDeliveryEnabled', props.einvoiceDeliveryEnabled, false);
  const delivery = props.einvoiceDelivery;
  if (delivery !== undefined) {
    checkStringList(problems, 'einvoiceDelivery.documentTypes', delivery.documentTypes, true);
    checkStringList(problems, 'einvoiceDelivery.attachmentTypes', delivery.attachmentTypes, false);
    checkOptionalString(problems, 'einvoiceDelivery.protocol', delivery.protocol);
    const sources: unknown = delivery.purchaseOrderDataSources;
    if (!isUnresolved(sources)) {
      if (!Array.isArray(sources)) {
        problems.add(`einvoiceDelivery.purchaseOrderDataSources is required and must be an array, got ${describeKind(sources)}`);
      } else {
        sources.forEach((source: PurchaseOrderDataSourceProps, index: number) => {
          const prop = `einvoiceDelivery.purchaseOrderDataSources[${index}]`;
          checkRequiredString(problems, `${prop}.documentType`, source?.documentType);
          checkRequiredString(problems, `${prop}.sourceType`, source?.sourceType);
        });
      }
    }
    checkRequiredString(problems, 'einvoiceDelivery.connectionTestingMethod', delivery.connectionTestingMethod);
    checkDate(problems, 'einvoiceDelivery.activationDate', delivery.activationDate);
  }

  checkBoolean(problems, 'purchaseOrderRetrievalEnabled', props.purchaseOrderRetrievalEnabled, true);
  checkBoolean(problems, 'allowReplacement', props.allowReplacement, false);
  checkBoolean(problems, 'adoptExisting', props.adoptExisting, false);
  checkBoolean(problems, 'reapplyOnSecretRotation', props.reapplyOnSecretRotation, false);
  checkBoolean(problems, 'sendValidationCode', props.sendValidationCode, false);
  checkSuspension(problems, props.suspended);
  problems.add(checkPollInterval('statusPollInterval', props.statusPollInterval));

  checkContacts(problems, 'contacts', props.contacts);
  checkPortalSecret(problems, 'contactsSecret', props.contactsSecret);
}

/**
 * A `PortalSecret` prop: created by `PortalSecret.fromSecretsManager()`, with a usable JSON field name.
 * Never repeats the value received: a caller who passed a string here most likely passed the secret itself.
 */
function checkPortalSecret(problems: Problems, prop: string, value: unknown): void {
  if (value === undefined) return;
  if (!PortalSecret.isPortalSecret(value)) {
    problems.add(`${prop} must be a PortalSecret created with PortalSecret.fromSecretsManager(secret, { jsonField }), `
      + `got ${describeKind(value)} (value not shown); plaintext values and SecretValue are refused because they would be `
      + 'written into the template');
    return;
  }
  const jsonField: unknown = value.jsonField;
  if (jsonField === undefined || isUnresolved(jsonField)) return;
  if (typeof jsonField !== 'string') {
    problems.add(`${prop}.jsonField must be a string, got ${describeKind(jsonField)}`);
  } else if (jsonField.includes('{{resolve:')) {
    problems.add(`${prop}.jsonField must be the name of a field of the secret's JSON value, got a dynamic reference `
      + '(value not shown); give the secret itself to PortalSecret.fromSecretsManager()');
  }
}

function checkSuspension(problems: Problems, suspended: PreferenceSuspension | undefined): void {
  if (suspended === undefined) return;
  if (suspended === null || typeof suspended !== 'object') {
    problems.add(`suspended must be an object such as { reason: 'Portal maintenance' }, got ${describeKind(suspended)}`);
    return;
  }
  checkRequiredString(problems, 'suspended.reason', suspended.reason);
  checkBoolean(problems, 'suspended.einvoiceDelivery', suspended.einvoiceDelivery, false);
  checkBoolean(problems, 'suspended.purchaseOrderRetrieval', suspended.purchaseOrderRetrieval, false);
}

/** Records the preference's identity in its app; skipped while any part is a token (known at deploy time only). */
function claimPreferenceIdentity(preference: IConstruct, props: ProcurementPortalPreferenceProps): string | undefined {
  const parts = [
    props.procurementPortalName,
    props.buyerDomain ?? PartyDomain.NETWORK_ID,
    props.buyerIdentifier,
    props.supplierDomain ?? PartyDomain.NETWORK_ID,
    props.supplierIdentifier ?? (props.supplierLookup && `lookup:${props.supplierLookup.sellerOfRecord}:${props.supplierLookup.countryCode ?? '*'}`),
  ];
  if (parts.some((part) => typeof part !== 'string' || isUnresolved(part))) return undefined;
  return claimIdentity(preference, parts as string[]);
}
