/**
 * The contract app (examples/contract.ts) with the newest published aws-cdk-lib and cdk-nag, installed from the npm
 * registry into a temporary folder beside the packed tarball (never the lock file's versions): it synthesizes with
 * cdk-nag's AwsSolutions pack, as a user who upgrades would run it, and the functions get the newest Node.js runtime
 * that aws-cdk-lib knows (AwsSolutions-L1 asks for it). The only acknowledgment is the contract's own secret's
 * (AwsSolutions-SMG4), as in test/nag/nag.test.ts.
 *
 * Needs the npm registry (the one network CI has) and what `npx projen build` makes before the tests (lib/, .jsii).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { completePrograms } from '../docs/readme-blocks';

const ROOT = path.join(__dirname, '..', '..');
const ESBUILD = path.join(ROOT, 'node_modules', 'esbuild', 'bin', 'esbuild');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env, timeout: 600_000 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    // cdk-nag's report, not the minified source lines a stack trace quotes.
    const output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`.split('\n').filter((line) => line.length < 400).join('\n');
    throw new Error(`${[command, ...args].join(' ')} failed:\n${output.slice(-4000)}`);
  }
}

/** Runs the contract with cdk-nag added to its App just before its own synth, as `Validations.of(app).addPlugins()` does. */
const RUNNER = `
const cdk = require('aws-cdk-lib');
const nag = require('cdk-nag');
const synth = cdk.App.prototype.synth;
cdk.App.prototype.synth = function (options) {
  const secret = this.node.findChild('ProcurementPortalContract').node.findChild('CoupaSecret');
  cdk.Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Issued and rotated by the procurement portal' });
  cdk.Validations.of(this).addPlugins(new nag.AwsSolutionsChecks(this));
  return synth.call(this, options);
};
require('./contract.js');
`;

describe('the newest aws-cdk-lib and cdk-nag', () => {
  let work: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) throw new Error('lib/index.js is missing: run `npx projen build` first');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'newest-cdk-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the contract synthesizes with cdk-nag AwsSolutions, and its functions run the newest Node.js runtime', () => {
    const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as Array<{ filename: string }>;
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'newest-cdk-app', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error',
      'aws-cdk-lib@latest', 'cdk-nag@latest', 'constructs@^10', `./${filename}`], work);
    const versions = ['aws-cdk-lib', 'cdk-nag'].map((name) =>
      `${name} ${(JSON.parse(fs.readFileSync(path.join(work, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`);
    process.stdout.write(`newest: ${versions.join(', ')}\n`);

    run(ESBUILD, [path.join(ROOT, 'examples', 'contract.ts'), '--format=cjs', '--platform=node', `--outfile=${path.join(work, 'contract.js')}`,
      '--log-level=warning'], work);
    fs.writeFileSync(path.join(work, 'run.js'), RUNNER);
    const outdir = path.join(work, 'cdk.out');
    const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir, CDK_VALIDATION: 'false' };
    for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
    run(process.execPath, ['run.js'], work, env); // throws with cdk-nag's report on any finding

    // The newest Node.js runtime that aws-cdk-lib knows, read from it as the library does.
    const newest = run(process.execPath, ['-e', `const l = require('aws-cdk-lib/aws-lambda');
      const majors = Object.values(l.Runtime).filter((r) => r instanceof l.Runtime && !r.isVariable)
        .map((r) => /^nodejs(\\d+)\\.x$/.exec(r.name)).filter(Boolean).map((m) => Number(m[1]));
      process.stdout.write('nodejs' + Math.max(...majors) + '.x');`], work);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'ProcurementPortalContract.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Runtime?: string } }>;
    };
    const runtimes = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').map((r) => r.Properties.Runtime);
    expect(runtimes.length).toBeGreaterThan(0);
    expect(new Set(runtimes)).toEqual(new Set([newest]));
  });

  test("every complete program of the README synthesizes as pasted (cdk-nag's too), and the tarball's simulate plays the quick start", () => {
    const programs = completePrograms(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    const env: NodeJS.ProcessEnv = { ...process.env, CDK_VALIDATION: 'false' };
    for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
    programs.forEach((program, index) => {
      const source = path.join(work, `readme-${index}.ts`);
      fs.writeFileSync(source, program.source);
      run(ESBUILD, [source, '--format=cjs', '--platform=node', `--outfile=${path.join(work, `readme-${index}.js`)}`, '--log-level=warning'], work);
      try {
        run(process.execPath, [`readme-${index}.js`], work, { ...env, CDK_OUTDIR: path.join(work, `readme-${index}.out`) });
      } catch (error) {
        throw new Error(`The README's program in "${program.section}" fails with the newest aws-cdk-lib: ${(error as Error).message}`);
      }
    });
    const cli = path.join(work, 'node_modules', 'cdk-procurement-portal', 'assets', 'cli', 'index', 'index.js');
    const report = JSON.parse(run(process.execPath, [cli, 'simulate', '--app', 'readme-0.out', '--json'], work)) as Array<{ ok: boolean }>;
    expect(report.map((stack) => stack.ok)).toEqual([true]);
  });
});
