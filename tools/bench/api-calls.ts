/**
 * API calls per lifecycle event, counted at the emulators: create, update in place, no-op update, tag-only update,
 * update with replacement (and CloudFormation's cleanup Delete of the old preference), a replacement refused by the
 * guard, delete, and a create that adopts an existing preference. Each event is played by the CloudFormation simulator
 * against the handler asset of a synthesized L2 stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Report } from './report';
import { CLI_CONTEXT, addSecrets, l2Props } from './stacks';
import { BenchWorld, STACK_NAME, callDelta, peakRssKb, synthesizeAndRead } from './world';
import { ProcurementPortalPreference } from '../../src';
import type { CloudFormationSimulator, Delivery } from '../cloudformation/simulator';
import type { StackInAssembly } from '../cloudformation/template';

const CREATE = 'CreateProcurementPortalPreference';
const PUT = 'PutProcurementPortalPreference';
const DELETE = 'DeleteProcurementPortalPreference';
const TAG = 'TagResource';
const UNTAG = 'UntagResource';
const READ_SECRET = 'GetSecretValue';
const LIST = 'ListProcurementPortalPreferences';
const LIST_TAGS = 'ListTagsForResource';
const WRITES = [CREATE, PUT, DELETE, TAG, UNTAG];

/** What changes between the synthesized versions of the one preference. */
interface Version {
  readonly email: string;
  readonly supplierSuffix: string;
  readonly tags: Readonly<Record<string, string>>;
}

const A: Version = { email: 'ap@example.com', supplierSuffix: '', tags: { team: 'finance', owner: 'ap' } };
/** A contact change: Put in place. */
const B: Version = { ...A, email: 'payables@example.com' };
/** One tag value changed, one tag removed: TagResource and UntagResource only. */
const C: Version = { ...B, tags: { team: 'procurement' } };
/** The supplier identifier is part of the identity: a new preference. */
const D: Version = { ...C, supplierSuffix: '-NEW' };

function versionApp(version: Version, outdir: string): App {
  const app = new App({ outdir, context: { ...CLI_CONTEXT } });
  const stack = new Stack(app, STACK_NAME, { env: { account: '123456789012', region: 'us-east-1' } });
  const props = l2Props(0, addSecrets(stack));
  const preference = new ProcurementPortalPreference(stack, 'Preference', {
    ...props,
    supplierIdentifier: `${props.supplierIdentifier}${version.supplierSuffix}`,
    contacts: [{ name: 'Accounts payable', email: version.email }],
  });
  for (const [key, value] of Object.entries(version.tags)) Tags.of(preference).add(key, value);
  return app;
}

function describeCalls(delta: Map<string, number>): string {
  if (delta.size === 0) return 'no calls';
  return [...delta].sort(([a], [b]) => a.localeCompare(b)).map(([op, n]) => `${op} ${n}`).join(', ');
}

function only(delta: Map<string, number>, expected: Readonly<Record<string, number>>): boolean {
  const keys = new Set([...delta.keys(), ...Object.keys(expected)]);
  return [...keys].every((k) => (delta.get(k) ?? 0) === (expected[k] ?? 0));
}

export interface LifecycleFigures {
  /** Peak RSS (KiB) of the single-invocation processes. */
  readonly peakRssKb: number[];
}

export async function runApiCalls(report: Report, workDir: string): Promise<LifecycleFigures> {
  report.section('API calls per lifecycle event (counted at the emulators; handler asset from cdk.out, one process per invocation)');
  const versions = new Map<Version, StackInAssembly>();
  for (const [name, version] of [['a', A], ['b', B], ['c', C], ['d', D]] as const) {
    versions.set(version, synthesizeAndRead(versionApp(version, fs.mkdtempSync(path.join(workDir, `lifecycle-${name}-`)))));
  }
  const base = versions.get(A)!;
  const distinctSecrets = base.secrets.length;
  const properties = (version: Version): Record<string, unknown> => versions.get(version)!.customResources[0].properties;
  const logicalId = base.customResources[0].logicalId;

  const world = new BenchWorld();
  await world.start();
  world.seedSecrets(base);
  const sim: CloudFormationSimulator = await world.simulator(base);
  const peaks: number[] = [];
  try {
    const play = async (label: string, expectation: string, event: Parameters<CloudFormationSimulator['deliver']>[0],
      check: (delta: Map<string, number>) => boolean, status: 'SUCCESS' | 'FAILED' = 'SUCCESS'): Promise<Delivery> => {
      const before = world.callCounts();
      const delivery = await sim.deliver(event);
      const delta = callDelta(before, world.callCounts());
      const problems = deliveryProblems(delivery, status);
      for (const invocation of delivery.invocations) {
        const peak = peakRssKb(invocation);
        if (peak !== undefined) peaks.push(peak);
      }
      report.target(`API calls, ${label}`, `${describeCalls(delta)}; target ${expectation}${problems ? `; ${problems}` : ''}`,
        check(delta) && problems === undefined);
      return delivery;
    };

    const created = await play('create', `1 ${CREATE} + 1 ${READ_SECRET} per distinct secret (${distinctSecrets})`,
      sim.event('Create', logicalId, properties(A)),
      (d) => only(d, { [CREATE]: 1, [READ_SECRET]: distinctSecrets }));
    const arn = created.response?.PhysicalResourceId ?? 'no-physical-id';

    await play('update in place (contact changed)', `1 ${PUT} + the secret reads (${distinctSecrets})`,
      sim.event('Update', logicalId, properties(B), { physicalResourceId: arn, oldProperties: properties(A) }),
      (d) => only(d, { [PUT]: 1, [READ_SECRET]: distinctSecrets }));

    await play('no-op update (identical properties)', 'no write',
      sim.event('Update', logicalId, properties(B), { physicalResourceId: arn, oldProperties: properties(B) }),
      (d) => WRITES.every((op) => !d.has(op)));

    await play('tag-only update (one value changed, one tag removed)', `only ${TAG}/${UNTAG}`,
      sim.event('Update', logicalId, properties(C), { physicalResourceId: arn, oldProperties: properties(B) }),
      (d) => d.size > 0 && [...d.keys()].every((op) => op === TAG || op === UNTAG));

    const replaced = await play('update with replacement (supplier changed, preference PENDING_VERIFICATION)',
      `1 ${LIST} (the guard's status read) + 1 ${CREATE} + 1 ${READ_SECRET} per distinct secret (${distinctSecrets}), new physical id`,
      sim.event('Update', logicalId, properties(D), { physicalResourceId: arn, oldProperties: properties(C) }),
      (d) => only(d, { [LIST]: 1, [CREATE]: 1, [READ_SECRET]: distinctSecrets }));
    const newArn = replaced.response?.PhysicalResourceId ?? 'no-physical-id';
    if (newArn === arn) report.note('the replacement answered the old physical id: CloudFormation would not replace the preference');

    await play('cleanup delete of the replaced preference', `1 ${DELETE}, no secret read`,
      sim.event('Delete', logicalId, properties(C), { physicalResourceId: arn }),
      (d) => only(d, { [DELETE]: 1 }));

    world.invoicing.setStatus(newArn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
    await play('replacement of an ACTIVE preference, refused by the guard (FAILED)', `1 ${LIST}, no write, no secret read`,
      sim.event('Update', logicalId, properties(C), { physicalResourceId: newArn, oldProperties: properties(D) }),
      (d) => only(d, { [LIST]: 1 }), 'FAILED');

    await play('delete', `1 ${DELETE}, no secret read`,
      sim.event('Delete', logicalId, properties(D), { physicalResourceId: newArn }),
      (d) => only(d, { [DELETE]: 1 }));

    // A preference made outside the stack with the same identity, then a Create with adoptExisting.
    const identity = ['ProcurementPortalName', 'BuyerDomain', 'BuyerIdentifier', 'SupplierDomain', 'SupplierIdentifier']
      .map((k) => [k, properties(A)[k]]);
    world.invoicing.seed({
      ...Object.fromEntries(identity), EinvoiceDeliveryEnabled: false, PurchaseOrderRetrievalEnabled: false, Contacts: [{ Email: 'console@example.com' }],
    });
    await play('create that adopts an existing preference (adoptExisting)',
      `1 ${CREATE} (conflict) + 2 ${LIST_TAGS} + 1 ${TAG} + 1 ${PUT} + the secret reads (${distinctSecrets})`,
      sim.event('Create', logicalId, { ...properties(A), AdoptExisting: true }),
      (d) => only(d, { [CREATE]: 1, [LIST_TAGS]: 2, [TAG]: 1, [PUT]: 1, [READ_SECRET]: distinctSecrets }));
  } finally {
    await sim.stop();
    await world.stop();
  }
  return { peakRssKb: peaks };
}

/** Why a delivery is not a clean answer with `status` (undefined when it is). */
export function deliveryProblems(delivery: Delivery, status: 'SUCCESS' | 'FAILED' = 'SUCCESS'): string | undefined {
  const response = delivery.response;
  const problems: string[] = [];
  if (!response) problems.push('no response');
  else if (response.Status !== status) problems.push(`${response.Status}: ${response.Reason ?? ''}`);
  if (delivery.invocations.length > 1) problems.push(`${delivery.invocations.length} invocations (Lambda retried)`);
  for (const invocation of delivery.invocations) problems.push(...invocation.violations);
  return problems.length > 0 ? problems.join('; ') : undefined;
}
