/**
 * End to end, the BUNDLED handler's second entry mode: Secrets Manager's "Secret Label Updated" event re-applies a new
 * secret value to the preferences that reference it, with the desired configuration read from CloudFormation (the
 * emulator follows the simulated stack), a deploy in progress waited for, and never an older value after a newer one.
 */
import { World, jsonLogs } from './harness';
import { CloudFormationSimulator, Invocation } from '../../tools/cloudformation/simulator';
import { CloudFormationEmulator } from '../../tools/emulators/cloudformation';
import { OperationLogEntry } from '../../tools/emulators/invoicing';
import { CANARY_CONTACT, CANARY_SECRET } from '../fixtures';

const PUT = 'PutProcurementPortalPreference';

const world = new World();
const cloudformation = new CloudFormationEmulator();
let sim: CloudFormationSimulator;

beforeAll(async () => {
  await world.start();
  await cloudformation.start();
});
afterAll(async () => {
  await world.stop();
  await cloudformation.stop();
});
beforeEach(async () => {
  world.reset();
  cloudformation.reset();
  sim = await world.simulator({
    environment: { AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.endpoint, PPP_STACK_POLL_MS: '100' },
    onStackStatus: (status, deployed) => cloudformation.follow(sim)(status, deployed),
  });
});
afterEach(async () => {
  world.invoicing.events.removeAllListeners('call');
  await world.stopSimulators();
});

/** A new JSON value for the shared secret (its `sharedSecret` field), still a canary for the leak scan. */
function sharedSecretValue(suffix: string): string {
  return JSON.stringify({ sharedSecret: `${CANARY_SECRET}-${suffix}`, other: 'x' });
}

async function created(properties: Record<string, unknown>): Promise<string> {
  const operation = await sim.createStack({ Coupa: properties });
  expect(operation.status).toBe('CREATE_COMPLETE');
  return sim.resources.get('Coupa')!.physicalResourceId;
}

function expectCompleted(invocations: Invocation[]): void {
  expect(invocations.map((i) => ({ error: i.handlerError, timedOut: i.timedOut }))).toEqual([{ error: undefined, timedOut: false }]);
}

const logLines = (invocations: Invocation[]): Array<Record<string, unknown>> => invocations.flatMap(jsonLogs);

const puts = (): number => world.invoicing.callCount(PUT);

/** The shared secret each successful Put left on the preference, in order. */
function appliedSharedSecrets(arn: string): string[] {
  const applied: string[] = [];
  world.invoicing.events.on('call', (entry: OperationLogEntry) => {
    if (entry.operation === PUT && entry.outcome === 'ok') applied.push(String(world.invoicing.get(arn)?.configuration.ProcurementPortalSharedSecret));
  });
  return applied;
}

describe('secrets re-applied on rotation', () => {
  test('a new shared secret value is Put with the deployed configuration, and no template change', async () => {
    const arn = await created(world.coupa());
    const { version, configuration } = structuredClone(world.invoicing.get(arn)!);
    const event = world.secrets.putValue(world.secretArn, sharedSecretValue('rotated'));
    world.secrets.calls.clear();
    const putsBefore = puts();

    const invocations = await sim.deliverEvent(event);

    expectCompleted(invocations);
    const after = world.invoicing.get(arn)!;
    expect(after.configuration.ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-rotated`);
    expect({ ...after.configuration, ProcurementPortalSharedSecret: 'x' }).toEqual({ ...configuration, ProcurementPortalSharedSecret: 'x' });
    expect(after.version).toBe(version + 1);
    expect(logLines(invocations)).toContainEqual(expect.objectContaining({ outcome: 're-applied', logicalResourceId: 'Coupa', physicalResourceId: arn }));
    // The desired configuration comes from the stack itself.
    expect(Object.fromEntries(cloudformation.calls)).toEqual({ DescribeStacks: 2, GetTemplate: 1, ListStackResources: 1 });
    // The API calls of one rotation for a preference with two secrets (shared and test environment): each read once,
    // its version checked before and after the one Put.
    expect({ ...Object.fromEntries(world.secrets.calls), Put: puts() - putsBefore }).toEqual({ GetSecretValue: 2, DescribeSecret: 4, Put: 1 });
  });

  test("the test environment's secret, referenced by a partial ARN, is re-applied from the event's complete ARN", async () => {
    const arn = await created(world.coupa());
    const event = world.secrets.putValue(world.testSecretArn, `${CANARY_SECRET}-test-rotated`);

    expectCompleted(await sim.deliverEvent(event));

    const testEnv = world.invoicing.get(arn)!.configuration.TestEnvPreference as Record<string, unknown>;
    expect(testEnv.ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-test-rotated`);
  });

  test('new contacts in the contacts secret are re-applied', async () => {
    const contactsArn = world.secrets.seed({ name: 'e2e/contacts', value: JSON.stringify(CANARY_CONTACT) });
    const arn = await created(world.coupa({ Contacts: undefined, ContactsRef: { SecretArn: contactsArn } }));
    const newContact = { Name: `${CANARY_CONTACT.Name} II`, Email: `ii.${CANARY_CONTACT.Email}` };
    const event = world.secrets.putValue(contactsArn, JSON.stringify(newContact));

    expectCompleted(await sim.deliverEvent(event));

    expect(world.invoicing.get(arn)!.configuration.Contacts).toEqual([newContact]);
  });

  test('reapplyOnSecretRotation false: the preference is left to the next deploy', async () => {
    const arn = await created(world.coupa({ ReapplyOnSecretRotation: false }));
    const version = world.invoicing.get(arn)!.version;
    const invocations = await sim.deliverEvent(world.secrets.putValue(world.secretArn, sharedSecretValue('ignored')));

    expectCompleted(invocations);
    expect(world.invoicing.get(arn)!.version).toBe(version);
    expect(logLines(invocations)).toContainEqual(expect.objectContaining({ outcome: 'skipped', message: 'reapplyOnSecretRotation is false' }));
  });

  test('a secret no preference references changes nothing', async () => {
    await created(world.coupa());
    const other = world.secrets.seed({ name: 'unrelated', value: 'x' });
    const putsBefore = puts();

    expectCompleted(await sim.deliverEvent(world.secrets.putValue(other, 'y')));

    expect(puts()).toBe(putsBefore);
  });

  test.each([
    ['another account', { account: '999999999999' }],
    ['a label other than AWSCURRENT', { detail: { name: 'x', labelUpdated: 'MYLABEL', versionId: 'v' } }],
    ['no secret ARN', { resources: [] }],
  ])('an event of %s is ignored: no call at all', async (_what, override) => {
    await created(world.coupa());
    const putsBefore = puts();
    const event = { ...world.secrets.putValue(world.secretArn, sharedSecretValue('ignored')), ...override };
    cloudformation.calls.clear();

    const invocations = await sim.deliverEvent(event);

    expectCompleted(invocations);
    expect({ puts: puts(), cloudformation: cloudformation.calls.size }).toEqual({ puts: putsBefore, cloudformation: 0 });
    expect(logLines(invocations)).toContainEqual(expect.objectContaining({ outcome: 'ignored' }));
  });

  test('a rotation during a stack update waits for it, then applies the new value over the updated configuration', async () => {
    const arn = await created(world.coupa());
    const applied = appliedSharedSecrets(arn);
    // A deploy is running when the event arrives: the handler must not Put the configuration it is replacing.
    cloudformation.setStatus(sim.stackName, 'UPDATE_IN_PROGRESS');
    cloudformation.calls.clear();
    const rotation = sim.deliverEvent(world.secrets.putValue(world.secretArn, sharedSecretValue('during-update')));
    while ((cloudformation.calls.get('DescribeStacks') ?? 0) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(puts()).toBe(0); // waiting, not writing

    expect((await sim.updateStack({ Coupa: world.coupa({ PurchaseOrderRetrievalEnabled: true }) })).status).toBe('UPDATE_COMPLETE');
    const invocations = await rotation;

    expectCompleted(invocations);
    expect(logLines(invocations)).toContainEqual(expect.objectContaining({ outcome: 'waiting' }));
    // The update's Put (it read the new value itself), then the re-apply's, over the updated configuration.
    expect(applied).toEqual([`${CANARY_SECRET}-during-update`, `${CANARY_SECRET}-during-update`]);
    expect(world.invoicing.get(arn)!.configuration.PurchaseOrderRetrievalEnabled).toBe(true);
  });

  test('two rotations close together, their events in reverse order: the older value is never applied after the newer', async () => {
    const arn = await created(world.coupa());
    const applied = appliedSharedSecrets(arn);
    const first = world.secrets.putValue(world.secretArn, sharedSecretValue('first'));
    const second = world.secrets.putValue(world.secretArn, sharedSecretValue('second'));

    const invocations = [...await sim.deliverEvent(second), ...await sim.deliverEvent(first)];

    invocations.forEach((i) => expect(i.handlerError).toBeUndefined());
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((value) => value === `${CANARY_SECRET}-second`)).toBe(true);
  });

  test('a rotation that lands between the read and the Put is caught by the version check and applied', async () => {
    const arn = await created(world.coupa());
    const applied = appliedSharedSecrets(arn);
    const event = world.secrets.putValue(world.secretArn, sharedSecretValue('first'));
    world.secrets.rotateAfterNextRead(world.secretArn, sharedSecretValue('second'));

    expectCompleted(await sim.deliverEvent(event));

    // The value read ('first') was no longer current before the Put: read again, and only the newer one applied.
    expect(applied).toEqual([`${CANARY_SECRET}-second`]);
  });

  test('a deleted stack: nothing to re-apply', async () => {
    await created(world.coupa());
    expect((await sim.deleteStack()).status).toBe('DELETE_COMPLETE');
    const putsBefore = puts();

    const invocations = await sim.deliverEvent(world.secrets.putValue(world.secretArn, sharedSecretValue('late')));

    expectCompleted(invocations);
    expect(puts()).toBe(putsBefore);
    expect(logLines(invocations)).toContainEqual(expect.objectContaining({ outcome: 'skipped' }));
  });

  test('a failed Put fails the invocation, so Lambda retries the event, and the retry applies the value', async () => {
    const arn = await created(world.coupa());
    world.invoicing.inject({ operation: PUT, kind: 'access-denied', times: 1 });

    const invocations = await sim.deliverEvent(world.secrets.putValue(world.secretArn, sharedSecretValue('retried')));

    expect(invocations.map((i) => i.handlerError !== undefined)).toEqual([true, false]);
    expect(world.invoicing.get(arn)!.configuration.ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-retried`);
  });
});
