import { createHash } from 'node:crypto';
import {
  ListTagsForResourceCommand,
  AccessDeniedException, ConflictException, CreateProcurementPortalPreferenceCommand,
  DeleteProcurementPortalPreferenceCommand, GetProcurementPortalPreferenceCommand,
  ListProcurementPortalPreferencesCommand, ProcurementPortalPreferenceSummary, PutProcurementPortalPreferenceCommand,
  ResourceNotFoundException, TagResourceCommand, UntagResourceCommand, ValidationException,
} from '@aws-sdk/client-invoicing';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  ARN, CANARY_EMAIL, CANARY_NAME, CANARY_SECRET, CANARY_TEST_SECRET, createEvent, deleteEvent, fakeContext, FULL_IDENTITY,
  fullConfigurationInput, fullProperties, minimalProperties, NEW_ARN, OWNER_TAG, RECORD_TAGS, SECRET_ARN, SHARED_VERSION, STACK_ID,
  TEST_SECRET_ARN, TEST_VERSION, updateEvent, useHandlerHarness,
} from './harness';
import { CREATE, DELETE, LIST, LIST_TAGS, PUT } from '../../lambda/aws/invoicing';
import { handler } from '../../lambda/index';

const { invoicing, secrets, server } = useHandlerHarness();

function token(requestId: string, operation: string, logicalId = 'CoupaPreference'): string {
  return createHash('sha256').update(`${STACK_ID}|${logicalId}|${requestId}|${operation}`).digest('hex');
}

const PREFERENCE_ID = ARN.slice(ARN.lastIndexOf('/') + 1);

/** A List summary of the preference `arn` with the identity of `properties` (what List returns: no secret). */
function summary(arn: string, properties: Record<string, unknown>): ProcurementPortalPreferenceSummary {
  return {
    AwsAccountId: '123456789012',
    ProcurementPortalPreferenceArn: arn,
    ProcurementPortalName: properties.ProcurementPortalName as ProcurementPortalPreferenceSummary['ProcurementPortalName'],
    BuyerDomain: 'NetworkID',
    BuyerIdentifier: properties.BuyerIdentifier as string,
    SupplierDomain: 'NetworkID',
    SupplierIdentifier: properties.SupplierIdentifier as string,
    EinvoiceDeliveryEnabled: false,
    PurchaseOrderRetrievalEnabled: true,
    Version: 1,
    CreateDate: new Date('2026-01-01T00:00:00Z'),
    LastUpdateDate: new Date('2026-01-01T00:00:00Z'),
  };
}

function mockSecrets(): void {
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true)
    .resolves({ ARN: SECRET_ARN, VersionId: SHARED_VERSION, SecretString: JSON.stringify({ sharedSecret: CANARY_SECRET, other: 'x' }) });
  secrets.on(GetSecretValueCommand, { SecretId: TEST_SECRET_ARN }, true)
    .resolves({ ARN: TEST_SECRET_ARN, VersionId: TEST_VERSION, SecretString: CANARY_TEST_SECRET });
}

/** Create answers `arn` only to the exact input of `properties` (minimal properties with overrides) and its token. */
function expectCreateOf(properties: Record<string, unknown>, requestId: string, arn: string): void {
  invoicing.on(CreateProcurementPortalPreferenceCommand, {
    ProcurementPortalName: properties.ProcurementPortalName as never,
    BuyerDomain: 'NetworkID',
    BuyerIdentifier: properties.BuyerIdentifier as string,
    SupplierDomain: 'NetworkID',
    SupplierIdentifier: properties.SupplierIdentifier as string,
    EinvoiceDeliveryEnabled: false,
    PurchaseOrderRetrievalEnabled: properties.PurchaseOrderRetrievalEnabled === 'true',
    Contacts: [{ Name: CANARY_NAME, Email: CANARY_EMAIL }],
    ResourceTags: [OWNER_TAG],
    ClientToken: token(requestId, CREATE),
  }, true).resolves({ ProcurementPortalPreferenceArn: arn });
}

/** Put on ARN answers only to the exact input of `minimalProperties()` and its token. */
function expectPutInPlace(requestId: string): void {
  invoicing.on(PutProcurementPortalPreferenceCommand, {
    ProcurementPortalPreferenceArn: ARN,
    EinvoiceDeliveryEnabled: false,
    PurchaseOrderRetrievalEnabled: true,
    Contacts: [{ Name: CANARY_NAME, Email: CANARY_EMAIL }],
    ClientToken: token(requestId, PUT),
  }, true).resolves({ ProcurementPortalPreferenceArn: ARN });
}

/** The operations called, in order. */
const operations = (): string[] => invoicing.calls().map((c) => c.args[0].constructor.name.replace(/Command$/, ''));


describe('Create', () => {
  test('creates with the full configuration, tags and a deterministic ClientToken; answers the ARN', async () => {
    mockSecrets();
    const event = createEvent(server, fullProperties());
    invoicing.on(CreateProcurementPortalPreferenceCommand, {
      ...FULL_IDENTITY,
      ...fullConfigurationInput(),
      ResourceTags: [{ Key: 'team', Value: 'finance' }, { Key: 'env', Value: 'prod' }, OWNER_TAG, ...RECORD_TAGS],
      ClientToken: token(event.RequestId, CREATE),
    }, true).resolves({ ProcurementPortalPreferenceArn: ARN });

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response).toEqual({
      Status: 'SUCCESS',
      Reason: `Created: ${ARN}`,
      PhysicalResourceId: ARN,
      StackId: STACK_ID,
      RequestId: event.RequestId,
      LogicalResourceId: 'CoupaPreference',
      Data: { Arn: ARN, AccountId: '123456789012' },
    });
    expect(invoicing.commandCalls(CreateProcurementPortalPreferenceCommand)).toHaveLength(1);
    expect(invoicing.calls()).toHaveLength(1);
    expect(secrets.calls()).toHaveLength(2);
    expect(server.forRequest(event.RequestId)[0].headers['content-type']).toBe('');
  });

  test('passes a secret with quotes and unicode byte-exact', async () => {
    const exotic = 'p\u00e4ss"w\'rd\\\u{1F511}\u4e2d';
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true).resolves({ SecretString: exotic });
    const event = createEvent(server, minimalProperties({ ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN } }));
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });

    await handler(event, fakeContext());

    expect(server.only(event).Status).toBe('SUCCESS');
    const sent = invoicing.commandCalls(CreateProcurementPortalPreferenceCommand)[0].args[0].input.ProcurementPortalSharedSecret!;
    expect(Buffer.from(sent, 'utf8').equals(Buffer.from(exotic, 'utf8'))).toBe(true);
  });

  test('reads a secret referenced twice only once per event, and again on the next event', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true).resolves({ SecretString: CANARY_SECRET });
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const properties = fullProperties({
      ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN },
      TestEnvPreference: { ...fullProperties().TestEnvPreference as object, ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN } },
    });

    await handler(createEvent(server, properties), fakeContext());
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    await handler(createEvent(server, properties), fakeContext());
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  test('the same event delivered twice sends the same ClientToken (so the service returns the same ARN)', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());
    await handler(event, fakeContext());
    await handler(createEvent(server, minimalProperties()), fakeContext());

    const tokens = invoicing.commandCalls(CreateProcurementPortalPreferenceCommand).map((c) => c.args[0].input.ClientToken);
    expect(tokens[0]).toBe(token(event.RequestId, CREATE));
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[0]);
    expect(server.forRequest(event.RequestId).map((r) => r.body.PhysicalResourceId)).toEqual([ARN, ARN]);
  });

  test.each([
    ['no ARN', {}],
    ['an ARN that is not a preference ARN', { ProcurementPortalPreferenceArn: 'arn:aws:invoicing::123456789012:invoice-unit/abcd' }],
  ])('a 2xx answer with %s is an unknown outcome: retried with the same token, then FAILED create-unknown-<RequestId>', async (_, answer) => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves(answer);
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `create-unknown-${event.RequestId}` });
    expect(response.Reason).toContain('without a valid procurement portal preference ARN');
    expect(response.Reason).toContain('the service may have created it');
    const tokens = invoicing.commandCalls(CreateProcurementPortalPreferenceCommand).map((c) => c.args[0].input.ClientToken);
    expect(tokens.length).toBe(5);
    expect(new Set(tokens).size).toBe(1);
  });

  test('fails with "already exists" on ConflictException and never adopts the existing preference', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand)
      .rejects(new ConflictException({ message: 'Procurement portal preference already exists', $metadata: { httpStatusCode: 409 }, resourceId: ARN } as never));
    const event = createEvent(server, minimalProperties());

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^CreateProcurementPortalPreference failed: a preference for this portal, buyer and supplier already exists outside this stack/);
    expect(response.Reason).toContain('ConflictException');
    expect(response.PhysicalResourceId).not.toBe(ARN);
    // Only the holder's tags are read (is it this resource's own, left by a create whose answer was lost?).
    expect(operations()).toEqual(['CreateProcurementPortalPreference', 'ListTagsForResource']);
  });

  test('a failed create answers a physical id that the rollback Delete skips without any API call', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand)
      .rejects(new AccessDeniedException({ message: 'User is not authorized to perform invoicing:CreateProcurementPortalPreference', $metadata: { httpStatusCode: 403 } }));
    const create = createEvent(server, minimalProperties());
    await handler(create, fakeContext());
    const failed = server.only(create);
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason).toBe('CreateProcurementPortalPreference failed: AccessDeniedException: User is not authorized to perform invoicing:CreateProcurementPortalPreference');

    invoicing.reset();
    const rollback = deleteEvent(server, failed.PhysicalResourceId, minimalProperties());
    await handler(rollback, fakeContext());
    expect(server.only(rollback)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: failed.PhysicalResourceId });
    expect(invoicing.calls()).toHaveLength(0);
  });
});

describe('Update', () => {
  test('in place: one Put with the full new configuration, no tags and no identity fields', async () => {
    mockSecrets();
    const oldProps = fullProperties();
    const newProps = fullProperties({ PurchaseOrderRetrievalEnabled: 'true' });
    const event = updateEvent(server, ARN, newProps, oldProps);
    invoicing.on(PutProcurementPortalPreferenceCommand, {
      ProcurementPortalPreferenceArn: ARN,
      ...fullConfigurationInput(),
      PurchaseOrderRetrievalEnabled: true,
      ClientToken: token(event.RequestId, PUT),
    }, true).resolves({ ProcurementPortalPreferenceArn: ARN });
    // The secret versions the Put applied are recorded on the preference (the re-apply on rotation reads them).
    invoicing.on(TagResourceCommand, { ResourceArn: ARN, ResourceTags: RECORD_TAGS }, true).resolves({});

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN, Data: { Arn: ARN, AccountId: '123456789012' } });
    // The owner tag read first (only this resource's preference is changed), the Put, the record of its secret versions.
    expect(operations()).toEqual(['ListTagsForResource', 'PutProcurementPortalPreference', 'TagResource']);
  });

  test('a changed secret reference is a configuration change: Put with the new value', async () => {
    const otherSecret = SECRET_ARN.replace('portal-AbCdEf', 'portal2-ZzZzZz');
    secrets.on(GetSecretValueCommand, { SecretId: otherSecret }, true).resolves({ SecretString: CANARY_SECRET, VersionId: 'v-other' });
    const oldProps = minimalProperties({ ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN } });
    const newProps = minimalProperties({ ProcurementPortalSharedSecretRef: { SecretArn: otherSecret } });
    invoicing.on(PutProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    invoicing.on(TagResourceCommand, {
      ResourceArn: ARN, ResourceTags: [{ Key: 'cdk-procurement-portal:secret:shared', Value: `v-other ${otherSecret}` }],
    }, true).resolves({});

    const event = updateEvent(server, ARN, newProps, oldProps);
    await handler(event, fakeContext());

    expect(server.only(event).Status).toBe('SUCCESS');
    expect(invoicing.commandCalls(PutProcurementPortalPreferenceCommand)[0].args[0].input.ProcurementPortalSharedSecret).toBe(CANARY_SECRET);
    expect(secrets.calls()).toHaveLength(1);
  });

  test.each(['ProcurementPortalName', 'BuyerIdentifier', 'SupplierIdentifier'])('a changed %s creates a replacement with a new token and answers the new ARN', async (field) => {
    const oldProps = minimalProperties();
    const newProps = minimalProperties({ [field]: field === 'ProcurementPortalName' ? 'COUPA' : 'AN09999999999', AllowReplacement: 'true' });
    const event = updateEvent(server, ARN, newProps, oldProps);
    expectCreateOf(newProps, event.RequestId, NEW_ARN);

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: NEW_ARN, Data: { Arn: NEW_ARN } });
    expect(response.Reason).toContain(`${field} changed`);
    expect(invoicing.calls()).toHaveLength(1); // CloudFormation deletes the old one itself
  });

  test('a replacement whose Create fails answers FAILED with the old physical id and leaves nothing behind', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand)
      .rejects(new ValidationException({ message: 'Invalid identifier', $metadata: { httpStatusCode: 400 }, fieldList: [{ name: 'BuyerIdentifier', message: 'not found in the network' }] }));
    const event = updateEvent(server, ARN, minimalProperties({ BuyerIdentifier: 'AN09999999999', AllowReplacement: 'true' }), minimalProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: ARN,
      Reason: 'CreateProcurementPortalPreference failed: ValidationException: Invalid identifier (fields: BuyerIdentifier: not found in the network)',
    });
    expect(invoicing.calls()).toHaveLength(1);
  });

  test('a physical id that is not a preference ARN: nothing to update, so the preference is created', async () => {
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: NEW_ARN });
    const event = updateEvent(server, 'create-failed-x', minimalProperties({ PurchaseOrderRetrievalEnabled: 'false' }), minimalProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: NEW_ARN });
    expect(invoicing.calls()).toHaveLength(1);
  });

  test('tag-only update: TagResource for added and changed tags, UntagResource for removed ones, nothing else', async () => {
    const oldProps = fullProperties({ ResourceTags: [{ Key: 'team', Value: 'finance' }, { Key: 'env', Value: 'prod' }, { Key: 'old', Value: 'x' }] });
    const newProps = fullProperties({ ResourceTags: [{ Key: 'team', Value: 'payables' }, { Key: 'env', Value: 'prod' }, { Key: 'cost', Value: '42' }] });
    invoicing.on(TagResourceCommand, { ResourceArn: ARN, ResourceTags: [{ Key: 'team', Value: 'payables' }, { Key: 'cost', Value: '42' }] }, true).resolves({});
    invoicing.on(UntagResourceCommand, { ResourceArn: ARN, ResourceTagKeys: ['old'] }, true).resolves({});
    const event = updateEvent(server, ARN, newProps, oldProps);

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN, Reason: 'Updated tags in place' });
    expect(invoicing.commandCalls(TagResourceCommand)).toHaveLength(1);
    expect(invoicing.commandCalls(UntagResourceCommand)).toHaveLength(1);
    expect(operations()).toEqual(['ListTagsForResource', 'UntagResource', 'TagResource']);
    expect(secrets.calls()).toHaveLength(0);
  });

  test('no-op update (identical properties, a new ServiceToken aside): no write and no secret read', async () => {
    const event = updateEvent(server, ARN, fullProperties({ ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:New' }), fullProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN, Reason: 'No change' });
    expect(invoicing.calls()).toHaveLength(0);
    expect(secrets.calls()).toHaveLength(0);
  });

  test('a preference deleted out of band is re-created and the new ARN answered', async () => {
    invoicing.on(PutProcurementPortalPreferenceCommand)
      .rejects(new ResourceNotFoundException({ message: 'Preference not found', $metadata: { httpStatusCode: 404 }, resourceName: ARN } as never));
    const newProps = minimalProperties({ PurchaseOrderRetrievalEnabled: 'false' });
    const event = updateEvent(server, ARN, newProps, minimalProperties());
    expectCreateOf(newProps, event.RequestId, NEW_ARN);

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: NEW_ARN, Data: { Arn: NEW_ARN, AccountId: '123456789012' } });
    expect(response.Reason).toContain('deleted outside CloudFormation');
  });

  test('a Put then a re-Create in one event read each secret once', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }, true).resolves({ SecretString: CANARY_SECRET });
    invoicing.on(PutProcurementPortalPreferenceCommand)
      .rejects(new ResourceNotFoundException({ message: 'Preference not found', $metadata: { httpStatusCode: 404 } } as never));
    invoicing.on(CreateProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: NEW_ARN });
    const withSecret = { ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN } };
    const event = updateEvent(server, ARN, minimalProperties({ ...withSecret, PurchaseOrderRetrievalEnabled: 'false' }), minimalProperties(withSecret));

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: NEW_ARN });
    expect(invoicing.commandCalls(CreateProcurementPortalPreferenceCommand)[0].args[0].input.ProcurementPortalSharedSecret).toBe(CANARY_SECRET);
    expect(secrets.calls()).toHaveLength(1);
  });

  test('a failed update answers FAILED with its own physical id; the rollback update (old and new swapped) restores the old configuration', async () => {
    const good = minimalProperties();
    const bad = minimalProperties({ ProcurementPortalInstanceEndpoint: 'https://unreachable.example.com/cxml' });
    invoicing.on(PutProcurementPortalPreferenceCommand, { ProcurementPortalInstanceEndpoint: 'https://unreachable.example.com/cxml' })
      .rejects(new ValidationException({ message: 'Endpoint not reachable', $metadata: { httpStatusCode: 400 }, fieldList: [{ name: 'ProcurementPortalInstanceEndpoint', message: 'not reachable' }] }));
    const update = updateEvent(server, ARN, bad, good);
    await handler(update, fakeContext());
    expect(server.only(update)).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: ARN,
      Reason: 'PutProcurementPortalPreference failed: ValidationException: Endpoint not reachable (fields: ProcurementPortalInstanceEndpoint: not reachable)',
    });

    invoicing.reset();
    invoicing.on(ListTagsForResourceCommand).resolves({ ResourceTags: [OWNER_TAG] });
    const rollback = updateEvent(server, ARN, good, bad);
    expectPutInPlace(rollback.RequestId);
    await handler(rollback, fakeContext());
    expect(server.only(rollback)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN });
    expect(operations()).toEqual(['ListTagsForResource', 'PutProcurementPortalPreference']);
  });

  test('a rollback whose old properties are invalid still restores (old properties are only diffed, never parsed)', async () => {
    const invalidOld = minimalProperties({ EinvoiceDeliveryEnabled: 'yes' });
    invoicing.on(PutProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    const rollback = updateEvent(server, ARN, minimalProperties(), invalidOld);

    await handler(rollback, fakeContext());

    expect(server.only(rollback)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN });
    expect(invoicing.commandCalls(PutProcurementPortalPreferenceCommand)).toHaveLength(1);
  });

  test('a failed tag call after a successful Put answers FAILED with the request physical id', async () => {
    invoicing.on(PutProcurementPortalPreferenceCommand).resolves({ ProcurementPortalPreferenceArn: ARN });
    invoicing.on(TagResourceCommand).rejects(new AccessDeniedException({ message: 'not allowed to tag', $metadata: { httpStatusCode: 403 } }));
    const event = updateEvent(server, ARN, minimalProperties({ PurchaseOrderRetrievalEnabled: 'false', ResourceTags: [{ Key: 'a', Value: 'b' }] }), minimalProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'FAILED', PhysicalResourceId: ARN, Reason: 'TagResource failed: AccessDeniedException: not allowed to tag' });
  });
});

describe('An Update whose Create conflicts: the resource itself (a rollback) is updated in place, another holder fails', () => {
  // The rollback of a failed replacement: old and new swapped. allowReplacement skips the status check, so the
  // rollback takes the Create-conflict path.
  const original = minimalProperties({ AllowReplacement: 'true' });
  const attempted = minimalProperties({ SupplierIdentifier: 'AN09999999999' });
  const IN_PLACE = 'Updated configuration in place (it already had this identity)';
  const ALREADY_EXISTS = /already exists outside this stack/;

  interface ConflictCase {
    readonly title: string;
    /** What the ConflictException names. */
    readonly resourceId?: string;
    /** The Update's new and old properties: the rollback by default. */
    readonly update?: readonly [Record<string, unknown>, Record<string, unknown>];
    /** What List answers (not called when absent). */
    readonly list?: () => void;
    readonly status: 'SUCCESS' | 'FAILED';
    /** The whole Reason, or a pattern it matches. */
    readonly reason?: string;
    readonly reasonMatches?: RegExp;
    readonly operations: string[];
  }

  /** List answers page by page: each page answers the request with its `token` and hands back `next`. */
  type Page = { token?: string; summaries: ProcurementPortalPreferenceSummary[]; next?: string };
  const pages = (...answers: Page[]) => () => answers.forEach((a) =>
    invoicing.on(ListProcurementPortalPreferencesCommand, { MaxResults: 100, ...(a.token ? { NextToken: a.token } : {}) }, true)
      .resolves({ ProcurementPortalPreferences: a.summaries, ...(a.next ? { NextToken: a.next } : {}) }));

  const cases: ConflictCase[] = [
    { title: 'resourceId is its ARN: Put in place, no List', resourceId: ARN, status: 'SUCCESS', reason: IN_PLACE, operations: [CREATE, LIST_TAGS, PUT] },
    { title: 'resourceId is its bare id (the ARN\'s last path segment): Put in place, no List', resourceId: PREFERENCE_ID, status: 'SUCCESS', operations: [CREATE, LIST_TAGS, PUT] },
    {
      title: 'no resourceId: List (every page) finds this very preference holding the identity, then Put in place',
      list: pages(
        { summaries: [summary(NEW_ARN, attempted), summary(`${NEW_ARN}-b`, minimalProperties({ BuyerIdentifier: 'AN07' }))], next: 'page-2' },
        { token: 'page-2', summaries: [summary(ARN, original)] }),
      status: 'SUCCESS',
      reason: IN_PLACE,
      operations: [CREATE, LIST, LIST, LIST_TAGS, PUT],
    },
    {
      title: 'no resourceId and another preference holds the identity: FAILED "already exists", nothing written',
      list: pages({ summaries: [summary(ARN, attempted), summary(NEW_ARN, original)] }),
      status: 'FAILED',
      reason: 'CreateProcurementPortalPreference failed: a preference for this portal, buyer and supplier already '
        + 'exists outside this stack (CreateProcurementPortalPreference failed: ConflictException: already exists); delete it, '
        + 'import it with fromProcurementPortalPreferenceArn, or set adoptExisting: true to take it over',
      // The holder's tags read: it is not this resource's, so it is left alone.
      operations: [CREATE, LIST, LIST_TAGS],
    },
    {
      title: 'no resourceId and no listed preference holds the identity: FAILED "already exists", nothing written',
      list: pages({ summaries: [] }),
      status: 'FAILED',
      reasonMatches: ALREADY_EXISTS,
      operations: [CREATE, LIST],
    },
    {
      title: 'List refused (AccessDenied): FAILED "already exists", and why the check could not be made',
      list: () => invoicing.on(ListProcurementPortalPreferencesCommand).rejects(new AccessDeniedException({
        message: 'User is not authorized to perform invoicing:ListProcurementPortalPreferences', $metadata: { httpStatusCode: 403 },
      })),
      status: 'FAILED',
      reasonMatches: new RegExp(`${ALREADY_EXISTS.source}.*; could not check whether ${ARN} itself holds it: ListProcurementPortalPreferences failed: `
        + 'AccessDeniedException: User is not authorized to perform invoicing:ListProcurementPortalPreferences$'),
      operations: [CREATE, LIST],
    },
    {
      title: 'a List that hands back the same NextToken forever: FAILED "already exists" saying so, no endless paging',
      list: () => invoicing.on(ListProcurementPortalPreferencesCommand).resolves({ ProcurementPortalPreferences: [], NextToken: 'again' }),
      status: 'FAILED',
      reasonMatches: new RegExp(`${ALREADY_EXISTS.source}.*ListProcurementPortalPreferences returned the same NextToken twice`),
      operations: [CREATE, LIST, LIST],
    },
    {
      title: 'a replacement whose identity another preference holds (resourceId names it): FAILED "already exists", that one untouched',
      resourceId: NEW_ARN,
      update: [minimalProperties({ SupplierIdentifier: 'AN09999999999', AllowReplacement: 'true' }), minimalProperties()],
      list: pages({ summaries: [summary(NEW_ARN, attempted)] }),
      status: 'FAILED',
      reasonMatches: ALREADY_EXISTS,
      operations: [CREATE, LIST, LIST_TAGS],
    },
  ];

  test.each(cases)('$title', async ({ resourceId, update, list, status, reason, reasonMatches, operations: expected }) => {
    const [properties, oldProperties] = update ?? [original, attempted];
    const event = updateEvent(server, ARN, properties, oldProperties);
    invoicing.on(CreateProcurementPortalPreferenceCommand).rejects(new ConflictException({
      message: 'already exists', $metadata: { httpStatusCode: 409 }, ...(resourceId ? { resourceId, resourceType: 'ProcurementPortalPreference' } : {}),
    }));
    list?.();
    if (status === 'SUCCESS') expectPutInPlace(event.RequestId);

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response).toMatchObject({ Status: status, PhysicalResourceId: ARN, ...(status === 'SUCCESS' ? { Data: { Arn: ARN } } : {}) });
    if (reason !== undefined) expect(response.Reason).toBe(reason);
    if (reasonMatches !== undefined) expect(response.Reason).toMatch(reasonMatches);
    expect(operations()).toEqual(expected);
    expect(invoicing.commandCalls(GetProcurementPortalPreferenceCommand)).toHaveLength(0); // Get returns the secret
  });
});

describe('Delete', () => {
  test('deletes the preference with a ClientToken and never reads a secret', async () => {
    const event = deleteEvent(server, ARN, fullProperties());
    invoicing.on(DeleteProcurementPortalPreferenceCommand, {
      ProcurementPortalPreferenceArn: ARN,
      ClientToken: token(event.RequestId, DELETE),
    }, true).resolves({ ProcurementPortalPreferenceArn: ARN });

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN, Reason: 'Deleted' });
    expect(operations()).toEqual(['ListTagsForResource', 'DeleteProcurementPortalPreference']);
    expect(secrets.calls()).toHaveLength(0);
  });

  test.each([
    ['a failed create marker', 'create-failed-00000000-0000-4000-8000-000000000001'],
    ['a cancelled create (some other id)', 'CoupaPreference-abc'],
    ['an ARN of another service', 'arn:aws:s3:::bucket'],
  ])('%s: SUCCESS without any API call', async (_, physicalId) => {
    const event = deleteEvent(server, physicalId, minimalProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    expect(invoicing.calls()).toHaveLength(0);
  });

  test('an empty physical id: SUCCESS without any API call, with a non-empty physical id in the response', async () => {
    const event = deleteEvent(server, '', minimalProperties());

    await handler(event, fakeContext());

    const response = server.only(event);
    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).not.toBe('');
    expect(invoicing.calls()).toHaveLength(0);
  });

  test('a preference already gone: SUCCESS', async () => {
    invoicing.on(DeleteProcurementPortalPreferenceCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: { httpStatusCode: 404 } } as never));
    const event = deleteEvent(server, ARN, minimalProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ARN, Reason: 'Already deleted' });
  });

  test('AccessDenied: FAILED with the code in the Reason, not taken as "not found"', async () => {
    invoicing.on(DeleteProcurementPortalPreferenceCommand)
      .rejects(new AccessDeniedException({ message: 'User is not authorized to perform invoicing:DeleteProcurementPortalPreference', $metadata: { httpStatusCode: 403 } }));
    const event = deleteEvent(server, ARN, minimalProperties());

    await handler(event, fakeContext());

    expect(server.only(event)).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: ARN,
      Reason: 'DeleteProcurementPortalPreference failed: AccessDeniedException: User is not authorized to perform invoicing:DeleteProcurementPortalPreference',
    });
  });
});
