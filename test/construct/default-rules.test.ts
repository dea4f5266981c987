/**
 * A fresh `cdk init` app turns on `@aws-cdk/core:validateAgainstDefaultRules`: aws-cdk-lib then validates every
 * template against CloudFormation's rules at synth (a WASM engine), and the native CfnProcurementPortalPreference fails
 * there (F3006, unknown resource type). The contract's app (examples/contract.ts, every feature of the construct), with a
 * second stack whose handler logs to a KMS-encrypted log group of its own, must pass. One synth: the engine's start
 * costs seconds.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { runApp } from './helpers';
import { minimalProps } from '../fixtures';
import type * as ppp from 'cdk-procurement-portal';

test('the construct synthesizes with @aws-cdk/core:validateAgainstDefaultRules, as cdk init sets it', () => {
  const outdir = runApp(path.join(__dirname, '..', '..', 'examples', 'contract.ts'), {
    context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
    beforeSynth: (app, lib) => {
      // The contract app's own registry: its aws-cdk-lib and this library, so the added stack is one of its kind.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { Key } = require('aws-cdk-lib/aws-kms') as typeof kms;
      const { LogGroup } = require('aws-cdk-lib/aws-logs') as typeof logs;
      const { Secret } = require('aws-cdk-lib/aws-secretsmanager') as typeof secretsmanager;
      const { PortalSecret, ProcurementPortalPreference } = require('cdk-procurement-portal') as typeof ppp;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const own = new lib.Stack(app, 'OwnLogGroup', { env: { account: '123456789012', region: 'eu-west-1' } });
      const logGroup = new LogGroup(own, 'HandlerLogs', { encryptionKey: new Key(own, 'LogKey', { enableKeyRotation: true }) });
      new ProcurementPortalPreference(own, 'Pref', minimalProps({
        logGroup,
        sharedSecret: PortalSecret.fromSecretsManager(Secret.fromSecretNameV2(own, 'Importedportalsecret', 'portal/secret')),
      }));
    },
  });
  try {
    expect(new cxapi.CloudAssembly(outdir).stacks.map((stack) => stack.stackName).sort()).toEqual(['OwnLogGroup', 'ProcurementPortalContract']);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
