/**
 * `npx cdk-procurement-portal simulate` on apps synthesized as users write them: a healthy app plays create, each
 * shared secret's rotation and delete cleanly; a next synth is deployed as an update; an app whose value is refused
 * only at deploy fails the command. No secret or contact value is ever printed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { useSynthesizedApp } from './harness';
import { ExitCode, Io } from '../../cli/command';
import { main } from '../../cli/index';
import { InvoiceUnit, PortalSecret, ProcurementPortalPreference, ProcurementPortalPreferenceProps } from '../../src';
import { simulateLifecycle } from '../../testing';
import type { SimulatedStack } from '../../testing/report';
import { minimalProps } from '../fixtures';

const STACK = 'SimulateStack';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env: {}, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

type Extra = (stack: cdk.Stack) => Partial<ProcurementPortalPreferenceProps>;

function declare(app: cdk.App, supplierIdentifier: string, extra: Extra = () => ({})): void {
  const stack = new cdk.Stack(app, STACK);
  const shared = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Shared'), { jsonField: 'sharedSecret' });
  const contacts = PortalSecret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Contacts', 'simulate/contacts'));
  new ProcurementPortalPreference(stack, 'Preference', minimalProps({
    supplierIdentifier, sharedSecret: shared, contacts: undefined, contactsSecret: contacts, ...extra(stack),
  }));
}

const first = useSynthesizedApp((app) => declare(app, 'AN01000000002'));
const next = useSynthesizedApp((app) => declare(app, 'AN01000000002', () => ({ instanceEndpoint: 'https://portal.example.com/cxml' })));
// A value known only at deploy (a parameter's default) that the handler refuses: caught by simulate, not by synth.
const broken = useSynthesizedApp((app) => declare(app, 'AN01000000002', (stack) => ({
  buyerIdentifier: new cdk.CfnParameter(stack, 'Buyer', { default: 'AN 01' }).valueAsString,
})));

function leaks(io: { stdout: string[]; stderr: string[] }): string[] {
  const text = [...io.stdout, ...io.stderr].join('\n');
  return ['local-shared-secret-', 'local.contact.', 'rotated-'].filter((value) => text.includes(value));
}

test('a healthy app: create, the rotation re-applied, delete; a table and exit 0', async () => {
  const io = capture();
  expect(await main(['simulate', '--app', first.dir], io)).toBe(ExitCode.OK);
  const table = io.stdout.join('\n');
  expect(table).toContain(`${STACK}: OK`);
  expect(table).toMatch(/create\s+CREATE_COMPLETE\s+Preference\w+\s+Create\s+SUCCESS\s+ListProcurementPortals, ListProcurementPortalSuppliers, CreateProcurementPortalPreference/);
  expect(table).toMatch(/rotation\s+RE-APPLIED\s+-\s+Secret Label Updated\s+SUCCESS\s+.*PutProcurementPortalPreference/);
  expect(table).toMatch(/delete\s+DELETE_COMPLETE\s+Preference\w+\s+Delete\s+SUCCESS\s+ListTagsForResource, DeleteProcurementPortalPreference/);
  expect(table).toContain('e-invoice delivery PENDING_VERIFICATION');
  // Progress goes to stderr, so --json stays parsable.
  expect(io.stderr.join('\n')).toContain(`${STACK}: create...`);
  expect(leaks(io)).toEqual([]);
});

test('--next deploys the next synth as an update (a Put), and --json is the report', async () => {
  const io = capture();
  expect(await main(['simulate', '--app', first.dir, '--next', next.dir, '--json'], io)).toBe(ExitCode.OK);
  const [report] = JSON.parse(io.stdout.join('\n')) as SimulatedStack[];
  expect(report.steps.map((s) => `${s.step} ${s.status}`)).toEqual(['create CREATE_COMPLETE', 'update UPDATE_COMPLETE', 'rotation RE-APPLIED', 'delete DELETE_COMPLETE']);
  expect(report.steps[1].events[0].calls).toContain('PutProcurementPortalPreference');
  expect(leaks(io)).toEqual([]);
});

test('a value the handler refuses at deploy fails the command, with the Reason', async () => {
  const io = capture();
  expect(await main(['simulate', '--app', broken.dir], io)).toBe(ExitCode.NOT_DONE);
  const table = io.stdout.join('\n');
  expect(table).toContain(`${STACK}: FAILED`);
  expect(table).toMatch(/create\s+ROLLBACK_COMPLETE\s+Preference\w+\s+Create\s+FAILED\s+no Invoicing call \(Invalid properties: BuyerIdentifier must be 1 to 1024 characters without white space, got 'AN 01'\)/);
});

test('a directory that is no cloud assembly is a usage error naming the way out', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-assembly-'));
  const io = capture();
  expect(await main(['simulate', '--app', empty], io)).toBe(ExitCode.USAGE);
  expect(io.stderr.join('\n')).toContain('is not a cloud assembly (no manifest.json): run cdk synth first, or give --app');
  fs.rmSync(empty, { recursive: true });
});

test('simulateLifecycle (cdk-procurement-portal/testing) plays an app object in a test, and a next synth as the update', async () => {
  const app = new cdk.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'simulate-app-')) });
  declare(app, 'AN01000000002');
  const progress: string[] = [];
  const [report] = await simulateLifecycle(app, { next: next.dir, progress: (line) => progress.push(line) });
  expect(report).toMatchObject({ stackName: STACK, ok: true });
  expect(report.steps.map((step) => step.step)).toEqual(['create', 'update', 'rotation', 'delete']);
  expect(progress).toContain(`${STACK}: create...`);
  await expect(simulateLifecycle(app, { stack: 'Nope' })).rejects.toThrow("No stack 'Nope'");
});

const withUnit = useSynthesizedApp((app) => declare(app, 'AN01000000002', (stack) => {
  const unit = new InvoiceUnit(stack, 'Finance', { invoiceUnitName: 'Finance', linkedAccounts: ['111111111111'] });
  return { supplierIdentifier: undefined, supplierLookup: { sellerOfRecord: 'AWS_INC', countryCode: 'US' }, selector: { invoiceUnits: [unit] } };
}));

test('an app with an invoice unit and a supplier lookup: the unit before the preference, the lookup found, the unit deleted last', async () => {
  const io = capture();
  expect(await main(['simulate', '--app', withUnit.dir, '--json'], io)).toBe(ExitCode.OK);
  const [report] = JSON.parse(io.stdout.join('\n')) as SimulatedStack[];
  const rows = report.steps.flatMap((step) => step.events.map((e) => `${step.step} ${e.logicalId.replace(/[0-9A-F]{8}$/, '')} ${e.event} ${e.status}`));
  expect(rows).toEqual(expect.arrayContaining(['create Finance Create SUCCESS', 'create Preference Create SUCCESS', 'delete Preference Delete SUCCESS',
    'delete Finance Delete SUCCESS']));
  expect(rows.indexOf('create Finance Create SUCCESS')).toBeLessThan(rows.indexOf('create Preference Create SUCCESS'));
  expect(rows.indexOf('delete Preference Delete SUCCESS')).toBeLessThan(rows.indexOf('delete Finance Delete SUCCESS'));
});
