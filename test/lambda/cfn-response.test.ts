import { CreateProcurementPortalPreferenceCommand, ValidationException } from '@aws-sdk/client-invoicing';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ARN, createEvent, fakeContext, minimalProperties, useHandlerHarness } from './harness';
import { MAX_BODY_BYTES, responseBody } from '../../lambda/event/cfn-response';
import { handler } from '../../lambda/index';

const { invoicing, server, output } = useHandlerHarness();

const base = { Status: 'FAILED' as const, PhysicalResourceId: ARN, StackId: 'stack', RequestId: 'request', LogicalResourceId: 'Pref' };

describe('responseBody: at most 4,096 bytes, by truncating the Reason only', () => {
  test('a short body is unchanged', () => {
    expect(JSON.parse(responseBody({ ...base, Reason: 'short' }))).toEqual({ ...base, Reason: 'short' });
  });

  test.each([
    ['ASCII', 'x'.repeat(10_000)],
    ['multi-byte characters', '\u2603\u{1F511}'.repeat(3_000)],
    ['characters that JSON escapes', '"\\\n\u0001'.repeat(3_000)],
  ])('a long Reason of %s is truncated to fit, marked as such, and stays valid UTF-8 JSON', (_, reason) => {
    const body = responseBody({ ...base, Reason: reason });

    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const parsed = JSON.parse(body);
    expect(parsed.Reason.endsWith(' [truncated]')).toBe(true);
    expect(reason.startsWith(parsed.Reason.slice(0, -' [truncated]'.length))).toBe(true);
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES - 64);
    expect(parsed.PhysicalResourceId).toBe(ARN);
  });
});

describe('the response PUT', () => {
  test('is a PUT with an empty content type and a JSON body', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());

    const [received] = server.forRequest(event.RequestId);
    expect(received.headers['content-type']).toBe('');
    expect(Number(received.headers['content-length'])).toBe(Buffer.byteLength(received.raw));
    expect(Object.keys(received.body).sort()).toEqual(['Data', 'LogicalResourceId', 'PhysicalResourceId', 'Reason', 'RequestId', 'StackId', 'Status']);
  });

  test('is retried after a 500', async () => {
    server.statuses = [500];
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());

    const responses = server.forRequest(event.RequestId);
    expect(responses).toHaveLength(2);
    expect(responses[1].raw).toBe(responses[0].raw);
    expect(output.json().filter((l) => l.operation === 'SendResponse').map((l) => l.outcome)).toEqual(['retry', 'SUCCESS']);
  });

  test('a 403 is logged as a failure (without the URL), not retried and not taken as success', async () => {
    server.statuses = [403];
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());

    expect(server.forRequest(event.RequestId)).toHaveLength(1);
    const sendLines = output.json().filter((l) => l.operation === 'SendResponse');
    expect(sendLines).toEqual([expect.objectContaining({ level: 'error', outcome: 'rejected', errorCode: 'HTTP 403' })]);
    expect(output.lines.join('\n')).not.toContain('X-Amz-Signature');
    expect(output.lines.join('\n')).not.toContain('127.0.0.1');
  });

  test('a ResponseURL that never answers 2xx: retried until the deadline, logged, then the invocation fails so Lambda retries it', async () => {
    server.statuses = Array(1_000).fill(503);
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = createEvent(server, minimalProperties());
    const started = Date.now();

    await expect(handler(event, fakeContext(1_500))).rejects.toThrow('could not be delivered');

    expect(Date.now() - started).toBeLessThan(1_500);
    expect(server.forRequest(event.RequestId).length).toBeGreaterThan(1);
    expect(output.json().at(-1)).toMatchObject({ level: 'error', operation: 'SendResponse', outcome: 'failed', errorCode: 'HTTP 503' });
  });

  test('a ResponseURL that refuses connections: retried until the deadline, logged with the network code, the invocation fails', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    // Port 9 on loopback: nothing listens there.
    const event = { ...createEvent(server, minimalProperties()), ResponseURL: 'http://127.0.0.1:9/response?X-Amz-Signature=x' } as CloudFormationCustomResourceEvent;
    const started = Date.now();

    await expect(handler(event, fakeContext(1_000))).rejects.toThrow('could not be delivered');

    expect(Date.now() - started).toBeLessThan(1_000);
    const sendLines = output.json().filter((l) => l.operation === 'SendResponse');
    expect(sendLines.length).toBeGreaterThan(1);
    expect(sendLines.at(-1)).toMatchObject({ level: 'error', outcome: 'failed', errorCode: 'ECONNREFUSED' });
  });

  test('a ResponseURL that is not a URL: logged, nothing sent', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = { ...createEvent(server, minimalProperties()), ResponseURL: 'not a url' } as CloudFormationCustomResourceEvent;

    await handler(event, fakeContext());

    expect(output.json().at(-1)).toMatchObject({ level: 'error', operation: 'SendResponse', outcome: 'refused', message: 'ResponseURL is not a URL: no response can be sent' });
  });

  test('a ValidationException with a huge field list still yields a body within 4,096 bytes', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(new ValidationException({
      message: 'Invalid input \u2603'.repeat(200),
      $metadata: { httpStatusCode: 400 },
      fieldList: Array.from({ length: 300 }, (_, i) => ({ name: `Field${i}`, message: 'must be \u00e9valid' })),
    }));
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());

    const [received] = server.forRequest(event.RequestId);
    expect(Buffer.byteLength(received.raw)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(received.body.Status).toBe('FAILED');
    expect(received.body.Reason).toMatch(/^CreateProcurementPortalPreference failed: ValidationException: Invalid input/);
    expect(received.body.Reason).not.toMatch(/\n/);
  });
});
