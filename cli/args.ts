import { parseArgs } from 'node:util';
import { UsageError } from './command';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** `node:util` parseArgs in strict mode; its errors become usage errors naming the option. */
export function parse<T extends OptionSpec>(args: readonly string[], options: T, maxPositionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`Unexpected argument '${parsed.positionals[maxPositionals]}'`);
  }
  return parsed;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `30m`, `90s`, `1h`, `500ms` -> milliseconds. */
export function parseDuration(option: string, text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) {
    throw new UsageError(`--${option} must be a positive duration such as 30m, 90s, 1h or 500ms, got '${text}'`);
  }
  return Number(match[1]) * UNITS[match[2]];
}
