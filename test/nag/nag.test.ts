/**
 * cdk-nag 3 (AwsSolutions) on the contract's stack (examples/contract.ts itself, run as `cdk synth` runs it) and on the
 * eu-west-1 example, as a user would run it: `Validations.of(app).addPlugins(new AwsSolutionsChecks(app))`, then
 * synth. Errors and warnings both count.
 *
 * The library acknowledges its own unavoidable findings (its handler's IAM5 wildcards), so a user's run reports only
 * what the user's own resources trigger; here that is the contract's own secret without rotation (AwsSolutions-SMG4),
 * acknowledged below with the reason a user would give.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { EuropeanInvoicingStack } from '../../examples/other-region';
import { runApp } from '../construct/helpers';

const CONTRACT = path.join(__dirname, '..', '..', 'examples', 'contract.ts');

/** The two findings the handler cannot avoid, which the library acknowledges itself (with a reason each). */
const LIBRARY_ACKNOWLEDGED = [
  // Create, Put, Delete and ListProcurementPortalPreference(s) (and aws-portal:ModifyBilling and ViewBilling) have no resource type.
  'AwsSolutions-IAM5[Resource::*]',
  // TagResource / UntagResource on the preferences the handler creates: their ids exist only after Create.
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:invoicing::<AWS::AccountId>:procurement-portal-preference/*]',
];

const SECRET_ROTATION_REASON = 'The shared secret is issued by the procurement portal (Coupa, SAP Business Network) and '
  + 'changed there; rotating it in Secrets Manager alone would break the portal connection.';

let outdir: string;
const cdkValidation = process.env.CDK_VALIDATION;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
  // aws-cdk-lib's own CloudFormation schema validation (about 15 s per synth here, and warnings only) is not what
  // this test checks: cdk-nag still runs as a validation plugin.
  process.env.CDK_VALIDATION = 'false';
});
afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
  if (cdkValidation === undefined) delete process.env.CDK_VALIDATION;
  else process.env.CDK_VALIDATION = cdkValidation;
});

function newApp(): cdk.App {
  return new cdk.App({
    outdir: fs.mkdtempSync(path.join(outdir, 'app-')),
    context: { 'aws:cdk:disable-creation-stack-traces': true },
  });
}

type Nag = typeof import('cdk-nag');

/** Every unacknowledged AwsSolutions finding, errors and warnings, as `<severity> <rule> at <construct path>`. */
function findings(app: cdk.App, checks: typeof AwsSolutionsChecks = AwsSolutionsChecks): string[] {
  const result = new checks(app).validateScope(app);
  return result.violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`))
    .sort();
}

/** What a user does: the plugin on the app, then synth (which throws with a report on any finding). */
function synthWithNag(app: cdk.App): void {
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
}

/**
 * Synthesizes examples/contract.ts with `prepare` run on its App just before its own app.synth(); `withNag` adds
 * cdk-nag's plugin there, as a user does. `prepare` gets that run's aws-cdk-lib and cdk-nag (a fresh registry).
 */
function synthContract(withNag: boolean, prepare: (app: cdk.App, lib: typeof cdk, nag: Nag) => void = () => undefined): void {
  const assembly = runApp(CONTRACT, {
    beforeSynth: (app, lib) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const nag = require('cdk-nag') as Nag;
      prepare(app, lib, nag);
      if (withNag) lib.Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
    },
  });
  fs.rmSync(assembly, { recursive: true, force: true });
}

/** Every acknowledgment recorded under a scope: rule id -> reason. */
function acknowledgments(scope: IConstruct, lib: typeof cdk = cdk): Record<string, string> {
  const found: Record<string, string> = {};
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type === lib.Validations.ACKNOWLEDGED_RULES_METADATA_KEY) Object.assign(found, entry.data);
    }
  }
  return found;
}

describe('cdk-nag AwsSolutions', () => {
  test('the contract stack has no unacknowledged finding', () => {
    let found: string[] | undefined;
    expect(() => synthContract(true, (app, lib, nag) => {
      const portalSecret = app.node.findChild('ProcurementPortalContract').node.findChild('CoupaSecret');
      lib.Validations.of(portalSecret).acknowledge({ id: 'AwsSolutions-SMG4', reason: SECRET_ROTATION_REASON });
      found = findings(app, nag.AwsSolutionsChecks);
    })).not.toThrow();
    expect(found).toEqual([]);
  });

  test('the eu-west-1 example has no finding and needs no acknowledgment of its own', () => {
    const app = newApp();
    const stack = new EuropeanInvoicingStack(app, 'ProcurementPortalEuWest1');

    expect(stack.region).toBe('eu-west-1');
    expect(findings(app)).toEqual([]);
    expect(() => synthWithNag(app)).not.toThrow();
  });

  test("a user's own run reports their own resources only: here the secret without rotation", () => {
    let found: string[] | undefined;
    expect(() => synthContract(true, (app, _lib, nag) => {
      found = findings(app, nag.AwsSolutionsChecks);
    })).toThrow(/AwsSolutions-SMG4/);
    expect(found).toEqual(['error AwsSolutions-SMG4 at ProcurementPortalContract/CoupaSecret/Resource']);
  });

  test('the library acknowledges exactly its two unavoidable IAM5 findings, each with a reason, on its handler only', () => {
    let own: Record<string, string> = {};
    let elsewhere: string[] = ['not run'];
    synthContract(false, (app, lib) => {
      const stack = app.node.findChild('ProcurementPortalContract');
      const provider = stack.node.findChild('ProcurementPortalPreferenceProvider');
      own = acknowledgments(provider, lib);
      // Nothing acknowledged outside the handler: the user's resources stay fully checked.
      elsewhere = stack.node.children.filter((c) => c !== provider).map((c) => acknowledgments(c, lib)).flatMap(Object.keys);
    });

    expect(Object.keys(own).sort()).toEqual([...LIBRARY_ACKNOWLEDGED].sort());
    for (const reason of Object.values(own)) expect(reason.length).toBeGreaterThan(20);
    expect(elsewhere).toEqual([]);
  });
});
