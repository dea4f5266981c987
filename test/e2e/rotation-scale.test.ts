/**
 * End to end from a synthesized cdk.out: one rotation of a secret that twenty preferences of the stack share reads the
 * secret once, and Puts each preference once, a few at a time, riding out the service's throttling.
 */
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { expectStatus, useSynthesizedApp, useWorld } from './harness';
import { PortalSecret, ProcurementPortalPreference } from '../../src';
import { rulesMatching } from '../../tools/cloudformation/event-rules';
import { CANARY_SECRET, minimalProps } from '../fixtures';

const STACK = 'TwentyStack';
const COUNT = 20;

const world = useWorld({ lambdaTimeoutMs: 60_000 });
const assembly = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, STACK);
  const sharedSecret = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Shared'), { jsonField: 'sharedSecret' });
  for (let i = 0; i < COUNT; i++) {
    new ProcurementPortalPreference(stack, `Pref${i}`, minimalProps({ sharedSecret, buyerIdentifier: `AN0400000${String(i).padStart(4, '0')}` }));
  }
});

test('twenty preferences of one secret: one read, twenty Puts, throttling ridden out', async () => {
  const { stack, sim } = await world.fromAssembly(assembly.dir, STACK);
  expectStatus(await sim.createStack(Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties]))), 'CREATE_COMPLETE');
  const shared = stack.secrets.find((s) => s.logicalId !== undefined)!.arn;
  const event = world.secrets.putValue(shared, JSON.stringify({ sharedSecret: `${CANARY_SECRET}-rotated` }));
  expect(rulesMatching(stack, event, stack.customResources[0].handler.logicalId)).toHaveLength(1);
  world.secrets.calls.clear();
  const putsBefore = world.invoicing.callCount('PutProcurementPortalPreference');
  // The service throttles the first Puts of the pass.
  world.invoicing.inject({ operation: 'PutProcurementPortalPreference', kind: 'throttle', times: 6 });

  const invocations = await sim.deliverEvent(event);

  expect(invocations.map((i) => i.handlerError)).toEqual([undefined]);
  expect(world.secrets.calls.get('GetSecretValue')).toBe(1);
  expect(world.secrets.calls.get('DescribeSecret')).toBe(1);
  const applied = world.invoicing.log.filter((e) => e.operation === 'PutProcurementPortalPreference' && e.outcome === 'ok');
  expect(new Set(applied.map((e) => e.arn)).size).toBe(COUNT);
  expect(world.invoicing.callCount('PutProcurementPortalPreference') - putsBefore).toBe(COUNT + 6);
  for (const preference of world.invoicing.list()) {
    expect(preference.configuration.ProcurementPortalSharedSecret).toBe(`${CANARY_SECRET}-rotated`);
  }
});
