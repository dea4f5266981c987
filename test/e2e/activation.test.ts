/**
 * End to end: the bundled handler's activation paths (the validation code after a Create or a replacement, the
 * declared suspension and its removal) against the emulators, events exactly as CloudFormation sends them.
 */
import { arnOf, captured, expectStatus, jsonLogs, reasonOf, useWorld } from './harness';
import { DELETE, PUT, SEND_VALIDATION as SEND, UPDATE_STATUS } from '../../lambda/aws/invoicing';
import { CANARY_CONTACT, CANARY_SECRET } from '../fixtures';

const SUSPENDED = { Reason: 'Portal maintenance until 2027-02-01', EinvoiceDelivery: true, PurchaseOrderRetrieval: true };

const world = useWorld();

describe('sendValidationCode', () => {
  test('a Create sends the one-time code once and says how to submit it, without showing it', async () => {
    const created = await world.sim.createStack({ Sap: world.sap({ SendValidationCode: true }) });
    expectStatus(created, 'CREATE_COMPLETE');
    const arn = arnOf(created);
    expect(world.invoicing.callCount(SEND)).toBe(1);
    const code = world.invoicing.validationCode(arn)!;
    expect(code).toMatch(/^[A-Z]{8}$/);
    expect(reasonOf(created.steps[0].delivery)).toContain(`validation code sent to the portal: submit it with npx cdk-procurement-portal verify ${arn} --code <code>`);
    expect(JSON.stringify(created)).not.toContain(code);

    // Any later update, even one that changes the flag's neighbours, sends nothing.
    const updated = await world.sim.updateStack({ Sap: world.sap({ SendValidationCode: true, PurchaseOrderRetrievalEnabled: false }) });
    expectStatus(updated, 'UPDATE_COMPLETE');
    expect(world.invoicing.callCount(SEND)).toBe(1);
  });

  test('a failed send does not fail the Create: the Reason and a warning say so and how to resend', async () => {
    world.invoicing.inject({ kind: 'access-denied', operation: SEND });
    const created = await world.sim.createStack({ Sap: world.sap({ SendValidationCode: true }) });
    expectStatus(created, 'CREATE_COMPLETE');
    const arn = arnOf(created);
    expect(world.invoicing.get(arn)).toBeDefined();
    const reason = reasonOf(created.steps[0].delivery);
    expect(reason).toContain('the validation code was NOT sent (SendProcurementPortalValidation failed: AccessDeniedException');
    expect(reason).toContain(`send it again with npx cdk-procurement-portal send-validation ${arn}`);
    const warning = created.steps[0].delivery.invocations.flatMap(jsonLogs).find((l) => l.level === 'warn');
    expect(warning).toMatchObject({ operation: SEND, outcome: 'failed', errorCode: 'AccessDeniedException' });
  });

  test('a replacement sends a code for the new preference', async () => {
    const created = await world.sim.createStack({ Sap: world.sap({ SendValidationCode: true }) });
    const replaced = await world.sim.updateStack({ Sap: world.sap({ SendValidationCode: true, BuyerIdentifier: 'AN02000000099' }) });
    expectStatus(replaced, 'UPDATE_COMPLETE');
    const newArn = arnOf(replaced);
    expect(newArn).not.toBe(arnOf(created));
    expect(world.invoicing.callCount(SEND)).toBe(2);
    expect(world.invoicing.validationCode(newArn)).toMatch(/^[A-Z]{8}$/);
  });
});

describe('suspended', () => {
  test('declared at Create: both features SUSPENDED with the reason, in one UpdateStatus call', async () => {
    const created = await world.sim.createStack({ Sap: world.sap({ Suspended: SUSPENDED }) });
    expectStatus(created, 'CREATE_COMPLETE');
    expect(world.invoicing.get(arnOf(created))).toMatchObject({
      einvoiceDeliveryPreferenceStatus: 'SUSPENDED',
      einvoiceDeliveryPreferenceStatusReason: SUSPENDED.Reason,
      purchaseOrderRetrievalPreferenceStatus: 'SUSPENDED',
      purchaseOrderRetrievalPreferenceStatusReason: SUSPENDED.Reason,
    });
    expect(world.invoicing.callCount(UPDATE_STATUS)).toBe(1);
    expect(reasonOf(created.steps[0].delivery)).toContain('e-invoice delivery suspended, purchase order retrieval suspended');
  });

  test('suspend, an unrelated update that leaves the status alone, then resume to ACTIVE, never calling Put for it', async () => {
    const created = await world.sim.createStack({ Sap: world.sap() });
    const arn = arnOf(created);
    world.invoicing.setStatus(arn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });

    const suspended = await world.sim.updateStack({ Sap: world.sap({ Suspended: { ...SUSPENDED, EinvoiceDelivery: false } }) });
    expectStatus(suspended, 'UPDATE_COMPLETE');
    expect(world.invoicing.get(arn)).toMatchObject({ einvoiceDeliveryPreferenceStatus: 'ACTIVE', purchaseOrderRetrievalPreferenceStatus: 'SUSPENDED' });
    expect(reasonOf(suspended.steps[0].delivery)).toBe('purchase order retrieval suspended');
    expect(world.invoicing.callCount(PUT)).toBe(0);

    const tagged = await world.sim.updateStack({
      Sap: world.sap({ Suspended: { ...SUSPENDED, EinvoiceDelivery: false }, ResourceTags: [{ Key: 'team', Value: 'ap' }] }),
    });
    expectStatus(tagged, 'UPDATE_COMPLETE');
    expect(world.invoicing.callCount(UPDATE_STATUS)).toBe(1);

    const resumed = await world.sim.updateStack({ Sap: world.sap({ ResourceTags: [{ Key: 'team', Value: 'ap' }] }) });
    expectStatus(resumed, 'UPDATE_COMPLETE');
    expect(reasonOf(resumed.steps[0].delivery)).toBe('purchase order retrieval resumed');
    expect(world.invoicing.get(arn)).toMatchObject({ einvoiceDeliveryPreferenceStatus: 'ACTIVE', purchaseOrderRetrievalPreferenceStatus: 'ACTIVE' });
    expect(world.invoicing.callCount(UPDATE_STATUS)).toBe(2);
    expect(world.invoicing.callCount(PUT)).toBe(0);
  });

  test('a new reason re-suspends with it', async () => {
    const created = await world.sim.createStack({ Sap: world.sap({ Suspended: SUSPENDED }) });
    await world.sim.updateStack({ Sap: world.sap({ Suspended: { ...SUSPENDED, Reason: 'Extended to 2027-03-01' } }) });
    expect(world.invoicing.get(arnOf(created))!.einvoiceDeliveryPreferenceStatusReason).toBe('Extended to 2027-03-01');
    expect(world.invoicing.callCount(UPDATE_STATUS)).toBe(2);
  });

  test('a refused resume fails the update with what the service said and what to do; the rollback suspends again', async () => {
    const created = await world.sim.createStack({ Sap: world.sap({ Suspended: SUSPENDED }) });
    const arn = arnOf(created);
    const resumed = await world.sim.updateStack({ Sap: world.sap() });
    expectStatus(resumed, 'UPDATE_ROLLBACK_COMPLETE');
    const reason = reasonOf(resumed.steps[0].delivery);
    expect(reason).toContain('UpdateProcurementPortalPreferenceStatus failed: ConflictException: Cannot change the e-invoice delivery status');
    expect(reason).toContain('The service refused to resume (e-invoice delivery resumed, purchase order retrieval resumed)');
    expect(reason).toContain(`npx cdk-procurement-portal status ${arn}`);
    expect(reason).toContain('declare suspended again, or complete its activation (send-validation, verify) first');
    expect(world.invoicing.get(arn)).toMatchObject({ einvoiceDeliveryPreferenceStatus: 'SUSPENDED', purchaseOrderRetrievalPreferenceStatus: 'SUSPENDED' });
  });

  test('a suspension refused right after a Create deletes the new preference, so nothing is left behind', async () => {
    world.invoicing.inject({ kind: 'validation', operation: UPDATE_STATUS, message: 'Status change not allowed for this preference' });
    const created = await world.sim.createStack({ Sap: world.sap({ Suspended: SUSPENDED }) });
    expectStatus(created, 'ROLLBACK_COMPLETE');
    expect(reasonOf(created.steps[0].delivery)).toMatch(/ValidationException: Status change not allowed for this preference.*The service refused the suspension.*was deleted again/);
    expect(world.invoicing.callCount(DELETE)).toBe(1);
    expect(world.invoicing.list()).toEqual([]);
  });

  test('a Suspended property the handler cannot read fails with the property named', async () => {
    const created = await world.sim.createStack({ Sap: world.sap({ Suspended: { Reason: 'x'.repeat(1025), EinvoiceDelivery: 'yes', PurchaseOrderRetrieval: true } }) });
    expectStatus(created, 'ROLLBACK_COMPLETE');
    const reason = reasonOf(created.steps[0].delivery);
    expect(reason).toContain('Suspended.Reason must be 1 to 1024 characters long, got 1025 characters');
    expect(reason).toContain("Suspended.EinvoiceDelivery must be 'true' or 'false'");
    expect(world.invoicing.list()).toEqual([]);
  });
});

test('no secret or contact in any response or log line of this file', () => {
  const everything = JSON.stringify(captured.map((i) => ({ response: i.response, logs: i.logs })));
  expect(captured.length).toBeGreaterThan(10);
  for (const canary of [CANARY_SECRET, CANARY_CONTACT.Name, CANARY_CONTACT.Email]) expect(everything).not.toContain(canary);
});
