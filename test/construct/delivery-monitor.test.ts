/**
 * The delivery monitor as it synthesizes: its own function (the delivery-monitor bundle), a role that may list invoice
 * summaries and nothing else, an hourly schedule, the accounts and the purchase order requirement in its environment,
 * metrics a user can alarm on, every bad prop refused at synth naming the prop, and nothing for cdk-nag to report.
 */
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AwsSolutionsChecks } from 'cdk-nag';
import { errorOf, newPreference, newStack } from './helpers';
import { minimalDelivery } from '../fixtures';
import { EinvoiceDocumentType, InvoiceBillingPeriod, InvoiceDeliveryMonitor, PurchaseOrderDataSourceType } from 'cdk-procurement-portal';

test('one function, a role that lists invoice summaries only, an hourly schedule', () => {
  const stack = newStack();
  const preference = newPreference(stack, { einvoiceDelivery: minimalDelivery() });
  const monitor = preference.monitorDelivery({ accounts: ['111111111111', '222222222222'] });
  expect(preference.monitorDelivery()).toBe(monitor);
  const template = Template.fromStack(stack);

  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('counts invoices delivered'),
    Architectures: ['arm64'],
    LoggingConfig: { LogFormat: 'Text' },
    Environment: {
      Variables: {
        PPP_METRIC_NAMESPACE: 'CdkProcurementPortal',
        PPP_MONITOR_ACCOUNTS: '111111111111,222222222222',
        // minimalDelivery's source requires an associated purchase order.
        PPP_MONITOR_PURCHASE_ORDER_REQUIRED: 'true',
      },
    },
  });
  template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('DeliveryMonitorRole') }] } });
  const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
  expect(statements.map((s: any) => s.Action).flat().sort()).toEqual(['invoicing:ListInvoiceSummaries', 'logs:CreateLogStream', 'logs:PutLogEvents']);
});

test('metrics by account and billing period, Maximum over the interval', () => {
  const stack = newStack();
  const monitor = new InvoiceDeliveryMonitor(stack, 'Monitor', { accounts: ['111111111111'], interval: cdk.Duration.hours(6) });
  const notDelivered = stack.resolve(monitor.metricInvoicesNotDelivered().toMetricConfig().metricStat);
  expect(notDelivered).toMatchObject({
    namespace: 'CdkProcurementPortal',
    metricName: 'InvoicesNotDelivered',
    dimensions: [{ name: 'AccountId', value: '111111111111' }, { name: 'BillingPeriod', value: 'previous' }],
    statistic: 'Maximum',
  });
  expect(monitor.metricInvoicesNotDelivered().period.toHours()).toBe(6);
  const currentMetric = monitor.metricInvoicesWithoutPurchaseOrder({ billingPeriod: InvoiceBillingPeriod.CURRENT });
  const current = stack.resolve(currentMetric.toMetricConfig().metricStat);
  expect(current.dimensions).toContainEqual({ name: 'BillingPeriod', value: 'current' });
  new cloudwatch.Alarm(stack, 'NotDelivered', {
    metric: monitor.metricInvoicesNotDelivered(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'InvoicesNotDelivered', Statistic: 'Maximum' });
});

test("a preference that requires no purchase order: the monitor does not count them; the stack's account by default", () => {
  const stack = newStack();
  const preference = newPreference(stack, {
    einvoiceDelivery: minimalDelivery({
      purchaseOrderDataSources: [{
        documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE, sourceType: PurchaseOrderDataSourceType.PURCHASE_ORDER_NOT_REQUIRED,
      }],
    }),
  });
  expect(preference.monitorDelivery().accounts).toEqual([stack.account]);
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ PPP_MONITOR_PURCHASE_ORDER_REQUIRED: 'false' }) },
  });
});

test.each([
  [{ accounts: ['12345'] }, "accounts[0] must be a 12-digit account id, got '12345'"],
  [{ accounts: [] }, 'accounts must have between 1 and 20 items, got 0'],
  [{ accounts: ['111111111111', '111111111111'] }, "accounts must not repeat a value, got '111111111111' more than once"],
  [{ interval: cdk.Duration.minutes(90) }, 'interval must be whole hours from 1 to 24, got 1 hour 30 minutes'],
  [{ purchaseOrderRequired: 'yes' as never }, 'purchaseOrderRequired must be a boolean (true or false), got a string'],
])('refuses %j at synth, naming the prop', (props, message) => {
  expect(errorOf(() => new InvoiceDeliveryMonitor(newStack(), 'Monitor', props))).toBe(`[Stack/Monitor] ${message}`);
});

test('cdk-nag AwsSolutions reports nothing: its one wildcard is acknowledged with its reason', () => {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Monitored', { env: { account: '111111111111', region: 'eu-west-1' } });
  new InvoiceDeliveryMonitor(stack, 'Monitor');
  const result = new AwsSolutionsChecks(app).validateScope(app);
  expect(result.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))).toEqual([]);
});
