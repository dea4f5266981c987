import {
  AccessDeniedException, CreateProcurementPortalPreferenceCommand, InternalServerException, ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-invoicing';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  ARN, ACCOUNT, SECRET_ARN, createEvent, fakeContext, fastRetries, minimalProperties, useHandlerHarness,
} from './harness';
import { handler } from '../../lambda/index';

const { invoicing, secrets, server } = useHandlerHarness();

afterEach(() => {
  delete process.env.PPP_MAX_TRANSIENT_ATTEMPTS;
  fastRetries();
});

const throttled = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
const internal = () => new InternalServerException({ message: 'Internal failure', $metadata: { httpStatusCode: 500 } });
const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

function tokens(): string[] {
  return invoicing.commandCalls(CreateProcurementPortalPreferenceCommand).map((c) => c.args[0].input.ClientToken!);
}

async function run(budgetMs = 20_000) {
  const event = createEvent(server, minimalProperties());
  const started = Date.now();
  await handler(event, fakeContext(budgetMs));
  return { response: server.only(event), elapsedMs: Date.now() - started };
}

describe('retried: throttling, 5xx and network errors, always with the same ClientToken', () => {
  test.each([
    ['throttling three times', throttled],
    ['InternalServerException three times', internal],
    ['a dropped connection three times', connectionReset],
  ])('%s, then success: SUCCESS', async (_, fault) => {
    invoicing.on(CreateProcurementPortalPreferenceCommand)
      .rejectsOnce(fault()).rejectsOnce(fault()).rejectsOnce(fault())
      .resolves({ ProcurementPortalPreferenceArn: ARN });

    const { response } = await run();

    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN });
    expect(tokens()).toHaveLength(4);
    expect(new Set(tokens()).size).toBe(1);
  });

  test('GetSecretValue is retried the same way', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
      .resolves({ SecretString: 'CANARY-retried-secret' });
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = createEvent(server, minimalProperties({ ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN } }));

    await handler(event, fakeContext());

    expect(server.only(event).Status).toBe('SUCCESS');
    expect(secrets.calls()).toHaveLength(2);
  });
});

describe('not retried', () => {
  test.each([
    ['ValidationException', () => new ValidationException({ message: 'bad', $metadata: { httpStatusCode: 400 } }), 'CreateProcurementPortalPreference failed: ValidationException: bad'],
    ['AccessDeniedException', () => new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } }), 'CreateProcurementPortalPreference failed: AccessDeniedException: denied'],
    ['a programming error', () => new TypeError('x is not a function'), 'CreateProcurementPortalPreference failed: TypeError: x is not a function'],
  ])('%s: one call, FAILED', async (_, fault, reason) => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(fault());

    const { response } = await run();

    expect(response).toMatchObject({ Status: 'FAILED', Reason: reason });
    expect(tokens()).toHaveLength(1);
  });
});

describe('bounded by the deadline, answered before the Lambda times out', () => {
  test('throttling without end: FAILED "throttled"', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(throttled());

    const { response, elapsedMs } = await run(1_500);

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^CreateProcurementPortalPreference failed: ThrottlingException: Rate exceeded \(still throttled after \d+ attempts; stopped to answer CloudFormation before the Lambda function times out\)$/);
    expect(tokens().length).toBeGreaterThan(3);
    expect(new Set(tokens()).size).toBe(1);
    expect(elapsedMs).toBeLessThan(1_500);
  });

  test('a hung service: FAILED "timed out calling CreateProcurementPortalPreference"', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).callsFake(() => new Promise(() => undefined));

    const { response, elapsedMs } = await run(1_200);

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^timed out calling CreateProcurementPortalPreference: no answer after 1 attempt; /);
    expect(elapsedMs).toBeLessThan(1_200);
  });

  test('a service that hangs per attempt is retried after each attempt timeout', async () => {
    process.env.PPP_ATTEMPT_TIMEOUT_MS = '100';
    try {
      invoicing.on(CreateProcurementPortalPreferenceCommand)
        .callsFakeOnce(() => new Promise(() => undefined))
        .resolves({ ProcurementPortalPreferenceArn: ARN });

      const { response } = await run(5_000);

      expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN });
      expect(new Set(tokens()).size).toBe(1);
      expect(tokens()).toHaveLength(2);
    } finally {
      delete process.env.PPP_ATTEMPT_TIMEOUT_MS;
    }
  });

  test('a Retry-After longer than the time left: FAILED at once instead of waiting past the deadline', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand)
      .rejects(new InternalServerException({ message: 'Busy', $metadata: { httpStatusCode: 500 }, retryAfterSeconds: 60 }));

    const { response, elapsedMs } = await run(2_000);

    expect(response.Reason).toBe('CreateProcurementPortalPreference failed: InternalServerException: Busy (still failing after 1 attempt; stopped to answer CloudFormation before the Lambda function times out)'
      + "; the service may have created it: CloudFormation's rollback will look for it and delete it");
    expect(elapsedMs).toBeLessThan(500);
  });

  test('5xx without end: FAILED after the transient attempts budget, with the error code', async () => {
    process.env.PPP_MAX_TRANSIENT_ATTEMPTS = '3';
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(internal());

    const { response } = await run();

    expect(response).toMatchObject({
      Status: 'FAILED',
      Reason: 'CreateProcurementPortalPreference failed: InternalServerException: Internal failure (still failing after 3 attempts; the retry limit for errors other than throttling is reached)'
        + "; the service may have created it: CloudFormation's rollback will look for it and delete it",
    });
    expect(tokens()).toHaveLength(3);
  });
});

test('fifty concurrent creates in one process against a throttling service all succeed, one preference each', async () => {
  process.env.PPP_RETRY_BASE_MS = '20';
  process.env.PPP_RETRY_MAX_BACKOFF_MS = '400';
  // A fixed-window limiter: 5 requests per 100 ms, throttling the rest; a token already used gets its first ARN back.
  let windowStart = Date.now();
  let inWindow = 0;
  const created = new Map<string, string>();
  invoicing.on(CreateProcurementPortalPreferenceCommand).callsFake(async (input: { ClientToken: string }) => {
    if (Date.now() - windowStart >= 100) {
      windowStart = Date.now();
      inWindow = 0;
    }
    if (++inWindow > 5) throw throttled();
    if (!created.has(input.ClientToken)) {
      created.set(input.ClientToken, `arn:aws:invoicing::${ACCOUNT}:procurement-portal-preference/p${created.size}`);
    }
    return { ProcurementPortalPreferenceArn: created.get(input.ClientToken) };
  });
  const events = Array.from({ length: 50 }, (_, i) => createEvent(server, minimalProperties({ BuyerIdentifier: `AN0300000${i}` }), { logicalResourceId: `Pref${i}` }));

  await Promise.all(events.map((e) => handler(e, fakeContext(30_000))));

  const responses = events.map((e) => server.only(e));
  expect(responses.filter((r) => r.Status === 'SUCCESS')).toHaveLength(50);
  expect(new Set(responses.map((r) => r.PhysicalResourceId)).size).toBe(50);
  expect(created.size).toBe(50);
  // Far more retries than the SDK's shared retry quota (500 tokens / 5 per retry = 100) would allow.
  expect(tokens().length).toBeGreaterThan(150);
});
