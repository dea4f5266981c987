import {
  ConflictException, CreateProcurementPortalPreferenceCommand, ListProcurementPortalPreferencesCommand,
  ListTagsForResourceCommand, PutProcurementPortalPreferenceCommand, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-invoicing';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  ADOPTED_TAG, ARN, CANARY_EMAIL, CANARY_NAME, CANARY_SECRET, CANARY_TEST_SECRET, createEvent, fakeContext, fullProperties,
  minimalProperties, OWNER_TAG, SECRET_ARN, SHARED_VERSION, STACK_ID, TEST_SECRET_ARN, TEST_VERSION, updateEvent, useHandlerHarness,
} from './harness';
import { Logger, Redactor } from '../../lambda/aws/log';
import { handler } from '../../lambda/index';
import { decideUpdate } from '../../lambda/preference/diff';
import { pastPendingVerification } from '../../lambda/preference/guard';
import { ownerOf } from '../../lambda/preference/ownership';

const { invoicing, secrets, server } = useHandlerHarness();

function mockSecrets(): void {
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true)
    .resolves({ ARN: SECRET_ARN, VersionId: SHARED_VERSION, SecretString: JSON.stringify({ sharedSecret: CANARY_SECRET }) });
  secrets.on(GetSecretValueCommand, { SecretId: TEST_SECRET_ARN }, true)
    .resolves({ ARN: TEST_SECRET_ARN, VersionId: TEST_VERSION, SecretString: CANARY_TEST_SECRET });
}

const conflict = (): ConflictException => new ConflictException({
  message: 'already exists', $metadata: { httpStatusCode: 409 }, resourceId: ARN, resourceType: 'ProcurementPortalPreference',
});

describe('ownerOf', () => {
  const ctx = { log: new Logger({}, new Redactor()), deadline: undefined as never };
  test('region, stack name and logical id from the stack ARN', () => {
    expect(ownerOf({ ...ctx, stackId: STACK_ID, logicalResourceId: 'CoupaPreference' })).toBe('us-east-1/Demo/CoupaPreference');
  });

  test('a sha256 when the readable form would exceed a tag value (256 characters)', () => {
    const owner = ownerOf({ ...ctx, stackId: STACK_ID.replace('/Demo/', `/${'S'.repeat(128)}/`), logicalResourceId: 'L'.repeat(200) });
    expect(owner).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('decideUpdate (the decision the handler and plan share)', () => {
  test('an identity change is a replacement, whatever else changed', () => {
    expect(decideUpdate(minimalProperties(), minimalProperties({ BuyerIdentifier: 'X', PurchaseOrderRetrievalEnabled: 'false' })))
      .toEqual({ action: 'replace', identityFields: ['BuyerIdentifier'] });
  });

  test('a template that leaves the defaults out equals one of an earlier release that rendered them: no replacement, no Put', () => {
    const earlier = fullProperties({ SchemaVersion: '1', BuyerDomain: 'NetworkID', SupplierDomain: 'NetworkID', PurchaseOrderRetrievalEnabled: 'false' });
    const leftOut = fullProperties({
      SchemaVersion: undefined, BuyerDomain: undefined, SupplierDomain: undefined, PurchaseOrderRetrievalEnabled: undefined,
    });
    leftOut.TestEnvPreference = { ...(earlier.TestEnvPreference as object), BuyerDomain: undefined, SupplierDomain: undefined };
    const none = { action: 'none', configurationFields: [], tags: { toSet: [], toRemove: [] }, statusChange: false };
    expect(decideUpdate(earlier, JSON.parse(JSON.stringify(leftOut)))).toEqual(none);
    expect(decideUpdate(JSON.parse(JSON.stringify(leftOut)), earlier)).toEqual(none);
  });

  test('the handler switches alone change nothing the preference holds', () => {
    const decision = decideUpdate(minimalProperties(), minimalProperties({ AllowReplacement: 'true', AdoptExisting: 'true' }));
    expect(decision).toEqual({ action: 'none', configurationFields: [], tags: { toSet: [], toRemove: [] }, statusChange: false });
  });

  test('configuration fields and tag changes are named', () => {
    const decision = decideUpdate(minimalProperties({ ResourceTags: [{ Key: 'a', Value: '1' }] }),
      minimalProperties({ PurchaseOrderRetrievalEnabled: 'false', ResourceTags: [{ Key: 'b', Value: '2' }] }));
    expect(decision).toEqual({
      action: 'update',
      configurationFields: ['PurchaseOrderRetrievalEnabled'],
      tags: { toSet: [{ Key: 'b', Value: '2' }], toRemove: ['a'] },
      statusChange: false,
    });
  });

  test('a changed suspension alone is an update with a status change and no configuration field', () => {
    const suspended = { Reason: 'Portal maintenance', EinvoiceDelivery: 'true', PurchaseOrderRetrieval: 'true' };
    expect(decideUpdate(minimalProperties(), minimalProperties({ Suspended: suspended }))).toMatchObject({
      action: 'update', configurationFields: [], statusChange: true,
    });
    expect(decideUpdate(minimalProperties({ Suspended: suspended }), minimalProperties({ Suspended: { ...suspended } }))).toMatchObject({
      action: 'none', statusChange: false,
    });
  });
});

test.each([
  [{}, false],
  [{ EinvoiceDeliveryPreferenceStatus: 'PENDING_VERIFICATION', PurchaseOrderRetrievalPreferenceStatus: 'PENDING_VERIFICATION' }, false],
  [{ EinvoiceDeliveryPreferenceStatus: 'PENDING_VERIFICATION', PurchaseOrderRetrievalPreferenceStatus: 'VALIDATED' }, true],
  [{ EinvoiceDeliveryPreferenceStatus: 'SUSPENDED' }, true],
  [{ PurchaseOrderRetrievalPreferenceStatus: 'TEST_FAILED' }, true],
] as const)('past PENDING_VERIFICATION: %j -> %s', (statuses, past) => {
  expect(pastPendingVerification(statuses as never)).toBe(past);
});

describe('adoption', () => {
  test('a concurrent adopter that overwrote the owner tag: FAILED before any Put', async () => {
    mockSecrets();
    const event = createEvent(server, minimalProperties({ AdoptExisting: 'true' }));
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(conflict());
    invoicing.on(ListTagsForResourceCommand).resolvesOnce({ ResourceTags: [] })
      .resolves({ ResourceTags: [{ Key: OWNER_TAG.Key, Value: 'eu-west-1/Other/Sap' }] });
    invoicing.on(TagResourceCommand, { ResourceArn: ARN, ResourceTags: [OWNER_TAG, ADOPTED_TAG] }, true).resolves({});

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `create-failed-${event.RequestId}` });
    expect(response.Reason).toMatch(new RegExp(`^adoptExisting: ${ARN} is already managed by eu-west-1/Other/Sap`));
    expect(invoicing.commandCalls(PutProcurementPortalPreferenceCommand)).toHaveLength(0);
  });

  test('its own owner tag (a retried event) is taken over again; aws: tags are never removed', async () => {
    mockSecrets();
    const event = createEvent(server, minimalProperties({ AdoptExisting: 'true' }));
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(conflict());
    invoicing.on(ListTagsForResourceCommand).resolves({ ResourceTags: [OWNER_TAG, { Key: 'aws:cloudformation:stack-name', Value: 'x' }, { Key: 'old', Value: '1' }] });
    invoicing.on(TagResourceCommand).resolves({});
    invoicing.on(PutProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    invoicing.on(UntagResourceCommand, { ResourceArn: ARN, ResourceTagKeys: ['old'] }, true).resolves({});

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN, Reason: `Adopted ${ARN}` });
    const [put] = invoicing.commandCalls(PutProcurementPortalPreferenceCommand);
    expect(put.args[0].input).toMatchObject({
      ProcurementPortalPreferenceArn: ARN, PurchaseOrderRetrievalEnabled: true, Contacts: [{ Name: CANARY_NAME, Email: CANARY_EMAIL }],
    });
    expect(invoicing.commandCalls(UntagResourceCommand)).toHaveLength(1);
    expect(invoicing.commandCalls(ListProcurementPortalPreferencesCommand)).toHaveLength(0);
  });
});

test('the guard reads every page of List to find the preference', async () => {
  const event = updateEvent(server, ARN, minimalProperties({ BuyerIdentifier: 'AN09' }), minimalProperties());
  invoicing.on(ListProcurementPortalPreferencesCommand, { MaxResults: 100 }, true).resolves({ ProcurementPortalPreferences: [], NextToken: 'p2' });
  invoicing.on(ListProcurementPortalPreferencesCommand, { MaxResults: 100, NextToken: 'p2' }, true).resolves({
    ProcurementPortalPreferences: [{
      ProcurementPortalPreferenceArn: ARN,
      ProcurementPortalName: 'SAP_BUSINESS_NETWORK',
      BuyerDomain: 'NetworkID',
      BuyerIdentifier: 'AN02000000001',
      SupplierDomain: 'NetworkID',
      SupplierIdentifier: 'AN02000000002',
      EinvoiceDeliveryPreferenceStatus: 'ACTIVE',
    } as never],
  });

  await handler(event, fakeContext());

  expect(server.only(event)).toMatchObject({ Status: 'FAILED', PhysicalResourceId: ARN });
  expect(server.only(event).Reason).toContain('(e-invoice delivery ACTIVE, purchase order retrieval unknown)');
  expect(invoicing.commandCalls(CreateProcurementPortalPreferenceCommand)).toHaveLength(0);
});
