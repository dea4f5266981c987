/**
 * The demo's readiness check before the first deploy: the portals, AWS's supplier ids and the invoice unit the example
 * app names, as an account would hold them, then `npx cdk-procurement-portal doctor` on the app's cdk.out (the bundled
 * tool, in a child process) against the local world.
 */
import { seedAccountAsDeclared } from './account-as-declared';
import { runCli } from './emulators/bundles';
import type { LocalWorld } from './local-world';

export async function playDoctor(world: LocalWorld, assemblyDir: string, say: (line?: string) => void,
  check: (ok: boolean, what: string) => void, step: (title: string) => void): Promise<void> {
  const { invoicing, secrets, cloudformation, stack } = world;
  step(`Before the first deploy: npx cdk-procurement-portal doctor --app ${assemblyDir} --stack ${stack.stackName}`);
  // The account's portals, AWS's supplier ids in them and the invoice units, as the example declares them.
  seedAccountAsDeclared(stack, invoicing);
  const run = await runCli(['doctor', '--app', assemblyDir, '--stack', stack.stackName], {
    AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.endpoint,
  });
  for (const line of run.stdout.trim().split('\n')) say(`  ${line}`);
  say(`  ${run.stderr.trim().split('\n').filter((l) => !l.startsWith('Note: ')).at(-1) ?? ''}`);
  check(run.code === 0, 'doctor finds nothing that would fail the first deploy');
}
