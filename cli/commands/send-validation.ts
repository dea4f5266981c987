import { SendProcurementPortalValidationCommand } from '@aws-sdk/client-invoicing';
import { parse } from '../args';
import { clients, describeError, isRefusal } from '../aws';
import { Command, ExitCode, Io } from '../command';
import { resolveTarget, statusLine, summaryOf } from '../target';

const HELP = `Usage: cdk-procurement-portal send-validation <arn | --stack NAME --id LOGICAL_ID> [--json]

Asks AWS to send a one-time validation code to the procurement portal (SendProcurementPortalValidation), for a
preference pending verification. Read the code in the portal, then submit it with \`verify\`.

Options:
  --stack NAME       The CloudFormation stack that holds the preference (with --id).
  --id LOGICAL_ID    The preference's logical id in that stack.
  --json             The preference's summary after the call, as JSON.

Exit codes: 0 sent, 1 refused by the service (for example: not pending verification), 2 usage, 3 AWS error.`;

export const sendValidationCommand: Command = {
  name: 'send-validation',
  summary: 'Send a one-time validation code to the portal of a preference pending verification',
  help: HELP,
  async run(args: readonly string[], io: Io): Promise<number> {
    const { values, positionals } = parse(args, { stack: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } }, 1);
    const aws = clients(io.env);
    const target = await resolveTarget(positionals[0], values.stack, values.id, aws, io);
    if ('exitCode' in target) return target.exitCode;
    try {
      await aws.invoicing.send(new SendProcurementPortalValidationCommand({ ProcurementPortalPreferenceArn: target.arn }));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      io.err(`The service did not send a code: ${describeError(error)}`);
      io.err(statusLine(await summaryOf(aws, target.arn)));
      return ExitCode.NOT_DONE;
    }
    const summary = await summaryOf(aws, target.arn);
    if (values.json) {
      io.out(JSON.stringify(summary ?? { ProcurementPortalPreferenceArn: target.arn }, undefined, 2));
    } else {
      io.out(`Validation code sent to the procurement portal for ${target.arn}.`);
      io.out(statusLine(summary));
      io.out(`Next: read the code in the portal, then run: npx cdk-procurement-portal verify ${target.arn} --code <code>`);
    }
    return ExitCode.OK;
  },
};
