/**
 * End to end, against the BUNDLED handler and the emulators: every path leaves the account holding exactly the
 * preferences the stack declares, only the handler's own stack can drive it, and no secret or contact value shows up
 * in what it answers or logs, whatever its length.
 */
import { arnOf, captured, expectClean, jsonLogs, PREFERENCE_ARN as ARN, useWorld } from './harness';
import { CREATE, DELETE, LIST, PUT, TAG, UNTAG } from '../../lambda/aws/invoicing';
import { REDACTED, WITHHELD } from '../../lambda/aws/log';
import { Invocation, StackOperation } from '../../tools/cloudformation/simulator';
import { UnusableAnswer } from '../../tools/emulators/invoicing';
import { CANARY_CONTACT, CANARY_SECRET } from '../fixtures';

/** Two attempts of 500 ms fit the 5 s function; a fault with `times: 2` lasts exactly as long as one call's attempts. */
const TWO_SHORT_ATTEMPTS = { PPP_MAX_TRANSIENT_ATTEMPTS: '2', PPP_ATTEMPT_TIMEOUT_MS: '500' };

const world = useWorld({ environment: TWO_SHORT_ATTEMPTS });

function summary(operation: StackOperation): string[] {
  return operation.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType} ${s.delivery.response?.Status ?? 'no response'}`);
}

/** [arn, BuyerIdentifier] of every preference the account holds. */
function held(): string[][] {
  return world.invoicing.list().map((p) => [p.arn, p.identity.BuyerIdentifier]);
}

describe('a Create inside an Update whose outcome is unknown leaves nothing behind', () => {
  test('a replacement: the Update fails with the old id, the rollback leaves only the old preference, and re-deploying the change succeeds', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.inject({ kind: 'hang-after-apply', operation: CREATE, times: 2 });

    const failed = await world.sim.updateStack({ Coupa: world.coupa({ BuyerIdentifier: 'AN01000000009' }) });

    expect({ status: failed.status, steps: summary(failed) })
      .toEqual({ status: 'UPDATE_ROLLBACK_COMPLETE', steps: ['update Update FAILED', 'rollback Update SUCCESS'] });
    failed.steps.forEach((s) => expectClean(s.delivery));
    const update = failed.steps[0].delivery.response!;
    expect(update.PhysicalResourceId).toBe(arn);
    expect(update.Reason).toContain(`timed out calling ${CREATE}`);
    const orphan = world.invoicing.log.find((e) => e.operation === CREATE && e.applied && e.outcome === 'hung')!.arn;
    expect(update.Reason).toContain(`the service may have created it, so it was looked for: deleted the preference the failed create had left: ${orphan}`);
    expect(failed.steps[1].delivery.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: arn });
    expect(held()).toEqual([[arn, 'AN01000000001']]);

    const again = await world.sim.updateStack({ Coupa: world.coupa({ BuyerIdentifier: 'AN01000000009' }) });

    expect({ status: again.status, steps: summary(again) })
      .toEqual({ status: 'UPDATE_COMPLETE', steps: ['update Update SUCCESS', 'cleanup Delete SUCCESS'] });
    const newArn = again.steps[0].delivery.response!.PhysicalResourceId!;
    expect(newArn).toMatch(ARN);
    expect(held()).toEqual([[newArn, 'AN01000000009']]);
  });

  test('the re-create of a preference deleted out of band: the Update fails, and the account never holds two', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.deleteOutOfBand(arn);
    world.invoicing.inject({ kind: 'hang-after-apply', operation: CREATE, times: 2 });

    const failed = await world.sim.updateStack({ Coupa: world.coupa({ PurchaseOrderRetrievalEnabled: true }) });

    expect(summary(failed)).toEqual(['update Update FAILED', 'rollback Update SUCCESS']);
    failed.steps.forEach((s) => expectClean(s.delivery));
    expect(failed.steps[0].delivery.response!.PhysicalResourceId).toBe(arn);
    expect(failed.steps[0].delivery.response!.Reason).toContain('so it was looked for: deleted the preference the failed create had left');
    // The rollback re-created the preference it declares (the old configuration): one, not two.
    expect(world.invoicing.list()).toHaveLength(1);
    expect(world.invoicing.list()[0].configuration.PurchaseOrderRetrievalEnabled).toBe(false);
  });

  test('an Update whose physical id is not a preference ARN: FAILED with that id, and no preference remains', async () => {
    world.invoicing.inject({ kind: 'hang-after-apply', operation: CREATE, times: 2 });
    const event = world.sim.event('Update', 'Coupa', world.coupa(), { physicalResourceId: 'create-failed-0b7c1f0e', oldProperties: world.coupa() });

    const delivery = await world.sim.deliver(event);

    expectClean(delivery);
    expect(delivery.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'create-failed-0b7c1f0e' });
    expect(world.outcomes(DELETE)).toEqual(['ok']);
    expect(world.invoicing.list()).toEqual([]);
  });

  test('when the cleanup cannot confirm either, the Reason names the preference to check', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.inject({ kind: 'hang-after-apply', operation: CREATE, times: 2 }).inject({ kind: 'internal-error', operation: LIST, retryAfterSeconds: 0 });

    // allowReplacement: no status read first (the guard would refuse on the failing List before any Create).
    const failed = await world.sim.updateStack({ Coupa: world.coupa({ BuyerIdentifier: 'AN01000000009', AllowReplacement: true }) });

    expect(failed.steps[0].delivery.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: arn });
    expect(failed.steps[0].delivery.response!.Reason)
      .toContain('a preference may remain: could not confirm whether the failed create left one: check ListProcurementPortalPreferences for COUPA/AN01000000009/AN01000000002');
    expect(jsonLogs(failed.steps[0].delivery.invocations[0]).some((l) => l.level === 'warn' && l.outcome === 'cleanup-unconfirmed')).toBe(true);
  });
});

describe('a 2xx answer without a usable ARN is an unknown outcome, never a SUCCESS nor a definite failure', () => {
  test.each<UnusableAnswer>(['empty', 'empty-object', 'html', 'bad-arn'])('%s: the Create answers create-unknown-<RequestId>, and its rollback removes what it left', async (answer) => {
    world.invoicing.inject({ kind: 'unusable-answer-after-apply', operation: CREATE, times: 2, answer });

    const operation = await world.sim.createStack({ Coupa: world.coupa() });

    expect({ status: operation.status, steps: summary(operation) })
      .toEqual({ status: 'ROLLBACK_COMPLETE', steps: ['create Create FAILED', 'rollback Delete SUCCESS'] });
    operation.steps.forEach((s) => expectClean(s.delivery));
    const [create, rollback] = operation.steps;
    expect(create.delivery.response!.PhysicalResourceId).toBe(`create-unknown-${create.delivery.event.RequestId}`);
    expect(create.delivery.response!.Reason).toContain('the service may have created it');
    // Both attempts carried the same token: the service kept one preference, and the rollback deleted it.
    const creates = world.invoicing.log.filter((e) => e.operation === CREATE);
    expect(new Set(creates.map((e) => e.clientToken)).size).toBe(1);
    expect(rollback.delivery.response!.Reason).toMatch(/^Deleted the preference the failed create had left: arn:aws:invoicing::/);
    expect(world.invoicing.list()).toEqual([]);
  });

  test('a replacement answered without a usable ARN: the Update fails with the old id and nothing new remains', async () => {
    const created = await world.sim.createStack({ Sap: world.sap() });
    const arn = arnOf(created);
    world.invoicing.inject({ kind: 'unusable-answer-after-apply', operation: CREATE, times: 2, answer: 'bad-arn' });

    const failed = await world.sim.updateStack({ Sap: world.sap({ SupplierIdentifier: 'AN02000000099' }) });

    expect(summary(failed)).toEqual(['update Update FAILED', 'rollback Update SUCCESS']);
    expect(failed.steps[0].delivery.response!.PhysicalResourceId).toBe(arn);
    expect(world.invoicing.list().map((p) => p.arn)).toEqual([arn]);
  });
});

describe('an undeliverable response', () => {
  test('the ResponseURL answers 500 until the time runs out: the invocation fails, Lambda\'s retry re-sends it, and the re-run creates nothing twice', async () => {
    await world.sim.stop();
    let invocations = 0;
    world.sim = await world.simulator({
      environment: TWO_SHORT_ATTEMPTS,
      lambdaTimeoutMs: 3_000,
      onInvocation: () => {
        invocations += 1;
        if (invocations === 1) world.sim.responses.clearScript();
      },
    });
    world.sim.responses.answerWith(500, Number.POSITIVE_INFINITY);

    const delivery = await world.sim.deliver(world.sim.event('Create', 'Coupa', world.coupa()));

    const [first, retry] = delivery.invocations;
    expect(delivery.invocations).toHaveLength(2);
    expect(first.attempts.length).toBeGreaterThan(1);
    expect(first.attempts.every((a) => a.answered === 500)).toBe(true);
    expect(first.handlerError).toBeDefined();
    expect(first.timedOut).toBe(false);
    expect(jsonLogs(first).some((l) => l.level === 'error' && /Lambda retries the event/.test(String(l.message)))).toBe(true);
    expectClean(retry);
    const stored = world.invoicing.list();
    expect(stored).toHaveLength(1);
    expect(delivery.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: stored[0].arn });
    // The re-run replayed the same ClientToken.
    const creates = world.invoicing.log.filter((e) => e.operation === CREATE);
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((e) => e.clientToken)).size).toBe(1);
  });

  test('a ResponseURL that refuses the response (403) does not fail the invocation: a retry could not help', async () => {
    world.sim.responses.answerWith(403, Number.POSITIVE_INFINITY);

    const delivery = await world.sim.deliver(world.sim.event('Create', 'Coupa', world.coupa()));

    expect(delivery.invocations).toHaveLength(1);
    expect(delivery.invocations[0].handlerError).toBeUndefined();
  });
});

describe('only its own stack drives the handler', () => {
  async function deployed(): Promise<string> {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    world.invoicing.log.length = 0;
    world.secrets.log.length = 0;
    return arnOf(created);
  }

  function expectRefused(invocation: Invocation, ...words: string[]): void {
    expectClean(invocation);
    expect(invocation.response?.Status).toBe('FAILED');
    for (const word of ['Refused', 'nothing was changed', ...words]) expect(invocation.response!.Reason).toContain(word);
    expect(world.invoicing.log).toEqual([]);
    expect(world.secrets.log).toEqual([]);
    expect(jsonLogs(invocation).some((l) => l.level === 'error' && l.outcome === 'refused')).toBe(true);
  }

  test('an Update from another stack, pointing the preference at another endpoint: FAILED, the preference unchanged', async () => {
    const arn = await deployed();
    const before = structuredClone(world.invoicing.get(arn)!);
    const otherStack = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Intruder/11111111-2222-3333-4444-555555555555';
    const event = {
      ...world.sim.event('Update', 'Coupa', world.coupa({ ProcurementPortalInstanceEndpoint: 'https://intruder.example.com/cxml' }),
        { physicalResourceId: arn, oldProperties: world.coupa() }),
      StackId: otherStack,
    };

    const invocation = await world.sim.invoke(event);

    expectRefused(invocation, otherStack, world.sim.stackId);
    expect(invocation.response!.PhysicalResourceId).toBe(arn);
    expect(world.invoicing.get(arn)).toEqual(before);
  });

  test('a Delete from another stack: FAILED, the preference stays', async () => {
    const arn = await deployed();
    const event = { ...world.sim.event('Delete', 'Coupa', world.coupa(), { physicalResourceId: arn }), StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Intruder/1' };

    const invocation = await world.sim.invoke(event);

    expectRefused(invocation, 'Intruder');
    expect(world.invoicing.get(arn)).toBeDefined();
  });

  test('a Create of another resource type: FAILED, nothing created', async () => {
    const event = { ...world.sim.event('Create', 'Coupa', world.coupa()), ResourceType: 'Custom::Other' };

    const invocation = await world.sim.invoke(event);

    expectRefused(invocation, 'Custom::Other', 'Custom::ProcurementPortalPreference');
    expect(invocation.response!.PhysicalResourceId).toBe(`refused-${event.RequestId}`);
    expect(world.invoicing.list()).toEqual([]);
  });

  test.each(['Update', 'Delete'] as const)('a %s of a preference ARN in another account: FAILED, no call', async (requestType) => {
    const foreign = 'arn:aws:invoicing::210987654321:procurement-portal-preference/a34fd666-7810-4414-9360-aaa4bcab0abd';
    const event = world.sim.event(requestType, 'Coupa', world.coupa(), { physicalResourceId: foreign, oldProperties: world.coupa({ PurchaseOrderRetrievalEnabled: true }) });

    const invocation = await world.sim.invoke(event);

    expectRefused(invocation, '210987654321', '123456789012');
    expect(invocation.response!.PhysicalResourceId).toBe(foreign);
  });

  test('a handler without the stack it serves in its environment refuses every event', async () => {
    await world.sim.stop();
    world.sim = await world.simulator({ environment: { PPP_STACK_ID: '' } });

    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa()));

    expectRefused(invocation, 'PPP_STACK_ID');
  });
});

describe('secrets and contacts of any length stay out of Reasons and logs', () => {
  function seedSharedSecret(value: string): string {
    return world.secrets.seed({ name: `short-${value.length}`, value: JSON.stringify({ sharedSecret: value }) });
  }

  test.each(['s', 'ab', 'x9z'])('a shared secret of %j echoed by the service: the echoed message is withheld, not spelled around', async (secret) => {
    const secretArn = seedSharedSecret(secret);
    world.invoicing.inject({ kind: 'echo-secret', operation: CREATE });

    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa({ ProcurementPortalSharedSecretRef: { SecretArn: secretArn, JsonField: 'sharedSecret' } })));

    expectClean(invocation);
    const reason = invocation.response!.Reason!;
    expect(reason).toContain(`${CREATE} failed: ValidationException: ${WITHHELD}`);
    expect(reason).not.toContain(`Value '${secret}'`);
    expect(reason).not.toContain(REDACTED);
    expect(invocation.logs.map((l) => l.text).join('\n')).not.toContain(`'${secret}'`);
  });

  test('a shared secret equal to a word of the handler\'s own Reason ("Created") is not revealed by redacting it', async () => {
    const secretArn = seedSharedSecret('Created');

    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa({ ProcurementPortalSharedSecretRef: { SecretArn: secretArn, JsonField: 'sharedSecret' } })));

    expectClean(invocation);
    expect(invocation.response!.Status).toBe('SUCCESS');
    expect(invocation.response!.Reason).toMatch(/^Created: arn:aws:invoicing::/);
    expect(invocation.response!.Reason).not.toContain(REDACTED);
  });

  test('a shared secret equal to the API\'s error code ("ValidationException"): the code stays, the echo is redacted', async () => {
    const secretArn = seedSharedSecret('ValidationException');
    world.invoicing.inject({ kind: 'echo-secret', operation: CREATE });

    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa({ ProcurementPortalSharedSecretRef: { SecretArn: secretArn, JsonField: 'sharedSecret' } })));

    expectClean(invocation);
    const reason = invocation.response!.Reason!;
    expect(reason).toMatch(/^CreateProcurementPortalPreference failed: ValidationException: 1 validation error detected: Value '\[redacted\]' at/);
    expect(reason).not.toContain("Value 'ValidationException'");
  });

  test('a contact name of two characters echoed by the service: withheld', async () => {
    world.invoicing.inject({ kind: 'validation', operation: CREATE, message: 'The portal refused contact Al' });

    const invocation = await world.sim.invoke(world.sim.event('Create', 'Coupa', world.coupa({ Contacts: [{ Name: 'Al', Email: CANARY_CONTACT.Email }] })));

    expectClean(invocation);
    expect(invocation.response!.Reason).toContain(WITHHELD);
    expect(invocation.response!.Reason).not.toContain('contact Al');
  });
});

describe('a secret in another region', () => {
  test('is read from the region in its ARN, and the Create succeeds', async () => {
    const secretArn = world.secrets.seed({
      name: 'eu/shared',
      value: JSON.stringify({ sharedSecret: CANARY_SECRET }),
      arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:eu/shared-AbCdEf',
    });

    const invocation = await world.sim.invoke(world.sim.event('Create', 'Sap', world.sap({ ProcurementPortalSharedSecretRef: { SecretArn: secretArn, JsonField: 'sharedSecret' } })));

    expectClean(invocation);
    expect(invocation.response?.Status).toBe('SUCCESS');
    expect(world.secrets.log.find((e) => e.secretId === secretArn)).toMatchObject({ outcome: 'ok', region: 'eu-west-1' });
    expect(world.invoicing.get(invocation.response!.PhysicalResourceId!)!.configuration.ProcurementPortalSharedSecret).toBe(CANARY_SECRET);
  });
});

describe('tags at the 200-tag limit', () => {
  test('renaming a tag of a preference that has 200 (195 declared, the handler\'s own, aws: tags) removes the old key before adding the new one', async () => {
    const tags = Array.from({ length: 195 }, (_, i) => ({ Key: `k${String(i).padStart(3, '0')}`, Value: 'v' }));
    const created = await world.sim.createStack({ Sap: world.sap({ ResourceTags: tags }) });
    expect(created.steps[0].delivery.response?.Reason).toMatch(/^Created: /);
    const arn = arnOf(created);
    // The owner tag and the shared secret's record make 197; three tags of AWS's own fill it up.
    for (const key of ['aws:a', 'aws:b', 'aws:c']) world.invoicing.get(arn)!.tags.set(key, 'v');
    expect(world.invoicing.get(arn)!.tags.size).toBe(200);
    const renamed = [...tags.slice(1), { Key: 'renamed', Value: 'v' }];

    const updated = await world.sim.updateStack({ Sap: world.sap({ ResourceTags: renamed }) });

    expect(summary(updated)).toEqual(['update Update SUCCESS']);
    expect(world.invoicing.log.filter((e) => e.operation === TAG || e.operation === UNTAG).map((e) => `${e.operation} ${e.outcome}`))
      .toEqual(['UntagResource ok', 'TagResource ok']);
    const after = world.invoicing.get(arn)!.tags;
    expect(after.size).toBe(200);
    expect(after.has('k000')).toBe(false);
    expect(after.get('renamed')).toBe('v');
    expect(world.outcomes(PUT)).toEqual([]);
  });
});

describe('the canaries', () => {
  test('neither the secret nor the contact appears in anything this suite captured', () => {
    expect(captured.length).toBeGreaterThan(20);
    const canaries = [CANARY_SECRET, CANARY_CONTACT.Name, CANARY_CONTACT.Email];
    const texts = captured.flatMap((i) => [...i.attempts.map((a) => a.body), ...i.logs.map((l) => l.text)]);
    expect(texts.filter((t) => canaries.some((c) => t.includes(c)))).toEqual([]);
  });
});
