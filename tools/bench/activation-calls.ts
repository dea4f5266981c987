/**
 * The activation figures: API calls per lifecycle event for `sendValidationCode` and `suspended` (counted at the
 * emulators, the handler asset from cdk.out), and the status poller's List calls per period for N preferences of the
 * account (its bundle run once per N, as the schedule would), which must be ceil(N/100).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Report } from './report';
import { benchWorld, CallCounter, onePreferenceApp, synthesizeAndRead } from './world';
import { CREATE, LIST, LIST_TAGS, PUT, SEND_VALIDATION as SEND, TAG, UPDATE_STATUS, LIST_PORTALS as CHECK } from '../../lambda/aws/invoicing';
import { COUPA_IDENTITY, minimalRequest } from '../../test/fixtures';
import { runPoller } from '../emulators/bundles';

const READ_SECRET = 'GetSecretValue';

export async function runActivationCalls(report: Report, workDir: string): Promise<void> {
  report.section('API calls per lifecycle event: sendValidationCode and suspended');
  const synthesize = (name: string, supplierSuffix: string, allowReplacement?: boolean) => synthesizeAndRead(onePreferenceApp(
    fs.mkdtempSync(path.join(workDir, `activation-${name}-`)),
    (props) => ({ ...props, supplierIdentifier: `${props.supplierIdentifier}${supplierSuffix}`, sendValidationCode: true, allowReplacement })));
  const base = synthesize('a', '');
  // The preference is ACTIVE by then: the replacement guard lets it be replaced only with allowReplacement.
  const replaced = synthesize('b', '-NEW', true);
  const secrets = base.secrets.length;
  const logicalId = base.customResources[0].logicalId;
  const plain = base.customResources[0].properties;
  const suspended = { ...plain, Suspended: { Reason: 'Portal maintenance', EinvoiceDelivery: true, PurchaseOrderRetrieval: true } };
  const tagged = { ...suspended, ResourceTags: [{ Key: 'team', Value: 'payables' }] };

  const world = await benchWorld(base);
  const sim = world.simulator;
  const counter = new CallCounter(report, world, sim);
  try {
    const created = await counter.play('create with sendValidationCode', `1 ${CHECK} (the supplier check) + 1 ${CREATE} + 1 ${SEND} + the secret reads (${secrets})`,
      sim.event('Create', logicalId, plain), { [CHECK]: 1, [CREATE]: 1, [SEND]: 1, [READ_SECRET]: secrets });
    const arn = created.response?.PhysicalResourceId ?? 'no-physical-id';
    world.invoicing.setStatus(arn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
    await counter.play('update that declares suspended', `1 ${LIST_TAGS} (the owner tag) + 1 ${UPDATE_STATUS}, no ${PUT}, no secret read`,
      sim.event('Update', logicalId, suspended, { physicalResourceId: arn, oldProperties: plain }), { [LIST_TAGS]: 1, [UPDATE_STATUS]: 1 });
    await counter.play('tag-only update while suspended', `no ${UPDATE_STATUS}`,
      sim.event('Update', logicalId, tagged, { physicalResourceId: arn, oldProperties: suspended }), { [LIST_TAGS]: 1, [TAG]: 1 });
    await counter.play('update that removes suspended (resume)', `1 ${LIST_TAGS} (the owner tag) + 1 ${UPDATE_STATUS}, no ${PUT}`,
      sim.event('Update', logicalId, { ...plain, ResourceTags: tagged.ResourceTags }, { physicalResourceId: arn, oldProperties: tagged }),
      { [LIST_TAGS]: 1, [UPDATE_STATUS]: 1 });
    await counter.play('replacement with sendValidationCode', `1 ${CHECK} (the supplier check) + 1 ${CREATE} + 1 ${SEND} + the secret reads (${secrets})`,
      sim.event('Update', logicalId, replaced.customResources[0].properties, { physicalResourceId: arn, oldProperties: plain }),
      { [CHECK]: 1, [CREATE]: 1, [SEND]: 1, [READ_SECRET]: secrets });
  } finally {
    await sim.stop();
  }

  report.section('Status poller: ListProcurementPortalPreferences calls per period (its bundle, N preferences in the account)');
  try {
    for (const n of [0, 1, 100, 101, 250, 1000]) {
      world.invoicing.reset();
      for (let i = 0; i < n; i++) {
        world.invoicing.seed(minimalRequest({
          ...COUPA_IDENTITY, BuyerIdentifier: `AN0100${String(i).padStart(6, '0')}`, Contacts: [{ Email: 'ap@example.com' }],
        }));
      }
      const started = process.hrtime.bigint();
      // Asynchronous: the emulator answering the poller runs in this process.
      const run = await runPoller({ AWS_ENDPOINT_URL_INVOICING: world.invoicing.endpoint });
      if (run.code !== 0) throw new Error(`the status poller failed (exit ${run.code}): ${run.stderr}`);
      const output = run.stdout;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const documents = output.split('\n').filter((l) => l.startsWith('{"_aws"')).length;
      const lists = world.invoicing.callCount(LIST);
      const expected = Math.max(1, Math.ceil(n / 100));
      report.target(`poller, N=${n}`, `${lists} List call(s), ${documents} metric documents, 0 Get, ${ms.toFixed(0)} ms for the run (process start included); `
        + `target ceil(N/100) = ${expected} (1 when N=0)`, lists === expected && documents === n && world.invoicing.callCount('GetProcurementPortalPreference') === 0);
    }
  } finally {
    await world.stop();
  }
}
