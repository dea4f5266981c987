/**
 * End to end from a synthesized cdk.out, with the BUNDLED handler asset it holds: a secret re-apply pass re-applies a
 * rotated value to the preferences that reference it, as the stack's own EventBridge rules deliver the events
 * (Secrets Manager's label event, CloudFormation's stack status change, the schedule), with CloudFormation holding the
 * template exactly as `cdk synth` wrote it (ServiceToken a Fn::GetAtt).
 */
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { captured, jsonLogs, useSynthesizedApp, useWorld } from './harness';
import { PortalSecret, ProcurementPortalPreference } from '../../src';
import { rulesMatching, scheduledEvents } from '../../tools/cloudformation/event-rules';
import { CloudFormationSimulator, Invocation } from '../../tools/cloudformation/simulator';
import { StackInAssembly } from '../../tools/cloudformation/template';
import { OperationLogEntry } from '../../tools/emulators/invoicing';
import { CANARIES, CANARY_CONTACT, CANARY_SECRET, CANARY_TEST_SECRET, coupaProps, minimalProps } from '../fixtures';

const PUT = 'PutProcurementPortalPreference';
const STACK = 'RotationStack';
const TEST_SECRET_NAME = 'coupa/test-shared-secret';
const CONTACTS_SECRET_NAME = 'e2e/contacts';

const world = useWorld();
/** Three preferences: Coupa (shared and test secrets), Sap (the same shared secret, contacts from a secret), Quiet (no re-apply). */
const assembly = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, STACK);
  const shared = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Shared'), { jsonField: 'sharedSecret' });
  const test = PortalSecret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'TestSecret', TEST_SECRET_NAME));
  const contacts = PortalSecret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Contacts', CONTACTS_SECRET_NAME));
  new ProcurementPortalPreference(stack, 'Coupa', coupaProps({ shared, test }));
  new ProcurementPortalPreference(stack, 'Sap', minimalProps({ sharedSecret: shared, contacts: undefined, contactsSecret: contacts }));
  new ProcurementPortalPreference(stack, 'Quiet', minimalProps({ buyerIdentifier: 'AN03000000001', sharedSecret: shared, reapplyOnSecretRotation: false }));
});

let stack: StackInAssembly;
let sim: CloudFormationSimulator;
let arns: Record<string, string>;
let secretArns: Record<string, string>;
let sharedArn: string;

beforeEach(async () => {
  ({ stack, sim, secretArns } = await world.fromAssembly(assembly.dir, STACK, {
    [TEST_SECRET_NAME]: CANARY_TEST_SECRET,
    [CONTACTS_SECRET_NAME]: JSON.stringify(CANARY_CONTACT),
  }));
  sharedArn = stack.secrets.find((s) => s.logicalId !== undefined)!.arn;
  const created = await sim.createStack(Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties])));
  expect(created.status).toBe('CREATE_COMPLETE');
  arns = Object.fromEntries([...sim.resources].map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.physicalResourceId]));
});

/** The handler's logical id in the synthesized template (the rules' target). */
const handlerId = (): string => stack.customResources[0].handler.logicalId;

/** Delivers an EventBridge event as the stack's rules would: only when a rule of the template matches it. */
async function throughRules(event: object): Promise<Invocation[]> {
  if (rulesMatching(stack, event, handlerId()).length === 0) return [];
  return sim.deliverEvent(event);
}

function rotate(arn: string, value: string): object {
  return world.secrets.putValue(arn, value);
}

const sharedValue = (suffix: string): string => JSON.stringify({ sharedSecret: `${CANARY_SECRET}-${suffix}`, other: 'x' });
const configuration = (id: string): Record<string, unknown> => world.invoicing.get(arns[id])!.configuration;
const puts = (): number => world.invoicing.callCount(PUT);
const logLines = (invocations: Invocation[]): Array<Record<string, unknown>> => invocations.flatMap(jsonLogs);

function expectCompleted(invocations: Invocation[]): void {
  expect(invocations.map((i) => ({ error: i.handlerError, timedOut: i.timedOut }))).toEqual([{ error: undefined, timedOut: false }]);
}

/** The shared secret each successful Put left on the preference, in order. */
function appliedSharedSecrets(arn: string): string[] {
  const applied: string[] = [];
  world.invoicing.events.on('call', (entry: OperationLogEntry) => {
    if (entry.operation === PUT && entry.outcome === 'ok' && entry.arn === arn) applied.push(String(world.invoicing.get(arn)?.configuration.ProcurementPortalSharedSecret));
  });
  return applied;
}
afterEach(() => world.invoicing.events.removeAllListeners('call'));

describe('a secret re-apply pass, on the template cdk synth wrote', () => {
  test('a rotated shared secret is Put on every preference that reads it, once each, and nothing else changes', async () => {
    const before = Object.fromEntries(['Coupa', 'Sap', 'Quiet'].map((id) => [id, structuredClone(world.invoicing.get(arns[id])!)]));
    const event = rotate(sharedArn, sharedValue('rotated'));
    world.secrets.calls.clear();
    world.cloudformation.calls.clear();
    const putsBefore = puts();

    const invocations = await throughRules(event);

    expectCompleted(invocations);
    for (const id of ['Coupa', 'Sap']) {
      const after = world.invoicing.get(arns[id])!;
      expect(after.configuration.ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-rotated`);
      expect({ ...after.configuration, ProcurementPortalSharedSecret: 'x' }).toEqual({ ...before[id].configuration, ProcurementPortalSharedSecret: 'x' });
      expect(after.version).toBe(before[id].version + 1);
    }
    // reapplyOnSecretRotation: false keeps its value until its next deploy.
    expect(world.invoicing.get(arns.Quiet)!.version).toBe(before.Quiet.version);
    expect(configuration('Quiet').ProcurementPortalSharedSecret).toBe(CANARY_SECRET);
    expect(logLines(invocations)).toContainEqual(expect.objectContaining({ outcome: 're-applied', physicalResourceId: arns.Coupa }));
    // Per rotation: the stack's status before, before each Put and after; its preferences once; each secret described
    // once and the rotated one read once, however many preferences share it.
    expect(Object.fromEntries(world.cloudformation.calls)).toEqual({ DescribeStacks: 4, ListStackResources: 1 });
    expect(Object.fromEntries(world.secrets.calls)).toEqual({ DescribeSecret: 3, GetSecretValue: 1 });
    expect(puts() - putsBefore).toBe(2);
    expect(world.invoicing.callCount('GetProcurementPortalPreference')).toBe(2);
  });

  test("the test environment's secret, referenced by a partial ARN, is re-applied", async () => {
    expectCompleted(await throughRules(rotate(secretArns[TEST_SECRET_NAME], `${CANARY_TEST_SECRET}-rotated`)));

    expect((configuration('Coupa').TestEnvPreference as Record<string, unknown>).ProcurementPortalSharedSecret).toBe(`${CANARY_TEST_SECRET}-rotated`);
  });

  test('new contacts in the contacts secret are re-applied', async () => {
    const newContact = { Name: `${CANARY_CONTACT.Name} II`, Email: `ii.${CANARY_CONTACT.Email}` };
    expectCompleted(await throughRules(rotate(secretArns[CONTACTS_SECRET_NAME], JSON.stringify(newContact))));

    expect(configuration('Sap').Contacts).toEqual([newContact]);
  });

  test('a secret no preference of the stack references reaches no rule', async () => {
    const other = world.secrets.seed({ name: 'unrelated', value: 'x' });
    expect(await throughRules(rotate(other, 'y'))).toEqual([]);
  });

  test.each([
    ['another account', { account: '999999999999' }],
    ['a label other than AWSCURRENT', { detail: { name: 'x', labelUpdated: 'MYLABEL', versionId: 'v' } }],
    ['no secret ARN', { resources: [] }],
  ])('an event of %s, invoked directly, starts no pass: no call at all', async (_what, override) => {
    const event = { ...rotate(sharedArn, sharedValue('ignored')), ...override };
    world.cloudformation.calls.clear();
    const putsBefore = puts();

    const invocations = await sim.deliverEvent(event);

    expectCompleted(invocations);
    expect({ puts: puts(), cloudformation: world.cloudformation.calls.size }).toEqual({ puts: putsBefore, cloudformation: 0 });
    expect(logLines(invocations)).toContainEqual(expect.objectContaining({ outcome: 'ignored' }));
  });

  test('during a deploy the pass writes nothing; the stack settling re-applies over the deployed configuration', async () => {
    const applied = appliedSharedSecrets(arns.Sap);
    world.cloudformation.setStatus(STACK, 'UPDATE_IN_PROGRESS');
    const during = await throughRules(rotate(sharedArn, sharedValue('during-update')));
    expectCompleted(during);
    expect(applied).toEqual([]);
    expect(logLines(during)).toContainEqual(expect.objectContaining({ outcome: 'waiting' }));

    // The deploy itself (it reads the current value too), then CloudFormation's status change event.
    const sap = stack.customResources.find((r) => r.logicalId.startsWith('Sap'))!;
    const desired = Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties]));
    desired[sap.logicalId] = { ...sap.properties, PurchaseOrderRetrievalEnabled: false, EinvoiceDeliveryEnabled: false };
    expect((await sim.updateStack(desired)).status).toBe('UPDATE_COMPLETE');
    const settled = world.cloudformation.lastStatusEvent(sim.stackId)!;
    expect(settled.detail['status-details'].status).toBe('UPDATE_COMPLETE');
    expectCompleted(await throughRules(settled));

    expect(configuration('Sap').PurchaseOrderRetrievalEnabled).toBe(false);
    expect(configuration('Sap').ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-during-update`);
    // The deploy's Put applied the new value and recorded its version: the pass had nothing left to do.
    expect(applied).toEqual([`${CANARY_SECRET}-during-update`]);
  });

  test('two rotations, their events in reverse order: the older value is never applied after the newer', async () => {
    const applied = appliedSharedSecrets(arns.Coupa);
    const first = rotate(sharedArn, sharedValue('first'));
    const second = rotate(sharedArn, sharedValue('second'));

    const invocations = [...await throughRules(second), ...await throughRules(first)];

    invocations.forEach((i) => expect(i.handlerError).toBeUndefined());
    expect(applied).toEqual([`${CANARY_SECRET}-second`]);
  });

  test('a secret whose event reaches no rule (another region or account) is re-applied by the schedule', async () => {
    rotate(sharedArn, sharedValue('scheduled')); // its event is not delivered
    const [tick] = scheduledEvents(stack, handlerId(), world.invoicing.accountId, 'us-east-1');
    expect(tick).toBeDefined();

    expectCompleted(await sim.deliverEvent(tick));

    expect(configuration('Coupa').ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-scheduled`);
    // A second tick finds every record current: no Put.
    const putsBefore = puts();
    expectCompleted(await sim.deliverEvent(scheduledEvents(stack, handlerId(), world.invoicing.accountId, 'us-east-1')[0]));
    expect(puts()).toBe(putsBefore);
  });

  test('a deleted stack: nothing to re-apply', async () => {
    expect((await sim.deleteStack()).status).toBe('DELETE_COMPLETE');
    const putsBefore = puts();

    const invocations = await sim.deliverEvent(rotate(sharedArn, sharedValue('late')));

    expectCompleted(invocations);
    expect(puts()).toBe(putsBefore);
  });

  test('a failed Put fails the invocation (Errors metric, retries), and the retry applies the value', async () => {
    world.invoicing.inject({ operation: PUT, kind: 'access-denied', times: 1 });

    const invocations = await throughRules(rotate(sharedArn, sharedValue('retried')));

    expect(invocations.map((i) => i.handlerError !== undefined)).toEqual([true, false]);
    expect(configuration('Coupa').ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-retried`);
    expect(configuration('Sap').ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-retried`);
    expect(logLines(invocations)).toContainEqual(expect.objectContaining({ level: 'error', outcome: 'failed' }));
  });

  test('a preference that does not carry this stack\'s owner tag is not written', async () => {
    world.invoicing.get(arns.Sap)!.tags.set('cdk-procurement-portal:owner', 'us-east-1/SomeoneElse/Sap');
    const invocations = await throughRules(rotate(sharedArn, sharedValue('owned')));

    expectCompleted(invocations);
    expect(configuration('Sap').ProcurementPortalSharedSecret).toBe(CANARY_SECRET);
    expect(configuration('Coupa').ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-owned`);
  });

  test('no secret or contact (the rotated values are canaries too) in any log line or response of this file', () => {
    const texts = captured.flatMap((i) => [...i.logs.map((l) => l.text), ...i.attempts.map((a) => a.body)]);
    expect(texts.length).toBeGreaterThan(50);
    expect(texts.filter((t) => CANARIES.some((c) => t.includes(c)))).toEqual([]);
  });
});
