/**
 * The configuration as Create and Put take it: the parsed configuration's secret references resolved with the values
 * this request reads (once per request: `req.secrets`), every value and contact joining the redactor first.
 */
import type { Contact, TestEnvPreferenceInput } from '@aws-sdk/client-invoicing';
import { CONTACTS } from '../../src/contract/properties';
import type { SecretReference } from '../../src/contract/wire';
import { SecretReader, where } from '../aws/secrets';
import { PreferenceConfiguration, PreferenceConfigurationInput, TestEnvConfiguration, contacts } from '../parse/configuration';
import { checkReceived } from '../parse/received';

/** Contacts kept in a secret: `{"Name","Email"}` or a list of exactly one such object (or that JSON as a string). */
export async function contactsFromSecret(secrets: SecretReader, prop: string, ref: SecretReference): Promise<Contact[]> {
  const value = await secrets.json(prop, ref, '{"Name": "...", "Email": "..."}');
  const list = Array.isArray(value) ? value : [value];
  checkReceived(CONTACTS, list, 'Invalid contacts', `${prop} (${where(ref)})`, true);
  const checked = contacts(list);
  secrets.redactContacts(checked);
  return checked;
}

/** The test environment as the API takes it: its secret read, its reference dropped. */
async function testEnvInput({ SharedSecretRef: ref, ...parties }: TestEnvConfiguration, secrets: SecretReader): Promise<TestEnvPreferenceInput> {
  const secret = ref && await secrets.sharedSecret('TestEnvPreference.ProcurementPortalSharedSecretRef', ref);
  return { ...parties, ...(secret ? { ProcurementPortalSharedSecret: secret } : {}) };
}

/** The configuration with its secrets read now. Literal contacts join the redactor too: an API error may echo them. */
export async function resolveConfiguration(config: PreferenceConfiguration,
  req: { readonly secrets: SecretReader }): Promise<PreferenceConfigurationInput> {
  const { SharedSecretRef, TestEnvPreference, Contacts, ...settings } = config;
  if ('literal' in Contacts) req.secrets.redactContacts(Contacts.literal);
  const [sharedSecret, testEnvironment, contactList] = await Promise.all([
    SharedSecretRef && req.secrets.sharedSecret('ProcurementPortalSharedSecretRef', SharedSecretRef),
    TestEnvPreference && testEnvInput(TestEnvPreference, req.secrets),
    'ref' in Contacts ? contactsFromSecret(req.secrets, 'ContactsRef', Contacts.ref) : Contacts.literal,
  ]);
  return {
    ...settings,
    ...(sharedSecret ? { ProcurementPortalSharedSecret: sharedSecret } : {}),
    ...(testEnvironment ? { TestEnvPreference: testEnvironment } : {}),
    Contacts: contactList,
  };
}
