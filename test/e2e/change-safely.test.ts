/**
 * End to end, the BUNDLED handler against the emulators: the replacement guard (allowReplacement) and the adoption of
 * an existing preference (adoptExisting), with CloudFormation's rollbacks and cleanups played by the simulator.
 */
import { arnOf, expectClean, expectStatus, useWorld } from './harness';
import { CREATE, DELETE, LIST, PUT, SEND_VALIDATION, UPDATE_STATUS } from '../../lambda/aws/invoicing';
import { Invocation, StackOperation } from '../../tools/cloudformation/simulator';
import { CANARY_CONTACT, CANARY_SECRET, minimalRequest } from '../fixtures';

const OWNER_KEY = 'cdk-procurement-portal:owner';

const seen: Invocation[] = [];
const world = useWorld({ onInvocation: (i) => seen.push(i) });

/** Here each step of every operation must also keep CloudFormation's protocol. */
function expectCleanStatus(operation: StackOperation, status: string): void {
  expectStatus(operation, status);
  expectClean(operation);
}

function operations(): string[] {
  return world.invoicing.log.map((e) => `${e.operation} ${e.outcome}`);
}

/** A preference made outside any stack (the console, another tool), with a tag nobody declares. */
function seedOutside(tags: Array<{ Key: string; Value: string }> = [{ Key: 'made-by', Value: 'console' }]): string {
  return world.invoicing.seed(minimalRequest({ PurchaseOrderRetrievalEnabled: false, Contacts: [{ Email: 'owner@example.com' }], ResourceTags: tags }));
}

describe('replacement guard (allowReplacement)', () => {
  test('an ACTIVE preference is not replaced: FAILED naming fields, statuses and the prop; the rollback changes nothing', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.setStatus(arn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'VALIDATED' });
    const before = structuredClone(world.invoicing.get(arn)!);
    world.invoicing.log.length = 0;
    world.secrets.log.length = 0;

    const updated = await world.sim.updateStack({ Coupa: world.coupa({ BuyerIdentifier: 'AN01000000009' }) });

    expectCleanStatus(updated, 'UPDATE_ROLLBACK_COMPLETE');
    const [refused, rollback] = updated.steps;
    expect(refused.delivery.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: arn });
    expect(refused.delivery.response!.Reason).toBe(`Refused to replace ${arn}: BuyerIdentifier changed, which creates a new `
      + 'preference whose verification starts again at PENDING_VERIFICATION, but this one is past it (e-invoice delivery '
      + 'ACTIVE, purchase order retrieval VALIDATED); set allowReplacement: true to replace it anyway, or keep '
      + 'BuyerIdentifier unchanged');
    expect(rollback).toMatchObject({ phase: 'rollback' });
    expect(rollback.delivery.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: arn, Reason: 'No change' });
    // Two reads (the refused update and its rollback), nothing written, no secret read.
    expect(operations()).toEqual([`${LIST} ok`, `${LIST} ok`]);
    expect(world.secrets.log).toEqual([]);
    expect(world.invoicing.list()).toHaveLength(1);
    expect(world.invoicing.get(arn)).toEqual(before);
  });

  test('refused with other changes too: the rollback puts back the configuration it already had', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.setStatus(arn, { einvoiceDelivery: 'TEST_INITIALIZED' });
    const before = structuredClone(world.invoicing.get(arn)!);
    const updated = await world.sim.updateStack({ Coupa: world.coupa({ SupplierIdentifier: 'AN01000000099', PurchaseOrderRetrievalEnabled: true }) });
    expectCleanStatus(updated, 'UPDATE_ROLLBACK_COMPLETE');
    expect(updated.steps[0].delivery.response!.Reason).toContain('(e-invoice delivery TEST_INITIALIZED, purchase order retrieval PENDING_VERIFICATION)');
    const after = world.invoicing.get(arn)!;
    expect({ identity: after.identity, configuration: after.configuration, tags: after.tags, status: after.einvoiceDeliveryPreferenceStatus })
      .toEqual({ identity: before.identity, configuration: before.configuration, tags: before.tags, status: 'TEST_INITIALIZED' });
    expect(world.invoicing.list()).toHaveLength(1);
  });

  test('a preference still PENDING_VERIFICATION is replaced as before: List, Create, then the cleanup Delete', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.log.length = 0;

    const updated = await world.sim.updateStack({ Coupa: world.coupa({ SupplierIdentifier: 'AN01000000099' }) });

    expectCleanStatus(updated, 'UPDATE_COMPLETE');
    const newArn = updated.steps[0].delivery.response!.PhysicalResourceId!;
    expect(newArn).not.toBe(arn);
    // The cleanup Delete reads the owner tag first: only this resource's preference is deleted.
    // The supplier check's read precedes every Create (the account lists no portal here: the id is not checked).
    expect(operations()).toEqual([`${LIST} ok`, 'ListProcurementPortals ok', `${CREATE} ok`, 'ListTagsForResource ok', `${DELETE} ok`]);
    expect(world.invoicing.list().map((p) => p.arn)).toEqual([newArn]);
  });

  test('allowReplacement: true replaces an ACTIVE preference without reading its status', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.setStatus(arn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
    world.invoicing.log.length = 0;

    const updated = await world.sim.updateStack({ Coupa: world.coupa({ SupplierIdentifier: 'AN01000000099', AllowReplacement: true }) });

    expectCleanStatus(updated, 'UPDATE_COMPLETE');
    const newArn = updated.steps[0].delivery.response!.PhysicalResourceId!;
    expect(operations()).toEqual(['ListProcurementPortals ok', `${CREATE} ok`, 'ListTagsForResource ok', `${DELETE} ok`]);
    expect(world.invoicing.get(newArn)!.einvoiceDeliveryPreferenceStatus).toBe('PENDING_VERIFICATION');
  });

  test('statuses that cannot be read refuse the replacement and say why', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.inject({ kind: 'access-denied', operation: LIST, times: 1 });

    const updated = await world.sim.updateStack({ Coupa: world.coupa({ BuyerIdentifier: 'AN01000000009' }) });

    expectCleanStatus(updated, 'UPDATE_ROLLBACK_COMPLETE');
    expect(updated.steps[0].delivery.response!.Reason).toMatch(new RegExp(`^Refused to replace ${arn} \\(BuyerIdentifier changed\\): `
      + 'could not read its verification status: ListProcurementPortalPreferences failed: AccessDeniedException: .*; '
      + 'set allowReplacement: true to replace it without this check$'));
    expect(world.invoicing.list().map((p) => p.arn)).toEqual([arn]);
  });

  test('an in-place update of an ACTIVE preference is not guarded: one Put, no List', async () => {
    const created = await world.sim.createStack({ Coupa: world.coupa() });
    const arn = arnOf(created);
    world.invoicing.setStatus(arn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
    world.invoicing.log.length = 0;
    const updated = await world.sim.updateStack({ Coupa: world.coupa({ PurchaseOrderRetrievalEnabled: true }) });
    expectCleanStatus(updated, 'UPDATE_COMPLETE');
    // The owner tag read, the Put, then the record of the secret versions it applied.
    expect(operations()).toEqual(['ListTagsForResource ok', `${PUT} ok`, 'TagResource ok']);
  });
});

describe('adoption (adoptExisting)', () => {
  test('without adoptExisting the create still fails "already exists" and names the prop', async () => {
    const outside = seedOutside();
    const operation = await world.sim.createStack({ Sap: world.sap() });
    expectCleanStatus(operation, 'ROLLBACK_COMPLETE');
    expect(operation.steps[0].delivery.response!.Reason).toContain('already exists outside this stack');
    expect(operation.steps[0].delivery.response!.Reason).toContain('set adoptExisting: true to take it over');
    expect(world.invoicing.get(outside)!.version).toBe(1);
  });

  test('adopts: same ARN and statuses, the declared configuration and tags applied, undeclared tags removed', async () => {
    const outside = seedOutside([{ Key: 'made-by', Value: 'console' }, { Key: 'team', Value: 'old' }]);
    world.invoicing.setStatus(outside, { purchaseOrderRetrieval: 'ACTIVE' });
    world.invoicing.log.length = 0;

    const operation = await world.sim.createStack({ Sap: world.sap({ AdoptExisting: true, ResourceTags: [{ Key: 'team', Value: 'finance' }] }) });

    expectCleanStatus(operation, 'CREATE_COMPLETE');
    expect(operation.steps[0].delivery.response).toMatchObject({
      Status: 'SUCCESS', PhysicalResourceId: outside, Reason: `Adopted ${outside}`, Data: { Arn: outside, AccountId: '123456789012' },
    });
    const adopted = world.invoicing.get(outside)!;
    expect(world.invoicing.list()).toHaveLength(1);
    expect(adopted.purchaseOrderRetrievalPreferenceStatus).toBe('ACTIVE');
    expect(adopted.configuration).toMatchObject({
      PurchaseOrderRetrievalEnabled: true, ProcurementPortalSharedSecret: CANARY_SECRET, Contacts: [CANARY_CONTACT],
    });
    expect(Object.fromEntries(adopted.tags)).toEqual({
      'team': 'finance',
      [OWNER_KEY]: 'us-east-1/E2eStack/Sap',
      // The adoption's mark: the rollback of the deploy that adopted it keeps the preference.
      'cdk-procurement-portal:adopted': 'us-east-1/E2eStack/Sap',
      'cdk-procurement-portal:secret:shared': `${world.secrets.currentVersion(world.secretArn)} ${world.secretArn}#sharedSecret`,
    });
    expect(operations()).toEqual([
      'ListProcurementPortals ok', `${CREATE} ConflictException`, 'ListTagsForResource ok', 'TagResource ok', 'ListTagsForResource ok', `${PUT} ok`,
      'UntagResource ok',
    ]);
  });

  test('adopting with a declared suspension suspends the adopted preference and sends no validation code', async () => {
    const outside = seedOutside();
    world.invoicing.setStatus(outside, { purchaseOrderRetrieval: 'ACTIVE' });
    world.invoicing.log.length = 0;

    const operation = await world.sim.createStack({
      Sap: world.sap({
        AdoptExisting: true,
        SendValidationCode: true,
        Suspended: { Reason: 'Portal maintenance', EinvoiceDelivery: true, PurchaseOrderRetrieval: true },
      }),
    });

    expectCleanStatus(operation, 'CREATE_COMPLETE');
    expect(operation.steps[0].delivery.response!.Reason).toMatch(new RegExp(`^Adopted ${outside}; .*suspend`, 'i'));
    expect(world.invoicing.get(outside)!.purchaseOrderRetrievalPreferenceStatus).toBe('SUSPENDED');
    expect(operations()).toContain(`${UPDATE_STATUS} ok`);
    expect(operations().some((o) => o.startsWith(SEND_VALIDATION))).toBe(false);
  });

  test('the conflict names no preference: List finds the one to adopt', async () => {
    world.invoicing.conflictResourceId('omit');
    const outside = seedOutside();
    const operation = await world.sim.createStack({ Sap: world.sap({ AdoptExisting: true }) });
    expectCleanStatus(operation, 'CREATE_COMPLETE');
    expect(operation.steps[0].delivery.response!.PhysicalResourceId).toBe(outside);
    expect(world.invoicing.log.map((e) => e.operation)).toContain(LIST);
  });

  test('a second stack adopting the same preference fails clearly and changes nothing', async () => {
    const outside = seedOutside();
    const first = await world.sim.createStack({ Sap: world.sap({ AdoptExisting: true }) });
    expectCleanStatus(first, 'CREATE_COMPLETE');
    const afterFirst = structuredClone(world.invoicing.get(outside)!);

    const other = await world.simulator({ stackName: 'OtherStack', onInvocation: (i) => seen.push(i) });
    try {
      const second = await other.createStack({ Sap: world.sap({ AdoptExisting: true, PurchaseOrderRetrievalEnabled: false }) });
      expectCleanStatus(second, 'ROLLBACK_COMPLETE');
      expect(second.steps[0].delivery.response!.Reason).toBe(`adoptExisting: ${outside} is already managed by `
        + `us-east-1/E2eStack/Sap (its tag ${OWNER_KEY}): a preference is managed by one stack only; to move it, give it `
        + 'RemovalPolicy.RETAIN and remove it from that stack, then remove the tag (aws invoicing untag-resource '
        + `--resource-arn ${outside} --resource-tag-keys ${OWNER_KEY}) and deploy again`);
      // Its rollback Delete answers without touching the preference (the failed create's marker is not an ARN).
      expect(second.steps[1].delivery.response).toMatchObject({ Status: 'SUCCESS' });
      expect(world.invoicing.get(outside)).toEqual(afterFirst);
    } finally {
      await other.stop();
    }
  });

  test('a preference another stack created is not adopted either (every Create sets the owner tag)', async () => {
    const created = await world.sim.createStack({ Sap: world.sap() });
    const arn = arnOf(created);
    const other = await world.simulator({ stackName: 'OtherStack', onInvocation: (i) => seen.push(i) });
    try {
      const second = await other.createStack({ Sap: world.sap({ AdoptExisting: true }) });
      expectCleanStatus(second, 'ROLLBACK_COMPLETE');
      expect(second.steps[0].delivery.response!.Reason).toContain(`${arn} is already managed by us-east-1/E2eStack/Sap`);
    } finally {
      await other.stop();
    }
  });

  test('deleting an adopted preference follows the removal policy: deleted with the stack by default', async () => {
    const outside = seedOutside();
    await world.sim.createStack({ Sap: world.sap({ AdoptExisting: true }) });
    const deleted = await world.sim.deleteStack();
    expectCleanStatus(deleted, 'DELETE_COMPLETE');
    expect(world.invoicing.get(outside)).toBeUndefined();
  });

  test('an adopted preference updates and tags like any other afterwards', async () => {
    const outside = seedOutside();
    await world.sim.createStack({ Sap: world.sap({ AdoptExisting: true }) });
    world.invoicing.log.length = 0;
    const updated = await world.sim.updateStack({ Sap: world.sap({ AdoptExisting: true, PurchaseOrderRetrievalEnabled: false }) });
    expectCleanStatus(updated, 'UPDATE_COMPLETE');
    expect(operations()).toEqual(['ListTagsForResource ok', `${PUT} ok`, 'TagResource ok']);
    expect(world.invoicing.get(outside)!.configuration.PurchaseOrderRetrievalEnabled).toBe(false);
  });

  test('a create that meets no existing preference creates it as usual', async () => {
    const operation = await world.sim.createStack({ Sap: world.sap({ AdoptExisting: true }) });
    expectCleanStatus(operation, 'CREATE_COMPLETE');
    expect(operation.steps[0].delivery.response!.Reason).toMatch(/^Created: arn:/);
  });
});

test('no secret or contact value in any response, Reason or log line of this file', () => {
  expect(seen.length).toBeGreaterThan(20);
  const text = seen.map((i) => JSON.stringify(i.response) + i.logs.map((l) => l.text).join('\n')).join('\n');
  for (const canary of [CANARY_SECRET, CANARY_CONTACT.Name, CANARY_CONTACT.Email]) expect(text).not.toContain(canary);
});
