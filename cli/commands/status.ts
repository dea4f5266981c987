import { parse, parseDuration } from '../args';
import { clients } from '../aws';
import { Command, ExitCode, Io, UsageError } from '../command';
import { PreferenceRow, StackPreference, listPreferences, rowsFor, stackPreferences } from '../preferences';
import { renderJson, renderTable } from '../table';
import { waitForActive } from '../wait';

const HELP = `Usage: cdk-procurement-portal status [--stack NAME] [--json] [--wait ACTIVE [--timeout 30m] [--poll-interval 10s]]

Shows procurement portal preferences: portal, buyer, supplier, the status of e-invoice delivery and of purchase
order retrieval with their reasons, version and last update. Never a shared secret, never a contact.

Options:
  --stack NAME          Only the preferences of this CloudFormation stack (its Custom::ProcurementPortalPreference
                        resources); without it, every preference of the account.
  --json                An array of the ListProcurementPortalPreferences summaries (the API's field names), with
                        LogicalResourceId under --stack.
  --wait ACTIVE         Poll until every enabled feature of every listed preference is ACTIVE (exit 0), or one
                        reaches TEST_FAILED, TEST_INITIALIZATION_FAILED or SUSPENDED (exit 1). Progress on stderr.
  --timeout DURATION    How long --wait waits (default 30m); exit 4 when it runs out.
  --poll-interval D     The first interval between polls (default 10s); it grows by half each poll, up to a minute.

Exit codes: 0 done, 1 not done (a failure status, a stack without preferences, a preference missing), 2 usage,
3 AWS error (credentials, access, throttling past the retries), 4 timeout.`;

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);

export const statusCommand: Command = {
  name: 'status',
  summary: 'Show the preferences of a stack or the account, and optionally wait until they are ACTIVE',
  help: HELP,
  async run(args: readonly string[], io: Io): Promise<number> {
    const { values } = parse(args, {
      'stack': { type: 'string' },
      'json': { type: 'boolean' },
      'wait': { type: 'string' },
      'timeout': { type: 'string' },
      'poll-interval': { type: 'string' },
    }, 0);
    if (values.wait !== undefined && values.wait !== 'ACTIVE') throw new UsageError(`--wait must be ACTIVE, got '${values.wait}'`);
    if (values.wait === undefined && (values.timeout !== undefined || values['poll-interval'] !== undefined)) {
      throw new UsageError('--timeout and --poll-interval go with --wait ACTIVE');
    }
    const timeoutMs = parseDuration('timeout', values.timeout ?? '30m');
    const pollIntervalMs = parseDuration('poll-interval', values['poll-interval'] ?? '10s');
    const aws = clients(io.env);
    const print = (rows: PreferenceRow[]): void => io.out(values.json ? renderJson(rows) : rows.length > 0 ? renderTable(rows, values.stack !== undefined) : 'No procurement portal preferences.');

    let stack: StackPreference[] | undefined;
    if (values.stack !== undefined) {
      stack = await stackPreferences(aws, values.stack);
      if (stack.length === 0) {
        io.err(`Stack ${values.stack} has no Custom::ProcurementPortalPreference resource: nothing to show.`);
        if (values.json) io.out('[]');
        return ExitCode.NOT_DONE;
      }
    }
    const load = async (): Promise<{ rows: PreferenceRow[]; missing: StackPreference[] }> => rowsFor(await listPreferences(aws), stack);

    let first: { rows: PreferenceRow[]; missing: StackPreference[] } | undefined;
    if (stack === undefined) {
      // An account without preferences has nothing to show or to wait for: say so rather than report it ACTIVE.
      first = await load();
      if (first.rows.length === 0) {
        io.err('The account has no procurement portal preference: nothing to show.');
        if (values.json) io.out('[]');
        return ExitCode.NOT_DONE;
      }
    }

    if (values.wait === undefined) {
      const { rows, missing } = first ?? await load();
      reportMissing(missing, values.stack, io);
      print(rows);
      return missing.length > 0 ? ExitCode.NOT_DONE : ExitCode.OK;
    }

    let missing: StackPreference[] = [];
    const outcome = await waitForActive({
      timeoutMs,
      pollIntervalMs,
      load: async () => {
        const result = await load();
        missing = result.missing;
        return result.rows;
      },
      isTransient: (error) => THROTTLING.has((error as Error)?.name ?? ''),
    }, io);
    reportMissing(missing, values.stack, io);
    print(outcome.rows);
    switch (outcome.kind) {
      case 'active':
        if (missing.length > 0) return ExitCode.NOT_DONE;
        io.err(`ACTIVE: ${outcome.detail}.`);
        return ExitCode.OK;
      case 'failed':
        io.err(`Not ACTIVE: ${outcome.detail}. It will not become ACTIVE by itself: see the status reasons above.`);
        return ExitCode.NOT_DONE;
      case 'timeout':
        io.err(`Timed out after ${values.timeout ?? '30m'}: ${outcome.detail}.`);
        return ExitCode.TIMEOUT;
    }
  },
};

function reportMissing(missing: StackPreference[], stackName: string | undefined, io: Io): void {
  for (const resource of missing) {
    io.err(`${resource.logicalId} in stack ${stackName}: its physical id '${resource.physicalId ?? ''}' is not a preference of this account `
      + '(deleted outside CloudFormation, or its creation failed).');
  }
}

