import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { errorOf, newPreference, newStack, secretOf } from './helpers';
import { PortalSecret } from 'cdk-procurement-portal';

const LABEL_UPDATED = { 'source': ['aws.secretsmanager'], 'detail-type': ['Secret Label Updated'], 'detail': { labelUpdated: ['AWSCURRENT'] } };

/** The rules of Secrets Manager's label events. */
function labelRules(template: Template): Record<string, any> {
  return template.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: ['aws.secretsmanager'] } } });
}

describe('secrets re-applied on rotation (reapplyOnSecretRotation)', () => {
  test('by default, one rule sends the label events of every referenced secret to the handler', () => {
    const stack = newStack();
    const owned = new secretsmanager.Secret(stack, 'Owned');
    newPreference(stack, { sharedSecret: PortalSecret.fromSecretsManager(owned), contacts: undefined, contactsSecret: secretOf(stack, 'invoicing/contacts') }, 'A');
    newPreference(stack, { sharedSecret: PortalSecret.fromSecretsManager(owned), buyerIdentifier: 'AN09' }, 'B');
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        ...LABEL_UPDATED,
        // The owned secret once, however many preferences use it; an import by name matches by its ARN prefix.
        resources: [{ Ref: Match.stringLikeRegexp('^Owned') }, { prefix: Match.objectLike({ 'Fn::Join': Match.anyValue() }) }],
      },
      Targets: [{ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProcurementPortalPreferenceProviderHandler'), 'Arn'] }, Id: 'Target0' }],
    });
    expect(Object.keys(labelRules(template))).toHaveLength(1);
    // The handler Gets the preferences it re-applies and lists its own stack's; it never reads the template.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'ReadPreferencesForSecretReapply', Effect: 'Allow', Action: 'invoicing:GetProcurementPortalPreference', Resource: '*' },
          { Sid: 'ListOwnStackResourcesForSecretReapply', Effect: 'Allow', Action: 'cloudformation:ListStackResources', Resource: { Ref: 'AWS::StackId' } },
        ]),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('cloudformation:GetTemplate');
    // Absent means true: the template of a preference that keeps the default carries nothing more.
    template.hasResourceProperties('Custom::ProcurementPortalPreference', { ReapplyOnSecretRotation: Match.absent() });
  });

  test('a pass also runs when the stack completes an operation, and on a schedule', () => {
    const stack = newStack();
    newPreference(stack, { sharedSecret: secretOf(stack, 'invoicing/sap') });
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.cloudformation'],
        'detail-type': ['CloudFormation Stack Status Change'],
        'detail': {
          'stack-id': [{ Ref: 'AWS::StackId' }],
          'status-details': { status: ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE'] },
        },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)', Description: Match.stringLikeRegexp('no event announced') });
    // Three rules, each allowed to invoke the handler.
    template.resourceCountIs('AWS::Events::Rule', 3);
    template.resourceCountIs('AWS::Lambda::Permission', 3);
  });

  test('false: no rule, no CloudFormation read, and the handler is told to skip the preference', () => {
    const stack = newStack();
    newPreference(stack, { sharedSecret: secretOf(stack, 'invoicing/sap'), reapplyOnSecretRotation: false });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('invoicing:GetProcurementPortalPreference');
    template.hasResourceProperties('Custom::ProcurementPortalPreference', { ReapplyOnSecretRotation: false });
  });

  test('a preference without any secret adds no rule', () => {
    const stack = newStack();
    newPreference(stack);
    Template.fromStack(stack).resourceCountIs('AWS::Events::Rule', 0);
  });

  test('more secrets than one event pattern holds are spread over several rules', () => {
    const stack = newStack();
    for (let i = 0; i < 20; i++) {
      newPreference(stack, { buyerIdentifier: `AN0${i}`, sharedSecret: secretOf(stack, `invoicing/portal-${i}`) }, `P${i}`);
    }
    const rules = labelRules(Template.fromStack(stack));
    expect(Object.values(rules).map((r) => r.Properties.EventPattern.resources.length)).toEqual([15, 5]);
  });

  test('a value other than a boolean is refused at synth, naming the prop', () => {
    const stack = newStack();
    expect(errorOf(() => newPreference(stack, { sharedSecret: secretOf(stack, 'x'), reapplyOnSecretRotation: 'yes' as never })))
      .toContain('reapplyOnSecretRotation must be a boolean (true or false), got a string');
  });
});

describe('metricSecretReapplyErrors', () => {
  test("the stack's handler's Errors, Sum over 5 minutes, the same for every preference of the stack", () => {
    const stack = newStack();
    const a = newPreference(stack, { sharedSecret: secretOf(stack, 'invoicing/a') }, 'A');
    const b = newPreference(stack, { sharedSecret: secretOf(stack, 'invoicing/b'), buyerIdentifier: 'AN09' }, 'B');
    const metric = a.metricSecretReapplyErrors();

    expect({ name: metric.metricName, namespace: metric.namespace, statistic: metric.statistic, period: metric.period.toSeconds() })
      .toEqual({ name: 'Errors', namespace: 'AWS/Lambda', statistic: 'Sum', period: 300 });
    expect(stack.resolve(metric.dimensions)).toEqual(stack.resolve(b.metricSecretReapplyErrors().dimensions));
    expect(stack.resolve(metric.dimensions)).toEqual({ FunctionName: { Ref: expect.stringMatching(/^ProcurementPortalPreferenceProviderHandler/) } });
  });
});
