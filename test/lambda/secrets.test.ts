import { CreateProcurementPortalPreferenceCommand, ValidationException } from '@aws-sdk/client-invoicing';
import {
  GetSecretValueCommand, InvalidRequestException, ResourceNotFoundException, SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import {
  ARN, CANARY_EMAIL, CANARY_NAME, CANARY_SECRET, CONTACTS_SECRET_ARN, SECRET_ARN, createEvent, fakeContext,
  minimalProperties, useHandlerHarness,
} from './harness';
import { handler } from '../../lambda/index';

const { invoicing, secrets, server } = useHandlerHarness();

beforeEach(() => {
  invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
});

const withField = { ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN, JsonField: 'sharedSecret' } };
const whole = { ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN } };

/** Runs a Create whose shared secret read returns `answer`; returns the response. */
async function createWithSecret(properties: Record<string, unknown>, answer: (m: ReturnType<typeof secrets.on>) => void) {
  answer(secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true));
  const event = createEvent(server, minimalProperties(properties));
  await handler(event, fakeContext());
  return server.only(event);
}

function smError(name: string, message: string, status: number) {
  return new SecretsManagerServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

describe('shared secret faults: a specific Reason that names the secret (and field), never the value, and no Create', () => {
  test.each([
    ['missing', whole, (m: any) => m.rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: { httpStatusCode: 400 } })),
      `ProcurementPortalSharedSecretRef: GetSecretValue failed for secret ${SECRET_ARN}: ResourceNotFoundException: Secrets Manager can't find the specified secret. (it does not exist in the region and account its ARN names: create it or fix the reference)`],
    ['scheduled for deletion', whole, (m: any) => m.rejects(new InvalidRequestException({ message: "You can't perform this operation on the secret because it was marked for deletion.", $metadata: { httpStatusCode: 400 } })),
      `ProcurementPortalSharedSecretRef: GetSecretValue failed for secret ${SECRET_ARN}: InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion. (it cannot be read now, typically because it is scheduled for deletion: restore it)`],
    ['access denied', whole, (m: any) => m.rejects(smError('AccessDeniedException', 'User is not authorized to perform: secretsmanager:GetSecretValue', 400)),
      `ProcurementPortalSharedSecretRef: GetSecretValue failed for secret ${SECRET_ARN}: AccessDeniedException: User is not authorized to perform: secretsmanager:GetSecretValue (the handler's role needs secretsmanager:GetSecretValue on it and kms:Decrypt on its KMS key)`],
    ['missing (a JSON field named)', withField, (m: any) => m.rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: { httpStatusCode: 400 } })),
      `ProcurementPortalSharedSecretRef: GetSecretValue failed for secret ${SECRET_ARN} (JSON field 'sharedSecret'): ResourceNotFoundException: Secrets Manager can't find the specified secret. (it does not exist in the region and account its ARN names: create it or fix the reference)`],
    ['scheduled for deletion (a JSON field named)', withField, (m: any) => m.rejects(new InvalidRequestException({ message: "You can't perform this operation on the secret because it was marked for deletion.", $metadata: { httpStatusCode: 400 } })),
      `ProcurementPortalSharedSecretRef: GetSecretValue failed for secret ${SECRET_ARN} (JSON field 'sharedSecret'): InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion. (it cannot be read now, typically because it is scheduled for deletion: restore it)`],
    ['binary only (a JSON field named)', withField, (m: any) => m.resolves({ SecretBinary: Buffer.from(CANARY_SECRET) }),
      `ProcurementPortalSharedSecretRef: reading secret ${SECRET_ARN} (JSON field 'sharedSecret'): it holds only a binary value (SecretBinary), and a string (SecretString) is needed`],
    ['empty (a JSON field named)', withField, (m: any) => m.resolves({ SecretString: '' }),
      `ProcurementPortalSharedSecretRef: secret ${SECRET_ARN} (JSON field 'sharedSecret') is empty`],
    ['binary only', whole, (m: any) => m.resolves({ SecretBinary: Buffer.from(CANARY_SECRET) }),
      `ProcurementPortalSharedSecretRef: reading secret ${SECRET_ARN}: it holds only a binary value (SecretBinary), and a string (SecretString) is needed`],
    ['empty', whole, (m: any) => m.resolves({ SecretString: '' }),
      `ProcurementPortalSharedSecretRef: secret ${SECRET_ARN} is empty`],
    ['not JSON when a field is named', withField, (m: any) => m.resolves({ SecretString: CANARY_SECRET }),
      `ProcurementPortalSharedSecretRef: secret ${SECRET_ARN} is not a JSON object, so its field 'sharedSecret' cannot be read (store the value as {"sharedSecret": "..."} or drop jsonField)`],
    ['a JSON list when a field is named', withField, (m: any) => m.resolves({ SecretString: JSON.stringify([CANARY_SECRET]) }),
      `ProcurementPortalSharedSecretRef: secret ${SECRET_ARN} is not a JSON object, so its field 'sharedSecret' cannot be read (store the value as {"sharedSecret": "..."} or drop jsonField)`],
    ['field missing', withField, (m: any) => m.resolves({ SecretString: JSON.stringify({ password: CANARY_SECRET }) }),
      `ProcurementPortalSharedSecretRef: secret ${SECRET_ARN} has no field 'sharedSecret'`],
    ['field not a string', withField, (m: any) => m.resolves({ SecretString: JSON.stringify({ sharedSecret: 12345678 }) }),
      `ProcurementPortalSharedSecretRef: secret ${SECRET_ARN} (JSON field 'sharedSecret') must be a string, got a JSON number`],
    ['field is an object', withField, (m: any) => m.resolves({ SecretString: JSON.stringify({ sharedSecret: { v: CANARY_SECRET } }) }),
      `ProcurementPortalSharedSecretRef: secret ${SECRET_ARN} (JSON field 'sharedSecret') must be a string, got a JSON object`],
    ['value with a space', whole, (m: any) => m.resolves({ SecretString: 'CANARY-with space' }),
      `ProcurementPortalSharedSecretRef: the value of secret ${SECRET_ARN} must be 1 to 1024 characters without white space, got a value of 17 characters (not shown), which the Invoicing API does not accept as a shared secret`],
    ['field value with a newline', withField, (m: any) => m.resolves({ SecretString: JSON.stringify({ sharedSecret: 'CANARY-line1\nline2' }) }),
      `ProcurementPortalSharedSecretRef: the value of secret ${SECRET_ARN} (JSON field 'sharedSecret') must be 1 to 1024 characters without white space, got a value of 18 characters (not shown), which the Invoicing API does not accept as a shared secret`],
    ['value too long', whole, (m: any) => m.resolves({ SecretString: `CANARY${'x'.repeat(1100)}` }),
      `ProcurementPortalSharedSecretRef: the value of secret ${SECRET_ARN} must be 1 to 1024 characters without white space, got a value of 1106 characters (not shown), which the Invoicing API does not accept as a shared secret`],
  ])('%s', async (_, properties, answer, reason) => {
    const response = await createWithSecret(properties, answer);

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe(reason);
    expect(response.Reason).not.toMatch(/CANARY-(with|line1)|xxxxxxxx/);
    expect(invoicing.commandCalls(CreateProcurementPortalPreferenceCommand)).toHaveLength(0);
  });

  test('the test environment secret is named with its own property', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true).resolves({ SecretString: '' });
    const event = createEvent(server, minimalProperties({
      TestEnvPreference: {
        BuyerDomain: 'NetworkID',
        BuyerIdentifier: 'B-T',
        SupplierDomain: 'NetworkID',
        SupplierIdentifier: 'S-T',
        ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN },
      },
    }));

    await handler(event, fakeContext());

    expect(server.only(event).Reason).toBe(`TestEnvPreference.ProcurementPortalSharedSecretRef: secret ${SECRET_ARN} is empty`);
  });

  test('a ValidationException that echoes the secret and the contact is redacted in the Reason and the logs', async () => {
    invoicing.reset();
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(new ValidationException({
      message: `Shared secret ${CANARY_SECRET} rejected for ${CANARY_EMAIL}`,
      $metadata: { httpStatusCode: 400 },
      fieldList: [{ name: 'Contacts', message: `${CANARY_NAME} <${CANARY_EMAIL}> is not a portal user` }],
    }));
    const response = await createWithSecret(whole, (m) => m.resolves({ SecretString: CANARY_SECRET }));

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe('CreateProcurementPortalPreference failed: ValidationException: Shared secret [redacted] rejected for [redacted] (fields: Contacts: [redacted] <[redacted]> is not a portal user)');
  });
});

test('a secret echoed where the Reason is cut is redacted before the cut (no partial secret)', async () => {
  invoicing.reset();
  const prefix = 'CreateProcurementPortalPreference failed: ValidationException: ';
  invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(new ValidationException({
    message: `${'v'.repeat(3_490 - prefix.length)}${CANARY_SECRET} was rejected`,
    $metadata: { httpStatusCode: 400 },
  }));

  const response = await createWithSecret(whole, (m) => m.resolves({ SecretString: CANARY_SECRET }));

  expect(response.Reason.startsWith(`${prefix}vvv`)).toBe(true);
  expect(response.Reason).not.toContain('CANARY');
  expect(response.Reason).toMatch(/v\[redact\.\.\.$/);
});

describe('ContactsRef: contacts kept in a secret', () => {
  const contact = { Name: CANARY_NAME, Email: CANARY_EMAIL };

  async function createWithContacts(ref: Record<string, string>, secretString: string) {
    secrets.on(GetSecretValueCommand, { SecretId: CONTACTS_SECRET_ARN }, true).resolves({ SecretString: secretString });
    const event = createEvent(server, minimalProperties({ Contacts: undefined, ContactsRef: { SecretArn: CONTACTS_SECRET_ARN, ...ref } }));
    await handler(event, fakeContext());
    return server.only(event);
  }

  test.each([
    ['an object', {}, JSON.stringify(contact)],
    ['a list of one object', {}, JSON.stringify([contact])],
    ['a JSON field holding the object', { JsonField: 'contact' }, JSON.stringify({ contact })],
    ['a JSON field holding the object as a JSON string', { JsonField: 'contact' }, JSON.stringify({ contact: JSON.stringify(contact) })],
  ])('%s: Create gets exactly that contact', async (_, ref, secretString) => {
    const response = await createWithContacts(ref, secretString);

    expect(response.Status).toBe('SUCCESS');
    expect(invoicing.commandCalls(CreateProcurementPortalPreferenceCommand)[0].args[0].input.Contacts).toEqual([contact]);
  });

  test.each([
    ['two contacts', JSON.stringify([contact, contact]),
      `Invalid contacts: ContactsRef (secret ${CONTACTS_SECRET_ARN}) must have exactly 1 item, got 2`],
    ['a bad email (not repeated)', JSON.stringify({ Name: CANARY_NAME, Email: 'CANARY-not-an-email' }),
      `Invalid contacts: ContactsRef (secret ${CONTACTS_SECRET_ARN})[0].Email must be an email address like 'name@example.com' (the value is not shown: contacts are personal data)`],
    ['an unknown key', JSON.stringify({ ...contact, Phone: '1' }),
      `Invalid contacts: ContactsRef (secret ${CONTACTS_SECRET_ARN})[0] has an unknown property 'Phone' (allowed: Name, Email)`],
    ['not JSON', `${CANARY_NAME} ${CANARY_EMAIL}`,
      `ContactsRef: secret ${CONTACTS_SECRET_ARN} must be JSON such as {"Name": "...", "Email": "..."}, got text that is not JSON (not shown)`],
  ])('%s: FAILED without the contact in the Reason', async (_, secretString, reason) => {
    const response = await createWithContacts({}, secretString);

    expect(response).toMatchObject({ Status: 'FAILED', Reason: reason });
    expect(response.Reason).not.toContain('CANARY-not-an-email');
    expect(invoicing.calls()).toHaveLength(0);
  });
});
