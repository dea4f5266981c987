import type { SimulatedStack } from '../../testing/report';
import { parse } from '../args';
import { Command, ExitCode, Io } from '../command';
import { bundledRuntime, stacksWithPreferences } from '../simulate/assembly';
import { simulateStack } from '../simulate/play';
import { columns } from '../table';

const HELP = `Usage: cdk-procurement-portal simulate [--app DIR] [--stack NAME] [--next DIR] [--json]

Plays your synthesized app through local emulators of Invoicing, Secrets Manager and CloudFormation, with no AWS
account: each stack with preferences is created, updated to the next synth (--next), each shared secret is rotated,
and the stack is deleted. Every event is answered by the handler bundled in your cdk.out. Prints each event's API calls
and result, and the preferences' final statuses. Nothing leaves 127.0.0.1; no secret or contact is printed.

Options:
  --app DIR     The cloud assembly (default: cdk.out). Run cdk synth first.
  --stack NAME  One stack (default: every stack with a preference).
  --next DIR    A second synth of the same app: the update step deploys it.
  --json        The report as JSON.

Exit codes: 0 every step as CloudFormation needs it, 1 an event FAILED or a stack did not reach its status, 2 usage.`;

function renderReport(reports: SimulatedStack[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`${report.stackName}: ${report.ok ? 'OK' : 'FAILED'}`);
    const rows = report.steps.flatMap((s) => (s.events.length === 0 ? [[s.step, s.status, '-', '-', '-', '']]
      : s.events.map((e) => [s.step, s.status, e.logicalId, e.event, e.status, `${e.calls.join(', ') || 'no Invoicing call'}${e.reason ? ` (${e.reason})` : ''}`])));
    lines.push(columns([['STEP', 'STACK STATUS', 'LOGICAL ID', 'EVENT', 'RESULT', 'INVOICING CALLS'], ...rows]));
    lines.push('Before the delete:');
    report.preferences.forEach((p) => lines.push(`  ${p.arn} ${p.portal}: e-invoice delivery ${p.einvoiceDelivery}, purchase orders ${p.purchaseOrderRetrieval}`));
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Play your synthesized app locally (create, update, rotation, delete) with no AWS account',
  help: HELP,
  async run(args: readonly string[], io: Io): Promise<number> {
    const { values } = parse(args, { app: { type: 'string' }, stack: { type: 'string' }, next: { type: 'string' }, json: { type: 'boolean' } }, 0);
    const dir = values.app ?? 'cdk.out';
    const stacks = stacksWithPreferences(dir, values.stack);
    const nextStacks = values.next === undefined ? [] : stacksWithPreferences(values.next, values.stack);
    const reports: SimulatedStack[] = [];
    for (const stack of stacks) {
      const next = nextStacks.find((s) => s.stackName === stack.stackName);
      reports.push(await simulateStack(stack, next, bundledRuntime(), (line) => io.err(line)));
    }
    io.out(values.json ? JSON.stringify(reports, undefined, 2) : renderReport(reports));
    return reports.every((r) => r.ok) ? ExitCode.OK : ExitCode.NOT_DONE;
  },
};
