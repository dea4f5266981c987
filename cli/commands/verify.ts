import { VerifyProcurementPortalValidationCommand } from '@aws-sdk/client-invoicing';
import { parse } from '../args';
import { clients, describeError, isRefusal } from '../aws';
import { Command, ExitCode, Io, UsageError } from '../command';
import { resolveTarget, statusLine, summaryOf } from '../target';

const HELP = `Usage: cdk-procurement-portal verify <arn | --stack NAME --id LOGICAL_ID> --code CODE [--json]

Submits the one-time validation code the portal received (VerifyProcurementPortalValidation). The code is a secret:
it is never printed or logged. After verification AWS tests the connection; \`status --wait ACTIVE\` waits for it.

Options:
  --code CODE        The code shown in the procurement portal (required).
  --stack NAME       The CloudFormation stack that holds the preference (with --id).
  --id LOGICAL_ID    The preference's logical id in that stack.
  --json             The preference's summary after the call, as JSON.

Exit codes: 0 verified, 1 refused (a wrong or expired code, not pending verification), 2 usage, 3 AWS error.`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Submit the one-time validation code the portal received',
  help: HELP,
  async run(args: readonly string[], io: Io): Promise<number> {
    const { values, positionals } = parse(args, {
      stack: { type: 'string' }, id: { type: 'string' }, code: { type: 'string' }, json: { type: 'boolean' },
    }, 1);
    const code = values.code;
    if (code === undefined || code.trim() === '') throw new UsageError('--code CODE is required');
    // Whatever this command prints (even an error the service wrote) never shows the code.
    const safe = (text: string): string => text.split(code).join('<code>');
    const aws = clients(io.env);
    const target = await resolveTarget(positionals[0], values.stack, values.id, aws, io);
    if ('exitCode' in target) return target.exitCode;
    try {
      await aws.invoicing.send(new VerifyProcurementPortalValidationCommand({ ProcurementPortalPreferenceArn: target.arn, Code: code }));
    } catch (error) {
      if (!isRefusal(error)) {
        io.err(safe(`verify failed: ${describeError(error)}`));
        return ExitCode.AWS_ERROR;
      }
      io.err(safe(`The service refused the code: ${describeError(error)}`));
      io.err(`Request a new code with: npx cdk-procurement-portal send-validation ${target.arn}`);
      return ExitCode.NOT_DONE;
    }
    const summary = await summaryOf(aws, target.arn);
    if (values.json) {
      io.out(JSON.stringify(summary ?? { ProcurementPortalPreferenceArn: target.arn }, undefined, 2));
    } else {
      io.out(`Verified ${target.arn}.`);
      io.out(statusLine(summary));
      io.out('Next: AWS tests the connection to the portal, then the features become ACTIVE. Follow it with: '
        + 'npx cdk-procurement-portal status --wait ACTIVE (or a stack\'s: status --stack NAME --wait ACTIVE)');
    }
    return ExitCode.OK;
  },
};
