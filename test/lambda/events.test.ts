import { CreateProcurementPortalPreferenceCommand } from '@aws-sdk/client-invoicing';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  ALLOWED_LOG_FIELDS, ARN, CANARY_EMAIL, CANARY_SECRET, SECRET_ARN, createEvent, deleteEvent, fakeContext,
  fullProperties, minimalProperties, useHandlerHarness,
} from './harness';
import { handler } from '../../lambda/index';

const { invoicing, secrets, server, output } = useHandlerHarness();

describe('malformed events', () => {
  test('an unknown RequestType: a clear FAILED, no API call', async () => {
    const event = { ...createEvent(server, minimalProperties()), RequestType: 'Upsert' } as unknown as CloudFormationCustomResourceEvent;

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'FAILED', Reason: "Unknown RequestType 'Upsert': expected Create, Update or Delete" });
    expect(invoicing.calls()).toHaveLength(0);
  });

  test('neither a supplier id nor its lookup: FAILED naming both, no API call', async () => {
    const event = createEvent(server, minimalProperties({ SupplierIdentifier: undefined }));

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({
      Status: 'FAILED', Reason: 'Invalid properties: exactly one of SupplierIdentifier and SupplierLookup must be given, got neither',
    });
    expect(invoicing.calls()).toHaveLength(0);
  });

  test('a missing required property: FAILED naming it, no API call', async () => {
    const event = createEvent(server, minimalProperties({ BuyerIdentifier: undefined }));

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'FAILED', Reason: 'Invalid properties: BuyerIdentifier is required' });
    expect(invoicing.calls()).toHaveLength(0);
  });

  test('a missing ResponseURL: a logged refusal, no API call, no exception', async () => {
    const event = { ...createEvent(server, minimalProperties()), ResponseURL: undefined } as unknown as CloudFormationCustomResourceEvent;

    await expect(handler(event, fakeContext())).resolves.toBeUndefined();

    expect(invoicing.calls()).toHaveLength(0);
    expect(output.json()).toEqual([expect.objectContaining({ level: 'error', outcome: 'refused' })]);
  });

  test('a ResponseURL that is not http(s): logged, no exception', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = { ...createEvent(server, minimalProperties()), ResponseURL: 'file:///etc/passwd' } as unknown as CloudFormationCustomResourceEvent;

    await expect(handler(event, fakeContext())).resolves.toBeUndefined();

    expect(output.json().at(-1)).toMatchObject({ level: 'error', operation: 'SendResponse', outcome: 'refused' });
  });

  test.each([
    ['no event at all', undefined],
    ['an empty event', {}],
  ])('%s: no exception', async (_, event) => {
    await expect(handler(event as unknown as CloudFormationCustomResourceEvent, fakeContext())).resolves.toBeUndefined();
  });

  test('a context without getRemainingTimeInMillis: still answers', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = createEvent(server, minimalProperties());

    await handler(event, {} as never);

    expect(server.only(event).Status).toBe('SUCCESS');
  });
});

describe('logging', () => {
  test('allow-listed JSON lines: the operation and its outcome, never the event, properties, secret or contacts', async () => {
    secrets.onAnyCommand().resolves({ SecretString: JSON.stringify({ sharedSecret: CANARY_SECRET }) });
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = createEvent(server, fullProperties({ TestEnvPreference: undefined }));

    await handler(event, fakeContext());

    const lines = output.json();
    lines.forEach((line) => expect(Object.keys(line).every((k) => ALLOWED_LOG_FIELDS.includes(k))).toBe(true));
    expect(lines).toEqual(expect.arrayContaining([
      expect.objectContaining({ level: 'info', requestType: 'Create', logicalResourceId: 'CoupaPreference', operation: 'GetSecretValue', outcome: 'success' }),
      expect.objectContaining({ level: 'info', operation: 'CreateProcurementPortalPreference', outcome: 'success' }),
      expect.objectContaining({ level: 'info', operation: 'SendResponse', outcome: 'SUCCESS' }),
    ]));
    const text = output.lines.join('\n');
    for (const forbidden of [CANARY_SECRET, CANARY_EMAIL, SECRET_ARN, 'AN01000000001', event.ResponseURL]) {
      expect(text).not.toContain(forbidden);
    }
  });

  test('an API error is logged by its code only', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(Object.assign(new Error(`echo ${CANARY_EMAIL}`), { name: 'ValidationException' }));
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());

    expect(output.json()).toEqual(expect.arrayContaining([
      expect.objectContaining({ level: 'error', operation: 'CreateProcurementPortalPreference', outcome: 'error', errorCode: 'ValidationException' }),
    ]));
    expect(server.only(event).Reason).toBe('CreateProcurementPortalPreference failed: ValidationException: echo [redacted]');
  });
});

describe('the last resort', () => {
  test('work that ignores its deadline still gets a FAILED answer before the Lambda timeout', async () => {
    let isolated: typeof import('../../lambda/index') | undefined;
    jest.isolateModules(() => {
      jest.doMock('../../lambda/preference/lifecycle', () => ({
        ...jest.requireActual('../../lambda/preference/lifecycle'),
        onDelete: () => new Promise(() => undefined),
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      isolated = require('../../lambda/index');
    });
    const event = deleteEvent(server, ARN, minimalProperties());
    const started = Date.now();

    await isolated!.handler(event, fakeContext(1_000));

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.only(event)).toMatchObject({ Status: 'FAILED', PhysicalResourceId: ARN, Reason: 'timed out: the handler ran out of time before the API calls ended' });
  });

  test('a rejection that is not an Error still becomes a FAILED response', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).callsFake(() => Promise.reject('a bare string'));
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'FAILED', Reason: 'CreateProcurementPortalPreference failed: UnknownError: a bare string' });
  });
});
