import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { errorOf, newPreference, newStack, preferenceProperties, secretOf } from './helpers';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { asRendered, CANARY_EMAIL, CANARY_NAME, CANARY_SECRET, coupaProperties, coupaProps } from '../fixtures';
import {
  ConnectionTestingMethod,
  EinvoiceDocumentType,
  EinvoiceProtocol,
  PartyDomain,
  PortalSecret,
  ProcurementPortalPreference,
  PurchaseOrderDataSourceType,
} from 'cdk-procurement-portal';

const PREFERENCE_ARN = 'arn:aws:invoicing::123456789012:procurement-portal-preference/a34fd666-7810-4414-9360-aaa4bcab0abd';

describe('custom resource properties', () => {
  test('a full preference renders every API member with secrets as references', () => {
    const stack = newStack();
    const portalSecret = new secretsmanager.Secret(stack, 'PortalSecret');
    new ProcurementPortalPreference(stack, 'Coupa', coupaProps({
      shared: PortalSecret.fromSecretsManager(portalSecret, { jsonField: 'sharedSecret' }),
      test: secretOf(stack, 'coupa/test-shared-secret'),
    }));

    const template = Template.fromStack(stack);
    // The secrets' ARNs as the template renders them: a Ref to the stack's own secret, a partial ARN for the imported one.
    const rendered = (arn: object): string => arn as unknown as string;
    expect(preferenceProperties(template)).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^ProcurementPortalPreferenceProviderHandler/), 'Arn'] },
      ...asRendered(coupaProperties({
        shared: rendered({ Ref: stack.getLogicalId(portalSecret.node.defaultChild as cdk.CfnElement) }),
        // An ARN of literals and pseudo parameters: one Fn::Sub, not the CDK's longer Fn::Join.
        test: rendered({ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:coupa/test-shared-secret' }),
      })),
      Contacts: [{ Name: 'Accounts payable', Email: 'ap@example.com' }],
      ResourceTags: undefined,
    });
  });

  test('a minimal preference renders defaults and omits what was not given', () => {
    const stack = newStack();
    newPreference(stack, { sharedSecret: secretOf(stack, 'sap/shared') });

    const properties = preferenceProperties(Template.fromStack(stack));
    expect(properties).toMatchObject({
      ProcurementPortalName: 'SAP_BUSINESS_NETWORK',
      PurchaseOrderRetrievalEnabled: true,
      Contacts: [{ Name: 'Procurement', Email: 'procurement@example.com' }],
    });
    // The defaults are what an absent property means (WIRE_DEFAULTS): left out, every preference would repeat them.
    for (const absent of ['SchemaVersion', 'BuyerDomain', 'SupplierDomain', 'EinvoiceDeliveryEnabled', 'Selector', 'ProcurementPortalInstanceEndpoint', 'TestEnvPreference', 'EinvoiceDeliveryPreference', 'ContactsRef', 'ResourceTags']) {
      expect(properties).not.toHaveProperty(absent);
    }
    expect(properties.ProcurementPortalSharedSecretRef).not.toHaveProperty('JsonField');
  });

  test('booleans are JSON booleans and the activation date is a number of epoch seconds', () => {
    const stack = newStack();
    newPreference(stack, {
      purchaseOrderRetrievalEnabled: false,
      einvoiceDeliveryEnabled: true,
      einvoiceDelivery: {
        documentTypes: [EinvoiceDocumentType.AWS_MARKETPLACE_INVOICE],
        protocol: EinvoiceProtocol.CXML,
        purchaseOrderDataSources: [],
        connectionTestingMethod: ConnectionTestingMethod.PROD_ENV_DOLLAR_TEST,
        activationDate: new Date('2027-03-01T12:34:56.789Z'),
      },
    });
    const properties = preferenceProperties(Template.fromStack(stack));
    expect(properties.EinvoiceDeliveryEnabled).toBe(true);
    expect(properties).not.toHaveProperty('PurchaseOrderRetrievalEnabled'); // false is what absent means
    expect(properties.EinvoiceDeliveryPreference.EinvoiceDeliveryActivationDate).toBe(Date.UTC(2027, 2, 1, 12, 34, 56) / 1000);
    expect(properties.EinvoiceDeliveryPreference).not.toHaveProperty('EinvoiceDeliveryAttachmentTypes');
  });

  test('explicit domains equal to the default are left out, like the default', () => {
    const stack = newStack();
    newPreference(stack, {
      buyerDomain: PartyDomain.NETWORK_ID,
      supplierDomain: PartyDomain.NETWORK_ID,
      testEnvironment: {
        buyerDomain: PartyDomain.NETWORK_ID,
        buyerIdentifier: 'B-T',
        supplierDomain: PartyDomain.NETWORK_ID,
        supplierIdentifier: 'S-T',
      },
    });
    const properties = preferenceProperties(Template.fromStack(stack));
    expect(properties.TestEnvPreference).toEqual({ BuyerIdentifier: 'B-T', SupplierIdentifier: 'S-T' });
    expect(properties).not.toHaveProperty('BuyerDomain');
    expect(properties).not.toHaveProperty('SupplierDomain');
  });

  test('tokens pass through unvalidated', () => {
    const stack = newStack();
    const buyer = new cdk.CfnParameter(stack, 'Buyer').valueAsString;
    const endpoint = new cdk.CfnParameter(stack, 'Endpoint').valueAsString;
    const units = new cdk.CfnParameter(stack, 'Units', { type: 'List<String>' }).valueAsList;
    newPreference(stack, { buyerIdentifier: buyer, instanceEndpoint: endpoint, selector: { invoiceUnitArns: units } });
    expect(preferenceProperties(Template.fromStack(stack))).toMatchObject({
      BuyerIdentifier: { Ref: 'Buyer' },
      ProcurementPortalInstanceEndpoint: { Ref: 'Endpoint' },
      Selector: { InvoiceUnitArns: { Ref: 'Units' } },
    });
  });
});

describe('secrets and contacts stay out of the template', () => {
  test('the shared secret is a reference to its ARN; a canary secret value never reaches the template', () => {
    const app = new cdk.App();
    // The value lives in another stack (as in Secrets Manager); the preference's stack may only refer to its ARN.
    const secretStack = new cdk.Stack(app, 'Secrets');
    const secret = new secretsmanager.Secret(secretStack, 'PortalSecret', {
      secretStringValue: cdk.SecretValue.unsafePlainText(JSON.stringify({ sharedSecret: CANARY_SECRET })),
    });
    const stack = new cdk.Stack(app, 'Stack');
    newPreference(stack, { sharedSecret: PortalSecret.fromSecretsManager(secret, { jsonField: 'sharedSecret' }) });

    const template = Template.fromStack(stack);
    expect(preferenceProperties(template).ProcurementPortalSharedSecretRef).toEqual({
      SecretArn: { 'Fn::ImportValue': expect.stringMatching(/^Secrets:ExportsOutputRefPortalSecret/) },
      JsonField: 'sharedSecret',
    });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain(CANARY_SECRET);
    expect(json).not.toContain('{{resolve:');
    // The control: the canary really is in the other stack's template, so the search above can find it.
    expect(JSON.stringify(Template.fromStack(secretStack).toJSON())).toContain(CANARY_SECRET);
  });

  test('a secret ARN with a token other than a pseudo parameter keeps the CDK rendering', () => {
    const stack = newStack();
    const name = new cdk.CfnParameter(stack, 'SecretName');
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'ByParameter', name.valueAsString);
    newPreference(stack, { sharedSecret: PortalSecret.fromSecretsManager(secret) });

    expect(preferenceProperties(Template.fromStack(stack)).ProcurementPortalSharedSecretRef).toEqual({
      SecretArn: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: 'SecretName' }, { Ref: 'AWS::Partition' }])] },
    });
  });

  test('contactsSecret keeps a canary contact out of the template and the cloud assembly', () => {
    const app = new cdk.App();
    const secretStack = new cdk.Stack(app, 'Secrets');
    const contact = new secretsmanager.Secret(secretStack, 'Contact', {
      secretStringValue: cdk.SecretValue.unsafePlainText(JSON.stringify({ contact: { Name: CANARY_NAME, Email: CANARY_EMAIL } })),
    });
    const stack = new cdk.Stack(app, 'Stack');
    newPreference(stack, { contacts: undefined, contactsSecret: PortalSecret.fromSecretsManager(contact, { jsonField: 'contact' }) });

    const template = Template.fromStack(stack);
    const properties = preferenceProperties(template);
    expect(properties).not.toHaveProperty('Contacts');
    expect(properties.ContactsRef).toEqual({ SecretArn: { 'Fn::ImportValue': expect.any(String) }, JsonField: 'contact' });
    const assembly = app.synth();
    const preferenceStackFiles = fs.readdirSync(assembly.directory)
      .filter((file) => !file.startsWith('Secrets.') && file !== 'tree.json' && !file.startsWith('asset.'))
      .map((file) => fs.readFileSync(path.join(assembly.directory, file), 'utf8'));
    expect(preferenceStackFiles.join('\n')).toContain('ContactsRef');
    expect(preferenceStackFiles.join('\n')).not.toContain(CANARY_EMAIL);
    expect(preferenceStackFiles.join('\n')).not.toContain(CANARY_NAME);
    // The control: the canary is in the secret's own stack, where the test put it.
    expect(JSON.stringify(assembly.getStackByName('Secrets').template)).toContain(CANARY_EMAIL);
  });

  test('the handler may read exactly the referenced secrets, never "*"', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const owned = new secretsmanager.Secret(stack, 'Owned', { encryptionKey: key });
    newPreference(stack, {
      sharedSecret: PortalSecret.fromSecretsManager(owned),
      testEnvironment: { buyerIdentifier: 'B-T', supplierIdentifier: 'S-T', sharedSecret: secretOf(stack, 'sap/test') },
      contacts: undefined,
      contactsSecret: secretOf(stack, 'sap/contact'),
    });
    const template = Template.fromStack(stack);
    const statements: any[] = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
    const secretStatements = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(secretStatements.map((s) => s.Resource)).toEqual([
      { Ref: stack.getLogicalId(owned.node.defaultChild as cdk.CfnElement) },
      { 'Fn::Join': ['', expect.arrayContaining([':secret:sap/test-??????'])] },
      { 'Fn::Join': ['', expect.arrayContaining([':secret:sap/contact-??????'])] },
    ]);
    for (const statement of statements) {
      if ([statement.Action].flat().some((action: string) => action.startsWith('secretsmanager:'))) {
        expect(statement.Resource).not.toEqual('*');
      }
    }
    // The customer-managed key of the owned secret: decrypt granted to the handler role in the key policy.
    const roleLogicalId = Object.keys(template.findResources('AWS::IAM::Role'))[0];
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Principal: { AWS: { 'Fn::GetAtt': [roleLogicalId, 'Arn'] } },
        })]),
      },
    });
  });

  test('PortalSecret.grantRead() lets another principal read the value', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    secretOf(stack, 'sap/shared').grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: { 'Fn::Join': ['', Match.arrayWith([':secret:sap/shared-??????'])] },
        })],
      },
    });
  });

  test('a secret referenced by several preferences is granted once', () => {
    const stack = newStack();
    const shared = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Shared'));
    newPreference(stack, { sharedSecret: shared }, 'A');
    newPreference(stack, { sharedSecret: shared, buyerIdentifier: 'OTHER' }, 'B');
    const statements: any[] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
    expect(statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))).toHaveLength(1);
  });
});

describe('handler provider', () => {
  test.each([
    ['ProcurementPortalPreferenceProvider', 'handler', (p: ProcurementPortalPreference) => p],
    ['ProcurementPortalStatusPoller', 'status poller', (p: ProcurementPortalPreference) => p.metricEinvoiceDeliveryActive()],
  ])('fails when another construct holds the reserved id %s', (id, what, use) => {
    const stack = newStack();
    new cdk.CfnResource(stack, id, { type: 'AWS::CloudFormation::WaitConditionHandle' });
    expect(errorOf(() => use(newPreference(stack))))
      .toBe(`[Stack] the construct id '${id}' is reserved by cdk-procurement-portal for its ${what}, but the stack already holds another construct with that id`);
  });

  test('one Lambda for twenty preferences', () => {
    const stack = newStack();
    for (let i = 0; i < 20; i++) {
      newPreference(stack, { buyerIdentifier: `AN0${i}` }, `Pref${i}`);
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs(RESOURCE_TYPE, 20);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
  });

  test('one Lambda per stack', () => {
    const app = new cdk.App();
    const one = new cdk.Stack(app, 'One');
    const two = new cdk.Stack(app, 'Two');
    newPreference(one);
    newPreference(two);
    Template.fromStack(one).resourceCountIs('AWS::Lambda::Function', 1);
    Template.fromStack(two).resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('runtime nodejs24.x on arm64 with 128 MB, JSON logs to its own log group, a description', () => {
    const stack = newStack();
    newPreference(stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 128,
      Timeout: 300,
      Handler: 'index.handler',
      Description: Match.stringLikeRegexp('procurement portal preferences'),
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^ProcurementPortalPreferenceProviderLogGroup') } },
    });
  });

  test('the role has no managed policy; logs only to its own log group', () => {
    const stack = newStack();
    newPreference(stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProcurementPortalPreferenceProviderLogGroup'), 'Arn'] },
        }]),
      },
    });
  });

  test('the invoicing actions: "*" only where the API has no resource type, tags scoped to preference ARNs', () => {
    const stack = newStack();
    newPreference(stack);
    const statements: any[] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
    const wildcard = statements.filter((s) => s.Resource === '*');
    expect(wildcard).toEqual([expect.objectContaining({
      Action: [
        'invoicing:CreateProcurementPortalPreference',
        'invoicing:PutProcurementPortalPreference',
        'invoicing:DeleteProcurementPortalPreference',
        'invoicing:UpdateProcurementPortalPreferenceStatus',
        'aws-portal:ModifyBilling',
      ],
    }), expect.objectContaining({
      // Read by two recovery paths, and the supplier check before a Create; the legacy read action is aws-portal:ViewBilling.
      Action: ['invoicing:ListProcurementPortalPreferences', 'invoicing:ListProcurementPortals', 'invoicing:ListProcurementPortalSuppliers',
        'aws-portal:ViewBilling'],
    })]);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['invoicing:TagResource', 'invoicing:UntagResource', 'invoicing:ListTagsForResource'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':invoicing::', { Ref: 'AWS::AccountId' }, ':procurement-portal-preference/*']] },
    }));
    // Get returns the shared secret in clear text: the handler never calls it, so it is not granted.
    expect(JSON.stringify(statements)).not.toContain('invoicing:GetProcurementPortalPreference');
  });

  test('the two unavoidable IAM wildcards are acknowledged for cdk-nag on the handler policy, with the stack\'s account', () => {
    const stack = newStack('Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    newPreference(stack);
    const policy = stack.node.findChild('ProcurementPortalPreferenceProvider').node.findChild('Role').node.findChild('DefaultPolicy');
    const acknowledged = policy.node.metadata
      .filter((entry) => entry.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data));
    expect(acknowledged).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:invoicing::123456789012:procurement-portal-preference/*]',
    ]);
  });

  test('the handler knows the stack and account it serves: its stack id and account in its environment', () => {
    const stack = newStack();
    newPreference(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { PPP_STACK_ID: { Ref: 'AWS::StackId' }, PPP_ACCOUNT_ID: { Ref: 'AWS::AccountId' } } },
    });
    const pinned = newStack('Pinned', { env: { account: '123456789012', region: 'eu-west-1' } });
    newPreference(pinned);
    Template.fromStack(pinned).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { PPP_STACK_ID: { Ref: 'AWS::StackId' }, PPP_ACCOUNT_ID: '123456789012' } },
    });
  });

  test('the custom resource waits for the handler role and its policy, through the ServiceToken', () => {
    const stack = newStack();
    newPreference(stack);
    const template = Template.fromStack(stack);
    const [resource] = Object.values(template.findResources(RESOURCE_TYPE));
    const [functionId] = resource.Properties.ServiceToken['Fn::GetAtt'];
    expect(template.toJSON().Resources[functionId].DependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ProcurementPortalPreferenceProviderRoleDefaultPolicy/),
      expect.stringMatching(/^ProcurementPortalPreferenceProviderRole[0-9A-F]{8}$/),
    ]));
    // A DependsOn on the same resources would be redundant (cfn-lint W3005) and cost bytes per preference.
    expect(resource.DependsOn).toBeUndefined();
  });

  test('log group retention defaults to one year', () => {
    const stack = newStack();
    newPreference(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('logRetention sets the retention, whichever preference gives it', () => {
    const stack = newStack();
    newPreference(stack, {}, 'Default');
    newPreference(stack, { buyerIdentifier: 'B2', logRetention: logs.RetentionDays.ONE_MONTH }, 'Explicit');
    newPreference(stack, { buyerIdentifier: 'B3', logRetention: logs.RetentionDays.ONE_MONTH }, 'Same');
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('logRetention INFINITE keeps the logs forever', () => {
    const stack = newStack();
    newPreference(stack, { logRetention: logs.RetentionDays.INFINITE });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
  });

  test('fails when two preferences of one stack set different log retentions', () => {
    const stack = newStack();
    newPreference(stack, { logRetention: logs.RetentionDays.ONE_WEEK }, 'First');
    expect(() => newPreference(stack, { buyerIdentifier: 'B2', logRetention: logs.RetentionDays.ONE_MONTH }, 'Second'))
      .toThrow('[Stack/Second] logRetention must be the same for every preference of a stack (they share one handler and its log group), got 30 days here and 7 days at Stack/First');
  });

  test('fails when the provider id is taken by another construct', () => {
    const stack = newStack();
    new cdk.CfnOutput(stack, 'ProcurementPortalPreferenceProvider', { value: 'x' });
    expect(() => newPreference(stack)).toThrow(/the construct id 'ProcurementPortalPreferenceProvider' is reserved/);
  });
});

describe('the handler\'s own log group (logGroup)', () => {
  const PROVIDER_LOG_GROUP = /^ProcurementPortalPreferenceProviderLogGroup/;

  test('a KMS-encrypted log group given by one preference replaces the library\'s, for the handler and its role', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'LogKey');
    const logGroup = new logs.LogGroup(stack, 'HandlerLogs', { encryptionKey: key, retention: logs.RetentionDays.TWO_YEARS });
    newPreference(stack, {}, 'First');
    newPreference(stack, { buyerIdentifier: 'B2', logGroup }, 'Second');
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: 731 },
    }));
    expect(logGroupId).toMatch(/^HandlerLogs/);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logGroupId } },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
        }]),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(PROVIDER_LOG_GROUP);
  });

  test('an imported log group is written to by name, with its ARN in the role\'s policy', () => {
    const stack = newStack('Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Imported', '/org/invoicing/handler');
    newPreference(stack, { logGroup });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogFormat: 'JSON', LogGroup: '/org/invoicing/handler' },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:/org/invoicing/handler:*']] },
        })]),
      },
    });
  });

  test('one log group per stack with the feature flag of new apps that gives each Lambda function its own', () => {
    for (const withOwn of [false, true]) {
      const app = new cdk.App({ context: { '@aws-cdk/aws-lambda:useCdkManagedLogGroup': true } });
      const stack = new cdk.Stack(app, 'Stack');
      newPreference(stack, withOwn ? { logGroup: new logs.LogGroup(stack, 'Own') } : {});
      Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 1);
    }
  });

  test('two imports of one log group name are the same log group', () => {
    const stack = newStack();
    newPreference(stack, { logGroup: logs.LogGroup.fromLogGroupName(stack, 'A', 'shared') }, 'First');
    newPreference(stack, { buyerIdentifier: 'B2', logGroup: logs.LogGroup.fromLogGroupName(stack, 'B', 'shared') }, 'Second');
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: 'shared' } });
  });

  test('fails when two preferences of one stack give different log groups', () => {
    const stack = newStack();
    const first = new logs.LogGroup(stack, 'FirstLogs');
    newPreference(stack, { logGroup: first }, 'First');
    expect(() => newPreference(stack, { buyerIdentifier: 'B2', logGroup: logs.LogGroup.fromLogGroupName(stack, 'Other', 'other') }, 'Second'))
      .toThrow('[Stack/Second] logGroup must be the same for every preference of a stack (they share one handler), got \'other\' here and Stack/FirstLogs at Stack/First');
  });

  test('fails when one preference gives logGroup and another logRetention, in either order', () => {
    const expected = (prop: string, at: string) => `logRetention and logGroup cannot be combined in one stack (its preferences share one handler), got ${prop} at ${at}; `
      + 'logRetention applies only to the log group the library creates: set the retention on your own log group instead';

    const groupFirst = newStack();
    newPreference(groupFirst, { logGroup: new logs.LogGroup(groupFirst, 'Logs') }, 'First');
    expect(errorOf(() => newPreference(groupFirst, { buyerIdentifier: 'B2', logRetention: logs.RetentionDays.ONE_WEEK }, 'Second')))
      .toBe(`[Stack/Second] ${expected('logGroup', 'Stack/First')}`);

    const retentionFirst = newStack();
    newPreference(retentionFirst, { logRetention: logs.RetentionDays.ONE_WEEK }, 'First');
    expect(errorOf(() => newPreference(retentionFirst, { buyerIdentifier: 'B2', logGroup: new logs.LogGroup(retentionFirst, 'Logs') }, 'Second')))
      .toBe(`[Stack/Second] ${expected('logRetention', 'Stack/First')}`);
  });
});

describe('warning when the shared secret is missing', () => {
  const WARNING_ID = 'cdk-procurement-portal:noSharedSecret';
  const DELIVERY = {
    documentTypes: [EinvoiceDocumentType.AWS_CLOUD_INVOICE],
    purchaseOrderDataSources: [{
      documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE,
      sourceType: PurchaseOrderDataSourceType.PURCHASE_ORDER_NOT_REQUIRED,
    }],
    connectionTestingMethod: ConnectionTestingMethod.PROD_ENV_DOLLAR_TEST,
    activationDate: new Date('2027-01-01T00:00:00Z'),
  };

  function warningsOf(stack: cdk.Stack): string[] {
    return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((entry) => String(entry.entry.data));
  }

  test('purchase order retrieval without sharedSecret warns, with an id to acknowledge', () => {
    const stack = newStack();
    newPreference(stack, { purchaseOrderRetrievalEnabled: true });
    expect(warningsOf(stack)).toEqual([
      'purchase order retrieval is enabled without sharedSecret: portals authenticate the cXML exchange with the shared '
      + 'secret they issued, and refuse it without one. Give sharedSecret (PortalSecret.fromSecretsManager()), or '
      + `acknowledge this warning if the secret is set up later [ack: ${WARNING_ID}]`,
    ]);
    Annotations.fromStack(stack).hasWarning('/Stack/Pref', Match.stringLikeRegexp('^purchase order retrieval is enabled'));
  });

  test('e-invoice delivery and purchase order retrieval are named together', () => {
    const stack = newStack();
    newPreference(stack, { einvoiceDelivery: DELIVERY, purchaseOrderRetrievalEnabled: true });
    expect(warningsOf(stack)).toEqual([expect.stringMatching(/^e-invoice delivery and purchase order retrieval are enabled without sharedSecret/)]);
  });

  test('e-invoice delivery alone warns', () => {
    const stack = newStack();
    newPreference(stack, { einvoiceDelivery: DELIVERY, purchaseOrderRetrievalEnabled: false });
    expect(warningsOf(stack)).toEqual([expect.stringMatching(/^e-invoice delivery is enabled without sharedSecret/)]);
  });

  test('no warning with a shared secret, or with nothing enabled', () => {
    const stack = newStack();
    newPreference(stack, { sharedSecret: secretOf(stack, 'portal/secret') }, 'WithSecret');
    newPreference(stack, { buyerIdentifier: 'B2', purchaseOrderRetrievalEnabled: false }, 'NothingEnabled');
    expect(warningsOf(stack)).toEqual([]);
  });

  test('acknowledgeWarning() silences it for that preference only', () => {
    const stack = newStack();
    const quiet = newPreference(stack, {}, 'Quiet');
    newPreference(stack, { buyerIdentifier: 'B2' }, 'Loud');
    cdk.Annotations.of(quiet).acknowledgeWarning(WARNING_ID, 'the secret is set up after the portal issues it');
    Annotations.fromStack(stack).hasNoWarning('/Stack/Quiet', Match.anyValue());
    Annotations.fromStack(stack).hasWarning('/Stack/Loud', Match.stringLikeRegexp('without sharedSecret'));
  });
});

describe('tags', () => {
  test('Tags.of() on the preference reaches its resource tags', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    cdk.Tags.of(preference).add('team', 'finance');
    cdk.Tags.of(preference).add('cost-center', '42');
    expect(preferenceProperties(Template.fromStack(stack)).ResourceTags).toEqual([
      { Key: 'cost-center', Value: '42' },
      { Key: 'team', Value: 'finance' },
    ]);
  });

  test('Tags.of() on the stack reaches the preference and the handler resources', () => {
    const stack = newStack();
    newPreference(stack);
    cdk.Tags.of(stack).add('project', 'invoicing');
    const template = Template.fromStack(stack);
    expect(preferenceProperties(template).ResourceTags).toEqual([{ Key: 'project', Value: 'invoicing' }]);
    template.hasResourceProperties('AWS::Lambda::Function', { Tags: [{ Key: 'project', Value: 'invoicing' }] });
  });

  test('tags removed with Tags.of().remove() are not sent', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    cdk.Tags.of(stack).add('project', 'invoicing');
    cdk.Tags.of(preference).remove('project');
    expect(preferenceProperties(Template.fromStack(stack))).not.toHaveProperty('ResourceTags');
  });
});

describe('removal policy', () => {
  test('defaults to CloudFormation\'s own default for custom resources (Delete), rendered as nothing', () => {
    const stack = newStack();
    newPreference(stack);
    Template.fromStack(stack).hasResource(RESOURCE_TYPE, { DeletionPolicy: Match.absent(), UpdateReplacePolicy: Match.absent() });
  });

  test('an explicit DESTROY is rendered', () => {
    const stack = newStack();
    newPreference(stack, { removalPolicy: cdk.RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource(RESOURCE_TYPE, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('RETAIN keeps the preference', () => {
    const stack = newStack();
    newPreference(stack, { removalPolicy: cdk.RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource(RESOURCE_TYPE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('applyRemovalPolicy() changes it after construction', () => {
    const stack = newStack();
    newPreference(stack).applyRemovalPolicy(cdk.RemovalPolicy.RETAIN);
    Template.fromStack(stack).hasResource(RESOURCE_TYPE, { DeletionPolicy: 'Retain' });
  });
});

describe('attributes and grants', () => {
  test('procurementPortalPreferenceArn is the Ref (the physical id is the ARN); the account id is an attribute', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    const logicalId = stack.getLogicalId(preference.node.defaultChild as cdk.CfnElement);
    expect(stack.resolve(preference.procurementPortalPreferenceArn)).toEqual({ Ref: logicalId });
    expect(stack.resolve(preference.procurementPortalPreferenceAccountId)).toEqual({ 'Fn::GetAtt': [logicalId, 'AccountId'] });
    expect(preference.node.defaultChild).toBeInstanceOf(cdk.CfnResource);
    expect(preference.node.defaultChild!.node.id).toBe('Resource');
  });

  test('grantRead() grants Get and ListTagsForResource on this preference only, nothing on "*" (not even the legacy aws-portal:ViewBilling)', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    preference.grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as cdk.CfnElement) }],
      PolicyDocument: {
        Statement: [{
          Action: ['invoicing:GetProcurementPortalPreference', 'invoicing:ListTagsForResource'],
          Effect: 'Allow',
          Resource: { Ref: stack.getLogicalId(preference.node.defaultChild as cdk.CfnElement) },
        }],
      },
    });
  });

  test('grant() grants the given actions on this preference', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = preference.grant(role, 'invoicing:SendProcurementPortalValidation', 'invoicing:VerifyProcurementPortalValidation');
    expect(grant.success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: ['invoicing:SendProcurementPortalValidation', 'invoicing:VerifyProcurementPortalValidation'],
          Effect: 'Allow',
          Resource: { Ref: stack.getLogicalId(preference.node.defaultChild as cdk.CfnElement) },
        }],
      },
    });
  });
});

describe('import by ARN', () => {
  test('a literal ARN is imported with its account', () => {
    const stack = newStack();
    const imported = ProcurementPortalPreference.fromProcurementPortalPreferenceArn(stack, 'Imported', PREFERENCE_ARN);
    expect(imported.procurementPortalPreferenceArn).toBe(PREFERENCE_ARN);
    expect(imported.env.account).toBe('123456789012');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    imported.grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: PREFERENCE_ARN })] },
    });
    // Importing deploys nothing: no handler.
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('a token ARN is accepted as is', () => {
    const stack = newStack();
    const arn = new cdk.CfnParameter(stack, 'PreferenceArn').valueAsString;
    const imported = ProcurementPortalPreference.fromProcurementPortalPreferenceArn(stack, 'Imported', arn);
    expect(stack.resolve(imported.procurementPortalPreferenceArn)).toEqual({ Ref: 'PreferenceArn' });
  });

  test('fails when a literal ARN is not a preference ARN', () => {
    const stack = newStack();
    expect(() => ProcurementPortalPreference.fromProcurementPortalPreferenceArn(stack, 'Imported',
      'arn:aws:invoicing::123456789012:invoice-unit/abcd1234'))
      .toThrow("[Stack/Imported] procurementPortalPreferenceArn must be a procurement portal preference ARN of the form 'arn:aws:invoicing::123456789012:procurement-portal-preference/<id>', got 'arn:aws:invoicing::123456789012:invoice-unit/abcd1234'");
  });

  test('fails when a literal ARN has a region', () => {
    const stack = newStack();
    expect(errorOf(() => ProcurementPortalPreference.fromProcurementPortalPreferenceArn(stack, 'Imported',
      'arn:aws:invoicing:us-east-1:123456789012:procurement-portal-preference/abc'))).toMatch(/^\[Stack\/Imported\] procurementPortalPreferenceArn must be/);
  });
});

describe('determinism', () => {
  function synthesize(): string {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    for (let i = 0; i < 3; i++) {
      const preference = newPreference(stack, {
        buyerIdentifier: `AN0${i}`,
        sharedSecret: PortalSecret.fromSecretsManager(secret, { jsonField: 'sharedSecret' }),
      }, `Pref${i}`);
      cdk.Tags.of(preference).add('index', String(i));
    }
    return JSON.stringify(Template.fromStack(stack).toJSON());
  }

  test('synthesizing twice gives byte-identical templates', () => {
    expect(synthesize()).toEqual(synthesize());
  });
});

describe('snapshot', () => {
  test('a representative stack', () => {
    const stack = newStack('Representative');
    const secret = new secretsmanager.Secret(stack, 'PortalSecret');
    const preference = newPreference(stack, {
      sharedSecret: PortalSecret.fromSecretsManager(secret, { jsonField: 'sharedSecret' }),
      contacts: undefined,
      contactsSecret: secretOf(stack, 'sap/contact'),
      instanceEndpoint: 'https://portal.example.com/cxml',
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
    cdk.Tags.of(preference).add('team', 'finance');
    // The handler bundle's hash changes with every handler change: the snapshot pins the construct, not the bundle.
    const json = JSON.stringify(Template.fromStack(stack).toJSON()).replace(/[0-9a-f]{64}\.zip/g, '<bundle-hash>.zip');
    expect(JSON.parse(json)).toMatchSnapshot();
  });
});
