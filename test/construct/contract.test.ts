import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';

// The public API contract: /work/shared/contract/app.ts, kept as a byte-identical copy in examples/contract.ts so
// that a fresh clone (without the shared folder) still type-checks and synthesizes it.
const ROOT = path.join(__dirname, '..', '..');
const COPY = path.join(ROOT, 'examples', 'contract.ts');
const SHARED = path.join(ROOT, '..', 'shared', 'contract', 'app.ts');
const RESOURCE_TYPE = 'Custom::ProcurementPortalPreference';

describe('the public API contract (examples/contract.ts)', () => {
  const sharedExists = fs.existsSync(SHARED);
  (sharedExists ? test : test.skip)(
    `is a byte-identical copy of ../shared/contract/app.ts${sharedExists ? '' : ' (skipped: ../shared/contract/app.ts not found in this checkout)'}`,
    () => {
      expect(fs.readFileSync(COPY).equals(fs.readFileSync(SHARED))).toBe(true);
    },
  );

  test('type-checks against the package (examples/tsconfig.json maps cdk-procurement-portal to src/index.ts)', () => {
    const tsc = require.resolve('typescript/bin/tsc');
    let diagnostics = '';
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '-p', path.join(ROOT, 'examples', 'tsconfig.json')], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      // tsc prints its diagnostics on stdout: show them when a name or a type of the contract is missing.
      const failed = error as { stdout?: string; stderr?: string; message: string };
      diagnostics = `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message;
    }
    expect(diagnostics).toBe('');
  });

  describe('synthesizes without credentials', () => {
    let template: Template;
    let outdir: string;

    beforeAll(() => {
      outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-'));
      const previous = process.env.CDK_OUTDIR;
      process.env.CDK_OUTDIR = outdir;
      try {
        jest.isolateModules(() => {
          // A CDK app is a script: requiring it runs it (and its app.synth()) in this process.
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          require(COPY);
        });
      } finally {
        if (previous === undefined) delete process.env.CDK_OUTDIR;
        else process.env.CDK_OUTDIR = previous;
      }
      template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, 'ProcurementPortalContract.template.json'), 'utf8')));
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
        PurchaseOrderRetrievalEnabled: false,
        ResourceTags: [{ Key: 'team', Value: 'finance' }],
      });
    });

    test('the SAP preference, purchase orders only', () => {
      template.hasResourceProperties(RESOURCE_TYPE, {
        ProcurementPortalName: 'SAP_BUSINESS_NETWORK',
        EinvoiceDeliveryEnabled: false,
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
});
