import { createHash } from 'node:crypto';
import {
  AccessDeniedException, ConflictException, CreateProcurementPortalPreferenceCommand,
  DeleteProcurementPortalPreferenceCommand, InternalServerException, ListProcurementPortalPreferencesCommand,
  ProcurementPortalPreferenceSummary, ThrottlingException, ValidationException,
} from '@aws-sdk/client-invoicing';
import { GetSecretValueCommand, ResourceNotFoundException as SecretNotFoundException } from '@aws-sdk/client-secrets-manager';
import {
  ACCOUNT, ARN, CANARY_SECRET, CANARY_TEST_SECRET, createEvent, deleteEvent, fakeContext, fastRetries, FULL_IDENTITY,
  fullConfigurationInput, fullProperties, NEW_ARN, nextRequestId, OWNER_TAG, RECORD_TAGS, SECRET_ARN, SHARED_VERSION, STACK_ID,
  TEST_SECRET_ARN, TEST_VERSION, useHandlerHarness,
} from './harness';
import { handler } from '../../lambda/index';

const { invoicing, secrets, server, output } = useHandlerHarness();

const CREATE = 'CreateProcurementPortalPreference';
const MAY_HAVE_CREATED = "; the service may have created it: CloudFormation's rollback will look for it and delete it";
const TAGS = [{ Key: 'team', Value: 'finance' }, { Key: 'env', Value: 'prod' }];

afterEach(() => {
  delete process.env.PPP_ATTEMPT_TIMEOUT_MS;
  delete process.env.PPP_MAX_TRANSIENT_ATTEMPTS;
  fastRetries();
});

function token(requestId: string, operation: string): string {
  return createHash('sha256').update(`${STACK_ID}|CoupaPreference|${requestId}|${operation}`).digest('hex');
}

function mockSecrets(): void {
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true)
    .resolves({ ARN: SECRET_ARN, VersionId: SHARED_VERSION, SecretString: JSON.stringify({ sharedSecret: CANARY_SECRET }) });
  secrets.on(GetSecretValueCommand, { SecretId: TEST_SECRET_ARN }, true)
    .resolves({ ARN: TEST_SECRET_ARN, VersionId: TEST_VERSION, SecretString: CANARY_TEST_SECRET });
}

/** The Create request of the Create event `requestId`, as the handler builds it (secrets read). */
function createInputOf(requestId: string): Record<string, unknown> {
  return { ...FULL_IDENTITY, ...fullConfigurationInput(), ResourceTags: [...TAGS, OWNER_TAG, ...RECORD_TAGS], ClientToken: token(requestId, CREATE) };
}

function listed(arn: string): ProcurementPortalPreferenceSummary[] {
  return [{
    AwsAccountId: ACCOUNT,
    ProcurementPortalPreferenceArn: arn,
    ...FULL_IDENTITY,
    EinvoiceDeliveryEnabled: true,
    PurchaseOrderRetrievalEnabled: false,
    Version: 1,
    CreateDate: new Date('2026-01-01T00:00:00Z'),
    LastUpdateDate: new Date('2026-01-01T00:00:00Z'),
  }];
}

describe('a Create whose outcome is unknown answers the create-unknown marker', () => {
  test('every attempt hung: FAILED create-unknown-<RequestId>, the Reason says the rollback will look for it', async () => {
    process.env.PPP_ATTEMPT_TIMEOUT_MS = '50';
    process.env.PPP_MAX_TRANSIENT_ATTEMPTS = '2';
    mockSecrets();
    const event = createEvent(server, fullProperties());
    invoicing.on(CreateProcurementPortalPreferenceCommand, createInputOf(event.RequestId), true).callsFake(() => new Promise(() => undefined));

    await handler(event, fakeContext(5_000));

    const response = server.only(event);
    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(`create-unknown-${event.RequestId}`);
    expect(response.Reason).toBe(`timed out calling ${CREATE}: no answer after 2 attempts; the retry limit for errors other than throttling is reached${MAY_HAVE_CREATED}`);
    expect(invoicing.commandCalls(CreateProcurementPortalPreferenceCommand)).toHaveLength(2);
  });

  test('5xx until the attempts budget: FAILED create-unknown-<RequestId>', async () => {
    process.env.PPP_MAX_TRANSIENT_ATTEMPTS = '3';
    mockSecrets();
    const event = createEvent(server, fullProperties());
    invoicing.on(CreateProcurementPortalPreferenceCommand, createInputOf(event.RequestId), true)
      .rejects(new InternalServerException({ message: 'Internal failure', $metadata: { httpStatusCode: 500 } }));

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `create-unknown-${event.RequestId}` });
    expect(server.only(event).Reason).toContain('InternalServerException: Internal failure (still failing after 3 attempts;');
    expect(server.only(event).Reason.endsWith(MAY_HAVE_CREATED)).toBe(true);
  });

  test('one hung attempt, then throttled until the deadline: still unknown (the hung attempt may have applied it)', async () => {
    process.env.PPP_ATTEMPT_TIMEOUT_MS = '50';
    mockSecrets();
    const event = createEvent(server, fullProperties());
    invoicing.on(CreateProcurementPortalPreferenceCommand, createInputOf(event.RequestId), true)
      .callsFakeOnce(() => new Promise(() => undefined))
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));

    await handler(event, fakeContext(1_500));

    expect(server.only(event)).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `create-unknown-${event.RequestId}` });
    expect(server.only(event).Reason).toContain('still throttled');
  });

  test.each([
    ['ValidationException', () => new ValidationException({ message: 'bad endpoint', $metadata: { httpStatusCode: 400 } } as never)],
    ['ConflictException', () => new ConflictException({ message: 'exists', resourceId: NEW_ARN, $metadata: { httpStatusCode: 409 } } as never)],
    ['AccessDeniedException', () => new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } })],
  ])('%s: a definitive failure keeps create-failed-<RequestId>', async (code, fault) => {
    mockSecrets();
    const event = createEvent(server, fullProperties());
    invoicing.on(CreateProcurementPortalPreferenceCommand, createInputOf(event.RequestId), true).rejects(fault());

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `create-failed-${event.RequestId}` });
    expect(response.Reason).toContain(code === 'ConflictException' ? 'already exists' : code);
    expect(response.Reason).not.toContain('may have created');
  });

  test('throttled until the deadline: never applied, create-failed-<RequestId>', async () => {
    mockSecrets();
    const event = createEvent(server, fullProperties());
    invoicing.on(CreateProcurementPortalPreferenceCommand, createInputOf(event.RequestId), true)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));

    await handler(event, fakeContext(1_200));

    expect(server.only(event)).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `create-failed-${event.RequestId}` });
    expect(server.only(event).Reason).toContain('throttled');
  });

  test('a secret read failing with 5xx until the budget: the Create was never sent, create-failed-<RequestId>', async () => {
    process.env.PPP_MAX_TRANSIENT_ATTEMPTS = '2';
    secrets.on(GetSecretValueCommand).rejects(Object.assign(new Error('Internal'), { name: 'InternalServiceError', $metadata: { httpStatusCode: 500 } }));
    const event = createEvent(server, fullProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `create-failed-${event.RequestId}` });
    expect(invoicing.calls()).toHaveLength(0);
  });
});

describe('the rollback Delete of create-unknown-<RequestId>', () => {
  const createRequestId = nextRequestId();
  const marker = `create-unknown-${createRequestId}`;

  test('nothing listed: SUCCESS without any Create, Delete or secret read', async () => {
    invoicing.on(ListProcurementPortalPreferencesCommand, { MaxResults: 100 }, true).resolves({ ProcurementPortalPreferences: [] });
    const event = deleteEvent(server, marker, fullProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({
      Status: 'SUCCESS', PhysicalResourceId: marker, Reason: 'Nothing to delete (the failed create left no preference)',
    });
    expect(invoicing.calls()).toHaveLength(1);
    expect(secrets.calls()).toHaveLength(0);
  });

  test('listed, and the replayed Create (same ClientToken, same request) answers its ARN: that preference is deleted', async () => {
    mockSecrets();
    invoicing.on(ListProcurementPortalPreferencesCommand, { MaxResults: 100 }, true).resolves({ ProcurementPortalPreferences: listed(ARN) });
    invoicing.on(CreateProcurementPortalPreferenceCommand, createInputOf(createRequestId), true).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = deleteEvent(server, marker, fullProperties());
    invoicing.on(DeleteProcurementPortalPreferenceCommand, {
      ProcurementPortalPreferenceArn: ARN, ClientToken: token(event.RequestId, 'DeleteProcurementPortalPreference'),
    }, true).resolves({ ProcurementPortalPreferenceArn: ARN });

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({
      Status: 'SUCCESS', PhysicalResourceId: marker, Reason: `Deleted the preference the failed create had left: ${ARN}`,
    });
    expect(invoicing.commandCalls(CreateProcurementPortalPreferenceCommand)).toHaveLength(1);
    expect(invoicing.commandCalls(DeleteProcurementPortalPreferenceCommand)).toHaveLength(1);
  });

  test('listed, and the replay answers ConflictException: someone else\'s preference, never deleted', async () => {
    mockSecrets();
    invoicing.on(ListProcurementPortalPreferencesCommand, { MaxResults: 100 }, true).resolves({ ProcurementPortalPreferences: listed(ARN) });
    invoicing.on(CreateProcurementPortalPreferenceCommand, createInputOf(createRequestId), true)
      .rejects(new ConflictException({ message: 'exists', resourceId: ARN, resourceType: 'ProcurementPortalPreference', $metadata: { httpStatusCode: 409 } }));
    const event = deleteEvent(server, marker, fullProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: marker,
      Reason: 'Nothing to delete (the preference holding this identity was not created by this resource)',
    });
    expect(invoicing.commandCalls(DeleteProcurementPortalPreferenceCommand)).toHaveLength(0);
  });

  test.each([
    ['List refused', () => {
      invoicing.on(ListProcurementPortalPreferencesCommand)
        .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: { httpStatusCode: 403 } }));
    }, 'AccessDeniedException'],
    ['the secret is gone', () => {
      invoicing.on(ListProcurementPortalPreferencesCommand, { MaxResults: 100 }, true).resolves({ ProcurementPortalPreferences: listed(ARN) });
      secrets.on(GetSecretValueCommand)
        .rejects(new SecretNotFoundException({ message: 'Secrets Manager can\'t find the specified secret.', $metadata: { httpStatusCode: 400 } }));
    }, SECRET_ARN],
    ['the replay\'s ClientToken conflicts (the request changed since)', () => {
      mockSecrets();
      invoicing.on(ListProcurementPortalPreferencesCommand, { MaxResults: 100 }, true).resolves({ ProcurementPortalPreferences: listed(ARN) });
      invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(new ConflictException({
        message: 'token reused', resourceId: token(createRequestId, CREATE), resourceType: 'ClientToken', $metadata: { httpStatusCode: 409 },
      }));
    }, 'token reused'],
  ])('%s: SUCCESS that says a preference may remain and how to find it, a warning logged, nothing deleted', async (_, arrange, cause) => {
    arrange();
    const event = deleteEvent(server, marker, fullProperties());

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: marker });
    expect(response.Reason).toMatch(/^A preference may remain: could not confirm whether the failed create left one: check ListProcurementPortalPreferences for COUPA\/AN01000000001\/AN01000000002 \(.+\)$/);
    expect(response.Reason).toContain(cause);
    expect(invoicing.commandCalls(DeleteProcurementPortalPreferenceCommand)).toHaveLength(0);
    expect(output.json()).toContainEqual(expect.objectContaining({
      level: 'warn', outcome: 'cleanup-unconfirmed', message: 'A preference may remain for COUPA/AN01000000001/AN01000000002',
    }));
  });
});
