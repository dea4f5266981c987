import type { ProcurementPortalPreference } from '@aws-sdk/client-invoicing';
import { SECRET_ARN, TEST_SECRET_ARN, fullProperties, minimalProperties } from './harness';
import { parseProperties } from '../../lambda/parse/properties';
import { configurationFromGet } from '../../lambda/preference/put-from-get';
import { UNKNOWN_VERSION, readRecords, recordChanges, recordTags } from '../../lambda/preference/secret-record';
import { CANARY_CONTACT, CANARY_SECRET, coupaRequest } from '../fixtures';

const versions = new Map([[SECRET_ARN, 'v1'], [TEST_SECRET_ARN, 'v2']]);
const full = parseProperties(fullProperties()).configuration;

describe('the secret records a preference carries', () => {
  test('one tag per secret-fed field: the version applied, the ARN and the JSON field; read back the same', () => {
    const tags = recordTags(full, versions);
    expect(tags).toEqual([
      { Key: 'cdk-procurement-portal:secret:shared', Value: `v1 ${SECRET_ARN}#sharedSecret` },
      { Key: 'cdk-procurement-portal:secret:test-shared', Value: `v2 ${TEST_SECRET_ARN}` },
    ]);
    expect(readRecords([...tags, { Key: 'team', Value: 'x' }])).toEqual([
      { field: 'shared', versionId: 'v1', ref: { SecretArn: SECRET_ARN, JsonField: 'sharedSecret' } },
      { field: 'test-shared', versionId: 'v2', ref: { SecretArn: TEST_SECRET_ARN } },
    ]);
  });

  test('a JSON field with #: read back whole', () => {
    const configuration = parseProperties(minimalProperties({ ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN, JsonField: 'a#b#c' } })).configuration;
    expect(readRecords(recordTags(configuration, versions))[0].ref).toEqual({ SecretArn: SECRET_ARN, JsonField: 'a#b#c' });
  });

  test('a JSON field with white space is refused by the handler as at synth (the shared rule)', () => {
    expect(() => parseProperties(minimalProperties({ ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN, JsonField: 'a b' } })))
      .toThrow("ProcurementPortalSharedSecretRef.JsonField must be 1 to 1024 characters without white space, got 'a b'");
  });

  test('fails when a reference is too long to record, naming the secret and the way out', () => {
    const long = `${SECRET_ARN.slice(0, -7)}${'x'.repeat(220)}-AbCdEf`;
    const configuration = parseProperties(minimalProperties({ ProcurementPortalSharedSecretRef: { SecretArn: long } })).configuration;
    expect(() => recordTags(configuration, new Map())).toThrow(/too long to record for re-applies on rotation .* set reapplyOnSecretRotation to false/);
  });

  test('a malformed record is ignored (that field is then left to the next deploy)', () => {
    expect(readRecords([{ Key: 'cdk-procurement-portal:secret:shared', Value: 'garbage' }])).toEqual([]);
  });

  test.each([
    ['a Put: the versions it applied; nothing removed', true, true, fullProperties(), { set: 2, remove: [] }],
    ['no Put, the switch unchanged: nothing', false, true, fullProperties(), { set: 0, remove: [] }],
    ['re-apply switched off: every recorded field removed', false, false, fullProperties(), { set: 0, remove: ['shared', 'test-shared'] }],
    ['re-apply switched on without a Put: unknown versions, so the next pass applies them', false, true,
      fullProperties({ ReapplyOnSecretRotation: 'false' }), { set: 2, remove: [] }],
    ['a reference added by the Put: recorded', true, true,
      fullProperties({ TestEnvPreference: { ...(fullProperties().TestEnvPreference as object), ProcurementPortalSharedSecretRef: undefined } }),
      { set: 2, remove: [] }],
  ])('on an update, %s', (_what, put, reapply, oldRaw, expected) => {
    const changes = recordChanges(full, reapply, oldRaw as Record<string, unknown>, put, put ? versions : new Map());
    expect({ set: changes.toSet.length, remove: changes.toRemove.map((k) => k.replace('cdk-procurement-portal:secret:', '')) }).toEqual(expected);
    if (!put && changes.toSet.length > 0) expect(changes.toSet.every((t) => t.Value!.startsWith(`${UNKNOWN_VERSION} `))).toBe(true);
  });
});

test('on an update, a reference the Put removed: its record removed', () => {
  const shared = parseProperties(minimalProperties({ ProcurementPortalSharedSecretRef: { SecretArn: SECRET_ARN, JsonField: 'sharedSecret' } })).configuration;
  const changes = recordChanges(shared, true, fullProperties(), true, versions);
  expect(changes).toEqual({
    toSet: [{ Key: 'cdk-procurement-portal:secret:shared', Value: `v1 ${SECRET_ARN}#sharedSecret` }],
    toRemove: ['cdk-procurement-portal:secret:test-shared'],
  });
});

describe("Put's input from Get's answer", () => {
  test('every configuration member, the test environment without the endpoint the service assigned', () => {
    const request = coupaRequest();
    const held = {
      ...request,
      ProcurementPortalPreferenceArn: 'arn',
      Version: 3,
      AwsAccountId: '123456789012',
      CreateDate: new Date(0),
      LastUpdateDate: new Date(0),
      EinvoiceDeliveryPreferenceStatus: 'ACTIVE',
      PurchaseOrderRetrievalPreferenceStatus: 'ACTIVE',
      TestEnvPreference: { ...request.TestEnvPreference!, PurchaseOrderRetrievalEndpoint: 'https://assigned.example.com' },
    } as ProcurementPortalPreference;
    const {
      BuyerDomain, BuyerIdentifier, SupplierDomain, SupplierIdentifier, ProcurementPortalName, ResourceTags, ClientToken, ...configuration
    } = request;
    expect(configurationFromGet(held)).toEqual(configuration);
    expect(configurationFromGet(held).ProcurementPortalSharedSecret).toBe(CANARY_SECRET);
    expect(configurationFromGet(held).Contacts).toEqual([CANARY_CONTACT]);
  });
});
