/**
 * Synth and the handler agree with the API: one rule set (src/contract/constraints.ts), checked by the construct at
 * synth time and again by the handler on CloudFormation's strings. Each case runs through both.
 */
import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { parseProperties } from '../../lambda/parse/properties';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { stringifyScalars } from '../../tools/cloudformation/simulator';
import { errorOf, newPreference, newStack } from '../construct/helpers';
import { CANARY_NAME, minimalDelivery, minimalProps } from '../fixtures';
import {
  EinvoiceDocumentType,
  ProcurementPortalName,
  ProcurementPortalPreference,
} from 'cdk-procurement-portal';

type Overrides = Record<string, any>;

/** The properties the construct renders for `overrides`, stringified as CloudFormation sends them to the handler. */
function renderedProperties(overrides: Overrides, tag?: [string, string]): Record<string, unknown> {
  const stack = newStack();
  const preference = newPreference(stack, overrides);
  if (tag) preference.tags.setTag(tag[0], tag[1]);
  const [resource] = Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE));
  return stringifyScalars(resource.Properties) as Record<string, unknown>;
}

/** The handler's verdict on properties: undefined when it accepts them, else its Reason. */
function handlerProblem(properties: Record<string, unknown>): string | undefined {
  try {
    parseProperties(properties);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function synthFailure(overrides: Overrides): string {
  return errorOf(() => newPreference(newStack(), overrides));
}

const delivery = minimalDelivery();

describe('what the API accepts, synth and the handler accept', () => {
  test('an empty contact name (the API takes 0 to 1,024 characters)', () => {
    const properties = renderedProperties({ contacts: [{ name: '', email: 'ap@example.com' }] });
    expect(properties.Contacts).toEqual([{ Name: '', Email: 'ap@example.com' }]);
    expect(handlerProblem(properties)).toBeUndefined();
  });

  test('lengths counted in code points: 1,024 characters outside the BMP are 2,048 UTF-16 units, and accepted', () => {
    const identifier = '\u{1F600}'.repeat(1024);
    expect(identifier.length).toBe(2048);
    const properties = renderedProperties({ buyerIdentifier: identifier, contacts: [{ name: '\u{1F600}'.repeat(1024) }] });
    expect(handlerProblem(properties)).toBeUndefined();
    // One more is too many, for both.
    expect(synthFailure({ buyerIdentifier: `${identifier}\u{1F600}` })).toContain('buyerIdentifier must be 1 to 1024 characters without white space');
    expect(handlerProblem({ ...properties, BuyerIdentifier: `${identifier}\u{1F600}` })).toContain('BuyerIdentifier must be 1 to 1024 characters without white space');
  });

  test('a tag key of 128 characters outside the BMP is accepted, as the API counts it', () => {
    const properties = renderedProperties({}, ['\u{1F600}'.repeat(128), 'v']);
    expect(handlerProblem(properties)).toBeUndefined();
  });

  test('einvoiceDelivery with einvoiceDeliveryEnabled false: the settings are kept while delivery is off', () => {
    const properties = renderedProperties({ einvoiceDeliveryEnabled: false, einvoiceDelivery: delivery });
    // false is what an absent EinvoiceDeliveryEnabled means: not rendered.
    expect(properties.EinvoiceDeliveryEnabled).toBeUndefined();
    expect(properties).toMatchObject({ EinvoiceDeliveryPreference: { EinvoiceDeliveryDocumentTypes: ['AWS_CLOUD_INVOICE'], Protocol: 'CXML' } });
    expect(handlerProblem(properties)).toBeUndefined();
    expect(parseProperties(properties).configuration).toMatchObject({ EinvoiceDeliveryEnabled: false, EinvoiceDeliveryPreference: { Protocol: 'CXML' } });
  });
});

describe('refused at synth naming the property, and again by the handler', () => {
  const ARN_A = 'arn:aws:invoicing::123456789012:invoice-unit/abcd1234';

  test.each([
    ['duplicate invoice unit ARNs', { selector: { invoiceUnitArns: [ARN_A, ARN_A] } },
      `selector.invoiceUnitArns must not repeat a value, got '${ARN_A}' more than once`,
      { Selector: { InvoiceUnitArns: [ARN_A, ARN_A] } }, 'Selector.InvoiceUnitArns must not repeat a value'],
    ['duplicate sellers of record', { selector: { sellerOfRecords: ['AWS', 'AWS'] } },
      "selector.sellerOfRecords must not repeat a value, got 'AWS' more than once",
      { Selector: { SellerOfRecords: ['AWS', 'AWS'] } }, 'Selector.SellerOfRecords must not repeat a value'],
    ['duplicate document types', {
      einvoiceDelivery: { ...delivery, documentTypes: [EinvoiceDocumentType.AWS_CLOUD_INVOICE, EinvoiceDocumentType.AWS_CLOUD_INVOICE] },
    }, "einvoiceDelivery.documentTypes must not repeat a value, got 'AWS_CLOUD_INVOICE' more than once",
    {
      EinvoiceDeliveryEnabled: 'true',
      EinvoiceDeliveryPreference: {
        EinvoiceDeliveryDocumentTypes: ['AWS_CLOUD_INVOICE', 'AWS_CLOUD_INVOICE'],
        Protocol: 'CXML',
        ConnectionTestingMethod: 'PROD_ENV_DOLLAR_TEST',
        PurchaseOrderDataSources: [],
        EinvoiceDeliveryActivationDate: '1798761600',
      },
    }, 'EinvoiceDeliveryPreference.EinvoiceDeliveryDocumentTypes must not repeat a value'],
    ['an endpoint with credentials in the URL', { instanceEndpoint: 'https://user:hunter2pass@portal.example.com/cxml' },
      "instanceEndpoint must not carry credentials (user:password@) in the URL, got one for host 'portal.example.com' (the URL is not shown)",
      { ProcurementPortalInstanceEndpoint: 'https://user:hunter2pass@portal.example.com/cxml' }, 'ProcurementPortalInstanceEndpoint must not carry credentials'],
  ])('%s', (_, overrides, synthMessage, handlerOverrides, handlerMessage) => {
    const message = synthFailure(overrides);
    expect(message).toContain(`[Stack/Pref] ${synthMessage}`);
    expect(message).not.toContain('hunter2pass');
    const base = renderedProperties({});
    const problem = handlerProblem({ ...base, ...handlerOverrides });
    expect(problem).toContain(handlerMessage);
    expect(problem).not.toContain('hunter2pass');
  });

  test('a tag key starting with aws:', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    preference.tags.setTag('aws:owner', 'me');
    expect(errorOf(() => Template.fromStack(stack))).toContain("tags key must not start with 'aws:' (reserved by AWS), got 'aws:owner'");
    expect(handlerProblem({ ...renderedProperties({}), ResourceTags: [{ Key: 'aws:owner', Value: 'me' }] }))
      .toContain("ResourceTags key must not start with 'aws:' (reserved by AWS), got 'aws:owner'");
  });
});

describe('one identity declared twice in an app', () => {
  function declare(stack: cdk.Stack, id = 'Pref'): ProcurementPortalPreference {
    return new ProcurementPortalPreference(stack, id, minimalProps());
  }

  test('fails in two stacks of the same account', () => {
    const app = new cdk.App();
    const env = { account: '123456789012', region: 'us-east-1' };
    declare(new cdk.Stack(app, 'One', { env }));
    expect(errorOf(() => declare(new cdk.Stack(app, 'Two', { env }))))
      .toContain("[Two/Pref] a preference for portal SAP_BUSINESS_NETWORK, buyer NetworkID 'AN02000000001' and supplier NetworkID 'AN02000000002' is already declared at One/Pref, which deploys to the same account");
  });

  test('fails in a stack and its nested stack, whose account is the same even when not known', () => {
    const app = new cdk.App();
    const parent = new cdk.Stack(app, 'Parent');
    declare(parent);
    expect(errorOf(() => declare(new cdk.NestedStack(parent, 'Nested')))).toContain('is already declared at Parent/Pref, which deploys to the same account');
  });

  test('warns when the accounts are not known at synth time', () => {
    const app = new cdk.App();
    declare(new cdk.Stack(app, 'One'));
    const two = new cdk.Stack(app, 'Two');
    declare(two);
    Annotations.fromStack(two).hasWarning('/Two/Pref', Match.stringLikeRegexp('is also declared at One/Pref; the accounts of the two stacks are not known at synth time'));
  });

  test('is fine in two known, different accounts', () => {
    const app = new cdk.App();
    declare(new cdk.Stack(app, 'One', { env: { account: '111111111111', region: 'us-east-1' } }));
    const two = new cdk.Stack(app, 'Two', { env: { account: '222222222222', region: 'us-east-1' } });
    declare(two);
    Annotations.fromStack(two).hasNoWarning('*', Match.stringLikeRegexp('also declared'));
  });
});

describe('partitions the service does not serve', () => {
  test.each([['cn-north-1', 'aws-cn'], ['us-gov-west-1', 'aws-us-gov']])('a stack in %s (%s): a synth error naming the partition', (region, partition) => {
    const stack = new cdk.Stack(new cdk.App(), 'Stack', { env: { account: '123456789012', region } });
    expect(errorOf(() => new ProcurementPortalPreference(stack, 'Pref', { ...minimalProps(), procurementPortalName: ProcurementPortalName.COUPA })))
      .toContain(`[Stack/Pref] the stack's partition must be 'aws': the Invoicing procurement portal API is offered in the aws partition only (its ARNs are arn:aws:...), got '${partition}'`);
  });

  test('an environment-agnostic stack is not refused: its partition is known at deploy time only', () => {
    expect(() => newPreference(newStack())).not.toThrow();
  });
});

test('a contact name never shows in a synth error, whatever its length', () => {
  expect(synthFailure({ contacts: [{ name: CANARY_NAME.repeat(60) }] })).not.toContain(CANARY_NAME);
});
