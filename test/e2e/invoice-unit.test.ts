/**
 * Invoice units from synthesized apps, played by the emulators: a unit and the preference that selects it in one
 * stack (the unit created first, the preference given its ARN), an update of the description and the accounts in
 * place, a replacement on a name change (the accounts moved, since a unit's accounts are exclusive; refused while a
 * live preference selects it, unless allowReplacement), the rollback of a replacement (the accounts given back), an
 * imported unit, and the delete (the preference first).
 */
import * as cdk from 'aws-cdk-lib';
import { arnOf, expectClean, expectStatus, reasonOf, useSynthesizedApp, useWorld } from './harness';
import { InvoiceUnit, InvoiceUnitProps, ProcurementPortalPreference } from '../../src';
import { HANDLED_RESOURCE_TYPES } from '../../src/contract/invoice-unit';
import { readStack } from '../../tools/cloudformation/template';
import { minimalProps } from '../fixtures';

const STACK = 'Units';
const world = useWorld();

type Json = Record<string, unknown>;

function unitApp(unit: Partial<InvoiceUnitProps>) {
  return useSynthesizedApp((app) => {
    const stack = new cdk.Stack(app, STACK);
    const finance = new InvoiceUnit(stack, 'Finance', { invoiceUnitName: 'Finance', linkedAccounts: ['111111111111', '222222222222'], ...unit });
    (finance.node.defaultChild as cdk.CfnResource).overrideLogicalId('Finance');
    const sap = new ProcurementPortalPreference(stack, 'Sap', minimalProps({ selector: { invoiceUnits: [finance] } }));
    (sap.node.defaultChild as cdk.CfnResource).overrideLogicalId('Sap');
  });
}

const v1 = unitApp({});
const v2Accounts = unitApp({ description: 'EU entities', linkedAccounts: ['111111111111', '333333333333'] });
const v2Renamed = unitApp({ invoiceUnitName: 'Finance EU' });
const v2RenamedAllowed = unitApp({ invoiceUnitName: 'Finance EU', allowReplacement: true });

const imported = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, STACK);
  const legal = InvoiceUnit.fromInvoiceUnitArn(stack, 'Legal', 'arn:aws:invoicing::123456789012:invoice-unit/1e9a1000');
  const sap = new ProcurementPortalPreference(stack, 'Sap', minimalProps({ selector: { invoiceUnits: [legal] } }));
  (sap.node.defaultChild as cdk.CfnResource).overrideLogicalId('Sap');
});

/** The desired resources of an app version, read as a deploy of the same stack (same stack id) would send them. */
function desired(dir: string, stackId: string): Record<string, Json> {
  const stack = readStack(dir, STACK, HANDLED_RESOURCE_TYPES, { stackId });
  return Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties]));
}

async function deployed() {
  const { stack, sim } = await world.fromAssembly(v1.dir, STACK);
  const created = await sim.createStack(desired(v1.dir, stack.stackId));
  expectStatus(created, 'CREATE_COMPLETE');
  expectClean(created);
  const unitArn = created.steps.find((s) => s.logicalResourceId === 'Finance')!.delivery.response!.PhysicalResourceId!;
  const preferenceArn = created.steps.find((s) => s.logicalResourceId === 'Sap')!.delivery.response!.PhysicalResourceId!;
  return { stack, sim, created, unitArn, preferenceArn };
}

const selected = (preferenceArn: string): unknown => world.invoicing.get(preferenceArn)?.configuration.Selector;
const accountsOf = (unitArn: string): string[] | undefined => world.invoicing.units.get(unitArn)?.Rule.LinkedAccounts;

test('the unit is created before the preference that selects it, and the preference gets its ARN', async () => {
  const { created, unitArn, preferenceArn } = await deployed();
  expect(created.steps.map((s) => s.logicalResourceId)).toEqual(['Finance', 'Sap']);
  expect(unitArn).toMatch(/^arn:aws:invoicing::123456789012:invoice-unit\/[0-9a-f]{8}$/);
  expect(world.invoicing.units.get(unitArn)).toMatchObject({ Name: 'Finance', InvoiceReceiver: '123456789012', TaxInheritanceDisabled: false });
  expect(accountsOf(unitArn)).toEqual(['111111111111', '222222222222']);
  expect(selected(preferenceArn)).toEqual({ InvoiceUnitArns: [unitArn] });
});

test('description and accounts change in place: the same unit, one UpdateInvoiceUnit, the preference untouched', async () => {
  const { stack, sim, unitArn, preferenceArn } = await deployed();
  world.invoicing.log.length = 0;
  const updated = await sim.updateStack(desired(v2Accounts.dir, stack.stackId));
  expectStatus(updated, 'UPDATE_COMPLETE');
  expect(updated.steps.map((s) => `${s.phase} ${s.logicalResourceId} ${reasonOf(s.delivery)}`)).toEqual(['update Finance Updated configuration in place']);
  expect(arnOf(updated)).toBe(unitArn);
  expect(world.invoicing.units.get(unitArn)).toMatchObject({ Description: 'EU entities', Rule: { LinkedAccounts: ['111111111111', '333333333333'] } });
  expect(world.outcomes('UpdateInvoiceUnit')).toEqual(['ok']);
  expect(selected(preferenceArn)).toEqual({ InvoiceUnitArns: [unitArn] });
});

test('a new name replaces the unit: its accounts move to the new one, the preference follows, the old one is deleted', async () => {
  const { stack, sim, unitArn, preferenceArn } = await deployed();
  const replaced = await sim.updateStack(desired(v2Renamed.dir, stack.stackId));
  expectStatus(replaced, 'UPDATE_COMPLETE');
  const newArn = arnOf(replaced);
  expect(newArn).not.toBe(unitArn);
  expect(replaced.steps.map((s) => `${s.phase} ${s.logicalResourceId}`)).toEqual(['update Finance', 'update Sap', 'cleanup Finance']);
  expect(world.invoicing.units.get(newArn)).toMatchObject({ Name: 'Finance EU', Rule: { LinkedAccounts: ['111111111111', '222222222222'] } });
  expect(world.invoicing.units.get(unitArn)).toBeUndefined();
  expect(selected(preferenceArn)).toEqual({ InvoiceUnitArns: [newArn] });
});

test('a live preference selects the unit: the replacement is refused, nothing changes; allowReplacement lets it through', async () => {
  const { stack, sim, unitArn, preferenceArn } = await deployed();
  world.invoicing.setStatus(preferenceArn, { purchaseOrderRetrieval: 'ACTIVE' });
  const refused = await sim.updateStack(desired(v2Renamed.dir, stack.stackId));
  expectStatus(refused, 'UPDATE_ROLLBACK_COMPLETE');
  expect(reasonOf(refused.steps[0].delivery)).toBe(`Refused to replace ${unitArn}: Name changed, which creates a new invoice unit, and `
    + `${preferenceArn} (past PENDING_VERIFICATION) selects this one; set allowReplacement: true to replace it anyway (the preference `
    + 'follows the new unit when it selects it by reference), or keep Name unchanged');
  expect(world.invoicing.units.list().map((u) => u.InvoiceUnitArn)).toEqual([unitArn]);
  expect(accountsOf(unitArn)).toEqual(['111111111111', '222222222222']);

  const allowed = await sim.updateStack(desired(v2RenamedAllowed.dir, stack.stackId));
  expectStatus(allowed, 'UPDATE_COMPLETE');
  expect(selected(preferenceArn)).toEqual({ InvoiceUnitArns: [arnOf(allowed)] });
});

test('the rollback of a replacement deletes the new unit and gives its accounts back to the old one', async () => {
  const { stack, sim, unitArn, preferenceArn } = await deployed();
  // The preference's Put with the new unit fails: CloudFormation rolls the whole update back.
  world.invoicing.inject({ operation: 'PutProcurementPortalPreference', kind: 'validation', message: 'Selector is not valid', times: 1 });
  const rolledBack = await sim.updateStack(desired(v2Renamed.dir, stack.stackId));
  expectStatus(rolledBack, 'UPDATE_ROLLBACK_COMPLETE');
  expect(rolledBack.steps.map((s) => `${s.phase} ${s.logicalResourceId}`)).toEqual(['update Finance', 'update Sap', 'rollback Sap', 'rollback-cleanup Finance']);
  expect(reasonOf(rolledBack.steps.at(-1)!.delivery)).toBe(`Deleted; 2 account(s) given back to ${unitArn}`);
  expect(world.invoicing.units.list().map((u) => u.InvoiceUnitArn)).toEqual([unitArn]);
  expect(accountsOf(unitArn)).toEqual(['111111111111', '222222222222']);
  expect(selected(preferenceArn)).toEqual({ InvoiceUnitArns: [unitArn] });
});

test('a unit imported by ARN: the preference selects it as it stands', async () => {
  world.invoicing.units.seed({ InvoiceUnitArn: 'arn:aws:invoicing::123456789012:invoice-unit/1e9a1000', Name: 'Legal', InvoiceReceiver: '123456789012' });
  const { stack, sim } = await world.fromAssembly(imported.dir, STACK);
  const created = await sim.createStack(desired(imported.dir, stack.stackId));
  expectStatus(created, 'CREATE_COMPLETE');
  expect(selected(arnOf(created))).toEqual({ InvoiceUnitArns: ['arn:aws:invoicing::123456789012:invoice-unit/1e9a1000'] });
});

test('the delete removes the preference first, then the unit', async () => {
  const { sim, unitArn } = await deployed();
  const deleted = await sim.deleteStack();
  expectStatus(deleted, 'DELETE_COMPLETE');
  expect(deleted.steps.map((s) => `${s.logicalResourceId} ${reasonOf(s.delivery)}`)).toEqual(['Sap Deleted', 'Finance Deleted']);
  expect(world.invoicing.units.get(unitArn)).toBeUndefined();
  expect(world.invoicing.list()).toEqual([]);
});

test('a forged Update of another stack\'s unit: no answer while no deployment runs; refused by its owner tag during one', async () => {
  const victim = 'arn:aws:invoicing::123456789012:invoice-unit/0ther000';
  world.invoicing.units.seed({ InvoiceUnitArn: victim, Name: 'Victim', InvoiceReceiver: '123456789012', Rule: { LinkedAccounts: ['555555555555'] } });
  world.invoicing.units.get(victim)!.tags.set('cdk-procurement-portal:owner', 'us-east-1/Victim/Finance');
  const { stack, sim } = await deployed();
  const finance = desired(v2Accounts.dir, stack.stackId).Finance;
  world.invoicing.log.length = 0;
  const forged = () => sim.event('Update', 'Finance', { ...finance, LinkedAccounts: ['999999999999'] },
    { physicalResourceId: victim, oldProperties: finance });

  const unasked = await sim.invoke(forged(), { direct: true });
  expect(unasked.attempts).toEqual([]);
  world.cloudformation.setStatus(STACK, 'UPDATE_IN_PROGRESS');
  world.cloudformation.setResourceStatus(STACK, 'Finance', 'UPDATE_IN_PROGRESS');
  const refused = await sim.invoke(forged(), { direct: true });
  expect(refused.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: victim });
  expect(refused.response!.Reason).toMatch(/^Refused: arn:aws:invoicing::123456789012:invoice-unit\/0ther000 is managed by us-east-1\/Victim\/Finance/);
  expect(world.invoicing.units.get(victim)!.Rule.LinkedAccounts).toEqual(['555555555555']);
  expect(world.outcomes('UpdateInvoiceUnit')).toEqual([]);
});

const adopting = unitApp({ adoptExisting: true, description: 'adopted' });

test('adoptExisting takes over the unit of the same name and receiver; the rollback of that deploy keeps it', async () => {
  const existing = 'arn:aws:invoicing::123456789012:invoice-unit/c0501e00';
  world.invoicing.units.seed({ InvoiceUnitArn: existing, Name: 'Finance', InvoiceReceiver: '123456789012', Rule: { LinkedAccounts: ['111111111111'] } });
  const { stack, sim } = await world.fromAssembly(adopting.dir, STACK);
  // The preference's Create fails (a supplier id AWS does not list): the whole creation rolls back.
  world.invoicing.catalog.seedPortal({ PortalIdentifier: 'sap-business-network', PortalName: 'SAP_BUSINESS_NETWORK' },
    [{ SupplierIdentifier: 'AN09999999999', SellerOfRecord: 'AWS', Environment: 'PROD' }]);
  const created = await sim.createStack(desired(adopting.dir, stack.stackId));
  expectStatus(created, 'ROLLBACK_COMPLETE');
  expect(created.steps.map((s) => `${s.phase} ${s.logicalResourceId} ${s.delivery.response?.Status}`))
    .toEqual(['create Finance SUCCESS', 'create Sap FAILED', 'rollback Sap SUCCESS', 'rollback Finance SUCCESS']);
  expect(arnOf(created)).toBe(existing);
  expect(reasonOf(created.steps[3].delivery)).toMatch(/^Kept arn:aws:invoicing::123456789012:invoice-unit\/c0501e00: it existed before/);
  expect(world.invoicing.units.get(existing)).toMatchObject({ Description: 'adopted', Rule: { LinkedAccounts: ['111111111111', '222222222222'] } });
  expect([...world.invoicing.units.get(existing)!.tags.keys()].filter((k) => k.startsWith('cdk-procurement-portal:'))).toEqual([]);
  expect(world.invoicing.units.list()).toHaveLength(1);
});

const v2Receiver = unitApp({ invoiceReceiver: '210987654321' });

test('a taken name fails the Create with the service\'s refusal; a receiver changed without the name is refused, nothing changed', async () => {
  world.invoicing.units.seed({ InvoiceUnitArn: 'arn:aws:invoicing::123456789012:invoice-unit/7a4e0000', Name: 'Finance', InvoiceReceiver: '123456789012' });
  const { stack, sim } = await world.fromAssembly(v1.dir, STACK);
  const taken = await sim.createStack(desired(v1.dir, stack.stackId));
  expectStatus(taken, 'ROLLBACK_COMPLETE');
  expect(reasonOf(taken.steps[0].delivery)).toContain('ValidationException: An invoice unit named Finance already exists');
  world.invoicing.units.reset();

  const again = await deployed();
  const refused = await again.sim.updateStack(desired(v2Receiver.dir, again.stack.stackId));
  expectStatus(refused, 'UPDATE_ROLLBACK_COMPLETE');
  expect(reasonOf(refused.steps[0].delivery)).toMatch(/^Refused to replace .*: InvoiceReceiver changed and Name did not, but a unit's name is unique/);
  expect(world.invoicing.units.list().map((u) => u.InvoiceUnitArn)).toEqual([again.unitArn]);
});
