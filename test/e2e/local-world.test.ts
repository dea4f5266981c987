/**
 * The local world (tools/local-world.ts) that the demo, the benchmark and `simulate` start from a synthesized stack:
 * its secrets seeded as the template uses them, the stack's own handler played, and every server stopped whatever
 * throws, so a process ends with its error instead of hanging on open servers.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ROOT, useSynthesizedApp } from './harness';
import { PortalSecret, ProcurementPortalPreference } from '../../src';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { readStack } from '../../tools/cloudformation/template';
import { LocalWorld } from '../../tools/local-world';
import { minimalProps } from '../fixtures';

const STACK = 'LocalWorldStack';

const assembly = useSynthesizedApp((app) => {
  const stack = new cdk.Stack(app, STACK);
  const shared = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'Shared'), { jsonField: 'sharedSecret' });
  const contacts = PortalSecret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Contacts', 'local/contacts'));
  new ProcurementPortalPreference(stack, 'Preference', minimalProps({ sharedSecret: shared, contacts: undefined, contactsSecret: contacts }));
});

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

test('every secret is seeded as the template uses it, and the stack plays create and delete', async () => {
  const stack = readStack(assembly.dir, STACK, RESOURCE_TYPE);
  await LocalWorld.run(stack, {}, async (world) => {
    const byName = new Map(world.secrets.list().map((s) => [s.name, s]));
    const contacts = JSON.parse(String(byName.get('local/contacts')!.value)) as Record<string, unknown>;
    expect(Object.keys(contacts).sort()).toEqual(['Email', 'Name']);
    const created = [...byName.values()].find((s) => s.name !== 'local/contacts')!;
    expect(Object.keys(JSON.parse(String(created.value)) as object)).toEqual(['sharedSecret']);
    expect(world.seeded.sensitive).toEqual(expect.arrayContaining([contacts.Email]));

    const properties = Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties]));
    expect((await world.simulator.createStack(properties)).status).toBe('CREATE_COMPLETE');
    expect(world.invoicing.list()).toHaveLength(1);
    expect((await world.simulator.deleteStack()).status).toBe('DELETE_COMPLETE');
    expect(world.invoicing.list()).toHaveLength(0);
  });
});

test('a throw after the start stops every server and rejects with the error', async () => {
  const endpoints: string[] = [];
  await expect(LocalWorld.run(readStack(assembly.dir, STACK, RESOURCE_TYPE), {}, async (world) => {
    endpoints.push(world.invoicing.endpoint, world.secrets.endpoint, world.cloudformation.endpoint);
    expect(await probe(world.invoicing.endpoint)).toBe('answered');
    throw new Error('seeding failed');
  })).rejects.toThrow('seeding failed');

  expect(endpoints).toHaveLength(3);
  expect(await Promise.all(endpoints.map(probe))).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
});

test('a process whose work throws after the start exits on its own, with the error', () => {
  const script = `const { readStack } = require('./tools/cloudformation/template');
    require('./tools/local-world').LocalWorld.run(readStack(${JSON.stringify(assembly.dir)}, '${STACK}', '${RESOURCE_TYPE}'), {},
      async () => { throw new Error('boom after start'); })
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
