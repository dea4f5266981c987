/**
 * End to end from a synthesized cdk.out: a preference that existed before the stack (made in the console) and that the
 * stack adopts survives the rollback of the deploy that adopted it, keeps its ARN, status and verification, and can be
 * adopted again. The fault is one altered property of the synthesized template (another preference of the same deploy
 * fails), so CloudFormation rolls back as it would for any failure.
 */
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { expectStatus, useSynthesizedApp, useWorld } from './harness';
import { PortalSecret, ProcurementPortalPreference } from '../../src';
import { StackInAssembly } from '../../tools/cloudformation/template';
import { minimalProps, minimalRequest } from '../fixtures';

const STACK = 'AdoptionStack';
const OWNER = 'cdk-procurement-portal:owner';
const ADOPTED = 'cdk-procurement-portal:adopted';
const DELETE = 'DeleteProcurementPortalPreference';

const world = useWorld();
/** `Adopted` takes over the console's preference; `Other` is a second preference of the same deploy. */
const assembly = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, STACK);
  const sharedSecret = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Shared'), { jsonField: 'sharedSecret' });
  new ProcurementPortalPreference(stack, 'Adopted', minimalProps({ sharedSecret, adoptExisting: true }));
  new ProcurementPortalPreference(stack, 'Other', minimalProps({ sharedSecret, buyerIdentifier: 'AN02000000009' }));
});

/** The console's preference, ACTIVE, with the identity `Adopted` declares. */
function seedConsolePreference(): string {
  const arn = world.invoicing.seed(minimalRequest({
    PurchaseOrderRetrievalEnabled: true, Contacts: [{ Email: 'console@example.com' }], ResourceTags: [{ Key: 'made-by', Value: 'console' }],
  }));
  world.invoicing.setStatus(arn, { purchaseOrderRetrieval: 'ACTIVE' });
  return arn;
}

/** The synthesized properties by construct id; `broken` alters Other's to fail (a supplier id with a space). */
function desired(stack: StackInAssembly, options: { broken?: boolean; only?: string[] } = {}): Record<string, Record<string, unknown>> {
  const entries = stack.customResources
    .map((r) => [r.logicalId.replace(/[0-9A-F]{8}$/, ''), r] as const)
    .filter(([id]) => !options.only || options.only.includes(id))
    .map(([id, r]) => [r.logicalId, id === 'Other' && options.broken ? { ...r.properties, SupplierIdentifier: 'not valid' } : r.properties] as const);
  // Adopted first, as CloudFormation may well order them: the failure comes after the adoption.
  return Object.fromEntries(entries.sort(([a]) => (a.startsWith('Adopted') ? -1 : 1)));
}

describe('adoption that can be undone', () => {
  test('the first deploy fails after adopting: the rollback keeps the preference, releases it, and it can be adopted again', async () => {
    const consoleArn = seedConsolePreference();
    const before = structuredClone(world.invoicing.get(consoleArn)!);
    const { stack, sim } = await world.fromAssembly(assembly.dir, STACK);

    const failed = await sim.createStack(desired(stack, { broken: true }));

    expectStatus(failed, 'ROLLBACK_COMPLETE');
    const rollbackDelete = failed.steps.find((s) => s.phase === 'rollback' && s.logicalResourceId.startsWith('Adopted'))!;
    expect(rollbackDelete.delivery.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: consoleArn });
    expect(rollbackDelete.delivery.response!.Reason).toMatch(/^Kept .*existed before this stack adopted it/);
    const kept = world.invoicing.get(consoleArn)!;
    expect(kept).toBeDefined();
    expect(kept.purchaseOrderRetrievalPreferenceStatus).toBe('ACTIVE');
    expect(kept.createdAt).toBe(before.createdAt);
    // Released: none of the stack's marks remain, so the stack (or another) can adopt it again.
    expect([...kept.tags.keys()].filter((k) => k.startsWith('cdk-procurement-portal:'))).toEqual([]);
    expect(world.invoicing.callCount(DELETE)).toBe(0);

    // A new stack of the same name adopts it again; deleting that stack later deletes it like any preference.
    const { stack: again, sim: second } = await world.fromAssembly(assembly.dir, STACK);
    const adopted = await second.createStack(desired(again));
    expectStatus(adopted, 'CREATE_COMPLETE');
    expect(adopted.steps[0].delivery.response!.Reason).toBe(`Adopted ${consoleArn}`);
    expect(world.invoicing.get(consoleArn)!.tags.get(OWNER)).toMatch(new RegExp(`^us-east-1/${STACK}/Adopted`));
    expectStatus(await second.deleteStack(), 'DELETE_COMPLETE');
    expect(world.invoicing.get(consoleArn)).toBeUndefined();
  });

  test('an update that adds the adoption rolls back: the adopted preference is kept, the stack\'s own is untouched', async () => {
    const { stack, sim } = await world.fromAssembly(assembly.dir, STACK);
    expectStatus(await sim.createStack(desired(stack, { only: ['Other'] })), 'CREATE_COMPLETE');
    const otherArn = [...sim.resources.values()][0].physicalResourceId;
    const consoleArn = seedConsolePreference();

    // The update adds Adopted (it adopts), and Other's change fails: UPDATE_ROLLBACK_IN_PROGRESS deletes what it added.
    const failed = await sim.updateStack(desired(stack, { broken: true }));

    expectStatus(failed, 'UPDATE_ROLLBACK_COMPLETE');
    expect(failed.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType} ${s.logicalResourceId.replace(/[0-9A-F]{8}$/, '')}`))
      .toEqual(['update Create Adopted', 'update Update Other', 'rollback Update Other', 'rollback Delete Adopted']);
    expect(world.invoicing.get(consoleArn)!.purchaseOrderRetrievalPreferenceStatus).toBe('ACTIVE');
    expect(world.invoicing.get(consoleArn)!.tags.has(ADOPTED)).toBe(false);
    expect(world.invoicing.get(otherArn)).toBeDefined();
  });

  test('a preference the stack created (not adopted) is deleted by the rollback as before', async () => {
    const { stack, sim } = await world.fromAssembly(assembly.dir, STACK);

    const failed = await sim.createStack(desired(stack, { broken: true }));

    expectStatus(failed, 'ROLLBACK_COMPLETE');
    expect(world.invoicing.list()).toEqual([]);
  });

  test('a Delete of the adopted preference once the stack is being deleted deletes it', async () => {
    const consoleArn = seedConsolePreference();
    const { stack, sim } = await world.fromAssembly(assembly.dir, STACK);
    expectStatus(await sim.createStack(desired(stack, { only: ['Adopted'] })), 'CREATE_COMPLETE');
    expect(world.invoicing.get(consoleArn)!.tags.get(ADOPTED)).toMatch(/Adopted/);

    expectStatus(await sim.deleteStack(), 'DELETE_COMPLETE');

    expect(world.invoicing.get(consoleArn)).toBeUndefined();
  });
});
