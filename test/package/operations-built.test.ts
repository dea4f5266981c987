/**
 * The operations contract (examples/operations.ts, a byte-identical copy of the contract) against the BUILT
 * package: `lib/index.d.ts` for the types and `lib/index.js` at run time, as a user's app gets them from npm.
 *
 * Needs `lib/` (made by `npx projen compile`, which the build runs before the tests).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const TSCONFIG = path.join(__dirname, 'tsconfig.operations.json');
const OPERATIONS = path.join(ROOT, 'examples', 'operations.ts');

function run(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe', env });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message);
  }
}

describe('the operations contract against the built package (lib/)', () => {
  test('type-checks against lib/index.d.ts', () => {
    expect(run([require.resolve('typescript/bin/tsc'), '--noEmit', '-p', TSCONFIG])).toBe('');
  });

  test('synthesizes with lib/index.js, without credentials: the handler, the poller and both shipped bundles', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'operations-built-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir, TS_NODE_PROJECT: TSCONFIG, TS_NODE_TRANSPILE_ONLY: 'true' };
      for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];
      run(['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', OPERATIONS], env);
      const template = JSON.parse(fs.readFileSync(path.join(outdir, 'ProcurementPortalOperations.template.json'), 'utf8'));
      const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
      expect(types.filter((t) => t === 'Custom::ProcurementPortalPreference')).toHaveLength(1);
      expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(2);
      // The poller's schedule and the secret rotation watch.
      expect(types.filter((t) => t === 'AWS::Events::Rule')).toHaveLength(2);
      const assetDirs = fs.readdirSync(outdir).filter((f) => f.startsWith('asset.'));
      expect(assetDirs.filter((dir) => fs.existsSync(path.join(outdir, dir, 'index.js')))).toHaveLength(2);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
