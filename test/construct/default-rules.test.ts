/**
 * A fresh `cdk init` app turns on `@aws-cdk/core:validateAgainstDefaultRules`: aws-cdk-lib then validates every
 * template against CloudFormation's rules at synth (a WASM engine), and the native CfnProcurementPortalPreference fails
 * there (F3006, unknown resource type). The contract's stack, with every feature of the construct, plus a second stack
 * whose handler logs to a KMS-encrypted log group of its own, must pass. One synth: the engine's start costs seconds.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { newPreference, secretOf } from './helpers';
import { buildContractStack } from '../nag/contract-stack';

test('the construct synthesizes with @aws-cdk/core:validateAgainstDefaultRules, as cdk init sets it', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'default-rules-'));
  try {
    const app = new cdk.App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    buildContractStack(app);
    const own = new cdk.Stack(app, 'OwnLogGroup', { env: { account: '123456789012', region: 'eu-west-1' } });
    const logGroup = new logs.LogGroup(own, 'HandlerLogs', { encryptionKey: new kms.Key(own, 'LogKey', { enableKeyRotation: true }) });
    newPreference(own, { logGroup, sharedSecret: secretOf(own, 'portal/secret') });

    const assembly = app.synth();
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(['OwnLogGroup', 'ProcurementPortalContract']);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
