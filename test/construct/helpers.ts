import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { minimalProps } from '../fixtures';
import { PortalSecret, ProcurementPortalPreference, ProcurementPortalPreferenceProps } from 'cdk-procurement-portal';

export function newStack(id = 'Stack', props?: cdk.StackProps): cdk.Stack {
  const app = new cdk.App();
  return new cdk.Stack(app, id, props);
}

export function importedSecret(stack: cdk.Stack, name: string): secretsmanager.ISecret {
  return secretsmanager.Secret.fromSecretNameV2(stack, `Imported${name.replace(/[^a-zA-Z0-9]/g, '')}`, name);
}

export function newPreference(
  stack: cdk.Stack,
  overrides: Partial<ProcurementPortalPreferenceProps> = {},
  id = 'Pref',
): ProcurementPortalPreference {
  return new ProcurementPortalPreference(stack, id, minimalProps(overrides));
}

export function secretOf(stack: cdk.Stack, name: string, jsonField?: string): PortalSecret {
  return PortalSecret.fromSecretsManager(importedSecret(stack, name), jsonField === undefined ? {} : { jsonField });
}

/** The one custom resource's properties in the template (fails when there is not exactly one). */
export function preferenceProperties(template: Template): Record<string, any> {
  const resources = Object.values(template.findResources(RESOURCE_TYPE));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

/** The message of the error `fn` throws (fails when it throws none). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

export interface RunAppOptions {
  /** Context as the CDK CLI passes it (cdk.json and --context), through CDK_CONTEXT_JSON. */
  readonly context?: Record<string, unknown>;
  /**
   * Given the App and the run's own aws-cdk-lib just before the app's own synth, where a user would add validation
   * plugins or acknowledgments.
   */
  readonly beforeSynth?: (app: cdk.App, lib: typeof cdk) => void;
}

/**
 * Runs a CDK app file in this process as `cdk synth` would: requiring the script builds its App and calls its
 * app.synth(), here into a new directory, which is returned (the caller removes it). The app gets a fresh module
 * registry, so one file can run more than once.
 */
export function runApp(file: string, options: RunAppOptions = {}): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `${path.basename(file, '.ts')}-`));
  const env = { CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: options.context && JSON.stringify(options.context) };
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const setEnv = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  setEnv(env);
  try {
    jest.isolateModules(() => {
      const beforeSynth = options.beforeSynth;
      if (beforeSynth) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lib = require('aws-cdk-lib') as typeof cdk;
        const synth = lib.App.prototype.synth;
        const prepared = new WeakSet<cdk.App>();
        // Only this registry's App is patched; the once-only guard covers the App's own synth at process exit.
        lib.App.prototype.synth = function (this: cdk.App, ...args: Parameters<cdk.App['synth']>) {
          if (!prepared.has(this)) {
            prepared.add(this);
            beforeSynth(this, lib);
          }
          return synth.apply(this, args);
        };
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
    });
  } catch (error) {
    fs.rmSync(outdir, { recursive: true, force: true });
    throw error;
  } finally {
    setEnv(previous);
  }
  return outdir;
}

/** A stack's template from a cloud assembly directory. */
export function templateIn(outdir: string, stackName: string): Template {
  return Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, `${stackName}.template.json`), 'utf8')));
}
