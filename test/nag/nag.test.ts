/**
 * cdk-nag 3 (AwsSolutions) on the contract's stack and on the eu-west-1 example, as a user would run it:
 * `Validations.of(app).addPlugins(new AwsSolutionsChecks(app))`, then synth. Errors and warnings both count.
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
import { buildContractStack } from './contract-stack';
import { EuropeanInvoicingStack } from '../../examples/other-region';

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

/** Every unacknowledged AwsSolutions finding, errors and warnings, as `<severity> <rule> at <construct path>`. */
function findings(app: cdk.App): string[] {
  const result = new AwsSolutionsChecks(app).validateScope(app);
  return result.violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`))
    .sort();
}

/** What a user does: the plugin on the app, then synth (which throws with a report on any finding). */
function synthWithNag(app: cdk.App): void {
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
}

/** Every acknowledgment recorded under a scope: rule id -> reason. */
function acknowledgments(scope: IConstruct): Record<string, string> {
  const found: Record<string, string> = {};
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY) Object.assign(found, entry.data);
    }
  }
  return found;
}

describe('cdk-nag AwsSolutions', () => {
  test('the contract stack has no unacknowledged finding', () => {
    const app = newApp();
    const { portalSecret } = buildContractStack(app);
    cdk.Validations.of(portalSecret).acknowledge({ id: 'AwsSolutions-SMG4', reason: SECRET_ROTATION_REASON });

    expect(findings(app)).toEqual([]);
    expect(() => synthWithNag(app)).not.toThrow();
  });

  test('the eu-west-1 example has no finding and needs no acknowledgment of its own', () => {
    const app = newApp();
    const stack = new EuropeanInvoicingStack(app, 'ProcurementPortalEuWest1');

    expect(stack.region).toBe('eu-west-1');
    expect(findings(app)).toEqual([]);
    expect(() => synthWithNag(app)).not.toThrow();
  });

  test("a user's own run reports their own resources only: here the secret without rotation", () => {
    const app = newApp();
    buildContractStack(app);

    expect(findings(app)).toEqual(['error AwsSolutions-SMG4 at ProcurementPortalContract/CoupaSecret/Resource']);
    expect(() => synthWithNag(app)).toThrow(/AwsSolutions-SMG4/);
  });

  test('the library acknowledges exactly its two unavoidable IAM5 findings, each with a reason, on its handler only', () => {
    const app = newApp();
    const { stack } = buildContractStack(app);
    const provider = stack.node.findChild('ProcurementPortalPreferenceProvider');

    const own = acknowledgments(provider);
    expect(Object.keys(own).sort()).toEqual([...LIBRARY_ACKNOWLEDGED].sort());
    for (const reason of Object.values(own)) expect(reason.length).toBeGreaterThan(20);

    // Nothing acknowledged outside the handler: the user's resources stay fully checked.
    const elsewhere = stack.node.children.filter((c) => c !== provider).map(acknowledgments);
    expect(elsewhere.flatMap(Object.keys)).toEqual([]);
  });
});
