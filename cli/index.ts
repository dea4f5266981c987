/**
 * `npx cdk-procurement-portal <command>`: the steps a person takes around a deployed preference. Bundled with esbuild
 * (SDK clients inside) so the jsii package gains no runtime dependency.
 */
import { Command, ExitCode, Io, UsageError } from './command';
import { plan } from './commands/plan';
import { sendValidationCommand } from './commands/send-validation';
import { statusCommand } from './commands/status';
import { verifyCommand } from './commands/verify';

/** Every command; each lives in its own module under commands/. */
export const COMMANDS: readonly Command[] = [
  statusCommand,
  sendValidationCommand,
  verifyCommand,
  plan,
];

function overview(): string {
  const width = Math.max(0, ...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: cdk-procurement-portal <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `cdk-procurement-portal <command> --help` for the options of a command.',
    'AWS credentials and region come from the default chain (environment, profile, SSO, instance role).',
  ].join('\n');
}

/** Runs one command line; never throws: every outcome is an exit code and text on `io`. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
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
    io.err(`${name} failed: ${e.name ?? 'Error'}: ${e.message ?? String(err)}`);
    return ExitCode.AWS_ERROR;
  }
}

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};

if (require.main === module) {
  void main(process.argv.slice(2), processIo).then((code) => { process.exitCode = code; });
}
