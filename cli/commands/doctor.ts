import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HANDLED_RESOURCE_TYPES, INVOICE_UNIT_RESOURCE_TYPE } from '../../src/contract/invoice-unit';
import { parse } from '../args';
import { clients as makeClients, describeError } from '../aws';
import { Command, ExitCode, Io } from '../command';
import { AccountView, CheckRow, checkPreference, listPortals } from '../doctor/checks';
import { handlerRoleArn } from '../doctor/role';
import { checkInvoiceUnit, listInvoiceUnits } from '../doctor/units';
import { listPreferences, stackPreferences } from '../preferences';
import { stacksWithPreferences } from '../simulate/assembly';
import { columns } from '../table';

const HELP = `Usage: cdk-procurement-portal doctor [--app DIR] [--stack NAME] [--json]

Checks a synthesized app against the account before (and after) a deploy, per preference: the portal and its default
document types, AWS's supplier id in the portal (production and test), the secrets it references (DescribeSecret:
never a value), a preference of the same portal, buyer and supplier already in the account (adoptExisting), the
selector's invoice units, and once deployed the status with the next step to take. Reads only; changes nothing.

Options:
  --app DIR     The cloud assembly (default: cdk.out). Run cdk synth first.
  --stack NAME  One stack (default: every stack with a preference).
  --json        The checks as JSON.

Exit codes: 0 nothing failed (warnings allowed), 1 a check failed, 2 usage, 3 AWS error.`;

function render(rows: CheckRow[]): string {
  return columns([['STACK', 'LOGICAL ID', 'CHECK', 'RESULT', 'DETAIL'], ...rows.map((r) => [r.stack, r.logicalId, r.check, r.verdict, r.detail])]);
}

async function settle<T>(work: Promise<T>): Promise<T | Error> {
  return work.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check a synthesized app against the account: portal, supplier id, secrets, existing preferences, units, status',
  help: HELP,
  async run(args: readonly string[], io: Io): Promise<number> {
    const { values } = parse(args, { app: { type: 'string' }, stack: { type: 'string' }, json: { type: 'boolean' } }, 0);
    const stacks = stacksWithPreferences(values.app ?? 'cdk.out', values.stack);
    const clients = makeClients(io.env);
    const secrets = new Map<string, SecretsManagerClient>();
    // A secret is read in the region its ARN names, as the handler reads it.
    const secretsClient = (region: string): SecretsManagerClient => {
      let client = secrets.get(region);
      if (!client) {
        client = new SecretsManagerClient({ region, maxAttempts: 4, ...(io.env.AWS_PROFILE ? { profile: io.env.AWS_PROFILE } : {}) });
        secrets.set(region, client);
      }
      return client;
    };
    io.err('Reading the account: portals, preferences and invoice units...');
    const withUnits = stacks.some((stack) => stack.customResources.some((r) => r.type === INVOICE_UNIT_RESOURCE_TYPE));
    const [portals, preferences, units] = await Promise.all([settle(listPortals(clients)), settle(listPreferences(clients)),
      withUnits ? settle(listInvoiceUnits(clients)) : Promise.resolve([])]);
    const rows: CheckRow[] = [];
    for (const stack of stacks) {
      io.err(`${stack.stackName}: checking ${stack.customResources.length} preference(s) and invoice unit(s)...`);
      const deployed = await settle(stackPreferences(clients, stack.stackName, [...HANDLED_RESOURCE_TYPES, 'AWS::IAM::Role']));
      if (deployed instanceof Error && !/does not exist/.test(deployed.message)) {
        rows.push({ stack: stack.stackName, logicalId: '-', check: 'stack', verdict: 'WARN', detail: `ListStackResources failed: ${describeError(deployed)}` });
      }
      const resources = deployed instanceof Error ? undefined : deployed;
      const account: AccountView = { portals, preferences, deployed: resources, handlerRole: handlerRoleArn(stack, resources) };
      for (const resource of stack.customResources) {
        if (resource.type === INVOICE_UNIT_RESOURCE_TYPE) {
          rows.push(...checkInvoiceUnit(stack, resource.logicalId, resource.properties, units, account.deployed));
          continue;
        }
        rows.push(...await checkPreference(clients, stack, resource.logicalId, resource.properties, account, secretsClient,
          io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION));
      }
    }
    io.out(values.json ? JSON.stringify(rows, undefined, 2) : render(rows));
    const failed = rows.filter((r) => r.verdict === 'FAIL').length;
    const warned = rows.filter((r) => r.verdict === 'WARN').length;
    io.err(`${rows.length} check(s): ${failed} failed, ${warned} warning(s).`);
    return failed > 0 ? ExitCode.NOT_DONE : ExitCode.OK;
  },
};
