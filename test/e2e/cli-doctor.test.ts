/**
 * `npx cdk-procurement-portal doctor` (the bundled tool, in a child process) on synthesized apps, against the Invoicing,
 * Secrets Manager and CloudFormation emulators: a healthy app before and after its deploy, and a broken one where
 * each check fails once (supplier ids, a document type outside the portal's defaults, a missing secret, an identity
 * already taken, a missing invoice unit). A table for people, JSON with --json, exit 1 on any failure.
 */
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { useSynthesizedApp } from './harness';
import { EinvoiceDocumentType, InvoiceUnit, PortalSecret, ProcurementPortalName, ProcurementPortalPreference } from '../../src';
import { HANDLED_RESOURCE_TYPES } from '../../src/contract/invoice-unit';
import { readStack } from '../../tools/cloudformation/template';
import { CLI_BUNDLE, assertBundle, runCli } from '../../tools/emulators/bundles';
import { CloudFormationEmulator } from '../../tools/emulators/cloudformation';
import { IamEmulator, PolicyDocument, PolicyStatement } from '../../tools/emulators/iam';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';
import { SecretsManagerEmulator } from '../../tools/emulators/secrets-manager';
import { CANARY_SECRET, minimalDelivery, minimalProps, minimalRequest } from '../fixtures';

const UNIT = 'arn:aws:invoicing::123456789012:invoice-unit/abcd1234';
const invoicing = new InvoicingEmulator();
const secrets = new SecretsManagerEmulator();
const cloudformation = new CloudFormationEmulator();
const iam = new IamEmulator();

const healthy = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, 'Healthy');
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'SapSecret', 'doctor/sap');
  const sap = new ProcurementPortalPreference(stack, 'Sap', minimalProps({ sharedSecret: PortalSecret.fromSecretsManager(secret) }));
  (sap.node.defaultChild as cdk.CfnResource).overrideLogicalId('Sap');
});

const broken = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, 'Broken');
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'CoupaSecret', 'doctor/missing');
  new ProcurementPortalPreference(stack, 'Coupa', minimalProps({
    procurementPortalName: ProcurementPortalName.COUPA,
    buyerIdentifier: 'AN01000000001',
    supplierIdentifier: 'NOT-AWS',
    sharedSecret: PortalSecret.fromSecretsManager(secret),
    selector: { invoiceUnitArns: [UNIT] },
    testEnvironment: { buyerIdentifier: 'AN01000000001-T', supplierIdentifier: 'NOT-AWS-T' },
    einvoiceDelivery: minimalDelivery({ documentTypes: [EinvoiceDocumentType.AWS_CLOUD_INVOICE, EinvoiceDocumentType.AWS_MARKETPLACE_INVOICE] }),
  }));
});

beforeAll(async () => {
  assertBundle(CLI_BUNDLE);
  await Promise.all([invoicing.start(), secrets.start(), cloudformation.start(), iam.start()]);
});
afterAll(() => Promise.all([invoicing.stop(), secrets.stop(), cloudformation.stop(), iam.stop()]));
beforeEach(() => {
  invoicing.reset();
  cloudformation.reset();
  invoicing.catalog.seedPortal({
    PortalIdentifier: 'sap-business-network',
    PortalName: 'SAP_BUSINESS_NETWORK',
    PortalDisplayName: 'SAP Business Network',
    DefaultFeatureConfigurations: { InvoiceConfiguration: { DocumentTypes: ['AWS_CLOUD_INVOICE', 'AWS_CLOUD_CREDIT_MEMO'] } },
  }, [{ SupplierIdentifier: 'AN02000000002', SellerOfRecord: 'AWS', CountryCode: 'US', Environment: 'PROD' }]);
  invoicing.catalog.seedPortal({
    PortalIdentifier: 'coupa',
    PortalName: 'COUPA',
    DefaultFeatureConfigurations: { InvoiceConfiguration: { DocumentTypes: ['AWS_CLOUD_INVOICE'] } },
  }, [
    { SupplierIdentifier: 'AWS-COUPA-1', SellerOfRecord: 'AWS', CountryCode: 'US', Environment: 'PROD' },
    { SupplierIdentifier: 'AWS-COUPA-EMEA', SellerOfRecord: 'AWS EMEA SARL', CountryCode: 'LU', Environment: 'PROD' },
    { SupplierIdentifier: 'AWS-COUPA-T', SellerOfRecord: 'AWS', CountryCode: 'US', Environment: 'TEST' },
  ]);
});

function doctor(dir: string, ...args: string[]): ReturnType<typeof runCli> {
  return doctorIn('us-east-1', dir, ...args);
}

function doctorIn(region: string, dir: string, ...args: string[]): ReturnType<typeof runCli> {
  return runCli(['doctor', '--app', dir, ...args], {
    AWS_REGION: region,
    AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.endpoint,
    AWS_ENDPOINT_URL_IAM: iam.endpoint,
  });
}

/** The handler role's identity policies as the synthesized template grants them (resolved as a deploy of it would be). */
function handlerPolicies(dir: string, stackName: string): { role: string; policies: PolicyDocument[] } {
  const stack = readStack(dir, stackName, HANDLED_RESOURCE_TYPES);
  const resources = stack.template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
  const role = resources[stack.customResources[0].handler.logicalId].Properties.Role['Fn::GetAtt'][0] as string;
  const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
    .map((r) => stack.resolve(r.Properties.PolicyDocument) as PolicyDocument);
  return { role, policies };
}

type Row = { logicalId: string; check: string; verdict: string; detail: string };

test('a healthy app before its deploy: every check passes or is skipped, exit 0, a table', async () => {
  if (!secrets.list().some((s) => s.name === 'doctor/sap')) secrets.seed({ name: 'doctor/sap', value: CANARY_SECRET });
  const run = await doctor(healthy.dir);
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^STACK\s+LOGICAL ID\s+CHECK\s+RESULT\s+DETAIL$/);
  const rows = lines.slice(1).map((l) => l.split(/\s{2,}/));
  expect(rows.map((r) => [r[2], r[3]])).toEqual([
    ['portal', 'PASS'], ['supplier', 'PASS'], ['shared secret', 'PASS'], ['identity', 'PASS'], ['status', 'SKIP'],
  ]);
  expect(run.stderr).toContain('5 check(s): 0 failed, 0 warning(s).');
  expect(run.stdout + run.stderr).not.toContain('CANARY');
});

test('after the deploy: the identity is the stack\'s own and the status says the next step', async () => {
  const arn = invoicing.seed(minimalRequest({}));
  cloudformation.seedFromAssembly(healthy.dir, 'Healthy', { Sap: arn });
  const { role, policies } = handlerPolicies(healthy.dir, 'Healthy');
  iam.seedRole(role, policies);
  const run = await doctor(healthy.dir, '--json');
  expect(run.code).toBe(0);
  const rows = JSON.parse(run.stdout) as Row[];
  expect(rows.find((r) => r.check === 'handler reads the shared secret')).toMatchObject({ verdict: 'PASS', detail: `the handler's role ${role} may read it` });
  expect(rows.find((r) => r.check === 'identity')).toMatchObject({ verdict: 'PASS', detail: `deployed: ${arn}` });
  expect(rows.find((r) => r.check === 'status')).toMatchObject({
    verdict: 'WARN', detail: expect.stringContaining('PENDING_VERIFICATION: send the code (npx cdk-procurement-portal send-validation --stack Healthy --id Sap'),
  });
  invoicing.setStatus(arn, { einvoiceDelivery: 'ACTIVE', purchaseOrderRetrieval: 'ACTIVE' });
  const active = JSON.parse((await doctor(healthy.dir, '--json')).stdout) as Row[];
  expect(active.find((r) => r.check === 'status')).toMatchObject({ verdict: 'PASS', detail: 'ACTIVE' });

  // The role without the secret's grant (a policy edited by hand, a boundary): the next Create or Put would fail.
  iam.seedRole(role, policies.map((p) => ({ Statement: (p.Statement as PolicyStatement[]).filter((st) => !JSON.stringify(st.Action).includes('secretsmanager')) })));
  const denied = await doctor(healthy.dir, '--json');
  expect(denied.code).toBe(1);
  expect((JSON.parse(denied.stdout) as Row[]).find((r) => r.check === 'handler reads the shared secret')).toMatchObject({
    verdict: 'FAIL', detail: expect.stringContaining(`the handler's role ${role} may not read it (implicitDeny)`),
  });
});

test('a broken app: each check fails once, with what to do, and the run exits 1', async () => {
  invoicing.seed(minimalRequest({ ProcurementPortalName: 'COUPA', BuyerIdentifier: 'AN01000000001', SupplierIdentifier: 'NOT-AWS' }));
  const run = await doctor(broken.dir, '--json');
  expect(run.code).toBe(1);
  const rows = JSON.parse(run.stdout) as Row[];
  const byCheck = Object.fromEntries(rows.map((r) => [r.check, r]));
  expect(byCheck.portal).toMatchObject({ verdict: 'WARN', detail: expect.stringContaining('AWS_MARKETPLACE_INVOICE outside coupa\'s default document types') });
  expect(byCheck.supplier).toMatchObject({
    verdict: 'FAIL', detail: 'NOT-AWS is not one of AWS\'s PROD supplier ids in coupa: AWS-COUPA-1 (AWS, US, PROD); AWS-COUPA-EMEA (AWS EMEA SARL, LU, PROD)',
  });
  expect(byCheck['test supplier']).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('AWS-COUPA-T (AWS, US, TEST)') });
  expect(byCheck['shared secret']).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('does not exist: create it (aws secretsmanager create-secret --name doctor/missing') });
  expect(byCheck.identity).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('set adoptExisting: true') });
  expect(byCheck['invoice unit']).toMatchObject({ verdict: 'FAIL', detail: `${UNIT} does not exist` });
  expect(run.stderr).toContain('5 failed, 1 warning(s)');

  invoicing.catalog.seedInvoiceUnit({ InvoiceUnitArn: UNIT, Name: 'Finance', InvoiceReceiver: '123456789012' });
  const again = JSON.parse((await doctor(broken.dir, '--json')).stdout) as Row[];
  expect(again.find((r) => r.check === 'invoice unit')).toMatchObject({ verdict: 'PASS' });
});

const agnostic = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, 'Agnostic');
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'doctor/eu');
  new ProcurementPortalPreference(stack, 'Sap', minimalProps({ sharedSecret: PortalSecret.fromSecretsManager(secret) }));
});

test("a stack without a region of its own: the secret is looked for in the caller's region, where the deploy goes", async () => {
  secrets.seed({ name: 'doctor/eu', value: CANARY_SECRET, arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:doctor/eu-AbCdEf' });
  const rows = JSON.parse((await doctorIn('eu-west-1', agnostic.dir, '--json')).stdout) as Row[];
  expect(rows.find((r) => r.check === 'shared secret')).toMatchObject({ verdict: 'PASS' });
});

const lookups = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, 'Lookups');
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'doctor/coupa');
  const coupa = (id: string, sellerOfRecord: string, countryCode?: string): void => {
    const preference = new ProcurementPortalPreference(stack, id, minimalProps({
      procurementPortalName: ProcurementPortalName.COUPA,
      buyerIdentifier: `AN01000000${id.length}`,
      supplierIdentifier: undefined,
      supplierLookup: { sellerOfRecord, countryCode },
      sharedSecret: PortalSecret.fromSecretsManager(secret),
    }));
    (preference.node.defaultChild as cdk.CfnResource).overrideLogicalId(id);
  };
  coupa('Found', 'AWS', 'US');
  coupa('Missing', 'AWS_INC');
});

test('a supplier lookup: the id it will find, or none with AWS\'s candidates (what the handler will do at Create)', async () => {
  invoicing.catalog.reset();
  invoicing.catalog.seedPortal({ PortalIdentifier: 'coupa', PortalName: 'COUPA' }, [
    { SupplierIdentifier: 'AWS-COUPA-1', SellerOfRecord: 'AWS', CountryCode: 'US', Environment: 'PROD' },
    { SupplierIdentifier: 'AWS-COUPA-T', SellerOfRecord: 'AWS', CountryCode: 'US', Environment: 'TEST' },
  ]);
  const run = await doctor(lookups.dir, '--json');
  expect(run.code).toBe(1);
  const supplier = (JSON.parse(run.stdout) as Row[]).filter((r) => r.check === 'supplier');
  expect(supplier).toEqual([
    expect.objectContaining({ logicalId: 'Found', verdict: 'PASS', detail: 'the lookup (seller of record AWS in US) finds AWS-COUPA-1 in coupa' }),
    expect.objectContaining({
      logicalId: 'Missing', verdict: 'FAIL', detail: 'the lookup (seller of record AWS_INC) finds no PROD supplier id in coupa: AWS-COUPA-1 (AWS, US, PROD)',
    }),
  ]);
});

const withUnit = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, 'WithUnit');
  const unit = new InvoiceUnit(stack, 'Finance', { invoiceUnitName: 'Finance', invoiceReceiver: '123456789012', linkedAccounts: ['111111111111', '222222222222'] });
  (unit.node.defaultChild as cdk.CfnResource).overrideLogicalId('Finance');
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'SapSecret', 'doctor/sap');
  const sap = new ProcurementPortalPreference(stack, 'Sap', minimalProps({ sharedSecret: PortalSecret.fromSecretsManager(secret), selector: { invoiceUnits: [unit] } }));
  (sap.node.defaultChild as cdk.CfnResource).overrideLogicalId('Sap');
});

test('an invoice unit of the app: its accounts held by another unit fail, so does a name another unit has; the selector\'s own unit passes', async () => {
  if (!secrets.list().some((s) => s.name === 'doctor/sap')) secrets.seed({ name: 'doctor/sap', value: CANARY_SECRET });
  const ready = JSON.parse((await doctor(withUnit.dir, '--json')).stdout) as Row[];
  expect(ready.filter((r) => r.logicalId === 'Finance').map((r) => [r.check, r.verdict])).toEqual([['unit name', 'PASS'], ['unit accounts', 'PASS']]);
  expect(ready.find((r) => r.logicalId === 'Sap' && r.check === 'invoice unit'))
    .toMatchObject({ verdict: 'PASS', detail: 'Finance, declared in this stack: the deploy creates it before the preference' });

  invoicing.units.seed({
    InvoiceUnitArn: 'arn:aws:invoicing::123456789012:invoice-unit/0ther000',
    Name: 'Finance',
    InvoiceReceiver: '123456789012',
    Rule: { LinkedAccounts: ['222222222222'] },
  });
  const run = await doctor(withUnit.dir, '--json');
  expect(run.code).toBe(1);
  const rows = (JSON.parse(run.stdout) as Row[]).filter((r) => r.logicalId === 'Finance');
  expect(rows).toEqual([
    expect.objectContaining({ check: 'unit name', verdict: 'FAIL', detail: expect.stringMatching(/^arn:aws:invoicing::123456789012:invoice-unit\/0ther000 is named Finance already \(a name is unique/) }),
    expect.objectContaining({
      check: 'unit accounts',
      verdict: 'FAIL',
      detail: '222222222222 is in arn:aws:invoicing::123456789012:invoice-unit/0ther000: an account belongs to one unit only, remove it from one of them',
    }),
  ]);
});
