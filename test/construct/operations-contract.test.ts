import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';

// The operations contract (what a user's app writes to activate, watch and suspend a preference), kept as a
// byte-identical copy in examples/operations.ts so that a fresh clone still type-checks and synthesizes it; the copy is
// compared with the original when the original sits next to the checkout.
const ROOT = path.join(__dirname, '..', '..');
const COPY = path.join(ROOT, 'examples', 'operations.ts');
const SHARED = path.join(ROOT, '..', 'shared', 'contract', 'operations.ts');
const RESOURCE_TYPE = 'Custom::ProcurementPortalPreference';

describe('the operations contract (examples/operations.ts)', () => {
  const sharedExists = fs.existsSync(SHARED);
  (sharedExists ? test : test.skip)(
    `is a byte-identical copy of ../shared/contract/operations.ts${sharedExists ? '' : ' (skipped: not found in this checkout)'}`,
    () => {
      expect(fs.readFileSync(COPY).equals(fs.readFileSync(SHARED))).toBe(true);
    },
  );

  test('type-checks against the package (examples/tsconfig.operations.json maps cdk-procurement-portal to src/index.ts)', () => {
    let diagnostics = '';
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', path.join(ROOT, 'examples', 'tsconfig.operations.json')], {
        cwd: ROOT, encoding: 'utf8', stdio: 'pipe',
      });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      diagnostics = `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message;
    }
    expect(diagnostics).toBe('');
  });

  test('synthesizes without credentials: adoption, the code, the suspension, one poller, the alarm and the metric name', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'operations-'));
    const previous = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = outdir;
    try {
      jest.isolateModules(() => {
        // A CDK app is a script: requiring it runs it (and its app.synth()) in this process.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(COPY);
      });
      const template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, 'ProcurementPortalOperations.template.json'), 'utf8')));
      template.hasResourceProperties(RESOURCE_TYPE, {
        AdoptExisting: true,
        AllowReplacement: Match.absent(),
        SendValidationCode: true,
        Suspended: { Reason: 'Portal maintenance until 2027-02-01', EinvoiceDelivery: true, PurchaseOrderRetrieval: true },
      });
      // One status poller (a schedule) and one rotation watch (Secret Label Updated events) for the stack.
      const rules = Object.values(template.findResources('AWS::Events::Rule'));
      expect(rules.map((r) => (r.Properties.ScheduleExpression ? 'schedule' : r.Properties.EventPattern['detail-type'][0])).sort())
        .toEqual(['Secret Label Updated', 'schedule']);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'PurchaseOrderRetrievalActive',
        Namespace: 'CdkProcurementPortal',
        Statistic: 'Minimum',
        Period: 900,
        Dimensions: [{ Name: 'ProcurementPortalPreferenceArn', Value: { Ref: Match.stringLikeRegexp('^Sap') } }],
      });
      template.hasOutput('EinvoiceMetric', { Value: 'EinvoiceDeliveryActive' });
    } finally {
      if (previous === undefined) delete process.env.CDK_OUTDIR;
      else process.env.CDK_OUTDIR = previous;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
