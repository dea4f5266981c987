/**
 * The CloudFormation simulator and the cloud-assembly reader on their own, with a tiny scripted handler: the events it
 * builds, the protocol checks, Lambda's retries and timeout, and the stack operations' order of events.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ProcurementPortalPreference } from '../../src';
import { CloudFormationSimulator, stringifyScalars } from '../../tools/cloudformation/simulator';
import { readStack } from '../../tools/cloudformation/template';
import { minimalProps } from '../fixtures';

/**
 * A handler driven by its properties: `Behavior` (for Create and Update) is ok | fail | replace | throw | silent | slow;
 * `FailOnUpdate` fails Updates only, `FailOnDelete` Deletes. It answers like a correct custom resource unless told
 * otherwise (`ContentType` to send one).
 */
const SCRIPTED_HANDLER = `
const http = require('node:http');
let invocations = 0;
function put(event, body, contentType) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(data) } }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(data);
  });
}
exports.handler = async (event, context) => {
  invocations += 1;
  console.log(JSON.stringify({ level: 'info', requestType: event.RequestType, remaining: context.getRemainingTimeInMillis(), invocations }));
  const p = event.ResourceProperties;
  const behavior = event.RequestType === 'Delete' ? 'ok' : event.RequestType === 'Update' && p.FailOnUpdate === 'true' ? 'fail' : p.Behavior;
  if (event.RequestType === 'Delete' && p.FailOnDelete === 'true') {
    return put(event, { Status: 'FAILED', Reason: 'delete refused', PhysicalResourceId: event.PhysicalResourceId, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId }, '');
  }
  if (behavior === 'throw') throw new Error('boom');
  if (behavior === 'silent') return;
  if (behavior === 'slow') await new Promise((r) => setTimeout(r, 60000));
  const id = event.RequestType === 'Create' || behavior === 'replace' ? 'id-' + event.RequestId : event.PhysicalResourceId;
  const status = behavior === 'fail' ? 'FAILED' : 'SUCCESS';
  await put(event, { Status: status, Reason: status === 'FAILED' ? 'scripted failure' : undefined, PhysicalResourceId: id,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId }, p.ContentType || '');
};
`;

let dir: string;
let handlerFile: string;
let sim: CloudFormationSimulator;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simulator-test-'));
  handlerFile = path.join(dir, 'handler.js');
  fs.writeFileSync(handlerFile, SCRIPTED_HANDLER);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  sim = new CloudFormationSimulator({ handlerFile, lambdaTimeoutMs: 1500, environment: {}, stackName: 'SimTest' });
  await sim.start();
});
afterEach(() => sim.stop());

test('stringifies every scalar as CloudFormation does', () => {
  expect(stringifyScalars({ a: true, b: 1767225600, c: [false, 2.5, 'x'], d: { e: null, f: undefined } }))
    .toEqual({ a: 'true', b: '1767225600', c: ['false', '2.5', 'x'], d: { e: null } });
});

test('builds events as CloudFormation sends them', () => {
  const create = sim.event('Create', 'Res', { Enabled: true, Count: 3 });
  expect(create).toEqual({
    RequestType: 'Create',
    ServiceToken: sim.serviceToken,
    ResponseURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.*X-Amz-Signature=/),
    StackId: expect.stringMatching(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/SimTest\/[0-9a-f-]{36}$/),
    RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    LogicalResourceId: 'Res',
    ResourceType: 'Custom::ProcurementPortalPreference',
    ResourceProperties: { ServiceToken: sim.serviceToken, Enabled: 'true', Count: '3' },
  });
  const update = sim.event('Update', 'Res', { Enabled: false }, { physicalResourceId: 'p1', oldProperties: { Enabled: true } });
  expect(update).toMatchObject({ PhysicalResourceId: 'p1', OldResourceProperties: { ServiceToken: sim.serviceToken, Enabled: 'true' } });
  expect(sim.event('Delete', 'Res', {}, { physicalResourceId: 'p1' })).not.toHaveProperty('OldResourceProperties');
});

test('runs the handler with a counting-down context and captures its logs and response', async () => {
  const invocation = await sim.invoke(sim.event('Create', 'Res', { Behavior: 'ok' }));
  expect(invocation.violations).toEqual([]);
  expect(invocation.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `id-${invocation.event.RequestId}` });
  const line = JSON.parse(invocation.logs[0].text) as { remaining: number; invocations: number };
  expect(line.remaining).toBeGreaterThan(1000);
  expect(line.remaining).toBeLessThanOrEqual(1500);
  // A fresh process per invocation: no module state carried over.
  const again = await sim.invoke(sim.event('Create', 'Res', { Behavior: 'ok' }));
  expect((JSON.parse(again.logs[0].text) as { invocations: number }).invocations).toBe(1);
});

test('flags a response with a content type, which S3 refuses', async () => {
  const invocation = await sim.invoke(sim.event('Create', 'Res', { Behavior: 'ok', ContentType: 'application/json' }));
  expect(invocation.attempts.map((a) => a.answered)).toEqual([403]);
  expect(invocation.violations).toEqual(expect.arrayContaining([
    'no response was accepted', "a response was sent with Content-Type 'application/json' (S3 refuses it)",
  ]));
});

test('kills the process at the Lambda timeout, and Lambda retries a failed invocation twice', async () => {
  const delivery = await sim.deliver(sim.event('Create', 'Res', { Behavior: 'slow' }));
  expect(delivery.invocations.map((i) => i.timedOut)).toEqual([true, true, true]);
  expect(delivery.response).toBeUndefined();
  expect(delivery.invocations[0].logs.at(-1)?.text).toBe('Task timed out after 1.50 seconds');
  const thrown = await sim.deliver(sim.event('Create', 'Res', { Behavior: 'throw' }));
  expect(thrown.invocations.map((i) => i.handlerError)).toEqual(['Error', 'Error', 'Error']);
  // A handler that returns without answering is not retried: CloudFormation just waits.
  const silent = await sim.deliver(sim.event('Create', 'Res', { Behavior: 'silent' }));
  expect(silent.invocations).toHaveLength(1);
  expect(silent.invocations[0].violations).toEqual(['no response was accepted']);
});

test('plays create, update with replacement and cleanup, and delete', async () => {
  const created = await sim.createStack({ A: { Behavior: 'ok' }, B: { Behavior: 'ok' } });
  expect(created.status).toBe('CREATE_COMPLETE');
  const oldA = sim.resources.get('A')!.physicalResourceId;
  const updated = await sim.updateStack({ A: { Behavior: 'replace' }, B: { Behavior: 'ok' } });
  expect(updated.status).toBe('UPDATE_COMPLETE');
  expect(updated.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType} ${s.logicalResourceId}`)).toEqual(['update Update A', 'cleanup Delete A']);
  expect(updated.steps[1].delivery.event).toMatchObject({ PhysicalResourceId: oldA, ResourceProperties: { Behavior: 'ok' } });
  const deleted = await sim.deleteStack();
  expect(deleted.steps.map((s) => s.logicalResourceId)).toEqual(['B', 'A']);
  expect(deleted.status).toBe('DELETE_COMPLETE');
});

test('rolls back a failed create by deleting what exists, the failed resource included', async () => {
  const created = await sim.createStack({ A: { Behavior: 'ok' }, B: { Behavior: 'fail' }, C: { Behavior: 'ok' } });
  expect(created.status).toBe('ROLLBACK_COMPLETE');
  expect(created.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType} ${s.logicalResourceId}`))
    .toEqual(['create Create A', 'create Create B', 'rollback Delete B', 'rollback Delete A']);
  expect(sim.resources.size).toBe(0);
});

test('a delete that fails leaves the stack DELETE_FAILED with the resource kept', async () => {
  await sim.createStack({ A: { Behavior: 'ok', FailOnDelete: true } });
  const deleted = await sim.deleteStack();
  expect(deleted.status).toBe('DELETE_FAILED');
  expect(deleted.steps[0].delivery.response).toMatchObject({ Status: 'FAILED', Reason: 'delete refused' });
  expect(sim.resources.has('A')).toBe(true);
});

test('rolls back a failed update: Update back for in-place and failed resources, Delete of a replacement\'s new id', async () => {
  await sim.createStack({ A: { Behavior: 'ok' }, B: { Behavior: 'ok' }, C: { Behavior: 'ok' } });
  const oldB = sim.resources.get('B')!.physicalResourceId;
  const operation = await sim.updateStack({
    A: { Behavior: 'ok', Changed: 'yes' },
    B: { Behavior: 'replace' },
    C: { Behavior: 'ok', FailOnUpdate: true },
  });
  expect(operation.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(operation.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType} ${s.logicalResourceId}`)).toEqual([
    'update Update A', 'update Update B', 'update Update C',
    'rollback Update C', 'rollback Update A', 'rollback-cleanup Delete B',
  ]);
  const rollbackA = operation.steps[4].delivery.event;
  expect(rollbackA).toMatchObject({ ResourceProperties: { Behavior: 'ok' }, OldResourceProperties: { Behavior: 'ok', Changed: 'yes' } });
  expect(operation.steps[5].delivery.event).not.toMatchObject({ PhysicalResourceId: oldB });
  expect(sim.resources.get('B')!.physicalResourceId).toBe(oldB);
});

test('reads a cloud assembly: resolves intrinsics, finds the handler asset and the secrets', () => {
  const assembly = path.join(dir, 'cdk.out');
  fs.mkdirSync(path.join(assembly, 'asset.abc'), { recursive: true });
  fs.writeFileSync(path.join(assembly, 'asset.abc', 'index.js'), 'exports.handler = async () => {};');
  fs.writeFileSync(path.join(assembly, 'manifest.json'), JSON.stringify({
    artifacts: { Demo: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/eu-west-1', properties: { templateFile: 'Demo.template.json' } } },
  }));
  fs.writeFileSync(path.join(assembly, 'Demo.template.json'), JSON.stringify({
    Resources: {
      Secret1: { Type: 'AWS::SecretsManager::Secret' },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Handler: 'index.handler', Timeout: 42, Runtime: 'nodejs24.x', Environment: { Variables: { REGION: { Ref: 'AWS::Region' } } } },
        Metadata: { 'aws:asset:path': 'asset.abc' },
      },
      Pref: {
        Type: 'Custom::ProcurementPortalPreference',
        Properties: {
          ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] },
          Enabled: true,
          SecretRef: { SecretArn: { Ref: 'Secret1' }, JsonField: 'f' },
          TestRef: { SecretArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:team/test']] } },
          Sub: { 'Fn::Sub': 'stack ${AWS::StackName} in ${AWS::Region}' },
          Gone: { Ref: 'AWS::NoValue' },
        },
      },
    },
  }));
  const stack = readStack(assembly, 'Demo', 'Custom::ProcurementPortalPreference');
  expect(stack.customResources).toHaveLength(1);
  const [pref] = stack.customResources;
  expect(pref.handler).toMatchObject({ file: path.join(assembly, 'asset.abc', 'index.js'), exportName: 'handler', timeoutSeconds: 42, environment: { REGION: 'eu-west-1' } });
  expect(pref.properties).toEqual({
    Enabled: true,
    SecretRef: { SecretArn: expect.stringMatching(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:Secret1-[A-Za-z0-9]{12}-[A-Za-z0-9]{6}$/), JsonField: 'f' },
    TestRef: { SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team/test' },
    Sub: 'stack Demo in eu-west-1',
  });
  expect(stack.secrets.map((s) => [s.logicalId, s.name])).toEqual([
    ['Secret1', expect.stringMatching(/^Secret1-[A-Za-z0-9]{12}$/)],
    [undefined, 'team/test'],
  ]);
  expect(() => readStack(assembly, 'Nope', 'Custom::X')).toThrow("no stack 'Nope'");
});

test('a synthesized template\'s dynamic references: ssm resolved before the event, as CloudFormation does', () => {
  const app = new cdk.App({ outdir: path.join(dir, 'ssm-cdk-out') });
  const stack = new cdk.Stack(app, 'Ssm');
  const endpoint = ssm.StringParameter.fromStringParameterAttributes(stack, 'Endpoint', {
    parameterName: '/portal/endpoint', forceDynamicReference: true,
  }).stringValue;
  new ProcurementPortalPreference(stack, 'Pref', minimalProps({ instanceEndpoint: endpoint }));
  app.synth();

  const template = JSON.parse(fs.readFileSync(path.join(dir, 'ssm-cdk-out', 'Ssm.template.json'), 'utf8')) as Record<string, any>;
  const written = Object.values(template.Resources as Record<string, any>).find((r) => r.Type === 'Custom::ProcurementPortalPreference')!;
  expect(written.Properties.ProcurementPortalInstanceEndpoint).toBe('{{resolve:ssm:/portal/endpoint}}');

  const read = readStack(path.join(dir, 'ssm-cdk-out'), 'Ssm', 'Custom::ProcurementPortalPreference', {
    ssmParameters: { '/portal/endpoint': 'https://portal.example.com/cxml' },
  });
  expect(read.customResources[0].properties.ProcurementPortalInstanceEndpoint).toBe('https://portal.example.com/cxml');
  expect(() => readStack(path.join(dir, 'ssm-cdk-out'), 'Ssm', 'Custom::ProcurementPortalPreference'))
    .toThrow('{{resolve:ssm:/portal/endpoint}}: no such Parameter Store parameter');
});
