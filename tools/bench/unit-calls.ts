/**
 * API calls per invoice-unit event, counted at the emulators like the preference's (api-calls.ts): create, update in
 * place (description and accounts), replacement on a new name (the owner read, one read of the unit, the guard's
 * List, the accounts moved out of the old unit, the create) and CloudFormation's cleanup delete of the old unit, then
 * the delete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Report } from './report';
import { CLI_CONTEXT } from './stacks';
import { benchWorld, CallCounter, STACK_NAME, synthesizeAndRead } from './world';
import { CREATE_UNIT, DELETE_UNIT, GET_UNIT, UPDATE_UNIT } from '../../lambda/aws/invoice-units';
import { LIST, LIST_TAGS } from '../../lambda/aws/invoicing';
import { InvoiceUnit, InvoiceUnitProps } from '../../src';
import { HANDLED_RESOURCE_TYPES } from '../../src/contract/invoice-unit';
import type { StackInAssembly } from '../cloudformation/template';

const BASE: InvoiceUnitProps = { invoiceUnitName: 'Finance', linkedAccounts: ['111111111111', '222222222222'] };
/** Description and accounts: UpdateInvoiceUnit in place. */
const EDITED: InvoiceUnitProps = { ...BASE, description: 'EU entities', linkedAccounts: ['111111111111', '333333333333'] };
/** A new name: a new unit, which takes the accounts both declare. */
const RENAMED: InvoiceUnitProps = { ...EDITED, invoiceUnitName: 'Finance EU' };

function unitStack(workDir: string, name: string, props: InvoiceUnitProps): StackInAssembly {
  const app = new App({ outdir: fs.mkdtempSync(path.join(workDir, `unit-${name}-`)), context: { ...CLI_CONTEXT } });
  const stack = new Stack(app, STACK_NAME, { env: { account: '123456789012', region: 'us-east-1' } });
  new InvoiceUnit(stack, 'Finance', props);
  return synthesizeAndRead(app, HANDLED_RESOURCE_TYPES);
}

export async function runUnitCalls(report: Report, workDir: string): Promise<void> {
  report.section('API calls per invoice-unit event (counted at the emulators; handler asset from cdk.out, one process per invocation)');
  const base = unitStack(workDir, 'base', BASE);
  const props = (stack: StackInAssembly): Record<string, unknown> => stack.customResources[0].properties;
  const [a, b, c] = [base, unitStack(workDir, 'edited', EDITED), unitStack(workDir, 'renamed', RENAMED)].map(props);
  const logicalId = base.customResources[0].logicalId;
  const world = await benchWorld(base);
  const sim = world.simulator;
  const counter = new CallCounter(report, world, sim);
  try {
    const created = await counter.play('create', `1 ${CREATE_UNIT}`, sim.event('Create', logicalId, a), { [CREATE_UNIT]: 1 });
    const arn = created.response?.PhysicalResourceId ?? 'no-physical-id';
    await counter.play('update in place (description and accounts)', `1 ${LIST_TAGS} (the owner tag) + 1 ${UPDATE_UNIT}`,
      sim.event('Update', logicalId, b, { physicalResourceId: arn, oldProperties: a }), { [LIST_TAGS]: 1, [UPDATE_UNIT]: 1 });
    const replaced = await counter.play('replacement (new name)', `1 ${LIST_TAGS} + 1 ${GET_UNIT} (its identity and accounts) + 1 ${LIST} `
      + `(the guard) + 1 ${UPDATE_UNIT} (the shared accounts moved out) + 1 ${CREATE_UNIT}`,
    sim.event('Update', logicalId, c, { physicalResourceId: arn, oldProperties: b }),
    { [LIST_TAGS]: 1, [GET_UNIT]: 1, [LIST]: 1, [UPDATE_UNIT]: 1, [CREATE_UNIT]: 1 });
    const newArn = replaced.response?.PhysicalResourceId ?? 'no-physical-id';
    await counter.play('cleanup delete of the replaced unit', `1 ${LIST_TAGS} + 1 ${DELETE_UNIT}`,
      sim.event('Delete', logicalId, b, { physicalResourceId: arn }), { [LIST_TAGS]: 1, [DELETE_UNIT]: 1 });
    await counter.play('delete', `1 ${LIST_TAGS} + 1 ${DELETE_UNIT}`,
      sim.event('Delete', logicalId, c, { physicalResourceId: newArn }), { [LIST_TAGS]: 1, [DELETE_UNIT]: 1 });
  } finally {
    await sim.stop();
    await world.stop();
  }
}
