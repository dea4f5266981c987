/**
 * `plan` on pairs of templates synthesized from real stacks (every action, tokens, retained deletes, a stack with no
 * preference), in-process and as the bundled command a user runs; `--stack` with GetTemplate mocked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { mockClient } from 'aws-sdk-client-mock';
import { ExitCode, Io } from '../../cli/command';
import { main } from '../../cli/index';
import { PreferencePlan } from '../../cli/plan/decide';
import { fetchDeployedTemplate } from '../../cli/plan/fetch';
import { CLI_BUNDLE } from '../../tools/emulators/bundles';
import {
  InvoiceUnit, InvoiceUnitProps, PortalSecret, ProcurementPortalName, ProcurementPortalPreference, ProcurementPortalPreferenceProps,
} from 'cdk-procurement-portal';

/** The supplier check's read that precedes every Create in a plan, as in the handler. */
const SUPPLIER_CHECK = 'ListProcurementPortals (the supplier check)';


function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env: {}, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

type Version = 'before' | 'after';

/** The same app at two commits: each preference below changes in one way between them. */
function synth(version: Version): Record<string, unknown> {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Plan', { env: { account: '123456789012', region: 'us-east-1' } });
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'invoicing/sap-shared-secret');
  const base = (buyer: string, overrides: Partial<ProcurementPortalPreferenceProps> = {}): ProcurementPortalPreferenceProps => ({
    procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
    buyerIdentifier: buyer,
    supplierIdentifier: 'AN02000000002',
    sharedSecret: PortalSecret.fromSecretsManager(secret),
    purchaseOrderRetrievalEnabled: true,
    contacts: [{ name: 'Procurement', email: 'procurement@example.com' }],
    ...overrides,
  });
  const after = version === 'after';
  // replace: an identity field changes
  new ProcurementPortalPreference(stack, 'Identity', base(after ? 'AN02000000099' : 'AN02000000001'));
  // update: configuration
  new ProcurementPortalPreference(stack, 'Settings', base('AN02000000003', { purchaseOrderRetrievalEnabled: !after }));
  // update: tags only
  const tagged = new ProcurementPortalPreference(stack, 'Tagged', base('AN02000000004'));
  cdk.Tags.of(tagged).add('team', after ? 'payables' : 'finance');
  // none
  new ProcurementPortalPreference(stack, 'Same', base('AN02000000005'));
  // known at deploy: the endpoint comes from a parameter
  const host = after ? new cdk.CfnParameter(stack, 'PortalHost', { default: 'portal.example.com' }).valueAsString : '';
  new ProcurementPortalPreference(stack, 'Token', base('AN02000000006', {
    instanceEndpoint: after ? cdk.Fn.join('', ['https://', host, '/cxml']) : 'https://portal.example.com/cxml',
  }));
  if (!after) {
    // delete, and retained delete
    new ProcurementPortalPreference(stack, 'Gone', base('AN02000000007'));
    new ProcurementPortalPreference(stack, 'Kept', base('AN02000000008', { removalPolicy: cdk.RemovalPolicy.RETAIN }));
  } else {
    // create, with adoption
    new ProcurementPortalPreference(stack, 'Added', base('AN02000000009', { adoptExisting: true }));
    // replace allowed
    new ProcurementPortalPreference(stack, 'Allowed', base('AN02000000011', { allowReplacement: true }));
  }
  if (!after) new ProcurementPortalPreference(stack, 'Allowed', base('AN02000000010'));
  return Template.fromStack(stack).toJSON();
}

function emptyStack(): Record<string, unknown> {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Empty');
  new secretsmanager.Secret(stack, 'Unrelated');
  return Template.fromStack(stack).toJSON();
}

let dir: string;
let beforeFile: string;
let afterFile: string;
let emptyFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
  beforeFile = path.join(dir, 'before.template.json');
  afterFile = path.join(dir, 'after.template.json');
  emptyFile = path.join(dir, 'empty.template.json');
  fs.writeFileSync(beforeFile, JSON.stringify(synth('before')));
  fs.writeFileSync(afterFile, JSON.stringify(synth('after')));
  fs.writeFileSync(emptyFile, JSON.stringify(emptyStack()));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stack with one SAP preference (`Pref`) of the given props, synthesized into `dir/<file>`. */
function preferenceTemplate(file: string, props: (stack: cdk.Stack) => Partial<ProcurementPortalPreferenceProps>,
  configure: (preference: ProcurementPortalPreference) => void = () => undefined): string {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'One', { env: { account: '123456789012', region: 'us-east-1' } });
  const preference = new ProcurementPortalPreference(stack, 'Pref', {
    procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
    buyerIdentifier: 'AN02000000001',
    supplierIdentifier: 'AN02000000002',
    purchaseOrderRetrievalEnabled: true,
    contacts: [{ email: 'procurement@example.com' }],
    ...props(stack),
  });
  configure(preference);
  const written = path.join(dir, file);
  fs.writeFileSync(written, JSON.stringify(Template.fromStack(stack).toJSON()));
  return written;
}

async function planJson(from: string, to: string): Promise<PreferencePlan[]> {
  const io = capture();
  expect(await main(['plan', '--from', from, '--to', to, '--json'], io)).toBe(ExitCode.OK);
  return (JSON.parse(io.stdout.join('\n')) as { preferences: PreferencePlan[] }).preferences;
}

function byId(plans: PreferencePlan[]): Record<string, PreferencePlan> {
  return Object.fromEntries(plans.map((p) => [p.logicalId.replace(/[0-9A-F]{8}$/, ''), p]));
}

describe('plan --from --to', () => {
  test('every action, decided like the handler', async () => {
    const plans = byId(await planJson(beforeFile, afterFile));
    expect(Object.fromEntries(Object.entries(plans).map(([id, p]) => [id, [p.action, p.retained]]))).toEqual({
      Added: ['create', false],
      Allowed: ['replace', false],
      Gone: ['delete', false],
      Identity: ['replace', false],
      Kept: ['delete', true],
      Same: ['none', false],
      Settings: ['update', false],
      Tagged: ['update', false],
      Token: ['update', false],
    });
    expect(plans.Identity.fields).toEqual([{ name: 'BuyerIdentifier', kind: 'identity', knownAtDeploy: false }]);
    expect(plans.Identity.calls).toEqual(['ListProcurementPortalPreferences', SUPPLIER_CHECK, 'GetSecretValue', 'CreateProcurementPortalPreference',
      'ListTagsForResource (the owner tag) and DeleteProcurementPortalPreference of the old one, in the cleanup']);
    expect(plans.Identity.notes[0]).toMatch(/^verification restarts/);
    expect(plans.Allowed.calls.slice(0, 2)).toEqual([SUPPLIER_CHECK, 'GetSecretValue']);
    expect(plans.Settings.fields).toEqual([{ name: 'PurchaseOrderRetrievalEnabled', kind: 'configuration', knownAtDeploy: false }]);
    expect(plans.Settings.calls).toEqual(['ListTagsForResource (the owner tag)', 'GetSecretValue', 'PutProcurementPortalPreference',
      'TagResource (the secret versions applied)']);
    expect(plans.Tagged.fields).toEqual([{ name: 'ResourceTags', kind: 'tags', knownAtDeploy: false }]);
    expect(plans.Tagged.calls).toEqual(['ListTagsForResource (the owner tag)', 'TagResource (team)']);
    expect(plans.Token.fields).toEqual([{ name: 'ProcurementPortalInstanceEndpoint', kind: 'configuration', knownAtDeploy: true }]);
    expect(plans.Token.notes).toEqual(['known at deploy: ProcurementPortalInstanceEndpoint (CloudFormation resolves them)']);
    expect(plans.Same.calls).toEqual([]);
    expect(plans.Gone.calls).toEqual(['ListTagsForResource (the owner tag)', 'DeleteProcurementPortalPreference']);
    expect(plans.Kept.calls).toEqual([]);
    expect(plans.Kept.notes[0]).toMatch(/^retained \(DeletionPolicy: Retain\)/);
    expect(plans.Added.calls).toEqual([SUPPLIER_CHECK, 'GetSecretValue', 'CreateProcurementPortalPreference']);
    expect(plans.Added.notes[1]).toMatch(/^adoptExisting: /);
  });

  test('a replacement under RemovalPolicy.RETAIN keeps the old preference (UpdateReplacePolicy: Retain)', async () => {
    const template = (buyer: string): Record<string, unknown> => {
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'Retain');
      new ProcurementPortalPreference(stack, 'Kept', {
        procurementPortalName: ProcurementPortalName.COUPA,
        buyerIdentifier: buyer,
        supplierIdentifier: 'AN01000000002',
        purchaseOrderRetrievalEnabled: false,
        contacts: [{ email: 'ap@example.com' }],
        removalPolicy: cdk.RemovalPolicy.RETAIN,
        allowReplacement: true,
      });
      return Template.fromStack(stack).toJSON();
    };
    const from = path.join(dir, 'retain-before.json');
    const to = path.join(dir, 'retain-after.json');
    fs.writeFileSync(from, JSON.stringify(template('AN01000000001')));
    fs.writeFileSync(to, JSON.stringify(template('AN01000000009')));
    const [plan] = await planJson(from, to);
    expect(plan).toMatchObject({ action: 'replace', retained: false });
    expect(plan.calls).toEqual([SUPPLIER_CHECK, 'CreateProcurementPortalPreference', 'none for the old one (UpdateReplacePolicy: Retain)']);
  });

  test('activation properties: a suspension is an update with one UpdateStatus and no Put; a create sends the code', async () => {
    const template = (suspended: boolean): Record<string, unknown> => {
      const app = new cdk.App();
      const stack = new cdk.Stack(app, 'Activation');
      new ProcurementPortalPreference(stack, 'Sap', {
        procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
        buyerIdentifier: 'AN02000000001',
        supplierIdentifier: 'AN02000000002',
        purchaseOrderRetrievalEnabled: true,
        contacts: [{ email: 'procurement@example.com' }],
        sendValidationCode: true,
        ...(suspended ? { suspended: { reason: 'Portal maintenance' } } : {}),
      });
      return Template.fromStack(stack).toJSON();
    };
    const active = path.join(dir, 'activation-active.json');
    const paused = path.join(dir, 'activation-suspended.json');
    fs.writeFileSync(active, JSON.stringify(template(false)));
    fs.writeFileSync(paused, JSON.stringify(template(true)));

    const [suspend] = await planJson(active, paused);
    expect(suspend).toMatchObject({ action: 'update', fields: [{ name: 'Suspended', kind: 'status', knownAtDeploy: false }] });
    expect(suspend.calls).toEqual(['ListTagsForResource (the owner tag)', 'UpdateProcurementPortalPreferenceStatus (the declared suspension changed)']);
    const [resume] = await planJson(paused, active);
    expect(resume.calls).toEqual(['ListTagsForResource (the owner tag)', 'UpdateProcurementPortalPreferenceStatus (the declared suspension changed)']);
    const [create] = await planJson(emptyFile, paused);
    expect(create.calls).toEqual([SUPPLIER_CHECK, 'CreateProcurementPortalPreference', 'SendProcurementPortalValidation', 'UpdateProcurementPortalPreferenceStatus']);
  });

  test('the same template twice: every preference is none', async () => {
    const plans = await planJson(afterFile, afterFile);
    expect(new Set(plans.map((p) => p.action))).toEqual(new Set(['none']));
  });

  test('a stack with no preference, before and after: nothing to do', async () => {
    expect(await planJson(emptyFile, emptyFile)).toEqual([]);
    const io = capture();
    expect(await main(['plan', '--from', emptyFile, '--to', emptyFile], io)).toBe(ExitCode.OK);
    expect(io.stdout.join('\n')).toBe('No Custom::ProcurementPortalPreference in either template: nothing to do.');
  });

  test('from a stack with no preference: every preference is a create', async () => {
    const plans = await planJson(emptyFile, afterFile);
    expect(plans.length).toBeGreaterThan(0);
    expect(new Set(plans.map((p) => p.action))).toEqual(new Set(['create']));
  });

  test('the text table names actions, fields and calls; the Markdown one warns about replacements', async () => {
    const text = capture();
    await main(['plan', '--from', beforeFile, '--to', afterFile], text);
    const out = text.stdout.join('\n');
    expect(out).toMatch(/^9 preferences: 1 create, 2 replace, 1 delete, 1 retained, 1 none, 3 update$/m);
    expect(out).toMatch(/Kept[0-9A-F]{8}\s+RETAINED/);
    expect(out).toContain('fields: ProcurementPortalInstanceEndpoint (known at deploy)');
    const markdown = capture();
    await main(['plan', '--from', beforeFile, '--to', afterFile, '--markdown'], markdown);
    const md = markdown.stdout.join('\n');
    expect(md).toContain('| Preference | Action | Fields | API calls | Notes |');
    expect(md).toMatch(/> \*\*Warning\*\*: `Allowed[0-9A-F]{8}`, `Identity[0-9A-F]{8}` will be replaced: verification restarts\./);
  });

  test('--fail-on-replace exits 1 when a preference would be replaced, 0 otherwise', async () => {
    expect(await main(['plan', '--from', beforeFile, '--to', afterFile, '--fail-on-replace'], capture())).toBe(ExitCode.NOT_DONE);
    expect(await main(['plan', '--from', afterFile, '--to', afterFile, '--fail-on-replace'], capture())).toBe(ExitCode.OK);
  });

  test('an identity field known only at deploy: "may replace", and --fail-on-replace fails', async () => {
    // The buyer comes from a parameter: the same expression in both templates, its value known only at deploy.
    const template = (enabled: boolean): string => preferenceTemplate(`tokens-${enabled}.json`, (stack) => ({
      buyerIdentifier: new cdk.CfnParameter(stack, 'BuyerId').valueAsString, purchaseOrderRetrievalEnabled: enabled,
    }));
    const [before, after] = [template(true), template(false)];
    const [plan] = await planJson(before, after);
    expect({ action: plan.action, mayReplace: plan.mayReplace }).toEqual({ action: 'update', mayReplace: true });
    expect(plan.notes).toContain('may replace: BuyerIdentifier known at deploy: a different resolved value replaces the preference');
    const text = capture();
    expect(await main(['plan', '--from', before, '--to', after, '--fail-on-replace'], text)).toBe(ExitCode.NOT_DONE);
    expect(text.stdout.join('\n')).toMatch(/Pref[0-9A-F]{8}\s+UPDATE \(MAY REPLACE\)/);
  });

  test('--to alone: the stack\'s first deploy, offline: every preference is a create', async () => {
    const io = capture();
    expect(await main(['plan', '--to', afterFile, '--json'], io)).toBe(ExitCode.OK);
    const first = (JSON.parse(io.stdout.join('\n')) as { preferences: PreferencePlan[] }).preferences;
    expect(first.length).toBeGreaterThan(3);
    expect(new Set(first.map((p) => p.action))).toEqual(new Set(['create']));
  });

  test('a replacement lists the other fields that change with it', async () => {
    const template = (version: number): string => preferenceTemplate(`replace-${version}.json`, () => ({
      supplierIdentifier: `AN0200000000${version}`, purchaseOrderRetrievalEnabled: version === 2,
    }));
    const [plan] = await planJson(template(2), template(3));
    expect(plan.action).toBe('replace');
    expect(plan.fields.map((f) => [f.name, f.kind])).toEqual([['SupplierIdentifier', 'identity'], ['PurchaseOrderRetrievalEnabled', 'configuration']]);
  });

  test('a renamed tag: UntagResource before TagResource, as the handler does', async () => {
    const template = (key: string): string => preferenceTemplate(`tags-${key}.json`, () => ({}),
      (preference) => cdk.Tags.of(preference).add(key, 'v'));
    const [plan] = await planJson(template('old'), template('renamed'));
    expect(plan.calls).toEqual(['ListTagsForResource (the owner tag)', 'UntagResource (old)', 'TagResource (renamed)']);
  });

  test.each([
    [['plan'], 'give --from and --to, or --stack'],
    [['plan', '--from', 'a.json'], '--from needs --to (the new template)'],
    [['plan', '--from', 'a', '--to', 'b', '--stack', 'S'], 'give either --from and --to, or --stack, not both'],
    [['plan', '--from', 'a', '--to', 'b', '--json', '--markdown'], 'give at most one of --json and --markdown'],
    [['plan', '--frmo', 'a'], "Unknown option '--frmo'"],
  ])('bad arguments exit 2 and say why: %j', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(ExitCode.USAGE);
    expect(io.stderr.join('\n')).toContain(message);
  });

  test('an unreadable or non-JSON template exits 2 naming the file', async () => {
    const notJson = path.join(dir, 'template.yaml');
    fs.writeFileSync(notJson, 'Resources: {}\n');
    const missing = capture();
    expect(await main(['plan', '--from', path.join(dir, 'missing.json'), '--to', afterFile], missing)).toBe(ExitCode.USAGE);
    expect(missing.stderr.join('\n')).toContain(`cannot read ${path.join(dir, 'missing.json')}: ENOENT`);
    const yaml = capture();
    expect(await main(['plan', '--from', notJson, '--to', afterFile], yaml)).toBe(ExitCode.USAGE);
    expect(yaml.stderr.join('\n')).toContain(`${notJson} is not JSON`);
  });
});

describe('plan --stack', () => {
  const cfn = mockClient(CloudFormationClient);
  afterEach(() => cfn.reset());

  test('fetchDeployedTemplate asks GetTemplate for the original template', async () => {
    cfn.on(GetTemplateCommand, { StackName: 'Plan', TemplateStage: 'Original' }, true)
      .resolves({ TemplateBody: fs.readFileSync(beforeFile, 'utf8') });
    const template = await fetchDeployedTemplate(new CloudFormationClient({ region: 'us-east-1' }), 'Plan');
    expect(Object.keys(template!.Resources as object)).toEqual(Object.keys(synth('before').Resources as object));
  });

  test('a stack that does not exist yet: undefined (every preference a create)', async () => {
    const error = Object.assign(new Error('Stack with id Plan does not exist'), { name: 'ValidationError' });
    cfn.on(GetTemplateCommand).rejects(error);
    expect(await fetchDeployedTemplate(new CloudFormationClient({ region: 'us-east-1' }), 'Plan')).toBeUndefined();
  });

  test('compares the deployed template with the stack\'s template in the cloud assembly', async () => {
    const assembly = path.join(dir, 'cdk.out');
    fs.mkdirSync(assembly, { recursive: true });
    fs.copyFileSync(afterFile, path.join(assembly, 'Plan.template.json'));
    fs.writeFileSync(path.join(assembly, 'manifest.json'), JSON.stringify({
      version: '36.0.0',
      artifacts: { Plan: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Plan.template.json' } } },
    }));
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: fs.readFileSync(beforeFile, 'utf8') });
    const io = capture();
    expect(await main(['plan', '--stack', 'Plan', '--app', assembly, '--json'], { ...io, env: {} })).toBe(ExitCode.OK);
    const plans = JSON.parse(io.stdout.join('\n')).preferences as PreferencePlan[];
    expect(plans.filter((p) => p.action === 'replace')).toHaveLength(2);

    const unknown = capture();
    expect(await main(['plan', '--stack', 'Nope', '--app', assembly], unknown)).toBe(ExitCode.USAGE);
    expect(unknown.stderr.join('\n')).toContain(`no stack named 'Nope' in ${assembly}: it holds Plan`);
  });

  test('an AWS failure exits 3 with the error', async () => {
    const assembly = path.join(dir, 'cdk.out');
    cfn.on(GetTemplateCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' }));
    const io = capture();
    expect(await main(['plan', '--stack', 'Plan', '--app', assembly], io)).toBe(ExitCode.AWS_ERROR);
    expect(io.stderr.join('\n')).toContain('plan failed: AccessDenied: User is not authorized');
  });
});

describe('the bundled command', () => {
  test('npx cdk-procurement-portal plan --json, as a child process', () => {
    expect(fs.existsSync(CLI_BUNDLE)).toBe(true);
    const stdout = execFileSync(process.execPath, [CLI_BUNDLE, 'plan', '--from', beforeFile, '--to', afterFile, '--json'], { encoding: 'utf8' });
    const plans = byId((JSON.parse(stdout) as { preferences: PreferencePlan[] }).preferences);
    expect(plans.Identity.action).toBe('replace');
    expect(plans.Kept).toMatchObject({ action: 'delete', retained: true });
  });

  test('--fail-on-replace gives exit code 1 to the shell', () => {
    const run = spawnSync(process.execPath, [CLI_BUNDLE, 'plan', '--from', beforeFile, '--to', afterFile, '--fail-on-replace'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('REPLACE');
  });
});

describe('plan: invoice units', () => {
  function unitTemplate(file: string, props: Partial<InvoiceUnitProps>): string {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Units', { env: { account: '123456789012', region: 'us-east-1' } });
    const unit = new InvoiceUnit(stack, 'Finance', { invoiceUnitName: 'Finance', linkedAccounts: ['111111111111'], ...props });
    new ProcurementPortalPreference(stack, 'Pref', {
      procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
      buyerIdentifier: 'AN02000000001',
      supplierIdentifier: 'AN02000000002',
      purchaseOrderRetrievalEnabled: true,
      contacts: [{ email: 'procurement@example.com' }],
      selector: { invoiceUnits: [unit] },
    });
    const written = path.join(dir, file);
    fs.writeFileSync(written, JSON.stringify(Template.fromStack(stack).toJSON()));
    return written;
  }

  type UnitPlans = { code: number; plans: Record<string, PreferencePlan>; text: string };
  async function unitPlans(from: string, to: string, ...extra: string[]): Promise<UnitPlans> {
    const io = capture();
    const code = await main(['plan', '--from', from, '--to', to, '--json', ...extra], io);
    const text = capture();
    await main(['plan', '--from', from, '--to', to], text);
    return { code, plans: byId((JSON.parse(io.stdout.join('\n')) as { invoiceUnits: PreferencePlan[] }).invoiceUnits), text: text.stdout.join('\n') };
  }

  test('a new name replaces the unit, guarded; accounts and description update it in place', async () => {
    const before = unitTemplate('unit-before.json', {});
    const renamed = await unitPlans(before, unitTemplate('unit-renamed.json', { invoiceUnitName: 'Finance EU' }));
    const finance = renamed.plans.Finance;
    expect(finance).toMatchObject({ action: 'replace', fields: [{ name: 'Name', kind: 'identity', knownAtDeploy: false }] });
    expect(finance.calls).toContain('ListProcurementPortalPreferences');
    expect(finance.notes[1]).toMatch(/^refused \(nothing changed\) while a preference past PENDING_VERIFICATION selects it/);
    expect(renamed.text).toContain('1 invoice unit: 1 replace');

    const edited = await unitPlans(before, unitTemplate('unit-edited.json', { description: 'EU', linkedAccounts: ['111111111111', '222222222222'] }));
    expect(edited.plans.Finance).toMatchObject({
      action: 'update',
      calls: ['ListTagsForResource (the owner tag)', 'UpdateInvoiceUnit'],
      fields: [{ name: 'Description', kind: 'configuration', knownAtDeploy: false }, { name: 'LinkedAccounts', kind: 'configuration', knownAtDeploy: false }],
    });
    const io = capture();
    const other = unitTemplate('unit-renamed2.json', { invoiceUnitName: 'Other' });
    expect(await main(['plan', '--from', before, '--to', other, '--fail-on-replace'], io)).toBe(ExitCode.NOT_DONE);
  });
});

test('plan: a supplier id that becomes a lookup is a replacement unless the lookup finds the same id', async () => {
  const typed = preferenceTemplate('typed.json', () => ({}));
  const looked = preferenceTemplate('looked.json', () => ({ supplierIdentifier: undefined, supplierLookup: { sellerOfRecord: 'AWS_INC', countryCode: 'US' } }));
  const [pref] = await planJson(typed, looked);
  expect(pref.action).toBe('replace');
  expect(pref.fields.map((f) => f.name)).toEqual(['SupplierIdentifier', 'SupplierLookup']);
  expect(pref.notes).toContain('unless the lookup finds the supplier id the preference already has: then it is kept and updated in place');
});
