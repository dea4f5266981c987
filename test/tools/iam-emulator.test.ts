/**
 * The IAM emulator's SimulatePrincipalPolicy, through the real SDK client: the evaluation logic of the IAM User Guide
 * (an explicit Deny wins, then an Allow, else an implicit deny; wildcards; NotAction; a Condition not matched and
 * named in MissingContextValues) and NoSuchEntity for a role it does not know.
 */
import { IAMClient, NoSuchEntityException, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { IamEmulator } from '../../tools/emulators/iam';

const iam = new IamEmulator();
let client: IAMClient;
const ROLE = 'arn:aws:iam::123456789012:role/cdk/Handler';
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sap-AbCdEf';

beforeAll(async () => {
  await iam.start();
  client = new IAMClient({ region: 'us-east-1', endpoint: iam.endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake' }, maxAttempts: 1 });
});
afterAll(() => iam.stop());

async function decide(action: string, resource = SECRET): Promise<{ decision?: string; missing?: string[] }> {
  const answer = await client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE, ActionNames: [action], ResourceArns: [resource] }));
  return { decision: answer.EvaluationResults?.[0]?.EvalDecision, missing: answer.EvaluationResults?.[0]?.MissingContextValues };
}

test('Allow by wildcard; an explicit Deny wins; nothing matching is an implicit deny; NotAction; conditions are not guessed', async () => {
  iam.seedRole('Handler', [
    { Statement: [{ Effect: 'Allow', Action: ['secretsmanager:Get*', 'secretsmanager:DescribeSecret'], Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sap-??????' }] },
    { Statement: { Effect: 'Deny', NotAction: 'secretsmanager:*', Resource: '*' } },
    { Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } }] },
  ]);
  expect(await decide('secretsmanager:GetSecretValue')).toMatchObject({ decision: 'allowed' });
  expect(await decide('SecretsManager:getsecretvalue')).toMatchObject({ decision: 'allowed' });
  expect(await decide('secretsmanager:GetSecretValue', `${SECRET}x`)).toMatchObject({ decision: 'implicitDeny' });
  expect(await decide('secretsmanager:PutSecretValue')).toMatchObject({ decision: 'implicitDeny' });
  expect(await decide('kms:Decrypt', '*')).toEqual({ decision: 'explicitDeny', missing: ['kms:ViaService'] });
});

test('a role it does not know: NoSuchEntity', async () => {
  await expect(client.send(new SimulatePrincipalPolicyCommand({
    PolicySourceArn: 'arn:aws:iam::123456789012:role/Nobody', ActionNames: ['s3:GetObject'],
  }))).rejects.toBeInstanceOf(NoSuchEntityException);
});
