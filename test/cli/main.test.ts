import { ExitCode, Io } from '../../cli/command';
import { COMMANDS, globalOptions, main } from '../../cli/index';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env: {}, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

test('--help lists every command and exits 0', async () => {
  const io = capture();
  expect(await main(['--help'], io)).toBe(ExitCode.OK);
  const text = io.stdout.join('\n');
  expect(text).toContain('Usage: cdk-procurement-portal <command>');
  for (const command of COMMANDS) expect(text).toContain(command.name);
});

test('no command prints the overview and exits with the usage code', async () => {
  const io = capture();
  expect(await main([], io)).toBe(ExitCode.USAGE);
  expect(io.stdout.join('\n')).toContain('Commands:');
});

test('an unknown command exits with the usage code and names it', async () => {
  const io = capture();
  expect(await main(['frobnicate'], io)).toBe(ExitCode.USAGE);
  expect(io.stderr.join('\n')).toContain("Unknown command 'frobnicate'");
});

test('--version prints the package version and exits 0', async () => {
  const io = capture();
  expect(await main(['--version'], io)).toBe(ExitCode.OK);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(io.stdout).toEqual([(require('../../package.json') as { version: string }).version]);
});

test('an unknown option names itself and the options the command takes', async () => {
  const io = capture();
  expect(await main(['plan', '--form', 'a.json'], io)).toBe(ExitCode.USAGE);
  const text = io.stderr.join('\n');
  expect(text).toMatch(/^Unknown option '--form'; this command takes --from <value>, --to <value>, .*--fail-on-replace/);
  expect(text).not.toContain('place it at the end of the command');
});

test('a boolean option given a value says so', async () => {
  const io = capture();
  expect(await main(['plan', '--from', 'a', '--to', 'b', '--json=yes'], io)).toBe(ExitCode.USAGE);
  expect(io.stderr.join('\n')).toMatch(/^Option '--json' takes no value/);
});

test('--region and --profile are taken from any command and given to its clients as AWS_REGION and AWS_PROFILE', () => {
  expect(globalOptions(['--stack', 'S', '--region=eu-west-1', '--profile', 'finance', '--json'], { AWS_REGION: 'us-east-1' })).toEqual({
    args: ['--stack', 'S', '--json'],
    env: { AWS_REGION: 'eu-west-1', AWS_PROFILE: 'finance' },
  });
  expect(() => globalOptions(['--profile', '--json'], {})).toThrow("Option '--profile' needs a value");
});
