/**
 * `npx cdk-procurement-portal <command>`: the steps a person takes around a deployed preference. Bundled with esbuild
 * (SDK clients inside) so the jsii package gains no runtime dependency.
 */
import { Command, ExitCode, Io, UsageError } from './command';
import { doctorCommand } from './commands/doctor';
import { invoicesCommand } from './commands/invoices';
import { plan } from './commands/plan';
import { sendValidationCommand } from './commands/send-validation';
import { simulateCommand } from './commands/simulate';
import { statusCommand } from './commands/status';
import { verifyCommand } from './commands/verify';

/** Every command; each lives in its own module under commands/. */
export const COMMANDS: readonly Command[] = [
  statusCommand,
  sendValidationCommand,
  verifyCommand,
  plan,
  doctorCommand,
  invoicesCommand,
  simulateCommand,
];

function overview(): string {
  const width = Math.max(0, ...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: cdk-procurement-portal <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `cdk-procurement-portal <command> --help` for the options of a command, `--version` for the version.',
    'AWS credentials and region come from the default chain (environment, profile, SSO, instance role);',
    '--region REGION and --profile NAME on every command choose them.',
    `Node.js ${MIN_NODE_MAJOR} or newer.`,
  ].join('\n');
}

/** The package's version (esbuild inlines the package file into the bundle). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = (require('../package.json') as { version: string }).version;

/** The Node.js versions the tool supports: those the AWS SDK it bundles supports from January 2027. */
export const MIN_NODE_MAJOR = 22;

/** What a person reads instead of the SDK's own warning on an older Node.js: what is supported, and that it still runs. */
function nodeNote(io: Io): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    io.err(`Note: cdk-procurement-portal supports Node.js ${MIN_NODE_MAJOR} or newer; it runs on Node.js ${process.versions.node} for now, `
      + 'but upgrade before its AWS SDK stops supporting it.');
  }
}

/** The hint for errors a person can fix where they stand. */
function hint(message: string, env: Io['env']): string {
  if (/Region is missing/i.test(message)) {
    return '. Set a region: --region us-east-1 or AWS_REGION (the Invoicing API is global; CloudFormation reads use the stack\'s '
      + 'region), or a profile with one (aws configure)';
  }
  const profile = env.AWS_PROFILE;
  if (profile && /credentials|profile/i.test(message)) {
    return `. No credentials for the profile '${profile}': check it in ~/.aws/config and ~/.aws/credentials `
      + `(aws configure --profile ${profile}), or sign in (aws sso login --profile ${profile})`;
  }
  return '';
}

/**
 * `--region REGION` and `--profile NAME` (or `--region=REGION`), taken out of any command's arguments and given to its
 * clients as AWS_REGION and AWS_PROFILE would be.
 */
export function globalOptions(args: readonly string[], env: Io['env']): { args: string[]; env: Io['env'] } {
  const rest: string[] = [];
  const overrides: Record<string, string> = {};
  const names: Record<string, string> = { '--region': 'AWS_REGION', '--profile': 'AWS_PROFILE' };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const variable = names[flag];
    if (variable === undefined) {
      rest.push(args[i]);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError(`Option '${flag}' needs a value`);
    overrides[variable] = value;
  }
  return { args: rest, env: { ...env, ...overrides } };
}

/** Runs one command line; never throws: every outcome is an exit code and text on `io`. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(VERSION);
    return ExitCode.OK;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
    return ExitCode.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return ExitCode.OK;
  }
  let env = io.env;
  try {
    const options = globalOptions(rest, io.env);
    env = options.env;
    return await command.run(options.args, { ...io, env });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${command.help}`);
      return ExitCode.USAGE;
    }
    const e = err as { name?: string; message?: string };
    const message = e.message ?? String(err);
    io.err(`${name} failed: ${e.name ?? 'Error'}: ${message}${hint(message, env)}`);
    return ExitCode.AWS_ERROR;
  }
}

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};

if (require.main === module) {
  // The bundled SDK's own warning on Node.js 20 is a paragraph on every run: one line says what matters instead.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  nodeNote(processIo);
  void main(process.argv.slice(2), processIo).then((code) => { process.exitCode = code; });
}
