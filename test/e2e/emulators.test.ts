/**
 * The emulators against the real SDK clients: if the SDK can talk to them, the bundled handler can too.
 */
import {
  ConflictException,
  CreateProcurementPortalPreferenceCommand,
  CreateProcurementPortalPreferenceCommandInput,
  DeleteProcurementPortalPreferenceCommand,
  GetProcurementPortalPreferenceCommand,
  InternalServerException,
  InvoicingClient,
  ListProcurementPortalPreferencesCommand,
  ListTagsForResourceCommand,
  ProcurementPortalName,
  PutProcurementPortalPreferenceCommand,
  ResourceNotFoundException,
  SendProcurementPortalValidationCommand,
  TagResourceCommand,
  ThrottlingException,
  UntagResourceCommand,
  UpdateProcurementPortalPreferenceStatusCommand,
  ValidationException,
  VerifyProcurementPortalValidationCommand,
} from '@aws-sdk/client-invoicing';
import * as invoicingModel from '@aws-sdk/client-invoicing';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InvoicingEmulator, OPERATIONS } from '../../tools/emulators/invoicing';
import { REQUEST_SHAPES } from '../../tools/emulators/invoicing-model';
import { SecretsManagerEmulator } from '../../tools/emulators/secrets-manager';
import { Shape } from '../../tools/emulators/shapes';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret-key' };

const createInput: CreateProcurementPortalPreferenceCommandInput = {
  ProcurementPortalName: 'COUPA',
  BuyerDomain: 'NetworkID',
  BuyerIdentifier: 'AN01000000001',
  SupplierDomain: 'NetworkID',
  SupplierIdentifier: 'AN01000000002',
  EinvoiceDeliveryEnabled: true,
  PurchaseOrderRetrievalEnabled: false,
  Contacts: [{ Name: 'Accounts payable', Email: 'ap@example.com' }],
  ProcurementPortalSharedSecret: 'emulator-test-secret',
  EinvoiceDeliveryPreference: {
    EinvoiceDeliveryDocumentTypes: ['AWS_CLOUD_INVOICE'],
    Protocol: 'CXML',
    PurchaseOrderDataSources: [{ EinvoiceDeliveryDocumentType: 'AWS_CLOUD_INVOICE', PurchaseOrderDataSourceType: 'PURCHASE_ORDER_NOT_REQUIRED' }],
    ConnectionTestingMethod: 'TEST_ENV_REPLAY_TEST',
    EinvoiceDeliveryActivationDate: new Date('2027-01-01T00:00:00Z'),
  },
  ResourceTags: [{ Key: 'team', Value: 'finance' }],
};

/** Raw awsJson1_0 call, for what the SDK would never send (wrong types, unknown members). */
async function rawCall(endpoint: string, operation: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `Invoicing.${operation}`,
      'authorization': 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/invoicing/aws4_request',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: await response.json() as any };
}

/** A comparable outline of a shape: scalar type names, lists, structures with their members and required ones. */
type Outline = string | { list: Outline } | { members: Record<string, Outline>; required: string[] };

/** Outline of the SDK's schema (the service model as @aws-sdk/client-invoicing encodes it). */
function sdkOutline(schema: unknown): Outline {
  if (typeof schema === 'function') return sdkOutline((schema as () => unknown)());
  if (typeof schema === 'number') {
    if (schema === 64) return { list: 'string' };
    return ({ 0: 'string', 1: 'integer', 2: 'boolean', 4: 'timestamp' } as Record<number, string>)[schema] ?? `type ${schema}`;
  }
  const s = schema as unknown[];
  if (s.length === 2) return sdkOutline(s[0]); // a member with traits: [schema, traits]
  switch (s[0]) {
    case 0: return sdkOutline(s[4]); // a named simple schema (e.g. a sensitive string)
    case 1: return { list: sdkOutline(s[4]) };
    case 3: {
      const names = s[4] as string[];
      const schemas = s[5] as unknown[];
      return {
        members: Object.fromEntries(names.map((n, i) => [n, sdkOutline(schemas[i])])),
        required: names.slice(0, (s[6] as number | undefined) ?? 0).sort(),
      };
    }
    default: return `schema ${String(s[0])}`;
  }
}

function emulatorOutline(shape: Shape): Outline {
  switch (shape.kind) {
    case 'list': return { list: emulatorOutline(shape.member) };
    case 'structure': return {
      members: Object.fromEntries(Object.entries(shape.members).map(([n, m]) => [n, emulatorOutline(m)])),
      required: [...(shape.required ?? [])].sort(),
    };
    default: return shape.kind;
  }
}

test.each(OPERATIONS)('the emulator takes the %s request as the SDK\'s service model defines it', (operation) => {
  const schema = (invoicingModel as unknown as Record<string, unknown>)[`${operation}Request$`];
  expect(schema).toBeDefined();
  expect(emulatorOutline(REQUEST_SHAPES[operation])).toEqual(sdkOutline(schema));
});

describe('Invoicing emulator', () => {
  const emulator = new InvoicingEmulator();
  let client: InvoicingClient;

  beforeAll(async () => {
    const endpoint = await emulator.start();
    client = new InvoicingClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.reset();
    emulator.clearFaults();
  });

  test('serves the lifecycle to the real SDK client', async () => {
    const { ProcurementPortalPreferenceArn: arn } = await client.send(new CreateProcurementPortalPreferenceCommand(createInput));
    expect(arn).toMatch(/^arn:aws:invoicing::123456789012:procurement-portal-preference\/[0-9a-f-]{36}$/);

    const got = await client.send(new GetProcurementPortalPreferenceCommand({ ProcurementPortalPreferenceArn: arn }));
    expect(got.ProcurementPortalPreference).toMatchObject({
      ProcurementPortalPreferenceArn: arn,
      ProcurementPortalName: 'COUPA',
      ProcurementPortalSharedSecret: 'emulator-test-secret',
      EinvoiceDeliveryPreferenceStatus: 'PENDING_VERIFICATION',
      Version: 1,
    });
    expect(got.ProcurementPortalPreference?.EinvoiceDeliveryPreference?.EinvoiceDeliveryActivationDate).toEqual(new Date('2027-01-01T00:00:00Z'));

    await client.send(new PutProcurementPortalPreferenceCommand({
      ProcurementPortalPreferenceArn: arn,
      EinvoiceDeliveryEnabled: false,
      PurchaseOrderRetrievalEnabled: true,
      Contacts: [{ Email: 'po@example.com' }],
    }));
    const stored = emulator.get(arn!)!;
    expect(stored.version).toBe(2);
    // Put replaces the whole configuration: what it did not send is gone.
    expect(stored.configuration).toEqual({ EinvoiceDeliveryEnabled: false, PurchaseOrderRetrievalEnabled: true, Contacts: [{ Email: 'po@example.com' }] });

    await client.send(new TagResourceCommand({ ResourceArn: arn, ResourceTags: [{ Key: 'env', Value: 'prod' }] }));
    await client.send(new UntagResourceCommand({ ResourceArn: arn, ResourceTagKeys: ['team'] }));
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(tags.ResourceTags).toEqual([{ Key: 'env', Value: 'prod' }]);

    await client.send(new UpdateProcurementPortalPreferenceStatusCommand({
      ProcurementPortalPreferenceArn: arn, EinvoiceDeliveryPreferenceStatus: 'SUSPENDED', EinvoiceDeliveryPreferenceStatusReason: 'maintenance',
    }));
    const listed = await client.send(new ListProcurementPortalPreferencesCommand({}));
    expect(listed.ProcurementPortalPreferences).toHaveLength(1);
    expect(listed.ProcurementPortalPreferences?.[0]).toMatchObject({
      EinvoiceDeliveryPreferenceStatus: 'SUSPENDED',
      EinvoiceDeliveryPreferenceStatusReason: 'maintenance',
      PurchaseOrderRetrievalPreferenceStatus: 'PENDING_VERIFICATION',
    });
    expect(JSON.stringify(listed)).not.toContain('emulator-test-secret');

    await client.send(new DeleteProcurementPortalPreferenceCommand({ ProcurementPortalPreferenceArn: arn }));
    await expect(client.send(new GetProcurementPortalPreferenceCommand({ ProcurementPortalPreferenceArn: arn })))
      .rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(emulator.callCount('CreateProcurementPortalPreference')).toBe(1);
    expect(JSON.stringify(emulator.log)).not.toMatch(/emulator-test-secret|ap@example.com|po@example.com/);
  });

  test('sends a one-time code the test reads, verifies it once, and refuses a wrong one without repeating it', async () => {
    const { ProcurementPortalPreferenceArn: arn } = await client.send(new CreateProcurementPortalPreferenceCommand(createInput));
    expect(emulator.validationCode(arn!)).toBeUndefined();
    await client.send(new SendProcurementPortalValidationCommand({ ProcurementPortalPreferenceArn: arn }));
    const code = emulator.validationCode(arn!)!;
    expect(code).toMatch(/^[A-Z]{8}$/);

    const wrong = `${code}X`;
    const refused = client.send(new VerifyProcurementPortalValidationCommand({ ProcurementPortalPreferenceArn: arn, Code: wrong }));
    await expect(refused).rejects.toBeInstanceOf(ValidationException);
    await expect(refused).rejects.toMatchObject({ message: expect.stringContaining('not valid or has expired') });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining(wrong) });
    expect(emulator.get(arn!)!.einvoiceDeliveryPreferenceStatus).toBe('PENDING_VERIFICATION');

    await client.send(new VerifyProcurementPortalValidationCommand({ ProcurementPortalPreferenceArn: arn, Code: code }));
    expect(emulator.get(arn!)).toMatchObject({ einvoiceDeliveryPreferenceStatus: 'VALIDATED', purchaseOrderRetrievalPreferenceStatus: 'VALIDATED' });
    // Used once: the same code is refused, and a validated preference gets no new code.
    await expect(client.send(new VerifyProcurementPortalValidationCommand({ ProcurementPortalPreferenceArn: arn, Code: code })))
      .rejects.toBeInstanceOf(ValidationException);
    await expect(client.send(new SendProcurementPortalValidationCommand({ ProcurementPortalPreferenceArn: arn })))
      .rejects.toMatchObject({ name: 'ConflictException', message: expect.stringContaining('not pending verification') });
    expect(JSON.stringify(emulator.log)).not.toContain(code);
  });

  test('suspends from any status, resumes to ACTIVE only a feature that was ACTIVE before', async () => {
    const { ProcurementPortalPreferenceArn: arn } = await client.send(new CreateProcurementPortalPreferenceCommand(createInput));
    await expect(client.send(new UpdateProcurementPortalPreferenceStatusCommand({ ProcurementPortalPreferenceArn: arn, EinvoiceDeliveryPreferenceStatus: 'ACTIVE' })))
      .rejects.toMatchObject({ name: 'ConflictException', message: expect.stringContaining('from PENDING_VERIFICATION to ACTIVE') });
    emulator.setStatus(arn!, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
    await client.send(new UpdateProcurementPortalPreferenceStatusCommand({
      ProcurementPortalPreferenceArn: arn,
      EinvoiceDeliveryPreferenceStatus: 'SUSPENDED',
      EinvoiceDeliveryPreferenceStatusReason: 'maintenance',
      PurchaseOrderRetrievalPreferenceStatus: 'SUSPENDED',
      PurchaseOrderRetrievalPreferenceStatusReason: 'maintenance',
    }));
    expect(emulator.get(arn!)).toMatchObject({ einvoiceDeliveryPreferenceStatus: 'SUSPENDED', einvoiceDeliveryPreferenceStatusReason: 'maintenance' });
    await client.send(new UpdateProcurementPortalPreferenceStatusCommand({ ProcurementPortalPreferenceArn: arn, EinvoiceDeliveryPreferenceStatus: 'ACTIVE' }));
    expect(emulator.get(arn!)).toMatchObject({ einvoiceDeliveryPreferenceStatus: 'ACTIVE', purchaseOrderRetrievalPreferenceStatus: 'SUSPENDED' });
  });

  test('replays a ClientToken and refuses a second identity', async () => {
    const first = await client.send(new CreateProcurementPortalPreferenceCommand({ ...createInput, ClientToken: 'token-1' }));
    const again = await client.send(new CreateProcurementPortalPreferenceCommand({ ...createInput, ClientToken: 'token-1' }));
    expect(again.ProcurementPortalPreferenceArn).toBe(first.ProcurementPortalPreferenceArn);
    const conflict = client.send(new CreateProcurementPortalPreferenceCommand({ ...createInput, ClientToken: 'token-2' }));
    await expect(conflict).rejects.toBeInstanceOf(ConflictException);
    await expect(conflict).rejects.toMatchObject({ $metadata: { httpStatusCode: 409 }, message: expect.stringContaining('already exists') });
    // Same token, different request: refused too.
    await expect(client.send(new CreateProcurementPortalPreferenceCommand({ ...createInput, BuyerIdentifier: 'other', ClientToken: 'token-1' })))
      .rejects.toBeInstanceOf(ConflictException);
    expect(emulator.list()).toHaveLength(1);
  });

  test('ConflictException for a taken identity names the holder by ARN, by bare id, or not at all, as set', async () => {
    const { ProcurementPortalPreferenceArn: arn } = await client.send(new CreateProcurementPortalPreferenceCommand(createInput));
    const conflictOf = () => client.send(new CreateProcurementPortalPreferenceCommand(createInput)).catch((e: unknown) => e as ConflictException);
    expect(await conflictOf()).toMatchObject({ name: 'ConflictException', resourceId: arn, resourceType: 'ProcurementPortalPreference' });
    emulator.conflictResourceId('bare-id');
    expect(await conflictOf()).toMatchObject({ name: 'ConflictException', resourceId: arn!.split('/')[1] });
    emulator.conflictResourceId('omit');
    const omitted = await conflictOf();
    expect(omitted).toBeInstanceOf(ConflictException);
    expect((omitted as ConflictException).resourceId).toBeUndefined();
    emulator.reset();
    await client.send(new CreateProcurementPortalPreferenceCommand(createInput));
    expect(await conflictOf()).toMatchObject({ resourceId: expect.stringMatching(/^arn:aws:invoicing::/) });
    const bareByDefault = new InvoicingEmulator({ conflictResourceId: 'bare-id' });
    const { EinvoiceDeliveryPreference: _, ...plain } = createInput;
    bareByDefault.conflictResourceId('omit').reset(); // reset() restores the constructor's form
    bareByDefault.seed(plain);
    expect(() => bareByDefault.seed(plain)).toThrow(expect.objectContaining({
      code: 'ConflictException', members: { resourceId: bareByDefault.list()[0].id, resourceType: 'ProcurementPortalPreference' },
    }));
  });

  test('ListProcurementPortalPreferences pages with MaxResults and NextToken, within the model\'s limits', async () => {
    for (const buyer of ['AN1', 'AN2', 'AN3']) {
      await client.send(new CreateProcurementPortalPreferenceCommand({ ...createInput, BuyerIdentifier: buyer }));
    }
    const first = await client.send(new ListProcurementPortalPreferencesCommand({ MaxResults: 2 }));
    expect(first.ProcurementPortalPreferences?.map((p) => p.BuyerIdentifier)).toEqual(['AN1', 'AN2']);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await client.send(new ListProcurementPortalPreferencesCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.ProcurementPortalPreferences?.map((p) => p.BuyerIdentifier)).toEqual(['AN3']);
    expect(second.NextToken).toBeUndefined();
    const all = await client.send(new ListProcurementPortalPreferencesCommand({}));
    expect(all.ProcurementPortalPreferences).toHaveLength(3);
    expect(JSON.stringify(all)).not.toMatch(/emulator-test-secret|ap@example.com/);
    for (const input of [{ MaxResults: 0 }, { MaxResults: 101 }, { NextToken: 'has space' }, { NextToken: 'x'.repeat(1025) }, { NextToken: 'bm90LWEtbnVtYmVy' }]) {
      await expect(client.send(new ListProcurementPortalPreferencesCommand(input))).rejects.toBeInstanceOf(ValidationException);
    }
  });

  test('answers ValidationException with the service shape', async () => {
    const error = await client.send(new CreateProcurementPortalPreferenceCommand({
      // A portal name the SDK's types refuse: the emulator must refuse it too.
      ...createInput, ProcurementPortalName: 'ARIBA' as ProcurementPortalName, BuyerIdentifier: 'has space', Contacts: [],
    })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    const v = error as ValidationException;
    expect(v.$metadata.httpStatusCode).toBe(400);
    expect(v.reason).toBe('fieldValidationFailed');
    expect(v.fieldList?.map((f) => f.name).sort()).toEqual(['BuyerIdentifier', 'Contacts', 'ProcurementPortalName']);
    expect(v.message).toContain('Member must satisfy enum value set: [SAP_BUSINESS_NETWORK, COUPA]');
  });

  test('refuses wrong JSON types, unknown and missing members', async () => {
    const { ClientToken: _, EinvoiceDeliveryPreference: __, ...rest } = createInput;
    const raw = await rawCall(emulator.endpoint, 'CreateProcurementPortalPreference', {
      ...rest, EinvoiceDeliveryEnabled: 'false', Unknown: 1, Contacts: undefined,
    });
    expect(raw.status).toBe(400);
    expect(raw.errorType).toMatch(/^ValidationException:/);
    expect(raw.body.__type).toBe('com.amazonaws.invoicing#ValidationException');
    expect(raw.body.reason).toBe('cannotParse');
    expect(raw.body.fieldList).toEqual(expect.arrayContaining([
      { name: 'EinvoiceDeliveryEnabled', message: expect.stringContaining('must be a JSON boolean') },
      { name: 'Unknown', message: "Unknown member 'Unknown'" },
      { name: 'Contacts', message: expect.stringContaining('must not be null') },
    ]));
    const unsigned = await rawCall(emulator.endpoint, 'ListProcurementPortalPreferences', {}, { authorization: '' });
    expect(unsigned.status).toBe(403);
    expect(emulator.list()).toHaveLength(0);
  });

  test('answers ResourceNotFoundException for an unknown ARN', async () => {
    await expect(client.send(new DeleteProcurementPortalPreferenceCommand({
      ProcurementPortalPreferenceArn: 'arn:aws:invoicing::123456789012:procurement-portal-preference/missing',
    }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  test('injects throttling, internal errors and access denied', async () => {
    emulator.inject({ kind: 'throttle', times: 1 })
      .inject({ kind: 'internal-error', times: 1, retryAfterSeconds: 2 })
      .inject({ kind: 'access-denied', operation: 'DeleteProcurementPortalPreference' });
    await expect(client.send(new ListProcurementPortalPreferencesCommand({}))).rejects.toBeInstanceOf(ThrottlingException);
    const internal = await client.send(new ListProcurementPortalPreferencesCommand({})).catch((e: unknown) => e);
    expect(internal).toBeInstanceOf(InternalServerException);
    expect((internal as InternalServerException).$response?.headers['retry-after']).toBe('2');
    await expect(client.send(new DeleteProcurementPortalPreferenceCommand({
      ProcurementPortalPreferenceArn: 'arn:aws:invoicing::123456789012:procurement-portal-preference/x',
    }))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(emulator.log.map((e) => e.outcome)).toEqual(['ThrottlingException', 'InternalServerException', 'AccessDeniedException']);
  });

  test('throttles above a request rate', async () => {
    emulator.throttleAbove(5);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => client.send(new ListProcurementPortalPreferencesCommand({}))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(emulator.log.filter((e) => e.outcome === 'ThrottlingException')).toHaveLength(3);
  });

  test('drops a connection after applying, and the token replay returns the same ARN', async () => {
    emulator.inject({ kind: 'drop-after-apply', operation: 'CreateProcurementPortalPreference', times: 1 });
    const retrying = new InvoicingClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials, maxAttempts: 3 });
    const created = await retrying.send(new CreateProcurementPortalPreferenceCommand({ ...createInput, ClientToken: 'drop-token' }));
    retrying.destroy();
    expect(emulator.list().map((p) => p.arn)).toEqual([created.ProcurementPortalPreferenceArn]);
    expect(emulator.log.map((e) => e.outcome)).toEqual(['dropped', 'ok']);
  });

  test('echoes the submitted secret when asked to', async () => {
    emulator.inject({ kind: 'echo-secret', operation: 'CreateProcurementPortalPreference' });
    await expect(client.send(new CreateProcurementPortalPreferenceCommand(createInput)))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('emulator-test-secret') });
  });

  test('hangs until stopped', async () => {
    const hanging = new InvoicingEmulator();
    const endpoint = await hanging.start();
    hanging.inject({ kind: 'hang' });
    const hangingClient = new InvoicingClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    const call = hangingClient.send(new ListProcurementPortalPreferencesCommand({})).catch((e: unknown) => e);
    const winner = await Promise.race([call.then(() => 'answered'), new Promise((r) => setTimeout(() => r('still hanging'), 300))]);
    expect(winner).toBe('still hanging');
    await hanging.stop();
    expect(await call).toBeInstanceOf(Error);
    hangingClient.destroy();
  });
});

describe('Secrets Manager emulator', () => {
  const emulator = new SecretsManagerEmulator();
  let client: SecretsManagerClient;

  beforeAll(async () => {
    const endpoint = await emulator.start();
    client = new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
  });

  test('resolves full ARN, partial ARN and name', async () => {
    const arn = emulator.seed({ name: 'coupa/test-shared-secret', value: '{"sharedSecret":"s3cr3t"}' });
    const partial = arn.slice(0, -7);
    for (const id of [arn, partial, 'coupa/test-shared-secret']) {
      const value = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(value).toMatchObject({ ARN: arn, Name: 'coupa/test-shared-secret', SecretString: '{"sharedSecret":"s3cr3t"}' });
    }
  });

  test('serves binary secrets and the faults', async () => {
    const binary = emulator.seed({ name: 'binary', value: Buffer.from([0, 1, 2, 255]) });
    const got = await client.send(new GetSecretValueCommand({ SecretId: binary }));
    expect(got.SecretString).toBeUndefined();
    expect(Buffer.from(got.SecretBinary!)).toEqual(Buffer.from([0, 1, 2, 255]));

    const deleted = emulator.seed({ name: 'deleted', value: 'x', fault: 'scheduled-for-deletion' });
    await expect(client.send(new GetSecretValueCommand({ SecretId: deleted })))
      .rejects.toMatchObject({ name: 'InvalidRequestException', message: expect.stringContaining('marked for deletion') });
    const denied = emulator.seed({ name: 'denied', value: 'x', fault: 'access-denied' });
    await expect(client.send(new GetSecretValueCommand({ SecretId: denied }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(emulator.log.slice(-4).map((e) => e.outcome)).toEqual(['ok', 'InvalidRequestException', 'AccessDeniedException', 'ResourceNotFoundException']);
  });

  test("validates requests with Secrets Manager's own model (models/secrets-manager.json)", async () => {
    const arn = emulator.seed({ name: 'validated', value: 'x' });
    // SecretVersionIdType is 32 to 64 characters, SecretIdType at most 2,048.
    await expect(client.send(new GetSecretValueCommand({ SecretId: arn, VersionId: 'short' })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('VersionId') });
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'x'.repeat(2049) })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('SecretId') });
  });
});
