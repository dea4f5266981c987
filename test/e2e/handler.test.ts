/**
 * End to end: the BUNDLED handler (assets/lambda/index/index.js), run by the CloudFormation simulator in a fresh
 * process per invocation, with the real SDK clients talking to the emulators on 127.0.0.1, and events exactly as
 * CloudFormation sends them (every scalar a string). One file, so that the last test can scan everything captured.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { arnOf, captured, capturedEmulatorLogs, expectClean, expectStatus, jsonLogs, PREFERENCE_ARN as ARN, reasonOf, ROOT, useWorld } from './harness';
import { CREATE, DELETE, LIST, PUT } from '../../lambda/aws/invoicing';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { Invocation } from '../../tools/cloudformation/simulator';
import { readStack } from '../../tools/cloudformation/template';
import { HANDLER_BUNDLE } from '../../tools/emulators/bundles';
import { CANARY_CONTACT, CANARY_SECRET, CANARY_TEST_SECRET, minimalRequest } from '../fixtures';
import { PortalSecret, ProcurementPortalName, ProcurementPortalPreference } from 'cdk-procurement-portal';

const world = useWorld();

describe('lifecycle', () => {
  test('create, update in place, update with replacement and its cleanup delete, delete', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    expectStatus(created, 'CREATE_COMPLETE');
    expectClean(created.steps[0].delivery);
    const arn = arnOf(created);
    expect(arn).toMatch(ARN);
    expect(created.steps[0].delivery.response!.Data).toEqual({ Arn: arn, AccountId: '123456789012' });
    const stored = world.invoicing.get(arn)!;
    expect(stored.identity.BuyerIdentifier).toBe('AN01000000001');
    expect(stored.configuration).toMatchObject({
      EinvoiceDeliveryEnabled: true,
      PurchaseOrderRetrievalEnabled: false,
      ProcurementPortalSharedSecret: CANARY_SECRET,
      Contacts: [CANARY_CONTACT],
      TestEnvPreference: { ProcurementPortalSharedSecret: CANARY_TEST_SECRET },
      EinvoiceDeliveryPreference: { EinvoiceDeliveryActivationDate: 1798761600, Protocol: 'CXML' },
    });
    const recordsOf = (tags: Map<string, string>): Record<string, string> =>
      Object.fromEntries([...tags].filter(([key]) => key.startsWith('cdk-procurement-portal:secret:')));
    // Declared tags plus the owner tag naming the stack's region, name and the resource's logical id, and the record
    // of each secret reference with the version applied.
    expect(Object.fromEntries(stored.tags)).toEqual({
      'team': 'finance',
      'cdk-procurement-portal:owner': 'us-east-1/E2eStack/Coupa',
      'cdk-procurement-portal:secret:shared': `${world.secrets.currentVersion(world.secretArn)} ${world.secretArn}#sharedSecret`,
      'cdk-procurement-portal:secret:test-shared': `${world.secrets.currentVersion(world.testSecretArn)} ${world.testSecretArn.slice(0, -7)}`,
    });

    // In place: a configuration change and a tag change keep the ARN.
    const inPlace = await world.sim.updateStack({
      Coupa: world.coupa({ PurchaseOrderRetrievalEnabled: true, ResourceTags: [{ Key: 'team', Value: 'payables' }, { Key: 'env', Value: 'prod' }] }),
    });
    expectStatus(inPlace, 'UPDATE_COMPLETE');
    expectClean(inPlace.steps[0].delivery);
    expect(inPlace.steps.map((s) => s.phase)).toEqual(['update']);
    expect(inPlace.steps[0].delivery.response!.PhysicalResourceId).toBe(arn);
    expect(world.invoicing.get(arn)!.configuration.PurchaseOrderRetrievalEnabled).toBe(true);
    expect(world.invoicing.get(arn)!.version).toBe(2);
    expect(Object.fromEntries(world.invoicing.get(arn)!.tags)).toEqual({
      'team': 'payables', 'env': 'prod', 'cdk-procurement-portal:owner': 'us-east-1/E2eStack/Coupa', ...recordsOf(stored.tags),
    });
    expect(world.invoicing.callCount(CREATE)).toBe(1);

    // An identity change: a new preference, then CloudFormation's cleanup deletes the old one.
    const replaced = await world.sim.updateStack({ Coupa: world.coupa({ BuyerIdentifier: 'AN01000000009', PurchaseOrderRetrievalEnabled: true }) });
    expectStatus(replaced, 'UPDATE_COMPLETE');
    expect(replaced.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType}`)).toEqual(['update Update', 'cleanup Delete']);
    replaced.steps.forEach((s) => expectClean(s.delivery));
    const newArn = replaced.steps[0].delivery.response!.PhysicalResourceId!;
    expect(newArn).toMatch(ARN);
    expect(newArn).not.toBe(arn);
    expect(replaced.steps[1].delivery.event).toMatchObject({ PhysicalResourceId: arn });
    expect(world.invoicing.list().map((p) => [p.arn, p.identity.BuyerIdentifier])).toEqual([[newArn, 'AN01000000009']]);

    const deleted = await world.sim.deleteStack();
    expectStatus(deleted, 'DELETE_COMPLETE');
    expectClean(deleted.steps[0].delivery);
    expect(world.invoicing.list()).toEqual([]);
  });

  test('a failed create and its rollback delete leave nothing behind, without a Delete call', async () => {
    const operation = await world.sim.createStack({ Coupa: world.coupa({ ProcurementPortalInstanceEndpoint: 'http://portal.example.com/cxml' }) });
    expectStatus(operation, 'ROLLBACK_COMPLETE');
    expect(operation.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType} ${s.delivery.response?.Status}`))
      .toEqual(['create Create FAILED', 'rollback Delete SUCCESS']);
    operation.steps.forEach((s) => expectClean(s.delivery));
    expect(reasonOf(operation.steps[0].delivery)).toContain('ProcurementPortalInstanceEndpoint');
    expect(world.invoicing.callCount(CREATE)).toBe(0);
    expect(world.invoicing.callCount(DELETE)).toBe(0);
    expect(world.invoicing.list()).toEqual([]);
  });

  test('delete of a preference already gone succeeds', async () => {
    const created = await world.sim.createStack({ Sap: world.sap() });
    expectStatus(created, 'CREATE_COMPLETE');
    world.invoicing.deleteOutOfBand(arnOf(created));
    const deleted = await world.sim.deleteStack();
    expectStatus(deleted, 'DELETE_COMPLETE');
    expectClean(deleted.steps[0].delivery);
    // The owner tag read finds it gone: nothing to delete.
    expect(world.outcomes('ListTagsForResource')).toEqual(['ResourceNotFoundException']);
    expect(world.outcomes(DELETE)).toEqual([]);
  });

  test('the same create event delivered two and three times creates one preference', async () => {
    const event = world.sim.event('Create', 'Coupa', world.coupa());
    const first = await world.sim.invoke(event);
    const second = await world.sim.invoke(event);
    const third = await world.sim.invoke(event);
    [first, second, third].forEach(expectClean);
    const ids = [first, second, third].map((i) => i.response?.PhysicalResourceId);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(ARN);
    expect(world.invoicing.list()).toHaveLength(1);
  });
});

describe('faults the handler survives', () => {
  test('a create applied at the service whose container died before answering: the retry returns the same ARN', async () => {
    world.invoicing.inject({ kind: 'hang-after-apply', operation: CREATE, times: 1 });
    const applied = world.invoicing.waitForCall((e) => e.operation === CREATE && e.applied);
    const delivery = await world.sim.deliver(world.sim.event('Create', 'Coupa', world.coupa()), { killWhen: applied });
    expect(delivery.invocations[0].killed).toBe(true);
    expect(delivery.invocations[0].attempts).toEqual([]);
    expect(delivery.invocations).toHaveLength(2);
    expectClean(delivery.invocations[1]);
    const stored = world.invoicing.list();
    expect(stored).toHaveLength(1);
    expect(delivery.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: stored[0].arn });
  });

  test.each([
    ['a failed create', 'create-failed-0b7c1f0e'],
    ['a cancelled create', 'E2eStack-Coupa-1A2B3C4D5E6F'],
    ['an empty id', ''],
  ])('delete with the physical id of %s succeeds without an API call', async (_, physicalId) => {
    const invocation = await world.sim.invoke(world.sim.event('Delete', 'Coupa', world.coupa(), { physicalResourceId: physicalId }));
    expect(invocation.response).toMatchObject({ Status: 'SUCCESS' });
    expect(invocation.attempts).toHaveLength(1);
    expect(world.invoicing.log).toEqual([]);
    expect(world.secrets.log).toEqual([]);
  });

  test('delete refused with AccessDenied fails with the code, and the preference stays', async () => {
    const created = await world.sim.createStack({ Sap: world.sap() });
    const arn = arnOf(created);
    world.invoicing.inject({ kind: 'access-denied', operation: DELETE });
    const deleted = await world.sim.deleteStack();
    expectStatus(deleted, 'DELETE_FAILED');
    expectClean(deleted.steps[0].delivery);
    expect(reasonOf(deleted.steps[0].delivery)).toContain('AccessDeniedException');
    expect(world.invoicing.get(arn)).toBeDefined();
  });

  test('an update after the preference was deleted out of band re-creates it, and the cleanup delete succeeds', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.deleteOutOfBand(arn);
    const updated = await world.sim.updateStack({ Coupa: world.coupa({ PurchaseOrderRetrievalEnabled: true }) });
    expectStatus(updated, 'UPDATE_COMPLETE');
    updated.steps.forEach((s) => expectClean(s.delivery));
    const newArn = updated.steps[0].delivery.response!.PhysicalResourceId!;
    expect(newArn).toMatch(ARN);
    expect(newArn).not.toBe(arn);
    expect(updated.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType} ${s.delivery.response?.Status}`))
      .toEqual(['update Update SUCCESS', 'cleanup Delete SUCCESS']);
    expect(world.invoicing.list().map((p) => p.arn)).toEqual([newArn]);
    expect(world.invoicing.get(newArn)!.configuration.PurchaseOrderRetrievalEnabled).toBe(true);
  });

  test('a failed update answers its own physical id, and the rollback update restores the old configuration', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    const before = structuredClone(world.invoicing.get(arn)!.configuration);
    world.invoicing.inject({ kind: 'validation', operation: PUT, times: 1 });
    const updated = await world.sim.updateStack({ Coupa: world.coupa({ PurchaseOrderRetrievalEnabled: true, ProcurementPortalInstanceEndpoint: 'https://new.example.com/cxml' }) });
    expectStatus(updated, 'UPDATE_ROLLBACK_COMPLETE');
    updated.steps.forEach((s) => expectClean(s.delivery));
    const [failed, rollback] = updated.steps;
    expect(failed.delivery.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: arn });
    expect(reasonOf(failed.delivery)).toContain('ValidationException');
    expect(rollback.phase).toBe('rollback');
    expect(rollback.delivery.event).toMatchObject({ RequestType: 'Update', PhysicalResourceId: arn });
    expect(rollback.delivery.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: arn });
    expect(world.invoicing.get(arn)!.configuration).toEqual(before);
    expect(world.invoicing.list()).toHaveLength(1);
  });

  test('a replacement whose new create fails answers the old physical id and leaves nothing new', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.inject({ kind: 'validation', operation: CREATE, times: 1 });
    const updated = await world.sim.updateStack({ Coupa: world.coupa({ SupplierIdentifier: 'AN01000000099' }) });
    expectStatus(updated, 'UPDATE_ROLLBACK_COMPLETE');
    updated.steps.forEach((s) => expectClean(s.delivery));
    expect(updated.steps[0].delivery.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: arn });
    expect(updated.steps[1].delivery.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: arn });
    expect(world.invoicing.list().map((p) => [p.arn, p.identity.SupplierIdentifier])).toEqual([[arn, 'AN01000000002']]);
  });

  test.each([
    ['omits resourceId', 'omit', ['ok']],
    ['gives the bare id as resourceId', 'bare-id', []],
  ] as const)('the rollback of a failed replacement restores the preference when the service\'s ConflictException %s', async (_, form, listOutcomes) => {
    world.invoicing.conflictResourceId(form);
    // allowReplacement skips the status check, so the rollback takes the Create-conflict path under test.
    const created = await world.sim.createStack({ Coupa: world.coupa({ AllowReplacement: true }) });
    const arn = arnOf(created);
    const before = structuredClone(world.invoicing.get(arn)!);
    world.invoicing.inject({ kind: 'validation', operation: CREATE, times: 1 });
    const updated = await world.sim.updateStack({ Coupa: world.coupa({ SupplierIdentifier: 'AN01000000099', PurchaseOrderRetrievalEnabled: true, AllowReplacement: true }) });
    expectStatus(updated, 'UPDATE_ROLLBACK_COMPLETE');
    updated.steps.forEach((s) => expectClean(s.delivery));
    const [failed, rollback] = updated.steps;
    expect(failed.delivery.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: arn });
    expect(rollback.phase).toBe('rollback');
    expect(rollback.delivery.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: arn, Data: { Arn: arn } });
    // The rollback's Create met the preference itself (its conflict named it by bare id or not at all), then Put it back.
    expect(world.outcomes(CREATE)).toEqual(['ok', 'ValidationException', 'ConflictException']);
    expect(world.outcomes(LIST)).toEqual(listOutcomes);
    expect(world.outcomes(PUT)).toEqual(['ok']);
    expect(world.outcomes('GetProcurementPortalPreference')).toEqual([]);
    const after = world.invoicing.get(arn)!;
    expect(world.invoicing.list()).toHaveLength(1);
    expect({ identity: after.identity, configuration: after.configuration, tags: after.tags })
      .toEqual({ identity: before.identity, configuration: before.configuration, tags: before.tags });
  });

  test('a create that conflicts with a preference made outside the stack fails "already exists" and adopts nothing', async () => {
    const outside = world.invoicing.seed(minimalRequest({ Contacts: [{ Email: 'owner@example.com' }] }));
    const before = structuredClone(world.invoicing.get(outside)!);
    const operation = await world.sim.createStack({ Sap: world.sap() });
    expectStatus(operation, 'ROLLBACK_COMPLETE');
    operation.steps.forEach((s) => expectClean(s.delivery));
    expect(reasonOf(operation.steps[0].delivery)).toContain('already exists');
    expect(operation.steps[0].delivery.response!.PhysicalResourceId).not.toBe(outside);
    expect(world.invoicing.get(outside)).toEqual(before);
    // Only its tags are read (is it this resource's own, left by a create whose answer was lost?): nothing written.
    expect(world.invoicing.log.filter((e) => e.arn === outside && e.operation !== CREATE).map((e) => e.operation)).toEqual(['ListTagsForResource']);
  });

  test('throttled three times, then success', async () => {
    world.invoicing.inject({ kind: 'throttle', operation: CREATE, times: 3 });
    const delivery = await world.sim.deliver(world.sim.event('Create', 'Coupa', world.coupa()));
    expectClean(delivery);
    expect(delivery.response).toMatchObject({ Status: 'SUCCESS' });
    expect(world.outcomes(CREATE)).toEqual(['ThrottlingException', 'ThrottlingException', 'ThrottlingException', 'ok']);
    expect(world.invoicing.list()).toHaveLength(1);
  });

  test('throttled without end: FAILED "throttled" before the Lambda timeout', async () => {
    world.invoicing.inject({ kind: 'throttle', operation: CREATE });
    const delivery = await world.sim.deliver(world.sim.event('Create', 'Coupa', world.coupa()));
    expectClean(delivery);
    expect(delivery.invocations).toHaveLength(1);
    expect(delivery.invocations[0].timedOut).toBe(false);
    expect(delivery.response?.Status).toBe('FAILED');
    expect(reasonOf(delivery)).toContain('throttled');
    expect(world.invoicing.callCount(CREATE)).toBeGreaterThan(3);
  });

  test('InternalServerException and dropped connections are retried with the same ClientToken', async () => {
    world.invoicing
      .inject({ kind: 'internal-error', operation: CREATE, times: 1, retryAfterSeconds: 0 })
      .inject({ kind: 'drop', operation: CREATE, times: 1 })
      .inject({ kind: 'drop-after-apply', operation: CREATE, times: 1 });
    const delivery = await world.sim.deliver(world.sim.event('Create', 'Coupa', world.coupa()));
    expectClean(delivery);
    expect(delivery.response?.Status).toBe('SUCCESS');
    const creates = world.invoicing.log.filter((e) => e.operation === CREATE);
    expect(creates.map((e) => e.outcome)).toEqual(['InternalServerException', 'dropped', 'dropped', 'ok']);
    expect(new Set(creates.map((e) => e.clientToken)).size).toBe(1);
    expect(creates[0].clientToken).toBeDefined();
    expect(world.invoicing.list().map((p) => p.arn)).toEqual([delivery.response!.PhysicalResourceId]);
  });

  test('a hung service: FAILED "timed out calling ..." sent before the Lambda timeout', async () => {
    world.invoicing.inject({ kind: 'hang', operation: CREATE });
    const delivery = await world.sim.deliver(world.sim.event('Create', 'Coupa', world.coupa()));
    expectClean(delivery);
    expect(delivery.invocations[0].timedOut).toBe(false);
    expect(delivery.response?.Status).toBe('FAILED');
    expect(reasonOf(delivery)).toContain(`timed out calling ${CREATE}`);
  });

  test('a create applied at the service that never answers any attempt: FAILED create-unknown-..., the rollback deletes it', async () => {
    // Two attempts of 500 ms fit the 5 s function; the fault lasts exactly as long as the Create's attempts.
    await world.sim.stop();
    world.sim = await world.simulator({ environment: { PPP_MAX_TRANSIENT_ATTEMPTS: '2', PPP_ATTEMPT_TIMEOUT_MS: '500' } });
    world.invoicing.inject({ kind: 'hang-after-apply', operation: CREATE, times: 2 });
    const operation = await world.sim.createStack({ Coupa: world.coupa() });
    expectStatus(operation, 'ROLLBACK_COMPLETE');
    const [create, rollback] = operation.steps;
    expectClean(create.delivery);
    expect(create.delivery.invocations[0].timedOut).toBe(false);
    expect(create.delivery.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `create-unknown-${create.delivery.event.RequestId}` });
    expect(reasonOf(create.delivery)).toContain(`timed out calling ${CREATE}`);
    expect(reasonOf(create.delivery)).toContain('the service may have created it');
    const applied = world.invoicing.log.filter((e) => e.operation === CREATE && e.applied && e.outcome === 'hung');
    expect(applied).toHaveLength(2);
    expect(new Set(applied.map((e) => e.arn)).size).toBe(1);
    // The rollback: List finds it, the replayed Create (same ClientToken) proves it is ours, Delete removes it.
    expectClean(rollback.delivery);
    expect(rollback.delivery.event).toMatchObject({ RequestType: 'Delete', PhysicalResourceId: create.delivery.response!.PhysicalResourceId });
    expect(rollback.delivery.response).toMatchObject({ Status: 'SUCCESS', Reason: `Deleted the preference the failed create had left: ${applied[0].arn}` });
    const creates = world.invoicing.log.filter((e) => e.operation === CREATE);
    expect(new Set(creates.map((e) => e.clientToken)).size).toBe(1);
    expect(world.invoicing.list()).toEqual([]);
  });

  test('a ResponseURL answering 500 once: the response is retried', async () => {
    world.sim.responses.answerWith(500, 1);
    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa()));
    expectClean(invocation);
    expect(invocation.attempts.map((a) => a.answered)).toEqual([500, 200]);
    expect(invocation.response?.Status).toBe('SUCCESS');
  });

  test('a ResponseURL answering 403: logged as a failure, without the URL\'s signature, never taken as success', async () => {
    world.sim.responses.answerWith(403, Number.POSITIVE_INFINITY);
    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa()));
    expect(invocation.attempts.length).toBeGreaterThanOrEqual(1);
    expect(invocation.attempts.every((a) => a.answered === 403)).toBe(true);
    expect(invocation.response).toBeUndefined();
    const errors = jsonLogs(invocation).filter((l) => l.level === 'error');
    expect(errors.map((l) => JSON.stringify(l)).join('\n')).toMatch(/403/);
    const all = invocation.logs.map((l) => l.text).join('\n');
    expect(all).not.toContain('X-Amz-Signature');
    expect(jsonLogs(invocation).some((l) => l.outcome === 'SUCCESS' && /respon/i.test(String(l.message ?? '')))).toBe(false);
  });

  test('a Reason longer than the response limit is truncated and the body stays under 4,096 bytes', async () => {
    world.invoicing.inject({ kind: 'validation', operation: CREATE, message: `The portal said: ${'é'.repeat(6000)}` });
    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa()));
    expectClean(invocation);
    expect(invocation.response?.Status).toBe('FAILED');
    expect(invocation.attempts[0].bodyBytes).toBeLessThanOrEqual(4096);
    expect(reasonOf({ event: invocation.event, invocations: [invocation], response: invocation.response })).toContain('ValidationException');
  });

  describe('secret faults: a Reason that names the secret ARN (and the field), never the value', () => {
    async function createWith(secretArn: string, jsonField?: string): Promise<Invocation> {
      const ref = jsonField === undefined ? { SecretArn: secretArn } : { SecretArn: secretArn, JsonField: jsonField };
      return world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa({ ProcurementPortalSharedSecretRef: ref })));
    }
    function expectSecretFailure(invocation: Invocation, arn: string, ...words: string[]): void {
      expectClean(invocation);
      expect(invocation.response?.Status).toBe('FAILED');
      const reason = invocation.response?.Reason ?? '';
      for (const word of [arn, ...words]) expect(reason).toContain(word);
      expect(reason).not.toContain(CANARY_SECRET);
      expect(world.invoicing.callCount(CREATE)).toBe(0);
    }

    test('missing', async () => {
      const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gone-AbCdEf';
      expectSecretFailure(await createWith(arn, 'sharedSecret'), arn, 'sharedSecret', 'ResourceNotFoundException');
    });
    test('scheduled for deletion', async () => {
      const arn = world.secrets.seed({ name: 'deleted', value: `{"sharedSecret":"${CANARY_SECRET}"}`, fault: 'scheduled-for-deletion' });
      expectSecretFailure(await createWith(arn, 'sharedSecret'), arn, 'sharedSecret', 'InvalidRequestException');
    });
    test('access denied', async () => {
      const arn = world.secrets.seed({ name: 'denied', value: CANARY_SECRET, fault: 'access-denied' });
      expectSecretFailure(await createWith(arn), arn, 'AccessDeniedException');
    });
    test('binary only', async () => {
      const arn = world.secrets.seed({ name: 'binary', value: Buffer.from(CANARY_SECRET) });
      expectSecretFailure(await createWith(arn), arn);
    });
    test('empty', async () => {
      const arn = world.secrets.seed({ name: 'empty', value: '' });
      expectSecretFailure(await createWith(arn), arn);
    });
    test('not JSON when a field is named', async () => {
      const arn = world.secrets.seed({ name: 'plain', value: CANARY_SECRET });
      expectSecretFailure(await createWith(arn, 'sharedSecret'), arn, 'sharedSecret');
    });
    test('field missing', async () => {
      const arn = world.secrets.seed({ name: 'nofield', value: JSON.stringify({ other: CANARY_SECRET }) });
      expectSecretFailure(await createWith(arn, 'sharedSecret'), arn, 'sharedSecret');
    });
    test('a value with quotes and unicode, in JSON with newlines, is passed byte-exact', async () => {
      const value = `${CANARY_SECRET}-"q'uo\\te"-ünïcødé-日本-😀`;
      const arn = world.secrets.seed({ name: 'exotic', value: JSON.stringify({ sharedSecret: value }, null, 2) });
      expect(world.secrets.list().find((s) => s.arn === arn)!.value).toContain('\n');
      const invocation = await createWith(arn, 'sharedSecret');
      expectClean(invocation);
      expect(invocation.response?.Status).toBe('SUCCESS');
      const stored = world.invoicing.get(invocation.response!.PhysicalResourceId!)!;
      expect(Buffer.from(stored.configuration.ProcurementPortalSharedSecret as string)).toEqual(Buffer.from(value));
    });
  });

  test('a ValidationException that echoes the secret is redacted in the Reason and the logs', async () => {
    world.invoicing.inject({ kind: 'echo-secret', operation: CREATE });
    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa()));
    expectClean(invocation);
    expect(invocation.response?.Status).toBe('FAILED');
    expect(invocation.response?.Reason).toContain('ValidationException');
    expect(JSON.stringify(invocation.response)).not.toContain(CANARY_SECRET);
    expect(invocation.logs.map((l) => l.text).join('\n')).not.toContain(CANARY_SECRET);
  });

  test('an unknown RequestType: FAILED, clearly', async () => {
    const event = { ...world.sim.event('Create', 'Coupa', world.coupa()), RequestType: 'Replace' } as unknown as Parameters<typeof world.sim.invoke>[0];
    const invocation = await world.sim.invoke(event);
    expectClean(invocation);
    expect(invocation.response?.Status).toBe('FAILED');
    expect(invocation.response?.Reason).toContain('Replace');
    expect(world.invoicing.log).toEqual([]);
  });

  test('a missing ResponseURL: a logged refusal, no call, no crash', async () => {
    const { ResponseURL: _, ...event } = world.sim.event('Create', 'Coupa', world.coupa());
    const invocation = await world.sim.invoke(event as Parameters<typeof world.sim.invoke>[0]);
    expect(invocation.handlerError).toBeUndefined();
    expect(invocation.timedOut).toBe(false);
    expect(invocation.attempts).toEqual([]);
    expect(jsonLogs(invocation).some((l) => l.level === 'error' && /ResponseURL/.test(String(l.message)))).toBe(true);
    expect(world.invoicing.log).toEqual([]);
  });

  test('a missing required property: FAILED naming it', async () => {
    const { BuyerIdentifier: _, ...properties } = world.coupa();
    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', properties));
    expectClean(invocation);
    expect(invocation.response?.Status).toBe('FAILED');
    expect(invocation.response?.Reason).toContain('BuyerIdentifier');
    expect(world.invoicing.log).toEqual([]);
  });

  test('fifty preferences created concurrently against 5 requests per second: all SUCCESS, no duplicates', async () => {
    const concurrent = await world.simulator({ lambdaTimeoutMs: 60_000, environment: { PPP_RETRY_MAX_BACKOFF_MS: '2000', PPP_ATTEMPT_TIMEOUT_MS: '15000' } });
    try {
      world.invoicing.throttleAbove(5);
      const events = Array.from({ length: 50 }, (_, i) =>
        concurrent.event('Create', `Sap${i}`, world.sap({ BuyerIdentifier: `AN0200000${String(i).padStart(4, '0')}` })));
      const deliveries = await Promise.all(events.map((e) => concurrent.deliver(e)));
      deliveries.forEach(expectClean);
      const failed = deliveries.filter((d) => d.response?.Status !== 'SUCCESS').map((d) => `${d.event.LogicalResourceId}: ${reasonOf(d)}`);
      expect(failed).toEqual([]);
      const ids = deliveries.map((d) => d.response!.PhysicalResourceId);
      expect(new Set(ids).size).toBe(50);
      expect(world.invoicing.list()).toHaveLength(50);
      expect(world.invoicing.log.some((e) => e.outcome === 'ThrottlingException')).toBe(true);
    } finally {
      await concurrent.stop();
    }
  }, 120_000);
});

/** Where the template test synthesizes its app (scanned for the canaries at the end). */
const synthesized = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cdk-out-'));
afterAll(() => fs.rmSync(synthesized, { recursive: true, force: true }));

describe('from a synthesized template', () => {
  test('the construct\'s own template deploys, updates and deletes through the handler asset it ships', async () => {
    const app = new cdk.App({ outdir: synthesized });
    const stack = new cdk.Stack(app, 'E2eTemplate');
    const shared = new secretsmanager.Secret(stack, 'Shared');
    const contact = secretsmanager.Secret.fromSecretNameV2(stack, 'Contact', 'e2e/contact');
    new ProcurementPortalPreference(stack, 'Sap', {
      procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
      buyerIdentifier: 'AN05000000001',
      supplierIdentifier: 'AN05000000002',
      sharedSecret: PortalSecret.fromSecretsManager(shared, { jsonField: 'sharedSecret' }),
      purchaseOrderRetrievalEnabled: true,
      contactsSecret: PortalSecret.fromSecretsManager(contact),
    });
    app.synth();

    const read = readStack(synthesized, 'E2eTemplate', RESOURCE_TYPE);
    expect(read.customResources).toHaveLength(1);
    const [resource] = read.customResources;
    expect(fs.readFileSync(resource.handler.file)).toEqual(fs.readFileSync(HANDLER_BUNDLE));
    for (const secret of read.secrets) {
      const value = secret.name === 'e2e/contact' ? JSON.stringify(CANARY_CONTACT) : JSON.stringify({ sharedSecret: CANARY_SECRET });
      world.secrets.seed({ name: secret.name, value, arn: secret.logicalId ? secret.arn : undefined });
    }

    const fromTemplate = await world.simulator({ handlerFile: resource.handler.file, stackName: 'E2eTemplate' });
    try {
      const created = await fromTemplate.createStack({ [resource.logicalId]: resource.properties });
      expectStatus(created, 'CREATE_COMPLETE');
      created.steps.forEach((s) => expectClean(s.delivery));
      const arn = arnOf(created);
      expect(world.invoicing.get(arn)!.configuration).toMatchObject({
        ProcurementPortalSharedSecret: CANARY_SECRET, Contacts: [CANARY_CONTACT], PurchaseOrderRetrievalEnabled: true,
      });
      const updated = await fromTemplate.updateStack({ [resource.logicalId]: { ...resource.properties, PurchaseOrderRetrievalEnabled: false } });
      expectStatus(updated, 'UPDATE_COMPLETE');
      expect(world.invoicing.get(arn)!.configuration.PurchaseOrderRetrievalEnabled).toBe(false);
      const deleted = await fromTemplate.deleteStack();
      expectStatus(deleted, 'DELETE_COMPLETE');
      expect(world.invoicing.list()).toEqual([]);
    } finally {
      await fromTemplate.stop();
    }
  });
});

describe('the canaries', () => {
  test('neither the secret nor the contact appears in anything the suite captured', () => {
    expect(captured.length).toBeGreaterThan(40);
    const canaries = [CANARY_SECRET, CANARY_CONTACT.Name, CANARY_CONTACT.Email];
    const texts: Array<[string, string]> = [];
    for (const invocation of captured) {
      const where = `${invocation.event.RequestType} ${invocation.event.LogicalResourceId}`;
      for (const attempt of invocation.attempts) texts.push([`${where} response`, attempt.body]);
      for (const line of invocation.logs) texts.push([`${where} log`, line.text]);
    }
    capturedEmulatorLogs.forEach((log, n) => texts.push([`emulator operation log ${n}`, log]));
    // The assembly synthesized above, and the example app's, when the demo or a synth left one.
    for (const cdkOut of [synthesized, path.join(ROOT, 'cdk.out')]) {
      if (!fs.existsSync(cdkOut)) continue;
      for (const file of fs.readdirSync(cdkOut)) {
        const full = path.join(cdkOut, file);
        if (fs.statSync(full).isFile()) texts.push([`${path.basename(cdkOut)}/${file}`, fs.readFileSync(full, 'utf8')]);
      }
    }
    expect(texts.some(([where]) => where.includes('E2eTemplate.template.json'))).toBe(true);
    const leaks = texts.flatMap(([where, text]) => canaries.filter((c) => text.includes(c)).map((c) => `${where}: ${c.slice(0, 12)}...`));
    expect(leaks).toEqual([]);
    // And every handler log line is one JSON object with allow-listed fields only.
    const allowed = new Set(['level', 'requestType', 'logicalResourceId', 'physicalResourceId', 'operation', 'outcome', 'errorCode', 'durationMs', 'message']);
    const handlerLines = captured.flatMap((i) => i.logs.filter((l) => !l.text.startsWith('Task timed out') && !l.text.startsWith('ERROR\tInvoke Error')));
    const strays = handlerLines.filter((l) => {
      try {
        return Object.keys(JSON.parse(l.text) as object).some((k) => !allowed.has(k));
      } catch {
        return true;
      }
    });
    expect(strays).toEqual([]);
  });

});
