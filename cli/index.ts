/**
 * `npx cdk-procurement-portal <command>`: the steps a person takes around a deployed preference. Bundled with esbuild
 * (SDK clients inside) so the jsii package gains no runtime dependency.
 */
import { Command, ExitCode, Io, UsageError } from './command';
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
    'AWS credentials and region come from the default chain (environment, profile, SSO, instance role).',
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
function hint(message: string): string {
  return /Region is missing/i.test(message)
    ? '. Set a region: AWS_REGION=us-east-1 (the Invoicing API is global; CloudFormation reads use the stack\'s region), or a profile with one (aws configure)'
    : '';
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
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${command.help}`);
      return ExitCode.USAGE;
    }
    const e = err as { name?: string; message?: string };
    const message = e.message ?? String(err);
    io.err(`${name} failed: ${e.name ?? 'Error'}: ${message}${hint(message)}`);
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
