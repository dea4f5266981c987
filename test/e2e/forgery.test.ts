/**
 * End to end from a synthesized cdk.out: the handler confirms every custom-resource event with CloudFormation before it
 * acts, and changes only preferences that carry this resource's owner tag. The forged events are the stack's own
 * events, derived from its synthesized template and altered as an attacker with only `lambda:InvokeFunction` would
 * (the StackId is in the function's environment), invoked directly, not by CloudFormation.
 */
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { expectStatus, jsonLogs, useSynthesizedApp, useWorld } from './harness';
import { PortalSecret, ProcurementPortalPreference } from '../../src';
import { CloudFormationSimulator } from '../../tools/cloudformation/simulator';
import { CustomResourceInTemplate } from '../../tools/cloudformation/template';
import { minimalProps, minimalRequest } from '../fixtures';

const STACK = 'ForgeryStack';
const ATTACKER = 'https://attacker.example.com/cxml';
const VICTIM_OWNER = 'us-east-1/VictimStack/Pref';

const world = useWorld();
const assembly = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, STACK);
  const sharedSecret = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Shared'), { jsonField: 'sharedSecret' });
  new ProcurementPortalPreference(stack, 'Pref', minimalProps({ sharedSecret }));
});

let sim: CloudFormationSimulator;
let resource: CustomResourceInTemplate;
let own: string;
let victim: string;

beforeEach(async () => {
  const deployed = await world.fromAssembly(assembly.dir, STACK);
  sim = deployed.sim;
  [resource] = deployed.stack.customResources;
  expectStatus(await sim.createStack({ [resource.logicalId]: resource.properties }), 'CREATE_COMPLETE');
  own = sim.resources.get(resource.logicalId)!.physicalResourceId;
  // Another stack's preference in the same account.
  victim = world.invoicing.seed(minimalRequest({
    BuyerIdentifier: 'AN09000000001', PurchaseOrderRetrievalEnabled: true, ResourceTags: [{ Key: 'cdk-procurement-portal:owner', Value: VICTIM_OWNER }],
  }));
});

/** The stack's own Update event for its preference, pointed at `physicalId` with the attacker's endpoint. */
function forgedUpdate(physicalId: string): ReturnType<CloudFormationSimulator['event']> {
  return sim.event('Update', resource.logicalId, { ...resource.properties, ProcurementPortalInstanceEndpoint: ATTACKER },
    { physicalResourceId: physicalId, oldProperties: resource.properties });
}

const untouched = (arn: string, version: number): void => {
  expect(world.invoicing.get(arn)!.version).toBe(version);
  expect(world.invoicing.get(arn)!.configuration.ProcurementPortalInstanceEndpoint).toBeUndefined();
};

describe('events confirmed with CloudFormation', () => {
  test('a forged Update of another stack\'s preference while no deployment runs: no answer, nothing read or written', async () => {
    world.secrets.calls.clear();
    const invocation = await sim.invoke(forgedUpdate(victim), { direct: true });

    untouched(victim, 1);
    expect(invocation.attempts).toEqual([]);
    expect(world.secrets.calls.size).toBe(0);
    expect(world.invoicing.callCount('PutProcurementPortalPreference')).toBe(0);
    expect(jsonLogs(invocation)).toContainEqual(expect.objectContaining({ outcome: 'refused', errorCode: 'NotConfirmed' }));
  });

  test('the same forgery during a real update of that resource passes CloudFormation, and the owner tag refuses it', async () => {
    world.cloudformation.setStatus(STACK, 'UPDATE_IN_PROGRESS');
    world.cloudformation.setResourceStatus(STACK, resource.logicalId, 'UPDATE_IN_PROGRESS');

    const invocation = await sim.invoke(forgedUpdate(victim), { direct: true });

    expect(invocation.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: victim });
    expect(invocation.response!.Reason).toBe(`Refused: ${victim} is managed by ${VICTIM_OWNER} (its tag cdk-procurement-portal:owner), `
      + `not by this resource (us-east-1/${STACK}/${resource.logicalId}); nothing was changed`);
    untouched(victim, 1);
  });

  test('a forged Update of the stack\'s own preference while no deployment runs: no answer, unchanged', async () => {
    const invocation = await sim.invoke(forgedUpdate(own), { direct: true });

    expect(invocation.attempts).toEqual([]);
    untouched(own, 1);
  });

  test('a forged Delete of the stack\'s own preference while no deployment runs: no answer, still there', async () => {
    const event = sim.event('Delete', resource.logicalId, resource.properties, { physicalResourceId: own });

    const invocation = await sim.invoke(event, { direct: true });

    expect(invocation.attempts).toEqual([]);
    expect(world.invoicing.get(own)).toBeDefined();
    expect(world.invoicing.callCount('DeleteProcurementPortalPreference')).toBe(0);
  });

  test('a forged Delete of another stack\'s preference while this stack is being deleted: FAILED by the owner tag, still there', async () => {
    world.cloudformation.setStatus(STACK, 'DELETE_IN_PROGRESS');
    const event = sim.event('Delete', resource.logicalId, resource.properties, { physicalResourceId: victim });

    const invocation = await sim.invoke(event, { direct: true });

    expect(invocation.response).toMatchObject({ Status: 'FAILED' });
    expect(invocation.response!.Reason).toMatch(/^Refused: .* is managed by us-east-1\/VictimStack\/Pref/);
    expect(world.invoicing.get(victim)).toBeDefined();
  });

  test('a retry of an event already answered sends no second answer and makes no second call', async () => {
    const update = sim.event('Update', resource.logicalId, { ...resource.properties, PurchaseOrderRetrievalEnabled: false },
      { physicalResourceId: own, oldProperties: resource.properties });
    const first = await sim.deliver(update);
    expect(first.response?.Status).toBe('SUCCESS');
    const calls = world.invoicing.log.length;

    // Lambda runs the same event again after CloudFormation has its answer (the resource is UPDATE_COMPLETE).
    const again = await sim.invoke(update, { direct: true });

    expect(again.attempts).toEqual([]);
    expect(world.invoicing.log.length).toBe(calls);
  });

  test('the calls of a confirmation: DescribeStacks and DescribeStackResource of its own stack, once each', async () => {
    world.cloudformation.calls.clear();
    expectStatus(await sim.updateStack({ [resource.logicalId]: { ...resource.properties, PurchaseOrderRetrievalEnabled: false } }), 'UPDATE_COMPLETE');

    expect(Object.fromEntries(world.cloudformation.calls)).toEqual({ DescribeStacks: 1, DescribeStackResource: 1 });
  });
});
