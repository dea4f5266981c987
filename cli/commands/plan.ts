import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { INVOICE_UNIT_RESOURCE_TYPE } from '../../src/contract/invoice-unit';
import { parse as parseArgs } from '../args';
import { Command, ExitCode, Io, UsageError } from '../command';
import { planPreferences } from '../plan/decide';
import { fetchDeployedTemplate } from '../plan/fetch';
import { renderJson, renderMarkdown, renderText } from '../plan/render';
import { Template, preferencesOf, readTemplateFile, templateFileInAssembly } from '../plan/template';
import { planInvoiceUnits } from '../plan/units';

const HELP = `Usage:
  cdk-procurement-portal plan [--from OLD.template.json] --to NEW.template.json [options]
  cdk-procurement-portal plan --stack NAME [--app cdk.out] [options]

What a deploy will do to each Custom::ProcurementPortalPreference, decided by the handler's own code: create, update
(which fields; tags only counts as update), replace (which identity fields: verification restarts), delete (or
retained under a Retain policy), or none, with the API calls the handler will make. Values CloudFormation resolves
at deploy time (Ref, Fn::GetAtt, Fn::Join...) are reported as "known at deploy".

  --from FILE          the deployed template (for example saved with aws cloudformation get-template); without it,
                       the stack's first deploy: every preference is a create
  --to FILE            the new template (for example cdk.out/<stack>.template.json)
  --stack NAME         read the deployed template of stack NAME with CloudFormation GetTemplate (AWS credentials
                       from the default chain) and compare it with NAME's template in --app
  --app DIR            the cloud assembly holding the new template (default: cdk.out)
  --json               {"preferences": [{"logicalId", "action", "fields", ...}]} on standard output
  --markdown           a Markdown table, for a pull-request comment
  --fail-on-replace    exit 1 when any preference would (or may, with an identity known only at deploy) be replaced

Exit codes: 0 done, 1 a replacement with --fail-on-replace, 2 bad arguments or unreadable templates, 3 an AWS call failed.`;

interface Options {
  readonly from?: string;
  readonly to?: string;
  readonly stack?: string;
  readonly app: string;
  readonly json: boolean;
  readonly markdown: boolean;
  readonly failOnReplace: boolean;
}

function parse(args: readonly string[]): Options {
  const { values } = parseArgs(args, {
    'from': { type: 'string' },
    'to': { type: 'string' },
    'stack': { type: 'string' },
    'app': { type: 'string' },
    'json': { type: 'boolean' },
    'markdown': { type: 'boolean' },
    'fail-on-replace': { type: 'boolean' },
  }, 0);
  const options: Options = {
    from: values.from,
    to: values.to,
    stack: values.stack,
    app: values.app ?? 'cdk.out',
    json: values.json ?? false,
    markdown: values.markdown ?? false,
    failOnReplace: values['fail-on-replace'] ?? false,
  };
  const files = options.from !== undefined || options.to !== undefined;
  if (files && options.stack !== undefined) throw new UsageError('give either --from and --to, or --stack, not both');
  if (!files && options.stack === undefined) throw new UsageError('give --from and --to, or --stack');
  if (files && options.to === undefined) throw new UsageError('--from needs --to (the new template)');
  if (options.json && options.markdown) throw new UsageError('give at most one of --json and --markdown');
  return options;
}

/** Templates that cannot be read are a usage problem (exit 2), not an AWS one. */
function local<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Created on first use: the offline form never builds a client (nor looks for credentials). */
let client: CloudFormationClient | undefined;

async function templates(options: Options, io: Io): Promise<{ before: Template; after: Template }> {
  if (options.stack === undefined) {
    // Without --from, the stack is not deployed yet: every preference is a create.
    const before = options.from === undefined ? {} : local(() => readTemplateFile(options.from!));
    return { before, after: local(() => readTemplateFile(options.to!)) };
  }
  const after = local(() => readTemplateFile(templateFileInAssembly(options.app, options.stack!)));
  client ??= new CloudFormationClient({});
  const deployed = await fetchDeployedTemplate(client, options.stack);
  if (deployed === undefined) io.err(`Stack ${options.stack} does not exist yet: every preference is a create.`);
  return { before: deployed ?? {}, after };
}

export const plan: Command = {
  name: 'plan',
  summary: 'Preview what a deploy does to each preference (create, update, replace, delete, none)',
  help: HELP,
  async run(args, io) {
    const options = parse(args);
    const { before, after } = await templates(options, io);
    const plans = planPreferences(local(() => preferencesOf(before, 'the deployed template')),
      local(() => preferencesOf(after, 'the new template')));
    const units = planInvoiceUnits(local(() => preferencesOf(before, 'the deployed template', INVOICE_UNIT_RESOURCE_TYPE)),
      local(() => preferencesOf(after, 'the new template', INVOICE_UNIT_RESOURCE_TYPE)));
    io.out(options.json ? renderJson(plans, units) : options.markdown ? renderMarkdown(plans, units) : renderText(plans, units));
    // A replacement that depends on values resolved at deploy cannot be ruled out here: it fails the check too.
    return options.failOnReplace && [...plans, ...units].some((p) => p.action === 'replace' || p.mayReplace) ? ExitCode.NOT_DONE : ExitCode.OK;
  },
};
