import { parseArgs } from 'node:util';
import { UsageError } from './command';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** `node:util` parseArgs in strict mode; its errors become usage errors naming the option. */
export function parse<T extends OptionSpec>(args: readonly string[], options: T, maxPositionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }, options));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`Unexpected argument '${parsed.positionals[maxPositionals]}'`);
  }
  return parsed;
}

/** node's parseArgs messages, said for a person: the option and what the command takes (not advice about `--`). */
function usageMessage(error: Error & { code?: string }, options: OptionSpec): string {
  const known = Object.entries(options).map(([name, spec]) => `--${name}${spec.type === 'string' ? ' <value>' : ''}`).join(', ');
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option '${option ?? '?'}'; this command takes ${known}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return option && options[option.replace(/^--?/, '')]?.type === 'boolean'
      ? `Option '${option}' takes no value` : `Option '${option ?? '?'}' needs a value`;
  }
  return error.message;
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
