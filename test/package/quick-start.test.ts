/**
 * The README's TypeScript quick start, pasted into a fresh CDK app as `cdk init app --language typescript` makes it
 * (its cdk.json turns on `@aws-cdk/core:validateAgainstDefaultRules`, under which the native L1 fails synth), with the
 * library installed from the packed npm tarball, type-checks and synthesizes with `cdk synth`. Offline: the tarball
 * is extracted into the app's node_modules, and aws-cdk-lib, constructs and the type packages are linked from this
 * repository's node_modules (no registry is asked).
 *
 * Needs what `npx projen build` makes before the tests: lib/ and .jsii (compile) and the handler bundle.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { quickStart } from '../docs/readme-blocks';

const ROOT = path.join(__dirname, '..', '..');
const MODULES = path.join(ROOT, 'node_modules');
const CDK_CLI = path.join(MODULES, 'aws-cdk', 'bin', 'cdk');
const TSC = path.join(MODULES, 'typescript', 'bin', 'tsc');
const ESBUILD = path.join(MODULES, 'esbuild', 'bin', 'esbuild');
const APP_NAME = 'invoicing-app';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${[command, ...args].join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message);
  }
}

/** `npm pack` into `dir`, then the tarball's `package/` extracted as `node_modules/cdk-procurement-portal`. */
function installPackedTarball(appDir: string, packDir: string): void {
  const output = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], ROOT);
  const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
  const target = path.join(appDir, 'node_modules', 'cdk-procurement-portal');
  fs.mkdirSync(target, { recursive: true });
  run('tar', ['-xzf', path.join(packDir, filename), '-C', target, '--strip-components=1'], appDir);
}

function link(appDir: string, name: string): void {
  const target = path.join(appDir, 'node_modules', name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(path.join(MODULES, name), target, 'dir');
}

describe('the README quick start in a fresh CDK app, with the packed tarball', () => {
  let work: string;
  let appDir: string;

  beforeAll(() => {
    for (const needed of ['lib/index.js', '.jsii', 'assets/lambda/index/index.js']) {
      if (!fs.existsSync(path.join(ROOT, needed))) {
        throw new Error(`${needed} is missing: run \`npx projen compile\` and \`npx projen bundle\` (or the whole \`npx projen build\`) first`);
      }
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'quick-start-'));
    appDir = path.join(work, APP_NAME);
    fs.mkdirSync(appDir);
  });

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('type-checks and synthesizes, validated against the default rules as cdk init sets them', () => {
    // The app exactly as the CLI of this repository writes it, without installing anything.
    run(process.execPath, [CDK_CLI, 'init', 'app', '--language', 'typescript', '--generate-only'], appDir);
    const cdkJson = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8'));
    expect(cdkJson.context['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);

    // The quick start replaces the generated app; the generated stack and its test go with it.
    fs.rmSync(path.join(appDir, 'lib'), { recursive: true });
    fs.rmSync(path.join(appDir, 'test'), { recursive: true });
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    fs.writeFileSync(path.join(appDir, 'bin', `${APP_NAME}.ts`), quickStart(readme, /^(ts|typescript)\b/));

    installPackedTarball(appDir, work);
    for (const name of ['aws-cdk-lib', 'constructs', '@types/node', '@types/jest']) link(appDir, name);

    // Strict type-check with the app's own tsconfig, against the tarball's lib/index.d.ts.
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], appDir);

    const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
    // The generated app runs through tsx, which this repository does not install: esbuild transpiles the file alone
    // (no bundling: the library is still loaded from node_modules), then the CLI runs it.
    run(ESBUILD, [`bin/${APP_NAME}.ts`, '--format=cjs', '--platform=node', `--outfile=bin/${APP_NAME}.js`, '--log-level=warning'], appDir);
    run(process.execPath, [CDK_CLI, 'synth', '--no-notices', '--no-version-reporting', '-q',
      '--app', `node bin/${APP_NAME}.js`], appDir, env);

    const outdir = path.join(appDir, 'cdk.out');
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Invoicing.template.json'), 'utf8'));
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type).sort();
    // The rotation watch's three rules and their permissions: the shared secret's rotations are re-applied
    // (reapplyOnSecretRotation's default), on its label events, when the stack settles and hourly.
    expect(types).toEqual([
      'AWS::Events::Rule', 'AWS::Events::Rule', 'AWS::Events::Rule',
      'AWS::IAM::Policy',
      'AWS::IAM::Role',
      'AWS::Lambda::Function',
      'AWS::Lambda::Permission', 'AWS::Lambda::Permission', 'AWS::Lambda::Permission',
      'AWS::Logs::LogGroup',
      'Custom::ProcurementPortalPreference',
    ]);
    // The handler asset is the bundle shipped in the tarball.
    const assetDirs = fs.readdirSync(outdir).filter((f) => f.startsWith('asset.'));
    const shipped = fs.readFileSync(path.join(appDir, 'node_modules', 'cdk-procurement-portal', 'assets', 'lambda', 'index', 'index.js'));
    expect(assetDirs.some((dir) => {
      const file = path.join(outdir, dir, 'index.js');
      return fs.existsSync(file) && fs.readFileSync(file).equals(shipped);
    })).toBe(true);
  });
});
