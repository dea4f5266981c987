/**
 * End to end from a synthesized cdk.out: a replacement whose every Create answer is lost (the service created the new
 * preference, then the connection dropped, for every attempt and for the cleanup's replay) leaves that preference
 * behind after the rollback. It carries this resource's owner tag, so the next deploy of the same change takes it over
 * instead of failing "already exists"; nothing is left behind.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { expectStatus, useWorld } from './harness';
import { PortalSecret, ProcurementPortalPreference } from '../../src';
import { minimalProps } from '../fixtures';

const STACK = 'LostReplacementStack';
const CREATE = 'CreateProcurementPortalPreference';

const world = useWorld({ environment: { PPP_MAX_TRANSIENT_ATTEMPTS: '2', PPP_ATTEMPT_TIMEOUT_MS: '500' } });
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-lost-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** Two versions of the app: the supplier id changes between them (a replacement). */
function synth(version: 'a' | 'b'): string {
  const dir = path.join(outdir, version);
  const app = new cdk.App({ outdir: dir });
  const stack = new cdk.Stack(app, STACK);
  const sharedSecret = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Shared'), { jsonField: 'sharedSecret' });
  new ProcurementPortalPreference(stack, 'Pref', minimalProps({ sharedSecret, supplierIdentifier: version === 'a' ? 'AN02000000002' : 'AN02000000003' }));
  app.synth();
  return dir;
}
let before: string;
let after: string;
beforeAll(() => {
  before = synth('a');
  after = synth('b');
});

test('the next deploy takes over the preference a lost replacement left, and the cleanup deletes the old one', async () => {
  const { stack: a, sim } = await world.fromAssembly(before, STACK);
  const { stack: b } = await world.fromAssembly(after, STACK);
  const [resource] = a.customResources;
  expectStatus(await sim.createStack({ [resource.logicalId]: resource.properties }), 'CREATE_COMPLETE');
  const old = sim.resources.get(resource.logicalId)!.physicalResourceId;
  const desired = { [resource.logicalId]: b.customResources[0].properties };

  // Every Create is applied by the service and its answer lost: the update fails, the rollback keeps the old one.
  world.invoicing.inject({ operation: CREATE, kind: 'drop-after-apply' });
  expectStatus(await sim.updateStack(desired), 'UPDATE_ROLLBACK_COMPLETE');
  world.invoicing.clearFaults();
  const leftover = world.invoicing.list().find((p) => p.arn !== old)!;
  expect(leftover.identity.SupplierIdentifier).toBe('AN02000000003');
  expect(leftover.tags.get('cdk-procurement-portal:owner')).toBe(`us-east-1/${STACK}/${resource.logicalId}`);

  // The same change deployed again.
  const again = await sim.updateStack(desired);

  expectStatus(again, 'UPDATE_COMPLETE');
  const update = again.steps.find((s) => s.phase === 'update')!.delivery.response!;
  expect(update).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: leftover.arn });
  expect(update.Reason).toMatch(new RegExp(`^Recovered ${leftover.arn}: `));
  expect(world.invoicing.list().map((p) => p.arn)).toEqual([leftover.arn]);
  expect(world.invoicing.get(leftover.arn)!.configuration.PurchaseOrderRetrievalEnabled).toBe(true);
});

test('a preference of the same identity that is not this resource\'s is still refused', async () => {
  const { stack: a, sim } = await world.fromAssembly(before, STACK);
  const [resource] = a.customResources;
  world.invoicing.seed({
    ProcurementPortalName: 'SAP_BUSINESS_NETWORK',
    BuyerDomain: 'NetworkID',
    BuyerIdentifier: 'AN02000000001',
    SupplierDomain: 'NetworkID',
    SupplierIdentifier: 'AN02000000002',
    EinvoiceDeliveryEnabled: false,
    PurchaseOrderRetrievalEnabled: true,
    Contacts: [{ Email: 'console@example.com' }],
    ResourceTags: [{ Key: 'cdk-procurement-portal:owner', Value: 'us-east-1/Other/Pref' }],
  });

  const created = await sim.createStack({ [resource.logicalId]: resource.properties });

  expectStatus(created, 'ROLLBACK_COMPLETE');
  expect(created.steps[0].delivery.response!.Reason).toContain('already exists outside this stack');
});
