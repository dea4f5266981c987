import { CANARY_EMAIL, SECRET_ARN, fullProperties, minimalProperties } from './harness';
import { ReasonError } from '../../lambda/aws/errors';
import { parseProperties } from '../../lambda/parse/properties';

function problemsOf(properties: unknown): string {
  try {
    parseProperties(properties);
  } catch (error) {
    expect(error).toBeInstanceOf(ReasonError);
    return (error as Error).message;
  }
  throw new Error('expected the properties to be refused');
}

describe('parseProperties: CloudFormation strings to typed API input', () => {
  test('the full set becomes typed values (booleans, the date, enums), ServiceToken ignored', () => {
    const parsed = parseProperties(fullProperties());

    expect(parsed.identity).toEqual({
      ProcurementPortalName: 'COUPA',
      BuyerDomain: 'NetworkID',
      BuyerIdentifier: 'AN01000000001',
      SupplierDomain: 'NetworkID',
      SupplierIdentifier: 'AN01000000002',
    });
    expect(parsed.configuration.EinvoiceDeliveryEnabled).toBe(true);
    expect(parsed.configuration.PurchaseOrderRetrievalEnabled).toBe(false);
    expect(parsed.configuration.EinvoiceDeliveryPreference?.EinvoiceDeliveryActivationDate).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(parsed.configuration.SharedSecretRef).toEqual({ SecretArn: SECRET_ARN, JsonField: 'sharedSecret' });
    expect(parsed.tags).toEqual([{ Key: 'team', Value: 'finance' }, { Key: 'env', Value: 'prod' }]);
  });

  test.each([
    ['a boolean other than "true"/"false"', { EinvoiceDeliveryEnabled: 'True' }, "EinvoiceDeliveryEnabled must be 'true' or 'false', got 'True'"],
    ['a real boolean (CloudFormation always sends strings)', { PurchaseOrderRetrievalEnabled: true }, "PurchaseOrderRetrievalEnabled must be 'true' or 'false', got a boolean"],
    ['an unknown portal', { ProcurementPortalName: 'ARIBA' }, "ProcurementPortalName must be one of SAP_BUSINESS_NETWORK, COUPA, got 'ARIBA'"],
    ['an unknown domain', { BuyerDomain: 'DUNS' }, "BuyerDomain must be one of NetworkID, got 'DUNS'"],
    ['an identifier with white space', { SupplierIdentifier: 'AN 01' }, "SupplierIdentifier must be 1 to 1024 characters without white space, got 'AN 01'"],
    ['an unknown property', { Colour: 'blue' }, "ResourceProperties has an unknown property 'Colour'"],
    ['a missing required property', { BuyerIdentifier: undefined }, 'BuyerIdentifier is required'],
    ['both Contacts and ContactsRef', { ContactsRef: { SecretArn: SECRET_ARN } }, 'exactly one of Contacts and ContactsRef must be given'],
    ['neither Contacts nor ContactsRef', { Contacts: undefined }, 'exactly one of Contacts and ContactsRef must be given'],
    ['contacts given as a string (never repeated)', { Contacts: 'CANARY <canary@example.com>' }, 'Contacts must be a list, got a string of 27 characters (not shown)'],
    ['a contact given as a string (never repeated)', { Contacts: ['CANARY <canary@example.com>'] }, 'Contacts[0] must be an object, got a string of 27 characters (not shown)'],
    ['two contacts', { Contacts: [{ Email: 'a@example.com' }, { Email: 'b@example.com' }] }, 'Contacts must have exactly 1 item, got 2'],
    ['a bad email (never repeated)', { Contacts: [{ Email: 'CANARY at example' }] }, "Contacts[0].Email must be an email address like 'name@example.com' (the value is not shown"],
    ['a plain-HTTP endpoint', { ProcurementPortalInstanceEndpoint: 'http://portal.example.com' }, 'ProcurementPortalInstanceEndpoint must be an HTTPS URL'],
    ['a secret reference that is not a secret ARN', { ProcurementPortalSharedSecretRef: { SecretArn: 'my-secret' } }, "ProcurementPortalSharedSecretRef.SecretArn must be a Secrets Manager secret ARN, got 'my-secret'"],
    ['a secret given as a value', { ProcurementPortalSharedSecretRef: 'CANARY-plain' }, 'ProcurementPortalSharedSecretRef must be an object, got'],
    ['an invoice unit that is not an ARN', { Selector: { InvoiceUnitArns: ['unit-1'] } }, 'Selector.InvoiceUnitArns[0] must be an invoice unit ARN'],
    ['too many sellers of record', { Selector: { SellerOfRecords: Array.from({ length: 101 }, (_, i) => `S${i}`) } }, 'Selector.SellerOfRecords must have at most 100 items, got 101'],
    ['a duplicate tag key', { ResourceTags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }, "ResourceTags must not repeat a key, got 'a' twice"],
    ['a tag key too long', { ResourceTags: [{ Key: 'k'.repeat(129), Value: '1' }] }, 'ResourceTags key must be 1 to 128 characters long, got 129 characters'],
    ['a tag without a value', { ResourceTags: [{ Key: 'a' }] }, 'ResourceTags[0].Value is required'],
  ])('refuses %s', (_, overrides, expected) => {
    const message = problemsOf(minimalProperties(overrides));

    expect(message.startsWith('Invalid properties: ')).toBe(true);
    expect(message).toContain(expected);
    expect(message).not.toContain('CANARY');
    expect(message).not.toContain(CANARY_EMAIL);
  });

  test.each([
    ['a date with decimals', '1798761600.5'],
    ['an ISO date', '2027-01-01T00:00:00Z'],
    ['a date in milliseconds beyond the range', '999999999999999'],
  ])('refuses %s for the activation date', (_, date) => {
    const delivery = { ...fullProperties().EinvoiceDeliveryPreference as object, EinvoiceDeliveryActivationDate: date };

    expect(problemsOf(fullProperties({ EinvoiceDeliveryPreference: delivery })))
      .toContain('EinvoiceDeliveryPreference.EinvoiceDeliveryActivationDate must be a date in integer epoch seconds');
  });

  test.each([
    ['an unknown document type', { EinvoiceDeliveryDocumentTypes: ['AWS_INVOICE'] }, 'EinvoiceDeliveryPreference.EinvoiceDeliveryDocumentTypes[0] must be one of AWS_CLOUD_INVOICE'],
    ['an unknown protocol', { Protocol: 'EDI' }, "EinvoiceDeliveryPreference.Protocol must be one of CXML, got 'EDI'"],
    ['a missing connection testing method', { ConnectionTestingMethod: undefined }, 'EinvoiceDeliveryPreference.ConnectionTestingMethod is required'],
    ['an unknown data source type', { PurchaseOrderDataSources: [{ EinvoiceDeliveryDocumentType: 'AWS_CLOUD_INVOICE', PurchaseOrderDataSourceType: 'MAYBE' }] },
      "EinvoiceDeliveryPreference.PurchaseOrderDataSources[0].PurchaseOrderDataSourceType must be one of ASSOCIATED_PURCHASE_ORDER_REQUIRED, PURCHASE_ORDER_NOT_REQUIRED, got 'MAYBE'"],
  ])('refuses %s in the e-invoice delivery preference', (_, overrides, expected) => {
    const delivery = { ...fullProperties().EinvoiceDeliveryPreference as object, ...overrides };

    expect(problemsOf(fullProperties({ EinvoiceDeliveryPreference: delivery }))).toContain(expected);
  });

  test('lists every problem in one Reason', () => {
    const message = problemsOf(minimalProperties({ EinvoiceDeliveryEnabled: 'yes', BuyerDomain: 'DUNS', Extra: '1' }));

    expect(message.split('; ')).toHaveLength(3);
  });

  test('refuses an unknown schema version', () => {
    expect(problemsOf(minimalProperties({ SchemaVersion: '2' })))
      .toContain("Invalid properties: SchemaVersion must be one of 1 (the layouts this handler reads), got '2'");
  });

  test('absent defaults (which the construct leaves out) read as the first layout, NetworkID and false', () => {
    const parsed = parseProperties(minimalProperties({
      SchemaVersion: undefined,
      BuyerDomain: undefined,
      SupplierDomain: undefined,
      EinvoiceDeliveryEnabled: undefined,
      PurchaseOrderRetrievalEnabled: undefined,
    }));
    expect(parsed.identity).toMatchObject({ BuyerDomain: 'NetworkID', SupplierDomain: 'NetworkID' });
    expect(parsed.configuration).toMatchObject({ EinvoiceDeliveryEnabled: false, PurchaseOrderRetrievalEnabled: false });
  });

  test('refuses properties that are not an object', () => {
    expect(problemsOf(undefined)).toBe('Invalid properties: ResourceProperties is required and must be an object');
    expect(problemsOf('CANARY')).toBe('Invalid properties: ResourceProperties is required and must be an object');
  });
});
