/**
 * End to end: the BUNDLED command-line tool (assets/cli/index/index.js) in a child process, with the real SDK clients,
 * against the Invoicing and CloudFormation emulators on 127.0.0.1 (AWS_ENDPOINT_URL_INVOICING /
 * AWS_ENDPOINT_URL_CLOUDFORMATION). Every command, its exit codes and its failure paths; never a secret, a contact
 * or the one-time code in what it prints.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ExitCode } from '../../cli/command';
import { LIST } from '../../lambda/aws/invoicing';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { BundleRun, CLI_BUNDLE, assertBundle, runCli } from '../../tools/emulators/bundles';
import { CloudFormationEmulator } from '../../tools/emulators/cloudformation';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';
import { CANARY_EMAIL, CANARY_NAME, CANARY_SECRET, minimalProps, minimalRequest } from '../fixtures';
import { PortalSecret, ProcurementPortalName, ProcurementPortalPreference } from 'cdk-procurement-portal';


const invoicing = new InvoicingEmulator();
const cloudformation = new CloudFormationEmulator();
/** Everything the tool printed in this file, scanned for the canaries at the end. */
const printed: string[] = [];

beforeAll(async () => {
  assertBundle(CLI_BUNDLE);
  await Promise.all([invoicing.start(), cloudformation.start()]);
});
afterAll(() => Promise.all([invoicing.stop(), cloudformation.stop()]));
beforeEach(() => {
  invoicing.reset();
  invoicing.clearFaults();
  cloudformation.reset();
});

async function cli(...args: string[]): Promise<BundleRun> {
  const result = await runCli(args, { AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint, AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.endpoint });
  printed.push(result.stdout, result.stderr);
  return result;
}

function seed(buyer: string, overrides: Record<string, unknown> = {}): string {
  return invoicing.seed({ ...minimalRequest({ BuyerIdentifier: buyer, ProcurementPortalSharedSecret: CANARY_SECRET }), ...overrides });
}

/**
 * A deployed stack holding the given preferences (logical id -> ARN) and one unrelated resource: a synthesized app
 * (its preferences' logical ids set to the given ones), seeded as CloudFormation holds it after the deploy.
 */
function deployStack(stackName: string, preferences: Record<string, string>): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-stack-'));
  const app = new cdk.App({ outdir });
  const stack = new cdk.Stack(app, stackName);
  new s3.CfnBucket(stack, 'Bucket').overrideLogicalId('Bucket');
  Object.keys(preferences).forEach((id, i) => {
    const preference = new ProcurementPortalPreference(stack, id, minimalProps({ buyerIdentifier: `AN0200000000${i + 1}` }));
    (preference.node.defaultChild as cdk.CfnResource).overrideLogicalId(id);
  });
  app.synth();
  cloudformation.seedFromAssembly(outdir, stackName, { Bucket: 'my-bucket', ...preferences });
  fs.rmSync(outdir, { recursive: true, force: true });
}

describe('status', () => {
  test('the account\'s preferences as a table: portal, buyer, supplier, statuses with reasons, version, last update', async () => {
    const first = seed('AN02000000001');
    seed('AN02000000003', { EinvoiceDeliveryEnabled: false, PurchaseOrderRetrievalEnabled: true });
    invoicing.setStatus(first, { purchaseOrderRetrieval: 'TEST_FAILED', reason: 'The portal answered 401' });
    const result = await cli('status');
    expect(result.code).toBe(ExitCode.OK);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PORTAL\s+BUYER\s+SUPPLIER\s+E-INVOICE DELIVERY\s+PURCHASE ORDER RETRIEVAL\s+VERSION\s+LAST UPDATE\s+ARN$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^SAP_BUSINESS_NETWORK\\s+AN02000000001\\s+AN02000000002\\s+disabled\\s+TEST_FAILED \\(The portal answered 401\\)\\s+1\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+${first}$`));
    expect(lines[2]).toContain('PENDING_VERIFICATION');
  });

  test('--json: the List summaries with the API\'s field names', async () => {
    const arn = seed('AN02000000001');
    const result = await cli('status', '--json');
    expect(result.code).toBe(ExitCode.OK);
    const rows = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(rows).toEqual([expect.objectContaining({
      ProcurementPortalPreferenceArn: arn,
      AwsAccountId: '123456789012',
      ProcurementPortalName: 'SAP_BUSINESS_NETWORK',
      BuyerIdentifier: 'AN02000000001',
      EinvoiceDeliveryPreferenceStatus: 'PENDING_VERIFICATION',
      PurchaseOrderRetrievalPreferenceStatus: 'PENDING_VERIFICATION',
      Version: 1,
      LastUpdateDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })]);
    expect(rows[0]).not.toHaveProperty('LogicalResourceId');
    expect(invoicing.callCount(LIST)).toBe(1);
    expect(invoicing.callCount('GetProcurementPortalPreference')).toBe(0);
  });

  test('--stack: only the stack\'s preferences, with their logical ids; one missing from the account is reported', async () => {
    const sap = seed('AN02000000001');
    seed('AN02000000009');
    deployStack('Procurement', { Sap: sap, Gone: 'arn:aws:invoicing::123456789012:procurement-portal-preference/0000-gone' });
    const json = await cli('status', '--stack', 'Procurement', '--json');
    expect(json.code).toBe(ExitCode.NOT_DONE);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ LogicalResourceId: 'Sap', ProcurementPortalPreferenceArn: sap })]);
    expect(json.stderr).toContain("Gone in stack Procurement: its physical id 'arn:aws:invoicing::123456789012:procurement-portal-preference/0000-gone' is not a preference of this account");
    const table = await cli('status', '--stack', 'Procurement');
    expect(table.stdout.split('\n')[0]).toMatch(/^LOGICAL ID\s+PORTAL/);
    expect(table.stdout.split('\n')[1]).toMatch(/^Sap\s+SAP_BUSINESS_NETWORK/);
  });

  test('an account without preferences: exit 1 and says so, even with --wait (nothing to call ACTIVE)', async () => {
    const waited = await cli('status', '--wait', 'ACTIVE', '--json');
    expect(waited.code).toBe(ExitCode.NOT_DONE);
    expect(waited.stdout.trim()).toBe('[]');
    expect(waited.stderr).toContain('The account has no procurement portal preference');
  });

  test('a stack without preferences: exit 1 and says so; an unknown stack: exit 3 with CloudFormation\'s error', async () => {
    deployStack('Empty', {});
    const empty = await cli('status', '--stack', 'Empty', '--json');
    expect(empty.code).toBe(ExitCode.NOT_DONE);
    expect(empty.stdout.trim()).toBe('[]');
    expect(empty.stderr).toContain('Stack Empty has no Custom::ProcurementPortalPreference resource');
    const unknown = await cli('status', '--stack', 'Nope');
    expect(unknown.code).toBe(ExitCode.AWS_ERROR);
    expect(unknown.stderr).toContain('Stack with id Nope does not exist');
  });

  test('an unknown status value is shown as it is, and --wait keeps waiting on it until the timeout (exit 4)', async () => {
    const arn = seed('AN02000000001');
    invoicing.setStatus(arn, { purchaseOrderRetrieval: 'AWAITING_PORTAL_APPROVAL' });
    const shown = await cli('status', '--json');
    expect(JSON.parse(shown.stdout)[0].PurchaseOrderRetrievalPreferenceStatus).toBe('AWAITING_PORTAL_APPROVAL');
    const waited = await cli('status', '--wait', 'ACTIVE', '--timeout', '1s', '--poll-interval', '200ms');
    expect(waited.code).toBe(ExitCode.TIMEOUT);
    expect(waited.stderr).toContain(`waiting for ${arn} purchase order retrieval AWAITING_PORTAL_APPROVAL (a status this tool does not know)`);
    expect(waited.stderr).toContain('Timed out after 1s');
    expect(invoicing.callCount(LIST)).toBeGreaterThanOrEqual(3);
  });

  test('--wait ACTIVE: polls with progress lines until every enabled feature is ACTIVE, then exit 0', async () => {
    const arn = seed('AN02000000001');
    invoicing.setStatus(arn, { purchaseOrderRetrieval: 'TEST_INITIALIZED' });
    // The service finishes its connection test after the tool's second poll.
    let polls = 0;
    invoicing.events.on('call', (entry: { operation: string }) => {
      if (entry.operation === LIST && ++polls === 2) invoicing.setStatus(arn, { purchaseOrderRetrieval: 'ACTIVE' });
    });
    const result = await cli('status', '--wait', 'ACTIVE', '--poll-interval', '100ms', '--json');
    invoicing.events.removeAllListeners('call');
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toMatch(/\[\d+s\] waiting for .* purchase order retrieval TEST_INITIALIZED; next poll in 0\.1s/);
    expect(result.stderr).toContain('ACTIVE: every enabled feature is ACTIVE.');
    expect(JSON.parse(result.stdout)[0].PurchaseOrderRetrievalPreferenceStatus).toBe('ACTIVE');
  });

  test('--wait stops with exit 1 at a failure status', async () => {
    const arn = seed('AN02000000001');
    invoicing.setStatus(arn, { purchaseOrderRetrieval: 'TEST_FAILED', reason: 'Dollar test rejected' });
    const result = await cli('status', '--wait', 'ACTIVE', '--poll-interval', '100ms');
    expect(result.code).toBe(ExitCode.NOT_DONE);
    expect(result.stderr).toContain(`Not ACTIVE: ${arn} purchase order retrieval TEST_FAILED`);
    expect(result.stdout).toContain('TEST_FAILED (Dollar test rejected)');
  });

  test('List throttled: retried with backoff when it passes, exit 3 naming the error when it does not', async () => {
    seed('AN02000000001');
    invoicing.inject({ kind: 'throttle', operation: LIST, times: 2 });
    const passes = await cli('status', '--json');
    expect(passes.code).toBe(ExitCode.OK);
    expect(JSON.parse(passes.stdout)).toHaveLength(1);
    invoicing.clearFaults().inject({ kind: 'throttle', operation: LIST });
    const fails = await cli('status');
    expect(fails.code).toBe(ExitCode.AWS_ERROR);
    expect(fails.stderr).toContain('status failed: ThrottlingException: Rate exceeded');
  });

  test('usage errors exit 2 and print the command\'s help', async () => {
    for (const args of [['status', '--wait', 'VALIDATED'], ['status', '--timeout', '5m'], ['status', '--wait', 'ACTIVE', '--timeout', 'soon'], ['status', '--frobnicate']]) {
      const result = await cli(...args);
      expect({ args, code: result.code }).toEqual({ args, code: ExitCode.USAGE });
      expect(result.stderr).toContain('Usage: cdk-procurement-portal status');
    }
    expect(invoicing.callCount(LIST)).toBe(0);
  });
});

describe('send-validation and verify', () => {
  test('send by ARN, a wrong code refused (exit 1), the right one verified: the code is never printed', async () => {
    const arn = seed('AN02000000001');
    const sent = await cli('send-validation', arn);
    expect(sent.code).toBe(ExitCode.OK);
    expect(sent.stdout).toContain(`Validation code sent to the procurement portal for ${arn}.`);
    expect(sent.stdout).toContain('Status: e-invoice delivery disabled, purchase order retrieval PENDING_VERIFICATION.');
    expect(sent.stdout).toContain(`Next: read the code in the portal, then run: npx cdk-procurement-portal verify ${arn} --code <code>`);
    const code = invoicing.validationCode(arn)!;
    expect(sent.stdout + sent.stderr).not.toContain(code);

    const wrongCode = code === 'WRONGCODE' ? 'BADCODE' : 'WRONGCODE';
    const wrong = await cli('verify', arn, '--code', wrongCode);
    expect(wrong.code).toBe(ExitCode.NOT_DONE);
    expect(wrong.stderr).toContain('The service refused the code: ValidationException: The validation code is not valid or has expired');
    expect(wrong.stderr).toContain(`Request a new code with: npx cdk-procurement-portal send-validation ${arn}`);
    expect(wrong.stdout + wrong.stderr).not.toContain(wrongCode);

    const verified = await cli('verify', arn, '--code', code);
    expect(verified.code).toBe(ExitCode.OK);
    expect(verified.stdout).toContain('Status: e-invoice delivery disabled, purchase order retrieval VALIDATED.');
    expect(verified.stdout).toContain('status --wait ACTIVE');
    expect(verified.stdout + verified.stderr).not.toContain(code);
    expect(invoicing.get(arn)!.purchaseOrderRetrievalPreferenceStatus).toBe('VALIDATED');
  });

  test('by --stack and --id, with --json', async () => {
    const arn = seed('AN02000000001');
    deployStack('Procurement', { Sap: arn });
    const sent = await cli('send-validation', '--stack', 'Procurement', '--id', 'Sap', '--json');
    expect(sent.code).toBe(ExitCode.OK);
    expect(JSON.parse(sent.stdout)).toMatchObject({ ProcurementPortalPreferenceArn: arn, PurchaseOrderRetrievalPreferenceStatus: 'PENDING_VERIFICATION' });
    const verified = await cli('verify', '--stack', 'Procurement', '--id', 'Sap', '--code', invoicing.validationCode(arn)!, '--json');
    expect(verified.code).toBe(ExitCode.OK);
    expect(JSON.parse(verified.stdout)).toMatchObject({ PurchaseOrderRetrievalPreferenceStatus: 'VALIDATED' });

    const unknownId = await cli('send-validation', '--stack', 'Procurement', '--id', 'Coupa');
    expect(unknownId.code).toBe(ExitCode.NOT_DONE);
    expect(unknownId.stderr).toContain("Stack Procurement has no Custom::ProcurementPortalPreference resource 'Coupa'; it has: Sap");
  });

  test('a send the service refuses (not pending verification) exits 1 with its message and the status', async () => {
    const arn = seed('AN02000000001');
    invoicing.setStatus(arn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
    const result = await cli('send-validation', arn);
    expect(result.code).toBe(ExitCode.NOT_DONE);
    expect(result.stderr).toContain('The service did not send a code: ConflictException:');
    expect(result.stderr).toContain('is not pending verification');
    expect(result.stderr).toContain('purchase order retrieval ACTIVE');
  });

  test('a send that fails (access denied) exits 3 with the error', async () => {
    const arn = seed('AN02000000001');
    invoicing.inject({ kind: 'access-denied', operation: 'SendProcurementPortalValidation' });
    const result = await cli('send-validation', arn);
    expect(result.code).toBe(ExitCode.AWS_ERROR);
    expect(result.stderr).toContain('send-validation failed: AccessDeniedException');
  });

  test('usage: verify without --code, an argument that is not an ARN, an ARN with --stack', async () => {
    const arn = seed('AN02000000001');
    expect((await cli('verify', arn)).code).toBe(ExitCode.USAGE);
    const notArn = await cli('send-validation', 'my-preference');
    expect(notArn.code).toBe(ExitCode.USAGE);
    expect(notArn.stderr).toContain("'my-preference' is not a preference ARN");
    expect((await cli('send-validation', arn, '--stack', 'S')).code).toBe(ExitCode.USAGE);
    expect(invoicing.callCount('SendProcurementPortalValidation') + invoicing.callCount('VerifyProcurementPortalValidation')).toBe(0);
  });

  test('--help on every command exits 0', async () => {
    for (const command of ['status', 'send-validation', 'verify']) {
      const result = await cli(command, '--help');
      expect(result.code).toBe(ExitCode.OK);
      expect(result.stdout).toContain(`Usage: cdk-procurement-portal ${command}`);
    }
  });
});

describe('from a synthesized stack', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-cdk-out-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('status, send-validation, verify and --wait ACTIVE by the stack\'s logical id', async () => {
    const app = new cdk.App({ outdir });
    const stack = new cdk.Stack(app, 'CliStack');
    new ProcurementPortalPreference(stack, 'Sap', {
      procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
      buyerIdentifier: 'AN02000000001',
      supplierIdentifier: 'AN02000000002',
      sharedSecret: PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Secret')),
      purchaseOrderRetrievalEnabled: true,
      contacts: [{ email: 'ap@example.com' }],
      sendValidationCode: true,
    });
    app.synth();
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'CliStack.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    const logicalId = Object.entries(template.Resources).find(([, r]) => r.Type === RESOURCE_TYPE)![0];
    const arn = seed('AN02000000001');
    cloudformation.seedFromAssembly(outdir, 'CliStack', { [logicalId]: arn });

    // GetTemplate gives back the synthesized template; ListStackResources the deployed resources.
    const client = new CloudFormationClient({ endpoint: cloudformation.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
    const got = await client.send(new GetTemplateCommand({ StackName: 'CliStack' }));
    expect(JSON.parse(got.TemplateBody!)).toEqual(template);
    const listed = await client.send(new ListStackResourcesCommand({ StackName: 'CliStack' }));
    expect(listed.StackResourceSummaries!.find((r) => r.LogicalResourceId === logicalId))
      .toMatchObject({ PhysicalResourceId: arn, ResourceType: RESOURCE_TYPE });
    client.destroy();

    expect((await cli('send-validation', '--stack', 'CliStack', '--id', logicalId)).code).toBe(ExitCode.OK);
    expect((await cli('verify', '--stack', 'CliStack', '--id', logicalId, '--code', invoicing.validationCode(arn)!)).code).toBe(ExitCode.OK);
    invoicing.setStatus(arn, { purchaseOrderRetrieval: 'ACTIVE' });
    const active = await cli('status', '--stack', 'CliStack', '--wait', 'ACTIVE', '--json');
    expect(active.code).toBe(ExitCode.OK);
    expect(JSON.parse(active.stdout)).toEqual([expect.objectContaining({ LogicalResourceId: logicalId, PurchaseOrderRetrievalPreferenceStatus: 'ACTIVE' })]);
  });
});

test('the CloudFormation emulator pages ListStackResources and throttles on request', async () => {
  cloudformation.putStack({
    stackName: 'Big',
    template: { Resources: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`Topic${i}`, { Type: 'AWS::SNS::Topic' }])) },
  });
  const client = new CloudFormationClient({ endpoint: cloudformation.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
  const first = await client.send(new ListStackResourcesCommand({ StackName: 'Big' }));
  expect(first.StackResourceSummaries).toHaveLength(100);
  const second = await client.send(new ListStackResourcesCommand({ StackName: 'Big', NextToken: first.NextToken }));
  expect(second.StackResourceSummaries).toHaveLength(50);
  expect(second.NextToken).toBeUndefined();
  cloudformation.throttle(1, 'GetTemplate');
  await expect(client.send(new GetTemplateCommand({ StackName: 'Big' }))).rejects.toMatchObject({ name: 'Throttling' });
  expect((await client.send(new GetTemplateCommand({ StackName: 'Big' }))).TemplateBody).toContain('Topic149');
  client.destroy();
});

test('nothing the tool printed in this file holds a shared secret or a contact', () => {
  expect(printed.length).toBeGreaterThan(20);
  const everything = printed.join('\n');
  for (const canary of [CANARY_SECRET, CANARY_NAME, CANARY_EMAIL]) expect(everything).not.toContain(canary);
});
