import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { errorOf, importedSecret, newPreference, newStack, secretOf } from './helpers';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { CANARY_EMAIL, CANARY_NAME, CANARY_SECRET, minimalDelivery, minimalProps } from '../fixtures';
import {
  EinvoiceDeliveryProps,
  EinvoiceDocumentType,
  PortalSecret,
  ProcurementPortalName,
  ProcurementPortalPreference,
  PurchaseOrderDataSourceType,
} from 'cdk-procurement-portal';

/** Props that are valid on their own, given as overrides; `any` because jsii callers can send anything. */
type Overrides = Record<string, any>;

function failure(overrides: Overrides): string {
  const stack = newStack();
  return errorOf(() => newPreference(stack, overrides));
}

/** One test per row, `fails when <what>`: the props it overrides fail with exactly its message. */
function failsWith(cases: Array<[what: string, overrides: Overrides, message: string]>): void {
  test.each(cases)('fails when %s', (_, overrides, message) => {
    expect(failure(overrides)).toBe(message);
  });
}

/** Valid delivery settings with `overrides`, which may be anything a jsii caller sends. */
const delivery = (overrides: Overrides = {}): EinvoiceDeliveryProps => minimalDelivery(overrides);

function range(count: number, item: (index: number) => string): string[] {
  return Array.from({ length: count }, (_, index) => item(index));
}

const LONG = 'x'.repeat(1025);

/** The first `at` line of an error's stack: where a user's terminal points them. */
function firstFrame(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return ((error as Error).stack ?? '').split('\n').find((line) => line.trim().startsWith('at ')) ?? '';
  }
  throw new Error('expected an error');
}

describe('the stack of a synth error starts at the caller, not inside the library', () => {
  test('invalid props: the line of `new ProcurementPortalPreference`', () => {
    const frame = firstFrame(() => new ProcurementPortalPreference(newStack(), 'Pref', minimalProps({ buyerIdentifier: 'has space' })));
    expect(frame).toContain('validation.test.ts');
  });

  test('PortalSecret.fromSecretsManager given something that is not a secret: the line of the call', () => {
    expect(firstFrame(() => PortalSecret.fromSecretsManager('CANARY' as any))).toContain('validation.test.ts');
  });
});

describe('identity', () => {
  failsWith([
    ['procurementPortalName is not a portal', { procurementPortalName: 'ARIBA' },
      "[Stack/Pref] procurementPortalName must be one of SAP_BUSINESS_NETWORK, COUPA, got 'ARIBA'"],
    ['procurementPortalName is missing', { procurementPortalName: undefined },
      '[Stack/Pref] procurementPortalName is required and must be a string, got undefined'],
    ['buyerDomain is not NetworkID', { buyerDomain: 'DUNS' },
      "[Stack/Pref] buyerDomain must be one of NetworkID, got 'DUNS'"],
    ['supplierDomain is not NetworkID', { supplierDomain: 'networkid' },
      "[Stack/Pref] supplierDomain must be one of NetworkID, got 'networkid'"],
    ['buyerIdentifier is empty', { buyerIdentifier: '' },
      "[Stack/Pref] buyerIdentifier must be 1 to 1024 characters without white space, got ''"],
    ['buyerIdentifier has white space', { buyerIdentifier: 'AN 01' },
      "[Stack/Pref] buyerIdentifier must be 1 to 1024 characters without white space, got 'AN 01'"],
  ]);

  test('fails when supplierIdentifier is longer than 1,024 characters', () => {
    expect(failure({ supplierIdentifier: LONG })).toMatch(/^\[Stack\/Pref\] supplierIdentifier must be 1 to 1024 characters without white space, got 'x{77}\.\.\.'$/);
  });

  test('fails when supplierIdentifier is not a string', () => {
    expect(failure({ supplierIdentifier: 42 as unknown as string }))
      .toBe('[Stack/Pref] supplierIdentifier is required and must be a string, got a number');
  });

  test('fails when two preferences of one stack have the same portal, buyer and supplier', () => {
    const stack = newStack();
    newPreference(stack, {}, 'First');
    expect(errorOf(() => newPreference(stack, { contacts: [{ email: 'other@example.com' }] }, 'Second')))
      .toBe("[Stack/Second] a preference for portal SAP_BUSINESS_NETWORK, buyer NetworkID 'AN02000000001' and supplier "
        + "NetworkID 'AN02000000002' is already declared in this stack at Stack/First; the Invoicing API allows one "
        + 'preference per portal, buyer and supplier');
  });

  test('the same buyer and supplier on another portal, or in another stack, is fine', () => {
    const app = new cdk.App();
    const one = new cdk.Stack(app, 'One');
    newPreference(one, {}, 'Sap');
    newPreference(one, { procurementPortalName: ProcurementPortalName.COUPA }, 'Coupa');
    newPreference(one, { supplierIdentifier: 'OTHER' }, 'OtherSupplier');
    newPreference(new cdk.Stack(app, 'Two'), {}, 'Sap');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('selector', () => {
  test('fails when an invoice unit ARN is malformed', () => {
    expect(failure({ selector: { invoiceUnitArns: ['arn:aws:invoicing::123:invoice-unit/x'] } }))
      .toBe('[Stack/Pref] selector.invoiceUnitArns[0] must be an invoice unit ARN of the form '
        + "'arn:aws:invoicing::123456789012:invoice-unit/abcd1234', got 'arn:aws:invoicing::123:invoice-unit/x'");
  });

  test('fails when there are more than 500 invoice units', () => {
    const arns = range(501, (i) => `arn:aws:invoicing::123456789012:invoice-unit/unit${i}`);
    expect(failure({ selector: { invoiceUnitArns: arns } }))
      .toBe('[Stack/Pref] selector.invoiceUnitArns must have at most 500 items, got 501');
  });

  test('500 invoice units and 100 sellers of record are fine', () => {
    const stack = newStack();
    expect(() => newPreference(stack, {
      selector: {
        invoiceUnitArns: range(500, (i) => `arn:aws:invoicing::123456789012:invoice-unit/unit${i}`),
        sellerOfRecords: range(100, (i) => `SELLER${i}`),
      },
    })).not.toThrow();
  });

  failsWith([
    ['there are more than 100 sellers of record', { selector: { sellerOfRecords: range(101, (i) => `SELLER${i}`) } },
      '[Stack/Pref] selector.sellerOfRecords must have at most 100 items, got 101'],
    ['a seller of record has white space', { selector: { sellerOfRecords: ['AWS EMEA'] } },
      "[Stack/Pref] selector.sellerOfRecords[0] must be 1 to 1024 characters without white space, got 'AWS EMEA'"],
    ['invoiceUnitArns is not an array', { selector: { invoiceUnitArns: 'arn:aws:invoicing::123456789012:invoice-unit/abcd1234' } },
      '[Stack/Pref] selector.invoiceUnitArns must be an array, got a string'],
  ]);
});

describe('secrets', () => {
  test('fails when sharedSecret is a plaintext string, without repeating it', () => {
    const message = failure({ sharedSecret: CANARY_SECRET });
    expect(message).toBe('[Stack/Pref] sharedSecret must be a PortalSecret created with PortalSecret.fromSecretsManager(secret, '
      + '{ jsonField }), got a string (value not shown); plaintext values and SecretValue are refused because they would '
      + 'be written into the template');
    expect(message).not.toContain(CANARY_SECRET);
  });

  test('fails when sharedSecret is a SecretValue, without repeating it', () => {
    const message = failure({ sharedSecret: cdk.SecretValue.unsafePlainText(CANARY_SECRET) });
    expect(message).toMatch(/^\[Stack\/Pref\] sharedSecret must be a PortalSecret .*, got a SecretValue \(value not shown\)/);
    expect(message).not.toContain(CANARY_SECRET);
  });

  test('fails when sharedSecret is a secret reference string', () => {
    const message = failure({ sharedSecret: `{{resolve:secretsmanager:${CANARY_SECRET}:SecretString:sharedSecret}}` });
    expect(message).toMatch(/^\[Stack\/Pref\] sharedSecret must be a PortalSecret .*, got a string \(value not shown\)/);
    expect(message).not.toContain(CANARY_SECRET);
  });

  test('fails when sharedSecret is an ISecret given without PortalSecret.fromSecretsManager()', () => {
    const stack = newStack();
    expect(errorOf(() => newPreference(stack, { sharedSecret: importedSecret(stack, 'sap/shared') as any })))
      .toMatch(/^\[Stack\/Pref\] sharedSecret must be a PortalSecret .*, got an? \w+ \(value not shown\)/);
  });

  test('fails when sharedSecret is an object that looks like a PortalSecret', () => {
    const stack = newStack();
    const lookalike = { secret: importedSecret(stack, 'sap/shared'), jsonField: 'x' };
    expect(errorOf(() => newPreference(stack, { sharedSecret: lookalike as any })))
      .toMatch(/^\[Stack\/Pref\] sharedSecret must be a PortalSecret .*, got an object \(value not shown\)/);
  });

  test('fails when testEnvironment.sharedSecret is a plaintext string, without repeating it', () => {
    const message = failure({
      testEnvironment: { buyerIdentifier: 'B-T', supplierIdentifier: 'S-T', sharedSecret: CANARY_SECRET },
    });
    expect(message).toMatch(/^\[Stack\/Pref\] testEnvironment\.sharedSecret must be a PortalSecret .*, got a string \(value not shown\)/);
    expect(message).not.toContain(CANARY_SECRET);
  });

  test('fails when contactsSecret is a plaintext string, without repeating it', () => {
    const message = failure({ contacts: undefined, contactsSecret: CANARY_EMAIL });
    expect(message).toMatch(/^\[Stack\/Pref\] contactsSecret must be a PortalSecret .*, got a string \(value not shown\)/);
    expect(message).not.toContain(CANARY_EMAIL);
  });

  test('fails when a jsonField has white space', () => {
    const stack = newStack();
    expect(errorOf(() => newPreference(stack, { sharedSecret: secretOf(stack, 'sap/shared', 'shared secret') })))
      .toBe("[Stack/Pref] sharedSecret.jsonField must be 1 to 1024 characters without white space, got 'shared secret'");
  });

  test('fails when a jsonField is empty', () => {
    const stack = newStack();
    expect(errorOf(() => newPreference(stack, { sharedSecret: secretOf(stack, 'sap/shared', '') })))
      .toBe("[Stack/Pref] sharedSecret.jsonField must be 1 to 1024 characters without white space, got ''");
  });

  test('fails when a jsonField is a secret reference, without repeating it', () => {
    const stack = newStack();
    const field = `{{resolve:secretsmanager:${CANARY_SECRET}}}`;
    const message = errorOf(() => newPreference(stack, { sharedSecret: secretOf(stack, 'sap/shared', field) }));
    expect(message).toBe("[Stack/Pref] sharedSecret.jsonField must be the name of a field of the secret's JSON value, got a "
      + 'dynamic reference (value not shown); give the secret itself to PortalSecret.fromSecretsManager()');
    expect(message).not.toContain(CANARY_SECRET);
  });

  test('fails when PortalSecret.fromSecretsManager() is given a string, without repeating it', () => {
    const message = errorOf(() => PortalSecret.fromSecretsManager(CANARY_SECRET as any));
    expect(message).toBe('PortalSecret.fromSecretsManager() expects an ISecret (for example '
      + 'secretsmanager.Secret.fromSecretNameV2()), got a string (value not shown)');
  });

  test('fails when PortalSecret.fromSecretsManager() is given a SecretValue', () => {
    expect(errorOf(() => PortalSecret.fromSecretsManager(cdk.SecretValue.unsafePlainText(CANARY_SECRET) as any)))
      .toMatch(/expects an ISecret .*, got a SecretValue \(value not shown\)$/);
  });

  test('PortalSecret.isPortalSecret() tells the created ones apart', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    expect(PortalSecret.isPortalSecret(PortalSecret.fromSecretsManager(secret))).toBe(true);
    expect(PortalSecret.isPortalSecret(secret)).toBe(false);
    expect(PortalSecret.isPortalSecret('secret')).toBe(false);
    expect(PortalSecret.isPortalSecret(undefined)).toBe(false);
  });
});

describe('endpoints', () => {
  failsWith([
    ['instanceEndpoint is not HTTPS', { instanceEndpoint: 'http://portal.example.com/cxml' },
      "[Stack/Pref] instanceEndpoint must be an HTTPS URL such as 'https://portal.example.com/cxml', got 'http://portal.example.com/cxml'"],
    ['instanceEndpoint is not a URL', { instanceEndpoint: 'portal.example.com' },
      "[Stack/Pref] instanceEndpoint must be an HTTPS URL such as 'https://portal.example.com/cxml', got 'portal.example.com' (not a URL)"],
    ['instanceEndpoint has white space', { instanceEndpoint: 'https://portal.example.com/c xml' },
      "[Stack/Pref] instanceEndpoint must be 1 to 1024 characters without white space, got 'https://portal.example.com/c xml'"],
    ['testEnvironment.instanceEndpoint is not HTTPS', { testEnvironment: { buyerIdentifier: 'B-T', supplierIdentifier: 'S-T', instanceEndpoint: 'ftp://test.example.com' } },
      "[Stack/Pref] testEnvironment.instanceEndpoint must be an HTTPS URL such as 'https://portal.example.com/cxml', got 'ftp://test.example.com'"],
  ]);
});

describe('test environment', () => {
  failsWith([
    ['testEnvironment.buyerIdentifier is missing', { testEnvironment: { supplierIdentifier: 'S-T' } },
      '[Stack/Pref] testEnvironment.buyerIdentifier is required and must be a string, got undefined'],
    ['testEnvironment.supplierIdentifier has white space', { testEnvironment: { buyerIdentifier: 'B-T', supplierIdentifier: 'S T' } },
      "[Stack/Pref] testEnvironment.supplierIdentifier must be 1 to 1024 characters without white space, got 'S T'"],
    ['testEnvironment.buyerDomain is not NetworkID', { testEnvironment: { buyerDomain: 'DUNS', buyerIdentifier: 'B-T', supplierIdentifier: 'S-T' } },
      "[Stack/Pref] testEnvironment.buyerDomain must be one of NetworkID, got 'DUNS'"],
  ]);
});

describe('e-invoice delivery', () => {
  failsWith([
    ['einvoiceDeliveryEnabled is true without einvoiceDelivery', { einvoiceDeliveryEnabled: true },
      '[Stack/Pref] einvoiceDelivery is required when einvoiceDeliveryEnabled is true (document types, purchase '
      + 'order data sources, connection testing method and activation date)'],
    ['einvoiceDeliveryEnabled is not a boolean', { einvoiceDeliveryEnabled: 'true', einvoiceDelivery: delivery() },
      '[Stack/Pref] einvoiceDeliveryEnabled must be a boolean (true or false), got a string'],
    ['there are more than 10 document types', { einvoiceDelivery: delivery({ documentTypes: range(11, () => EinvoiceDocumentType.AWS_CLOUD_INVOICE) }) },
      '[Stack/Pref] einvoiceDelivery.documentTypes must have at most 10 items, got 11\n'
      + "[Stack/Pref] einvoiceDelivery.documentTypes must not repeat a value, got 'AWS_CLOUD_INVOICE' more than once"],
    ['a document type is unknown', { einvoiceDelivery: delivery({ documentTypes: ['AWS_INVOICE'] }) },
      '[Stack/Pref] einvoiceDelivery.documentTypes[0] must be one of AWS_CLOUD_INVOICE, AWS_CLOUD_CREDIT_MEMO, '
      + "AWS_MARKETPLACE_INVOICE, AWS_MARKETPLACE_CREDIT_MEMO, AWS_REQUEST_FOR_PAYMENT, got 'AWS_INVOICE'"],
    ['documentTypes is missing', { einvoiceDelivery: delivery({ documentTypes: undefined }) },
      '[Stack/Pref] einvoiceDelivery.documentTypes is required and must be an array, got undefined'],
    ['an attachment type is unknown', { einvoiceDelivery: delivery({ attachmentTypes: ['CSV'] }) },
      "[Stack/Pref] einvoiceDelivery.attachmentTypes[0] must be one of INVOICE_PDF, RFP_PDF, got 'CSV'"],
    ['the protocol is not CXML', { einvoiceDelivery: delivery({ protocol: 'PEPPOL' }) },
      "[Stack/Pref] einvoiceDelivery.protocol must be one of CXML, got 'PEPPOL'"],
    ['a purchase order data source has an unknown source type', { einvoiceDelivery: delivery({ purchaseOrderDataSources: [{ documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE, sourceType: 'OPTIONAL' }] }) },
      '[Stack/Pref] einvoiceDelivery.purchaseOrderDataSources[0].sourceType must be one of '
      + "ASSOCIATED_PURCHASE_ORDER_REQUIRED, PURCHASE_ORDER_NOT_REQUIRED, got 'OPTIONAL'"],
  ]);

  test('fails when a purchase order data source has an unknown document type', () => {
    expect(failure({
      einvoiceDelivery: delivery({
        purchaseOrderDataSources: [{ documentType: 'INVOICE', sourceType: PurchaseOrderDataSourceType.PURCHASE_ORDER_NOT_REQUIRED }],
      }),
    })).toMatch(/^\[Stack\/Pref\] einvoiceDelivery\.purchaseOrderDataSources\[0\]\.documentType must be one of AWS_CLOUD_INVOICE, .*, got 'INVOICE'$/);
  });

  test('fails when purchaseOrderDataSources is missing', () => {
    expect(failure({ einvoiceDelivery: delivery({ purchaseOrderDataSources: undefined }) }))
      .toBe('[Stack/Pref] einvoiceDelivery.purchaseOrderDataSources is required and must be an array, got undefined');
  });

  failsWith([
    ['the connection testing method is unknown', { einvoiceDelivery: delivery({ connectionTestingMethod: 'PING' }) },
      "[Stack/Pref] einvoiceDelivery.connectionTestingMethod must be one of PROD_ENV_DOLLAR_TEST, TEST_ENV_REPLAY_TEST, got 'PING'"],
    ['the activation date is not a valid date', { einvoiceDelivery: delivery({ activationDate: new Date('first of January') }) },
      "[Stack/Pref] einvoiceDelivery.activationDate must be a valid Date such as new Date('2027-01-01T00:00:00Z'), got an invalid Date"],
    ['the activation date is a string', { einvoiceDelivery: delivery({ activationDate: '2027-01-01' }) },
      "[Stack/Pref] einvoiceDelivery.activationDate is required and must be a Date such as new Date('2027-01-01T00:00:00Z'), got a string"],
  ]);
});

describe('purchase order retrieval', () => {
  failsWith([
    ['purchaseOrderRetrievalEnabled is missing', { purchaseOrderRetrievalEnabled: undefined },
      '[Stack/Pref] purchaseOrderRetrievalEnabled is required and must be a boolean (true or false), got undefined'],
    ['purchaseOrderRetrievalEnabled is the string "true"', { purchaseOrderRetrievalEnabled: 'true' },
      '[Stack/Pref] purchaseOrderRetrievalEnabled is required and must be a boolean (true or false), got a string'],
  ]);
});

describe('contacts', () => {
  test('fails when contacts is empty', () => {
    expect(failure({ contacts: [] })).toBe('[Stack/Pref] contacts must have exactly 1 item, got 0');
  });

  test('fails when there are two contacts, without repeating them', () => {
    const message = failure({ contacts: [{ email: 'a@example.com' }, { name: CANARY_NAME, email: CANARY_EMAIL }] });
    expect(message).toBe('[Stack/Pref] contacts must have exactly 1 item, got 2');
  });

  test('fails when both contacts and contactsSecret are given', () => {
    const stack = newStack();
    expect(errorOf(() => newPreference(stack, { contactsSecret: secretOf(stack, 'sap/contact') })))
      .toBe('[Stack/Pref] exactly one of contacts and contactsSecret must be given, got both');
  });

  test('fails when both supplierIdentifier and supplierLookup are given, or neither', () => {
    expect(failure({ supplierLookup: { sellerOfRecord: 'AWS_INC' } }))
      .toBe('[Stack/Pref] exactly one of supplierIdentifier and supplierLookup must be given, got both');
    expect(failure({ supplierIdentifier: undefined })).toBe('[Stack/Pref] exactly one of supplierIdentifier and supplierLookup must be given, got neither');
  });

  test('fails when a supplier lookup names a seller of record or a country the service refuses', () => {
    expect(failure({ supplierIdentifier: undefined, supplierLookup: { sellerOfRecord: 'AWS Inc', countryCode: 'us' } }))
      .toBe("[Stack/Pref] supplierLookup.sellerOfRecord must be 1 to 1024 characters without white space, got 'AWS Inc'\n"
        + "[Stack/Pref] supplierLookup.countryCode must be a two-letter country code in capitals such as 'US' or 'LU', got 'us'");
  });

  test('renders a supplier lookup in place of the supplier id', () => {
    const stack = newStack();
    newPreference(stack, { supplierIdentifier: undefined, supplierLookup: { sellerOfRecord: 'AWS_EMEA', countryCode: 'LU' } });
    const [properties] = Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE)).map((r) => r.Properties);
    expect(properties.SupplierIdentifier).toBeUndefined();
    expect(properties.SupplierLookup).toEqual({ SellerOfRecord: 'AWS_EMEA', CountryCode: 'LU' });
  });

  test('fails when neither contacts nor contactsSecret is given', () => {
    expect(failure({ contacts: undefined })).toBe('[Stack/Pref] exactly one of contacts and contactsSecret must be given, got neither');
  });

  test('fails when an email is not an email address, without repeating it', () => {
    const malformed = CANARY_EMAIL.replace('@', ' at ');
    const message = failure({ contacts: [{ name: CANARY_NAME, email: malformed }] });
    expect(message).toBe("[Stack/Pref] contacts[0].email must be an email address like 'name@example.com' (the value is "
      + 'not shown: contacts are personal data)');
    expect(message).not.toContain(CANARY_NAME);
  });

  test('fails when a name is longer than 1,024 characters, without repeating it', () => {
    const message = failure({ contacts: [{ name: CANARY_NAME.repeat(60) }] });
    expect(message).toBe(`[Stack/Pref] contacts[0].name must be at most 1024 characters long, got ${CANARY_NAME.length * 60} `
      + 'characters (the value is not shown: contacts are personal data)');
  });

  test('fails when a contact is not an object', () => {
    expect(failure({ contacts: [CANARY_EMAIL] }))
      .toBe('[Stack/Pref] contacts[0] must be an object with an optional name and email, got a string');
  });
});

describe('tags (checked at synth, after Tags.of())', () => {
  function synthWithTags(tags: Record<string, string>): () => void {
    const stack = newStack();
    const preference = newPreference(stack);
    for (const [key, value] of Object.entries(tags)) cdk.Tags.of(preference).add(key, value);
    return () => Template.fromStack(stack);
  }

  test('fails when there are more than 195 tags (the API\'s 200 less the handler\'s own five)', () => {
    const tags = Object.fromEntries(range(196, (i) => `key${i}`).map((key) => [key, 'v']));
    expect(synthWithTags(tags)).toThrow('[Stack/Pref] tags must have at most 195 items, got 196');
  });

  test('195 tags are fine', () => {
    const tags = Object.fromEntries(range(195, (i) => `key${i}`).map((key) => [key, 'v']));
    expect(synthWithTags(tags)).not.toThrow();
  });

  test('fails when a tag key is longer than 128 characters', () => {
    expect(synthWithTags({ ['k'.repeat(129)]: 'v' }))
      .toThrow(/\[Stack\/Pref\] tags key must be 1 to 128 characters long, got 129 characters/);
  });

  test('fails when a tag key is empty', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    preference.tags.setTag('', 'v');
    expect(() => Template.fromStack(stack)).toThrow("[Stack/Pref] tags key must be 1 to 128 characters long, got 0 characters ('')");
  });

  test('tag tokens count against the limit but are not checked one by one', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    const value = new cdk.CfnParameter(stack, 'Value').valueAsString;
    for (const key of range(195, (i) => `key${i}`)) cdk.Tags.of(preference).add(key, 'v');
    cdk.Tags.of(preference).add('from-parameter', value);
    expect(() => Template.fromStack(stack)).toThrow('[Stack/Pref] tags must have at most 195 items, got 196');
  });

  test.each(['cdk-procurement-portal:owner', 'cdk-procurement-portal:secret:shared'])('fails when a tag uses a key the handler keeps for itself (%s)', (key) => {
    expect(synthWithTags({ [key]: 'someone' }))
      .toThrow(`[Stack/Pref] tags must not use keys starting with 'cdk-procurement-portal:', got '${key}'`);
  });

  test('fails when a tag value is longer than 256 characters', () => {
    expect(synthWithTags({ team: 'v'.repeat(257) }))
      .toThrow(/\[Stack\/Pref\] tags value of 'team' must be 0 to 256 characters long, got 257 characters/);
  });

  test('an empty tag value is fine', () => {
    expect(synthWithTags({ team: '' })).not.toThrow();
  });
});

describe('reporting', () => {
  test('fails with every problem of one preference at once, one line each', () => {
    expect(failure({ buyerIdentifier: 'a b', instanceEndpoint: 'http://x.example.com', contacts: [] }).split('\n')).toEqual([
      "[Stack/Pref] buyerIdentifier must be 1 to 1024 characters without white space, got 'a b'",
      "[Stack/Pref] instanceEndpoint must be an HTTPS URL such as 'https://portal.example.com/cxml', got 'http://x.example.com'",
      '[Stack/Pref] contacts must have exactly 1 item, got 0',
    ]);
  });

  test('errors name the full construct path', () => {
    const stage = new cdk.Stage(new cdk.App(), 'Prod');
    const scope = new Construct(new cdk.Stack(stage, 'Billing'), 'Portals');
    expect(errorOf(() => new ProcurementPortalPreference(scope, 'Sap', minimalProps({ buyerIdentifier: '' }))))
      .toBe("[Prod/Billing/Portals/Sap] buyerIdentifier must be 1 to 1024 characters without white space, got ''");
  });
});
