/**
 * What every command of `npx cdk-procurement-portal` is: a name, its help, and a `run` that writes only through `Io`
 * (so tests run commands in-process and read what a person or a pipeline would see) and returns the exit code.
 */
export interface Io {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Standard output: the result (a table for people, JSON with `--json`). */
  out(text: string): void;
  /** Standard error: progress lines and errors, so `--json` output stays parsable. */
  err(text: string): void;
}

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full `--help` text of the command. */
  readonly help: string;
  run(args: readonly string[], io: Io): Promise<number>;
}

/** Exit codes a pipeline can branch on. */
export const ExitCode = {
  OK: 0,
  /** The command ran but did not get what was asked (a failure status, a refused code, a replacement with --fail-on-replace). */
  NOT_DONE: 1,
  /** Bad arguments: nothing was called. */
  USAGE: 2,
  /** An AWS call failed (credentials, access, throttling past the retries, network). */
  AWS_ERROR: 3,
  /** `--wait` ran out of time. */
  TIMEOUT: 4,
} as const;

/** Bad arguments: `main` prints the message and the command's help, and exits with `ExitCode.USAGE`. */
export class UsageError extends Error {}
