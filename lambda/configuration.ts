import type { PutProcurementPortalPreferenceRequest, TestEnvPreferenceInput } from '@aws-sdk/client-invoicing';
import { PreferenceConfiguration } from './properties';
import { SecretContext, SecretReader } from './secrets';

/** What Create and Put share: everything but the ARN, the identity, the tags and the token. */
export type PreferenceConfigurationInput = Omit<PutProcurementPortalPreferenceRequest, 'ProcurementPortalPreferenceArn' | 'ClientToken'>;

/** One reader per event (the request object), so a Put then a re-Create in one event read each secret once. */
const readers = new WeakMap<SecretContext, SecretReader>();

export function secretReader(req: SecretContext): SecretReader {
  let reader = readers.get(req);
  if (!reader) {
    reader = new SecretReader(req);
    readers.set(req, reader);
  }
  return reader;
}

/**
 * The configuration as Put (and Create) take it, with the secrets read now: called for Create and Put only, never for
 * Delete or an update that changes tags alone. Literal contacts join the redactor too: an API error may echo them.
 */
export async function resolveConfiguration(config: PreferenceConfiguration, req: SecretContext): Promise<PreferenceConfigurationInput> {
  const secrets = secretReader(req);
  if ('literal' in config.Contacts) {
    config.Contacts.literal.forEach((c) => { req.redactor.addWord(c.Name); req.redactor.addWord(c.Email); });
  }
  const [sharedSecret, testSecret, contactList] = await Promise.all([
    config.SharedSecretRef && secrets.sharedSecret('ProcurementPortalSharedSecretRef', config.SharedSecretRef),
    config.TestEnvPreference?.SharedSecretRef && secrets.sharedSecret('TestEnvPreference.ProcurementPortalSharedSecretRef', config.TestEnvPreference.SharedSecretRef),
    'ref' in config.Contacts ? secrets.contacts('ContactsRef', config.Contacts.ref) : Promise.resolve(config.Contacts.literal),
  ]);
  const testEnv = config.TestEnvPreference;
  const testEnvInput: TestEnvPreferenceInput | undefined = testEnv && {
    BuyerDomain: testEnv.BuyerDomain,
    BuyerIdentifier: testEnv.BuyerIdentifier,
    SupplierDomain: testEnv.SupplierDomain,
    SupplierIdentifier: testEnv.SupplierIdentifier,
    ...(testSecret ? { ProcurementPortalSharedSecret: testSecret } : {}),
    ...(testEnv.ProcurementPortalInstanceEndpoint ? { ProcurementPortalInstanceEndpoint: testEnv.ProcurementPortalInstanceEndpoint } : {}),
  };
  return {
    ...(config.Selector ? { Selector: config.Selector } : {}),
    ...(sharedSecret ? { ProcurementPortalSharedSecret: sharedSecret } : {}),
    ...(config.ProcurementPortalInstanceEndpoint ? { ProcurementPortalInstanceEndpoint: config.ProcurementPortalInstanceEndpoint } : {}),
    ...(testEnvInput ? { TestEnvPreference: testEnvInput } : {}),
    EinvoiceDeliveryEnabled: config.EinvoiceDeliveryEnabled,
    ...(config.EinvoiceDeliveryPreference ? { EinvoiceDeliveryPreference: config.EinvoiceDeliveryPreference } : {}),
    PurchaseOrderRetrievalEnabled: config.PurchaseOrderRetrievalEnabled,
    Contacts: contactList,
  };
}
