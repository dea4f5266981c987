/**
 * The public API contract (examples/contract.ts, a copy of ../shared/contract/app.ts) against the BUILT package:
 * `lib/index.d.ts` for the types and `lib/index.js` at run time, as a user's app gets them from npm. The construct
 * tests check the same contract against src/; this catches what only the jsii compile could lose.
 *
 * Needs `lib/` (made by `npx projen compile`, which the build runs before the tests).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const TSCONFIG = path.join(__dirname, 'tsconfig.contract.json');
const CONTRACT = path.join(ROOT, 'examples', 'contract.ts');

function run(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe', env });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message);
  }
}

describe('the contract app against the built package (lib/)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.d.ts'))) {
      throw new Error('lib/index.d.ts is missing: run `npx projen compile` (or the whole `npx projen build`) first');
    }
  });

  test('type-checks against lib/index.d.ts', () => {
    expect(run([require.resolve('typescript/bin/tsc'), '--noEmit', '-p', TSCONFIG])).toBe('');
  });

  test('synthesizes with lib/index.js, without credentials', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-built-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir, TS_NODE_PROJECT: TSCONFIG, TS_NODE_TRANSPILE_ONLY: 'true' };
      for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
      run(['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', CONTRACT], env);

      const template = JSON.parse(fs.readFileSync(path.join(outdir, 'ProcurementPortalContract.template.json'), 'utf8'));
      const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
      expect(types.filter((t) => t === 'Custom::ProcurementPortalPreference')).toHaveLength(2);
      expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(1);
      // The handler asset resolved from lib/private/ is the shipped bundle.
      const assetDirs = fs.readdirSync(outdir).filter((f) => f.startsWith('asset.'));
      expect(assetDirs.some((dir) => fs.existsSync(path.join(outdir, dir, 'index.js')))).toBe(true);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
