import { createHash } from 'node:crypto';
import {
  CreateProcurementPortalPreferenceCommand, PutProcurementPortalPreferenceCommand, SendProcurementPortalValidationCommand,
  UpdateProcurementPortalPreferenceStatusCommand,
} from '@aws-sdk/client-invoicing';
import { ARN, STACK_ID, createEvent, fakeContext, minimalProperties, updateEvent, useHandlerHarness } from './harness';
import { handler } from '../../lambda/index';
import { suspensionChange } from '../../lambda/parse/activation-properties';

const { invoicing, server } = useHandlerHarness();

function token(requestId: string, operation: string, logicalId = 'CoupaPreference'): string {
  return createHash('sha256').update(`${STACK_ID}|${logicalId}|${requestId}|${operation}`).digest('hex');
}

const SUSPENDED = { Reason: 'Portal maintenance', EinvoiceDelivery: 'true', PurchaseOrderRetrieval: 'true' };

describe('suspensionChange', () => {
  const on = { reason: 'r', einvoiceDelivery: true, purchaseOrderRetrieval: true };
  test('no change, no call', () => {
    expect(suspensionChange(ARN, undefined, undefined)).toBeUndefined();
    expect(suspensionChange(ARN, on, { ...on })).toBeUndefined();
  });
  test('declared: both SUSPENDED with the reason', () => {
    expect(suspensionChange(ARN, undefined, on)).toEqual({
      ProcurementPortalPreferenceArn: ARN,
      EinvoiceDeliveryPreferenceStatus: 'SUSPENDED',
      EinvoiceDeliveryPreferenceStatusReason: 'r',
      PurchaseOrderRetrievalPreferenceStatus: 'SUSPENDED',
      PurchaseOrderRetrievalPreferenceStatusReason: 'r',
    });
  });
  test('removed: both resumed to ACTIVE; one feature dropped: only it resumes', () => {
    expect(suspensionChange(ARN, on, undefined)).toMatchObject({ EinvoiceDeliveryPreferenceStatus: 'ACTIVE', PurchaseOrderRetrievalPreferenceStatus: 'ACTIVE' });
    expect(suspensionChange(ARN, on, { ...on, einvoiceDelivery: false })).toEqual({
      ProcurementPortalPreferenceArn: ARN,
      EinvoiceDeliveryPreferenceStatus: 'ACTIVE',
      EinvoiceDeliveryPreferenceStatusReason: 'Resumed: the suspension was removed from the CloudFormation stack',
    });
  });
  test('a new reason re-suspends what stays suspended', () => {
    expect(suspensionChange(ARN, on, { ...on, reason: 'other', purchaseOrderRetrieval: false })).toEqual({
      ProcurementPortalPreferenceArn: ARN,
      EinvoiceDeliveryPreferenceStatus: 'SUSPENDED',
      EinvoiceDeliveryPreferenceStatusReason: 'other',
      PurchaseOrderRetrievalPreferenceStatus: 'ACTIVE',
      PurchaseOrderRetrievalPreferenceStatusReason: 'Resumed: the suspension was removed from the CloudFormation stack',
    });
  });
});

test('Create with SendValidationCode and Suspended: Create, Send, UpdateStatus, each with its own deterministic token', async () => {
  const event = createEvent(server, minimalProperties({ SendValidationCode: 'true', Suspended: SUSPENDED }));
  invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
  invoicing.on(SendProcurementPortalValidationCommand, {
    ProcurementPortalPreferenceArn: ARN, ClientToken: token(event.RequestId, 'SendProcurementPortalValidation'),
  }, true).resolves({ ProcurementPortalPreferenceArn: ARN });
  invoicing.on(UpdateProcurementPortalPreferenceStatusCommand, {
    ProcurementPortalPreferenceArn: ARN,
    EinvoiceDeliveryPreferenceStatus: 'SUSPENDED',
    EinvoiceDeliveryPreferenceStatusReason: 'Portal maintenance',
    PurchaseOrderRetrievalPreferenceStatus: 'SUSPENDED',
    PurchaseOrderRetrievalPreferenceStatusReason: 'Portal maintenance',
    ClientToken: token(event.RequestId, 'UpdateProcurementPortalPreferenceStatus'),
  }, true).resolves({ ProcurementPortalPreferenceArn: ARN });

  await handler(event, fakeContext());

  const response = server.only(event);
  expect(response.Status).toBe('SUCCESS');
  expect(response.Reason).toBe(`Created: ${ARN}; validation code sent to the portal: submit it with npx cdk-procurement-portal verify ${ARN} --code <code>; `
    + 'e-invoice delivery suspended, purchase order retrieval suspended');
  expect(invoicing.calls().map((c) => c.args[0].constructor.name)).toEqual([
    'CreateProcurementPortalPreferenceCommand', 'SendProcurementPortalValidationCommand', 'UpdateProcurementPortalPreferenceStatusCommand',
  ]);
});

test('an update that only changes the suspension calls UpdateStatus, never Put', async () => {
  const old = minimalProperties();
  const event = updateEvent(server, ARN, minimalProperties({ Suspended: SUSPENDED }), old);
  invoicing.on(UpdateProcurementPortalPreferenceStatusCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
  await handler(event, fakeContext());
  expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', Reason: 'e-invoice delivery suspended, purchase order retrieval suspended', PhysicalResourceId: ARN });
  expect(invoicing.commandCalls(PutProcurementPortalPreferenceCommand)).toHaveLength(0);
  expect(invoicing.commandCalls(UpdateProcurementPortalPreferenceStatusCommand)).toHaveLength(1);
});

test('SendValidationCode on an update in place sends nothing (the code follows a Create only)', async () => {
  const event = updateEvent(server, ARN, minimalProperties({ SendValidationCode: 'true' }), minimalProperties());
  await handler(event, fakeContext());
  expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', Reason: 'No change' });
  expect(invoicing.calls()).toHaveLength(0);
});

test('a SendValidationCode that is not "true" or "false" fails naming it, before any call', async () => {
  const event = createEvent(server, minimalProperties({ SendValidationCode: 'yes' }));
  await handler(event, fakeContext());
  expect(server.only(event)).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining("SendValidationCode must be 'true' or 'false', got 'yes'") });
  expect(invoicing.calls()).toHaveLength(0);
});
