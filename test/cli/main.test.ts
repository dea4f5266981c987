import { ExitCode, Io } from '../../cli/command';
import { COMMANDS, main } from '../../cli/index';

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
