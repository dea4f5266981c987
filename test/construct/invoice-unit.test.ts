import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { errorOf, newPreference, newStack, preferenceProperties } from './helpers';
import { INVOICE_UNIT_RESOURCE_TYPE } from '../../src/contract/invoice-unit';
import { InvoiceUnit } from 'cdk-procurement-portal';

const FINANCE = { invoiceUnitName: 'Finance EU', linkedAccounts: ['111111111111', '222222222222'] };

function unitProperties(stack: cdk.Stack): Record<string, any> {
  const resources = Object.values(Template.fromStack(stack).findResources(INVOICE_UNIT_RESOURCE_TYPE));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

test('renders the unit on the stack\'s handler: receiver the stack\'s account by default, tags, the ARN as Ref', () => {
  const stack = newStack('Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const unit = new InvoiceUnit(stack, 'Finance', { ...FINANCE, billSourceAccounts: ['333333333333'], description: 'EU entities' });
  cdk.Tags.of(unit).add('team', 'finance');
  expect(unitProperties(stack)).toEqual({
    ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^ProcurementPortalPreferenceProvider/), 'Arn'] },
    Name: 'Finance EU',
    InvoiceReceiver: '123456789012',
    Description: 'EU entities',
    LinkedAccounts: ['111111111111', '222222222222'],
    BillSourceAccounts: ['333333333333'],
    ResourceTags: [{ Key: 'team', Value: 'finance' }],
  });
  expect(stack.resolve(unit.invoiceUnitArn)).toEqual({ Ref: expect.stringMatching(/^Finance/) });
  Template.fromStack(stack).hasResource(INVOICE_UNIT_RESOURCE_TYPE, { DeletionPolicy: 'Delete' });
});

test('one handler for the stack\'s units and preferences, with the unit statements added once', () => {
  const stack = newStack();
  new InvoiceUnit(stack, 'A', FINANCE);
  new InvoiceUnit(stack, 'B', { invoiceUnitName: 'Other' });
  newPreference(stack);
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Lambda::Function', 1);
  const statements = Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Action: string[]; Resource: unknown }>);
  expect(statements.filter((s) => s.Sid === 'CreateInvoiceUnits')).toEqual([
    expect.objectContaining({ Action: ['invoicing:CreateInvoiceUnit', 'invoicing:ListInvoiceUnits'], Resource: '*' }),
  ]);
  expect(statements.filter((s) => s.Sid === 'ManageInvoiceUnits')).toHaveLength(1);
});

test('a preference selects units by construct and by ARN: the unit\'s Ref orders the deploy', () => {
  const stack = newStack();
  const unit = new InvoiceUnit(stack, 'Finance', FINANCE);
  const imported = InvoiceUnit.fromInvoiceUnitArn(stack, 'Legal', 'arn:aws:invoicing::123456789012:invoice-unit/legal123');
  newPreference(stack, { selector: { invoiceUnitArns: ['arn:aws:invoicing::123456789012:invoice-unit/ops4567'], invoiceUnits: [unit, imported] } });
  expect(preferenceProperties(Template.fromStack(stack)).Selector).toEqual({
    InvoiceUnitArns: ['arn:aws:invoicing::123456789012:invoice-unit/ops4567', { Ref: expect.stringMatching(/^Finance/) },
      'arn:aws:invoicing::123456789012:invoice-unit/legal123'],
  });
});

test('synth refuses what the service refuses, naming the prop and what is allowed', () => {
  const stack = newStack();
  expect(errorOf(() => new InvoiceUnit(stack, 'Bad', {
    invoiceUnitName: ' Finance*',
    invoiceReceiver: '12345',
    linkedAccounts: ['111111111111', '111111111111', 'abc'],
    billSourceAccounts: ['111111111111'],
    description: 'x'.repeat(501),
  }))).toBe([
    "[Stack/Bad] invoiceUnitName must be 1 to 50 letters, digits, spaces, hyphens or underscores, not starting or ending with a space, got ' Finance*'",
    "[Stack/Bad] invoiceReceiver must be an AWS account id of 12 digits, got '12345'",
    '[Stack/Bad] description must be at most 500 characters, got 501',
    "[Stack/Bad] linkedAccounts[2] must be an AWS account id of 12 digits, got 'abc'",
    "[Stack/Bad] linkedAccounts must not repeat a value, got '111111111111' more than once",
    '[Stack/Bad] an account must not be both in linkedAccounts and in billSourceAccounts, got 111111111111',
  ].join('\n'));
});

test('fromInvoiceUnitArn refuses what is not an invoice unit ARN; grantRead scopes to the unit', () => {
  const stack = newStack();
  expect(errorOf(() => InvoiceUnit.fromInvoiceUnitArn(stack, 'X', 'arn:aws:invoicing::123456789012:procurement-portal-preference/abc')))
    .toBe("[Stack/X] invoiceUnitArn must be an invoice unit ARN of the form 'arn:aws:invoicing::123456789012:invoice-unit/abcd1234', "
      + "got 'arn:aws:invoicing::123456789012:procurement-portal-preference/abc'");
  const unit = new InvoiceUnit(stack, 'Finance', FINANCE);
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  unit.grantRead(role);
  const readers = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes('Reader'));
  expect(readers.map((p) => p.Properties.PolicyDocument.Statement)).toEqual([[{
    Action: ['invoicing:GetInvoiceUnit', 'invoicing:ListTagsForResource'], Effect: 'Allow', Resource: { Ref: expect.stringMatching(/^Finance/) },
  }]]);
});

test('RETAIN keeps the unit when it leaves the stack', () => {
  const stack = newStack();
  new InvoiceUnit(stack, 'Finance', { ...FINANCE, removalPolicy: cdk.RemovalPolicy.RETAIN });
  Template.fromStack(stack).hasResource(INVOICE_UNIT_RESOURCE_TYPE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
});

describe('enrolOrganizationalUnits', () => {
  test('one function with its own role: reads the organization, updates this unit only; three rules; the unit knows it', () => {
    const stack = newStack('Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const unit = new InvoiceUnit(stack, 'Finance', FINANCE);
    const enrolment = unit.enrolOrganizationalUnits({ organizationalUnitIds: ['ou-ab12-cdef3456'] });
    expect(unit.enrolOrganizationalUnits({ organizationalUnitIds: ['ou-ab12-cdef3456'] })).toBe(enrolment);
    const template = Template.fromStack(stack);
    expect(unitProperties(stack).EnrolledOrganizationalUnits).toEqual(['ou-ab12-cdef3456']);
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: {
          PPP_ENROL_UNIT_ARN: { Ref: 'FinanceA507B6ED' },
          PPP_ENROL_ORGANIZATIONAL_UNITS: 'ou-ab12-cdef3456',
          PPP_ENROL_DECLARED_ACCOUNTS: '111111111111,222222222222',
          PPP_METRIC_NAMESPACE: 'CdkProcurementPortal',
        },
      },
    });
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Sid?: string; Action: string[]; Resource: unknown }>);
    expect(statements.find((s) => s.Sid === 'UpdateTheInvoiceUnit')).toMatchObject({
      Action: ['invoicing:GetInvoiceUnit', 'invoicing:UpdateInvoiceUnit'], Resource: { Ref: 'FinanceA507B6ED' },
    });
    const patterns = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties.EventPattern?.source?.[0] ?? r.Properties.ScheduleExpression);
    expect(patterns.sort()).toEqual(['aws.cloudformation', 'aws.organizations', 'rate(1 day)']);
    expect(stack.resolve(enrolment.metricAccountsInNoInvoiceUnit().metricName)).toBe('AccountsInNoInvoiceUnit');
  });

  test('outside us-east-1 a warning says the account events do not arrive there', () => {
    const stack = newStack('Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    new InvoiceUnit(stack, 'Finance', FINANCE).enrolOrganizationalUnits({ organizationalUnitIds: ['ou-ab12-cdef3456'] });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Organizations sends its account events to us-east-1 only'));
    expect(warnings).toHaveLength(1);
  });

  test('refuses what is not an OU id, repeats, too many and a reconcile under an hour', () => {
    const stack = newStack();
    const unit = new InvoiceUnit(stack, 'Finance', FINANCE);
    expect(errorOf(() => unit.enrolOrganizationalUnits({ organizationalUnitIds: ['ou-ab12-cdef3456', 'finance', 'ou-ab12-cdef3456'], reconcileInterval: cdk.Duration.minutes(5) })))
      .toBe(["[Stack/Finance/Enrolment] organizationalUnitIds[1] must be an organizational unit id such as 'ou-ab12-cdef3456' or a root id such as 'r-ab12', got 'finance'",
        "[Stack/Finance/Enrolment] organizationalUnitIds must not repeat a value, got 'ou-ab12-cdef3456' more than once",
        '[Stack/Finance/Enrolment] reconcileInterval must be at least 1 hour, got 5 minutes'].join('\n'));
  });
});

test('monitorDelivery() watches the receivers of the units the preference selects', () => {
  const stack = newStack('Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const europe = new InvoiceUnit(stack, 'Europe', { invoiceUnitName: 'Europe', invoiceReceiver: '210987654321' });
  const legal = InvoiceUnit.fromInvoiceUnitArn(stack, 'Legal', 'arn:aws:invoicing::123456789012:invoice-unit/legal123');
  const monitor = newPreference(stack, { selector: { invoiceUnits: [europe, legal] } }).monitorDelivery();
  expect(monitor.accounts).toEqual(['210987654321']);
  expect(newPreference(stack, { buyerIdentifier: 'AN02000000077' }, 'Other').monitorDelivery().accounts).toEqual(['123456789012']);
});
