/**
 * The demo and the benchmark start both emulators with `withEmulators`: whatever throws after the start (seeding,
 * a simulator, a step), the emulators stop, so the process ends with the error instead of hanging on open servers.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import * as path from 'node:path';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';
import { SecretsManagerEmulator } from '../../tools/emulators/secrets-manager';
import { withEmulators } from '../../tools/emulators/with-emulators';

const ROOT = path.resolve(__dirname, '..', '..');

/** Resolves with the error code of a request to `endpoint` (ECONNREFUSED once nothing listens), or 'answered'. */
function probe(endpoint: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(endpoint, { method: 'POST', agent: false }, (res) => {
      res.resume();
      resolve('answered');
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    req.end();
  });
}

test('a throw after the start stops both emulators and rejects with the error', async () => {
  const invoicing = new InvoicingEmulator();
  const secrets = new SecretsManagerEmulator();
  const endpoints: string[] = [];

  await expect(withEmulators(async (i, s) => {
    endpoints.push(i.endpoint, s.endpoint);
    expect(await probe(i.endpoint)).toBe('answered');
    throw new Error('seeding failed');
  }, invoicing, secrets)).rejects.toThrow('seeding failed');

  expect(endpoints).toHaveLength(2);
  expect(await Promise.all(endpoints.map(probe))).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
});

test('a process whose work throws after the start exits on its own, with the error', () => {
  const script = `require('./tools/emulators/with-emulators').withEmulators(async () => { throw new Error('boom after start'); })
    .catch((e) => { console.error(e.message); process.exitCode = 3; });`;
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: 'tools/tsconfig.json' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.signal).toBeNull(); // not killed by the timeout: it did not hang
  expect(result.status).toBe(3);
  expect(result.stderr).toContain('boom after start');
}, 70_000);
