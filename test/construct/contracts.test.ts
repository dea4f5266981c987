/**
 * The public API contracts, each kept as a byte-identical copy in examples/ so that a fresh clone (without the shared
 * folder) still type-checks and synthesizes them: the contract's app (examples/contract.ts, ../shared/contract/app.ts)
 * and the operations contract (examples/operations.ts: what a user's app writes to activate, watch and suspend a
 * preference). Each copy is compared with its original when the original sits next to the checkout.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { runApp, templateIn } from './helpers';
import { RESOURCE_TYPE } from '../../src/contract/wire';

const ROOT = path.join(__dirname, '..', '..');
const SHARED = path.join(ROOT, '..', 'shared', 'contract');
const CONTRACT = path.join(ROOT, 'examples', 'contract.ts');
const OPERATIONS = path.join(ROOT, 'examples', 'operations.ts');

describe.each([
  { copy: CONTRACT, original: 'app.ts', tsconfig: 'tsconfig.json' },
  { copy: OPERATIONS, original: 'operations.ts', tsconfig: 'tsconfig.operations.json' },
])('examples/$original copy', ({ copy, original, tsconfig }) => {
  const shared = path.join(SHARED, original);
  const sharedExists = fs.existsSync(shared);
  (sharedExists ? test : test.skip)(
    `${path.relative(ROOT, copy)} is a byte-identical copy of ../shared/contract/${original}${sharedExists ? '' : ' (skipped: not found in this checkout)'}`,
    () => {
      expect(fs.readFileSync(copy).equals(fs.readFileSync(shared))).toBe(true);
    },
  );

  test(`type-checks against the package (examples/${tsconfig} maps cdk-procurement-portal to src/index.ts)`, () => {
    let diagnostics = '';
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', path.join(ROOT, 'examples', tsconfig)], {
        cwd: ROOT, encoding: 'utf8', stdio: 'pipe',
      });
    } catch (error) {
      // tsc prints its diagnostics on stdout: show them when a name or a type of the contract is missing.
      const failed = error as { stdout?: string; stderr?: string; message: string };
      diagnostics = `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message;
    }
    expect(diagnostics).toBe('');
  });
});

describe('the contract (examples/contract.ts) synthesizes without credentials', () => {
  let template: Template;
  let outdir: string;

  beforeAll(() => {
    outdir = runApp(CONTRACT);
    template = templateIn(outdir, 'ProcurementPortalContract');
  });

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('two preferences, one handler', () => {
    template.resourceCountIs(RESOURCE_TYPE, 2);
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('the Coupa preference, tagged, with both secrets as references', () => {
    template.hasResourceProperties(RESOURCE_TYPE, {
      ProcurementPortalName: 'COUPA',
      BuyerIdentifier: 'AN01000000001',
      SupplierIdentifier: 'AN01000000002',
      Selector: { InvoiceUnitArns: ['arn:aws:invoicing::123456789012:invoice-unit/abcd1234'], SellerOfRecords: ['AWS'] },
      ProcurementPortalSharedSecretRef: { SecretArn: { Ref: Match.stringLikeRegexp('^CoupaSecret') }, JsonField: 'sharedSecret' },
      TestEnvPreference: Match.objectLike({
        BuyerIdentifier: 'AN01000000001-T',
        ProcurementPortalSharedSecretRef: {
          SecretArn: { 'Fn::Sub': Match.stringLikeRegexp(':secret:coupa/test-shared-secret$') },
        },
      }),
      EinvoiceDeliveryEnabled: true,
      EinvoiceDeliveryPreference: Match.objectLike({ Protocol: 'CXML', EinvoiceDeliveryActivationDate: 1798761600 }),
      PurchaseOrderRetrievalEnabled: Match.absent(), // false: what absent means
      ResourceTags: [{ Key: 'team', Value: 'finance' }],
    });
  });

  test('the SAP preference, purchase orders only', () => {
    template.hasResourceProperties(RESOURCE_TYPE, {
      ProcurementPortalName: 'SAP_BUSINESS_NETWORK',
      EinvoiceDeliveryEnabled: Match.absent(), // false: what absent means
      EinvoiceDeliveryPreference: Match.absent(),
      PurchaseOrderRetrievalEnabled: true,
      ProcurementPortalSharedSecretRef: { SecretArn: { Ref: Match.stringLikeRegexp('^CoupaSecret') } },
    });
  });

  test('the reader may read both preferences, and the output is the Coupa ARN', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['invoicing:GetProcurementPortalPreference', 'invoicing:ListTagsForResource'],
            Resource: 'arn:aws:invoicing::123456789012:procurement-portal-preference/a34fd666-7810-4414-9360-aaa4bcab0abd',
          }),
          Match.objectLike({ Resource: { Ref: Match.stringLikeRegexp('^Coupa[0-9A-F]{8}$') } }),
        ]),
      },
    });
    template.hasOutput('CoupaArn', { Value: { Ref: Match.stringLikeRegexp('^Coupa[0-9A-F]{8}$') } });
  });
});

test('the operations contract (examples/operations.ts) synthesizes without credentials: adoption, the code, the suspension, one poller, the alarm and the metric name', () => {
  const outdir = runApp(OPERATIONS);
  try {
    const template = templateIn(outdir, 'ProcurementPortalOperations');
    template.hasResourceProperties(RESOURCE_TYPE, {
      AdoptExisting: true,
      AllowReplacement: Match.absent(),
      SendValidationCode: true,
      Suspended: { Reason: 'Portal maintenance until 2027-02-01', EinvoiceDelivery: true, PurchaseOrderRetrieval: true },
    });
    // One status poller (a schedule) and one rotation watch (Secret Label Updated events, the stack settling, a
    // schedule) for the stack.
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules.map((r) => (r.Properties.ScheduleExpression ? 'schedule' : r.Properties.EventPattern['detail-type'][0])).sort())
      .toEqual(['CloudFormation Stack Status Change', 'Secret Label Updated', 'schedule', 'schedule']);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'PurchaseOrderRetrievalActive',
      Namespace: 'CdkProcurementPortal',
      Statistic: 'Minimum',
      Period: 900,
      Dimensions: [{ Name: 'ProcurementPortalPreferenceArn', Value: { Ref: Match.stringLikeRegexp('^Sap') } }],
    });
    template.hasOutput('EinvoiceMetric', { Value: 'EinvoiceDeliveryActive' });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
