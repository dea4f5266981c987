import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { errorOf, newPreference, newStack, preferenceProperties } from './helpers';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { ProcurementPortalPreference } from 'cdk-procurement-portal';

const POLLER_FUNCTION = { Description: Match.stringLikeRegexp('writes the status metrics') };

function policyStatements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('sendValidationCode', () => {
  test('renders SendValidationCode and grants SendProcurementPortalValidation to the handler only then', () => {
    const without = newStack();
    newPreference(without);
    expect(preferenceProperties(Template.fromStack(without))).not.toHaveProperty('SendValidationCode');
    expect(JSON.stringify(policyStatements(Template.fromStack(without)))).not.toContain('SendProcurementPortalValidation');

    const stack = newStack();
    newPreference(stack, { sendValidationCode: true });
    newPreference(stack, { sendValidationCode: true, buyerIdentifier: 'AN02000000003' }, 'Second');
    const template = Template.fromStack(stack);
    expect(Object.values(template.findResources(RESOURCE_TYPE)).map((r: any) => r.Properties.SendValidationCode)).toEqual([true, true]);
    const send = policyStatements(template).filter((s) => JSON.stringify(s.Action).includes('SendProcurementPortalValidation'));
    expect(send).toEqual([{ Sid: 'SendProcurementPortalValidation', Action: 'invoicing:SendProcurementPortalValidation', Effect: 'Allow', Resource: '*' }]);
  });

  test('fails when sendValidationCode is not a boolean', () => {
    expect(errorOf(() => newPreference(newStack(), { sendValidationCode: 'yes' as unknown as boolean })))
      .toContain('sendValidationCode must be a boolean (true or false), got a string');
  });
});

describe('suspended', () => {
  test('renders the reason and both features (true by default)', () => {
    const stack = newStack();
    newPreference(stack, { suspended: { reason: 'Portal maintenance until 2027-02-01' } });
    expect(preferenceProperties(Template.fromStack(stack)).Suspended)
      .toEqual({ Reason: 'Portal maintenance until 2027-02-01', EinvoiceDelivery: true, PurchaseOrderRetrieval: true });
  });

  test('one feature only', () => {
    const stack = newStack();
    newPreference(stack, { suspended: { reason: 'Audit', einvoiceDelivery: false } });
    expect(preferenceProperties(Template.fromStack(stack)).Suspended).toEqual({ Reason: 'Audit', EinvoiceDelivery: false, PurchaseOrderRetrieval: true });
  });

  test('without it nothing is rendered, and the handler may still resume (UpdateStatus is always granted)', () => {
    const stack = newStack();
    newPreference(stack);
    const template = Template.fromStack(stack);
    expect(preferenceProperties(template)).not.toHaveProperty('Suspended');
    expect(JSON.stringify(policyStatements(template))).toContain('invoicing:UpdateProcurementPortalPreferenceStatus');
  });

  test('fails when the reason is empty or longer than 1,024 characters', () => {
    expect(errorOf(() => newPreference(newStack(), { suspended: { reason: '' } })))
      .toContain('suspended.reason must be 1 to 1024 characters long, got 0 characters');
    expect(errorOf(() => newPreference(newStack(), { suspended: { reason: 'x'.repeat(1025) } })))
      .toContain('suspended.reason must be 1 to 1024 characters long, got 1025 characters');
  });

  test('fails when it suspends nothing, or a flag is not a boolean', () => {
    expect(errorOf(() => newPreference(newStack(), { suspended: { reason: 'x', einvoiceDelivery: false, purchaseOrderRetrieval: false } })))
      .toContain('suspended must suspend at least one feature');
    expect(errorOf(() => newPreference(newStack(), { suspended: { reason: 'x', purchaseOrderRetrieval: 'no' as unknown as boolean } })))
      .toContain('suspended.purchaseOrderRetrieval must be a boolean');
    expect(errorOf(() => newPreference(newStack(), { suspended: 'maintenance' as never })))
      .toContain("suspended must be an object such as { reason: 'Portal maintenance' }, got a string");
  });

  test('a token reason is not checked at synth', () => {
    const stack = newStack();
    newPreference(stack, { suspended: { reason: cdk.Fn.importValue('MaintenanceReason') } });
    expect(preferenceProperties(Template.fromStack(stack)).Suspended.Reason).toEqual({ 'Fn::ImportValue': 'MaintenanceReason' });
  });
});

describe('status metrics and the poller', () => {
  test('no metric, no poller', () => {
    const stack = newStack();
    newPreference(stack);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('each metric: 1/0 per preference ARN and feature, Minimum over the 15-minute default interval', () => {
    const stack = newStack();
    const pref = newPreference(stack);
    const einvoice = pref.metricEinvoiceDeliveryActive();
    const retrieval = pref.metricPurchaseOrderRetrievalActive({ period: cdk.Duration.hours(1), statistic: 'Average' });
    expect(einvoice.namespace).toBe('CdkProcurementPortal');
    expect(einvoice.metricName).toBe('EinvoiceDeliveryActive');
    expect(einvoice.statistic).toBe('Minimum');
    expect(einvoice.period.toMinutes()).toBe(15);
    const logicalId = stack.getLogicalId(pref.node.defaultChild as cdk.CfnElement);
    expect(stack.resolve(einvoice.dimensions)).toEqual({ ProcurementPortalPreferenceArn: { Ref: logicalId } });
    expect(retrieval.metricName).toBe('PurchaseOrderRetrievalActive');
    expect(retrieval.period.toMinutes()).toBe(60);
    expect(retrieval.statistic).toBe('Average');
  });

  test('one poller per stack, whatever the number of metrics and preferences, on a 15-minute schedule', () => {
    const stack = newStack();
    const a = newPreference(stack);
    const b = newPreference(stack, { buyerIdentifier: 'AN02000000003' }, 'Other');
    a.metricEinvoiceDeliveryActive();
    a.metricPurchaseOrderRetrievalActive();
    new cloudwatch.Alarm(stack, 'Alarm', { metric: b.metricPurchaseOrderRetrievalActive(), threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.hasResourceProperties('AWS::Lambda::Function', {
      ...POLLER_FUNCTION, Runtime: 'nodejs24.x', Architectures: ['arm64'], LoggingConfig: { LogFormat: 'Text', LogGroup: Match.anyValue() },
    });
  });

  test('the poller\'s role may list preferences and write its logs, nothing else: no Put, Delete, Get or secret read', () => {
    const stack = newStack();
    newPreference(stack).metricEinvoiceDeliveryActive();
    const template = Template.fromStack(stack);
    const pollerRole = Object.entries(template.findResources('AWS::IAM::Role'))
      .find(([, r]: [string, any]) => String(r.Properties.Description).startsWith('Status poller'))![0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === pollerRole))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    // List, and the legacy read action List also authorizes (as the handler has it), for accounts that still evaluate it.
    expect(actions.filter((a: string) => !a.startsWith('logs:'))).toEqual(['invoicing:ListProcurementPortalPreferences', 'aws-portal:ViewBilling']);
    expect(JSON.stringify(statements)).not.toMatch(/secretsmanager|kms:|cloudwatch:|invoicing:(Put|Delete|Get|Create|Update|Send)/);
  });

  test('statusPollInterval sets the schedule and the metrics\' period; every preference of the stack must agree', () => {
    const stack = newStack();
    const pref = newPreference(stack, { statusPollInterval: cdk.Duration.minutes(5) });
    newPreference(stack, { buyerIdentifier: 'AN02000000003', statusPollInterval: cdk.Duration.minutes(5) }, 'Same');
    expect(pref.metricEinvoiceDeliveryActive().period.toMinutes()).toBe(5);
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    expect(errorOf(() => newPreference(stack, { buyerIdentifier: 'AN02000000004', statusPollInterval: cdk.Duration.minutes(10) }, 'Other')))
      .toContain('statusPollInterval must be the same for every preference of a stack (they share one status poller), got 10 minutes here and 5 minutes at Stack/Pref');
  });

  test('fails when statusPollInterval is not whole minutes from 1 minute to 1 day', () => {
    expect(errorOf(() => newPreference(newStack(), { statusPollInterval: cdk.Duration.seconds(90) })))
      .toContain('statusPollInterval must be whole minutes from 1 minute to 1440 minutes (1 day), got 1 minute 30 seconds');
    expect(errorOf(() => newPreference(newStack(), { statusPollInterval: cdk.Duration.days(2) })))
      .toContain('statusPollInterval must be whole minutes');
  });

  test('an imported preference has metrics too, served by its stack\'s poller', () => {
    const stack = newStack();
    const imported = ProcurementPortalPreference.fromProcurementPortalPreferenceArn(stack, 'Imported',
      'arn:aws:invoicing::123456789012:procurement-portal-preference/abcd-1234');
    const metric = imported.metricPurchaseOrderRetrievalActive();
    expect(metric.dimensions).toEqual({ ProcurementPortalPreferenceArn: 'arn:aws:invoicing::123456789012:procurement-portal-preference/abcd-1234' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.resourceCountIs(RESOURCE_TYPE, 0);
  });
});
