/**
 * The public API contracts (examples/contract.ts and examples/operations.ts, byte-identical copies of the contracts)
 * against the BUILT package: `lib/index.d.ts` for the types and `lib/index.js` at run time, as a user's app gets them
 * from npm. The construct tests check the same contracts against src/; this catches what only the jsii compile could
 * lose.
 *
 * Needs `lib/` (made by `npx projen compile`, which the build runs before the tests).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RESOURCE_TYPE } from '../../src/contract/wire';

const ROOT = path.join(__dirname, '..', '..');

function run(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe', env });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message);
  }
}

/** Synthesizes an example with lib/index.js and no AWS credentials; `check` gets the stack's resource types and the assembly. */
function synthesizeBuilt(name: string, stackName: string, check: (types: string[], outdir: string) => void): void {
  const tsconfig = path.join(__dirname, `tsconfig.${name}.json`);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-built-`));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir, TS_NODE_PROJECT: tsconfig, TS_NODE_TRANSPILE_ONLY: 'true' };
    for (const variable of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[variable];
    run(['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', path.join(ROOT, 'examples', `${name}.ts`)], env);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, `${stackName}.template.json`), 'utf8'));
    check(Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type), outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The asset directories of an assembly that hold a bundle (an index.js). */
function bundles(outdir: string): string[] {
  return fs.readdirSync(outdir).filter((f) => f.startsWith('asset.') && fs.existsSync(path.join(outdir, f, 'index.js')));
}

describe('the contracts against the built package (lib/)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.d.ts'))) {
      throw new Error('lib/index.d.ts is missing: run `npx projen compile` (or the whole `npx projen build`) first');
    }
  });

  test.each(['contract', 'operations'])('examples/%s.ts type-checks against lib/index.d.ts', (name) => {
    expect(run([require.resolve('typescript/bin/tsc'), '--noEmit', '-p', path.join(__dirname, `tsconfig.${name}.json`)])).toBe('');
  });

  test('the contract synthesizes with lib/index.js, without credentials', () => {
    synthesizeBuilt('contract', 'ProcurementPortalContract', (types, outdir) => {
      expect(types.filter((t) => t === RESOURCE_TYPE)).toHaveLength(2);
      expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(1);
      // The handler asset resolved from lib/private/ is the shipped bundle.
      expect(bundles(outdir).length > 0).toBe(true);
    });
  });

  test('the operations contract synthesizes with lib/index.js, without credentials: the handler, the poller and both shipped bundles', () => {
    synthesizeBuilt('operations', 'ProcurementPortalOperations', (types, outdir) => {
      expect(types.filter((t) => t === RESOURCE_TYPE)).toHaveLength(1);
      expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(2);
      // The poller's schedule and the secret rotation watch (its secrets' label events, the stack settling, its schedule).
      expect(types.filter((t) => t === 'AWS::Events::Rule')).toHaveLength(4);
      expect(bundles(outdir)).toHaveLength(2);
    });
  });
});
