/**
 * API calls per lifecycle event, counted at the emulators: create, update in place, no-op update, tag-only update,
 * update with replacement (and CloudFormation's cleanup Delete of the old preference), a replacement refused by the
 * guard, delete, and a create that adopts an existing preference. Each event is played by the CloudFormation simulator
 * against the handler asset of a synthesized L2 stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Report } from './report';
import { benchWorld, CallCounter, onePreferenceApp, synthesizeAndRead } from './world';
import { CREATE, DELETE, LIST, LIST_TAGS, PUT, TAG, UNTAG, LIST_PORTALS as CHECK } from '../../lambda/aws/invoicing';
import { SERVICE_IDENTITY_FIELDS, withDefaults } from '../../src/contract/properties';
import { minimalRequest } from '../../test/fixtures';
import type { StackInAssembly } from '../cloudformation/template';

const READ_SECRET = 'GetSecretValue';
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

export interface LifecycleFigures {
  /** Peak RSS (KiB) of the single-invocation processes. */
  readonly peakRssKb: number[];
}

export async function runApiCalls(report: Report, workDir: string): Promise<LifecycleFigures> {
  report.section('API calls per lifecycle event (counted at the emulators; handler asset from cdk.out, one process per invocation)');
  const versions = new Map<Version, StackInAssembly>();
  for (const [name, version] of [['a', A], ['b', B], ['c', C], ['d', D]] as const) {
    const app = onePreferenceApp(fs.mkdtempSync(path.join(workDir, `lifecycle-${name}-`)), (props) => ({
      ...props,
      supplierIdentifier: `${props.supplierIdentifier}${version.supplierSuffix}`,
      contacts: [{ name: 'Accounts payable', email: version.email }],
    }), version.tags);
    versions.set(version, synthesizeAndRead(app));
  }
  const base = versions.get(A)!;
  const secrets = base.secrets.length;
  const properties = (version: Version): Record<string, unknown> => versions.get(version)!.customResources[0].properties;
  const logicalId = base.customResources[0].logicalId;

  const world = await benchWorld(base);
  const sim = world.simulator;
  const counter = new CallCounter(report, world, sim);
  try {
    const created = await counter.play('create', `1 ${CHECK} (the supplier check) + 1 ${CREATE} + 1 ${READ_SECRET} per distinct secret (${secrets})`,
      sim.event('Create', logicalId, properties(A)), { [CHECK]: 1, [CREATE]: 1, [READ_SECRET]: secrets });
    const arn = created.response?.PhysicalResourceId ?? 'no-physical-id';

    await counter.play('update in place (contact changed)', `1 ${LIST_TAGS} (the owner tag) + 1 ${PUT} + the secret reads (${secrets}) `
      + `+ 1 ${TAG} (the secret versions applied)`,
    sim.event('Update', logicalId, properties(B), { physicalResourceId: arn, oldProperties: properties(A) }),
    { [LIST_TAGS]: 1, [PUT]: 1, [READ_SECRET]: secrets, [TAG]: 1 });

    await counter.play('no-op update (identical properties)', 'no write',
      sim.event('Update', logicalId, properties(B), { physicalResourceId: arn, oldProperties: properties(B) }),
      (d) => WRITES.every((op) => !d.has(op)));

    await counter.play('tag-only update (one value changed, one tag removed)', `${LIST_TAGS} (the owner tag), then only ${TAG}/${UNTAG}`,
      sim.event('Update', logicalId, properties(C), { physicalResourceId: arn, oldProperties: properties(B) }),
      (d) => d.get(LIST_TAGS) === 1 && d.size > 1 && [...d.keys()].every((op) => op === TAG || op === UNTAG || op === LIST_TAGS));

    const replaced = await counter.play('update with replacement (supplier changed, preference PENDING_VERIFICATION)',
      `1 ${LIST} (the guard's status read) + 1 ${CHECK} (the supplier check) + 1 ${CREATE} + 1 ${READ_SECRET} per distinct secret (${secrets}), new physical id`,
      sim.event('Update', logicalId, properties(D), { physicalResourceId: arn, oldProperties: properties(C) }),
      { [LIST]: 1, [CHECK]: 1, [CREATE]: 1, [READ_SECRET]: secrets });
    const newArn = replaced.response?.PhysicalResourceId ?? 'no-physical-id';
    if (newArn === arn) report.note('the replacement answered the old physical id: CloudFormation would not replace the preference');

    await counter.play('cleanup delete of the replaced preference', `1 ${LIST_TAGS} (the owner tag) + 1 ${DELETE}, no secret read`,
      sim.event('Delete', logicalId, properties(C), { physicalResourceId: arn }), { [LIST_TAGS]: 1, [DELETE]: 1 });

    world.invoicing.setStatus(newArn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
    await counter.play('replacement of an ACTIVE preference, refused by the guard (FAILED)', `1 ${LIST}, no write, no secret read`,
      sim.event('Update', logicalId, properties(C), { physicalResourceId: newArn, oldProperties: properties(D) }),
      { [LIST]: 1 }, 'FAILED');

    await counter.play('delete', `1 ${LIST_TAGS} (the owner tag) + 1 ${DELETE}, no secret read`,
      sim.event('Delete', logicalId, properties(D), { physicalResourceId: newArn }), { [LIST_TAGS]: 1, [DELETE]: 1 });

    // A preference made outside the stack with the same identity, then a Create with adoptExisting.
    world.invoicing.seed(minimalRequest({
      // The template leaves the defaults out (NetworkID domains): the identity as the handler reads it back.
      ...Object.fromEntries(SERVICE_IDENTITY_FIELDS.map((k) => [k, withDefaults(properties(A))[k]])),
      PurchaseOrderRetrievalEnabled: false,
      Contacts: [{ Email: 'console@example.com' }],
    }));
    await counter.play('create that adopts an existing preference (adoptExisting)',
      `1 ${CHECK} (the supplier check) + 1 ${CREATE} (conflict) + 2 ${LIST_TAGS} + 1 ${TAG} + 1 ${PUT} + the secret reads (${secrets})`,
      sim.event('Create', logicalId, { ...properties(A), AdoptExisting: true }),
      { [CHECK]: 1, [CREATE]: 1, [LIST_TAGS]: 2, [TAG]: 1, [PUT]: 1, [READ_SECRET]: secrets });
  } finally {
    await sim.stop();
    await world.stop();
  }
  return { peakRssKb: counter.peakRssKb };
}
