import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { errorOf, newPreference, newStack, secretOf } from './helpers';
import { PortalSecret } from 'cdk-procurement-portal';

const LABEL_UPDATED = { 'source': ['aws.secretsmanager'], 'detail-type': ['Secret Label Updated'], 'detail': { labelUpdated: ['AWSCURRENT'] } };

describe('secrets re-applied on rotation (reapplyOnSecretRotation)', () => {
  test('by default, one rule sends the label events of every referenced secret to the handler', () => {
    const stack = newStack();
    const owned = new secretsmanager.Secret(stack, 'Owned');
    newPreference(stack, { sharedSecret: PortalSecret.fromSecretsManager(owned), contacts: undefined, contactsSecret: secretOf(stack, 'invoicing/contacts') }, 'A');
    newPreference(stack, { sharedSecret: PortalSecret.fromSecretsManager(owned), buyerIdentifier: 'AN09' }, 'B');
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        ...LABEL_UPDATED,
        // The owned secret once, however many preferences use it; an import by name matches by its ARN prefix.
        resources: [{ Ref: Match.stringLikeRegexp('^Owned') }, { prefix: Match.objectLike({ 'Fn::Join': Match.anyValue() }) }],
      },
      Targets: [{ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProcurementPortalPreferenceProviderHandler'), 'Arn'] }, Id: 'Target0' }],
    });
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'ReadOwnStackForSecretRotation',
          Effect: 'Allow',
          Action: ['cloudformation:DescribeStacks', 'cloudformation:GetTemplate', 'cloudformation:ListStackResources'],
          Resource: { Ref: 'AWS::StackId' },
        }]),
      },
    });
    // Absent means true: the template of a preference that keeps the default carries nothing more.
    template.hasResourceProperties('Custom::ProcurementPortalPreference', { ReapplyOnSecretRotation: Match.absent() });
  });

  test('false: no rule, no CloudFormation read, and the handler is told to skip the preference', () => {
    const stack = newStack();
    newPreference(stack, { sharedSecret: secretOf(stack, 'invoicing/sap'), reapplyOnSecretRotation: false });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('cloudformation:GetTemplate');
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
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
    expect(Object.values(rules).map((r) => r.Properties.EventPattern.resources.length)).toEqual([15, 5]);
  });

  test('a value other than a boolean is refused at synth, naming the prop', () => {
    const stack = newStack();
    expect(errorOf(() => newPreference(stack, { sharedSecret: secretOf(stack, 'x'), reapplyOnSecretRotation: 'yes' as never })))
      .toContain('reapplyOnSecretRotation must be a boolean (true or false), got a string');
  });
});
