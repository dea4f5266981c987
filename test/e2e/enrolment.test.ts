/**
 * The invoice-unit enrolment from a synthesized app: the unit deployed by the simulator, then the app's own enrolment
 * function (its environment as the template gives it, the unit's ARN as the deploy resolved it) run against the
 * Invoicing and Organizations emulators: the accounts of the enrolled OU and of the OU nested in it are added, an
 * account that leaves is removed, one that joins is added, one another unit holds is left there, the accounts in no
 * unit are counted, and a later deploy of the unit keeps what the enrolment added.
 */
import * as cdk from 'aws-cdk-lib';
import { expectStatus, useSynthesizedApp, useWorld } from './harness';
import { InvoiceUnit } from '../../src';
import { HANDLED_RESOURCE_TYPES } from '../../src/contract/invoice-unit';
import { ENROLMENT_METRICS } from '../../src/contract/wire';
import { resolveDeployed } from '../../tools/cloudformation/deferred';
import { CloudFormationSimulator } from '../../tools/cloudformation/simulator';
import { StackInAssembly, readStack } from '../../tools/cloudformation/template';
import { ENROLMENT_BUNDLE, assertBundle, runEnrolment } from '../../tools/emulators/bundles';
import { OrganizationsEmulator } from '../../tools/emulators/organizations';

const STACK = 'Enrolment';
const OU = 'ou-ab12-aaaaaaaa';
const NESTED = 'ou-ab12-bbbbbbbb';
const world = useWorld();
const organizations = new OrganizationsEmulator();

function app(description?: string) {
  return useSynthesizedApp((a) => {
    const stack = new cdk.Stack(a, STACK);
    const unit = new InvoiceUnit(stack, 'Finance', { invoiceUnitName: 'Finance', linkedAccounts: ['111111111111'], description });
    (unit.node.defaultChild as cdk.CfnResource).overrideLogicalId('Finance');
    unit.enrolOrganizationalUnits({ organizationalUnitIds: [OU] });
  });
}
const v1 = app();
const v2 = app('EU entities');

beforeAll(async () => {
  assertBundle(ENROLMENT_BUNDLE);
  await organizations.start();
});
afterAll(() => organizations.stop());
beforeEach(() => {
  organizations.reset();
  organizations.addOrganizationalUnit(OU, 'Finance');
  organizations.addOrganizationalUnit(NESTED, 'Finance EU', OU);
  organizations.addAccount('111111111111');
  organizations.addAccount('222222222222', OU);
  organizations.addAccount('333333333333', NESTED);
  organizations.addAccount('444444444444');
});

/** The enrolment function's environment, as the template gives it and the deploy resolved it. */
function enrolmentEnvironment(stack: StackInAssembly, sim: CloudFormationSimulator): Record<string, string> {
  const functions = Object.values(stack.template.Resources as Record<string, { Type: string; Properties: { Environment?: { Variables?: unknown } } }>)
    .filter((r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties.Environment ?? {}).includes('PPP_ENROL_UNIT_ARN'));
  expect(functions).toHaveLength(1);
  return resolveDeployed(stack.resolve(functions[0].Properties.Environment!.Variables) as Record<string, string>, (id) => sim.resources.get(id));
}

async function enrol(environment: Record<string, string>) {
  const run = await runEnrolment({
    ...environment, AWS_ENDPOINT_URL_INVOICING: world.invoicing.endpoint, AWS_ENDPOINT_URL_ORGANIZATIONS: organizations.endpoint,
  });
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const metric = lines.find((l) => ENROLMENT_METRICS.accountsInNoUnit in l)?.[ENROLMENT_METRICS.accountsInNoUnit];
  return { code: run.code, lines, metric, result: lines.at(-1)! };
}

test('the OUs\' accounts join the unit, leave it when they leave the OU, and the accounts in no unit are counted', async () => {
  const { stack, sim } = await world.fromAssembly(v1.dir, STACK);
  const created = await sim.createStack(Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties])));
  expectStatus(created, 'CREATE_COMPLETE');
  const unitArn = sim.resources.get('Finance')!.physicalResourceId;
  const environment = enrolmentEnvironment(stack, sim);
  expect(environment.PPP_ENROL_UNIT_ARN).toBe(unitArn);
  const accounts = (): string[] | undefined => world.invoicing.units.get(unitArn)?.Rule.LinkedAccounts;
  expect(accounts()).toEqual(['111111111111']);

  const first = await enrol(environment);
  expect(first.code).toBe(0);
  expect(accounts()).toEqual(['111111111111', '222222222222', '333333333333']);
  expect(first.metric).toBe(1);
  // 2 pages per OU visited (its accounts, its OUs) x 2 OUs, 1 ListInvoiceUnits, 1 GetInvoiceUnit, 1 UpdateInvoiceUnit, 1 ListAccounts.
  expect(first.result).toMatchObject({ level: 'info', operation: 'Enrol', added: 2, removed: 0, heldElsewhere: 0, accountsInNoUnit: 1, calls: 8 });

  organizations.moveAccount('222222222222', organizations.root);
  organizations.addAccount('555555555555', NESTED);
  const second = await enrol(environment);
  expect(accounts()).toEqual(['111111111111', '333333333333', '555555555555']);
  expect(second.result).toMatchObject({ added: 1, removed: 1, accountsInNoUnit: 2 });

  // An account another unit holds stays there: counted and logged, never taken.
  world.invoicing.units.seed({
    InvoiceUnitArn: 'arn:aws:invoicing::123456789012:invoice-unit/0ther000',
    Name: 'Other',
    InvoiceReceiver: '123456789012',
    Rule: { LinkedAccounts: ['666666666666'] },
  });
  organizations.addAccount('666666666666', OU);
  const third = await enrol(environment);
  expect(third.code).toBe(0);
  expect(accounts()).toEqual(['111111111111', '333333333333', '555555555555']);
  expect(third.lines).toContainEqual(expect.objectContaining({ level: 'warn', outcome: 'held-elsewhere', message: expect.stringContaining('666666666666') }));
  // Nothing to change: no UpdateInvoiceUnit.
  expect(third.result).toMatchObject({ added: 0, removed: 0, heldElsewhere: 1, calls: 7 });

  // A deploy that changes the unit keeps what the enrolment added.
  const updated = await sim.updateStack(Object.fromEntries(readStack(v2.dir, STACK, HANDLED_RESOURCE_TYPES, { stackId: stack.stackId })
    .customResources.map((r) => [r.logicalId, r.properties])));
  expectStatus(updated, 'UPDATE_COMPLETE');
  expect(world.invoicing.units.get(unitArn)).toMatchObject({ Description: 'EU entities' });
  expect(accounts()).toEqual(['111111111111', '333333333333', '555555555555']);
});

test('Organizations throttling is retried; an organizational unit that does not exist fails the run (Errors counts it)', async () => {
  const { stack, sim } = await world.fromAssembly(v1.dir, STACK);
  expectStatus(await sim.createStack(Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties]))), 'CREATE_COMPLETE');
  const environment = enrolmentEnvironment(stack, sim);
  organizations.throttleNext(2);
  expect((await enrol(environment)).code).toBe(0);
  const missing = await enrol({ ...environment, PPP_ENROL_ORGANIZATIONAL_UNITS: 'ou-ab12-zzzzzzzz' });
  expect(missing.code).toBe(1);
  expect(missing.result).toMatchObject({ level: 'error', outcome: 'failed', errorCode: 'ParentNotFoundException' });
});
