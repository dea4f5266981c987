/**
 * The README's TypeScript quick start, pasted into a fresh CDK app as `cdk init app --language typescript` makes it
 * (its cdk.json turns on `@aws-cdk/core:validateAgainstDefaultRules`), with the library installed from the packed npm
 * tarball, type-checks and synthesizes with `cdk synth`; so does every other complete program of the README, pasted
 * as it stands (cdk-nag's included, which fails its synth on any finding), and the tarball's `simulate` plays the
 * quick start's cdk.out. Offline: the tarball is extracted into the app's node_modules, and aws-cdk-lib, constructs,
 * cdk-nag and the type packages are linked from this repository's node_modules (no registry is asked).
 *
 * Needs what `npx projen build` makes before the tests: lib/ and .jsii (compile) and the handler bundle.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { completePrograms, quickStart } from '../docs/readme-blocks';

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

  /** Transpiles `bin/<name>.ts` alone with esbuild (the generated app runs through tsx, not installed here), then synthesizes it. */
  function synth(name: string, output: string): void {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    for (const variable of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[variable];
    run(ESBUILD, [`bin/${name}.ts`, '--format=cjs', '--platform=node', `--outfile=bin/${name}.js`, '--log-level=warning'], appDir);
    run(process.execPath, [CDK_CLI, 'synth', '--no-notices', '--no-version-reporting', '-q', '--output', output,
      '--app', `node bin/${name}.js`], appDir, env);
  }

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
    for (const name of ['aws-cdk-lib', 'constructs', 'cdk-nag', '@types/node', '@types/jest']) link(appDir, name);

    // Strict type-check with the app's own tsconfig, against the tarball's lib/index.d.ts.
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], appDir);

    synth(APP_NAME, 'cdk.out');

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

  test('every complete program of the README synthesizes as pasted, with the same tsconfig', () => {
    const programs = completePrograms(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    expect(programs.map((p) => p.section)).toEqual(expect.arrayContaining(['Quick start', 'E-invoice delivery',
      'Activation and status', 'Changing safely', 'Compliance rule packs']));
    programs.forEach((program, index) => fs.writeFileSync(path.join(appDir, 'bin', `readme-${index}.ts`), program.source));
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], appDir);
    programs.forEach((program, index) => {
      try {
        synth(`readme-${index}`, `cdk.out.readme-${index}`);
      } catch (error) {
        throw new Error(`The README's program in "${program.section}" does not synthesize: ${(error as Error).message}`);
      }
    });
  });

  test("the tarball's simulate plays the quick start's cdk.out: create, rotation, delete", () => {
    const bin = path.join(appDir, 'node_modules', 'cdk-procurement-portal', 'assets', 'cli', 'index', 'index.js');
    const report = JSON.parse(run(process.execPath, [bin, 'simulate', '--json'], appDir)) as Array<{ stackName: string; ok: boolean; steps: Array<{ step: string }> }>;
    expect(report.map((stack) => [stack.stackName, stack.ok])).toEqual([['Invoicing', true]]);
    expect(report[0].steps.map((step) => step.step)).toEqual(['create', 'rotation', 'delete']);
  });

  test('cdk-procurement-portal/testing from the tarball: simulateLifecycle type-checks and plays the quick start', () => {
    fs.writeFileSync(path.join(appDir, 'bin', 'lifecycle.ts'), [
      "import { simulateLifecycle, SimulatedStack } from 'cdk-procurement-portal/testing';",
      '',
      "simulateLifecycle('cdk.out').then((reports: SimulatedStack[]) => console.log(JSON.stringify(reports.map((r) => [r.stackName, r.ok]))));",
      '',
    ].join('\n'));
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], appDir);
    run(ESBUILD, ['bin/lifecycle.ts', '--format=cjs', '--platform=node', '--outfile=bin/lifecycle.js', '--log-level=warning'], appDir);
    expect(JSON.parse(run(process.execPath, ['bin/lifecycle.js'], appDir))).toEqual([['Invoicing', true]]);
  });
});
