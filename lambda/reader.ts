import { ReasonError } from './errors';

/** A value received from CloudFormation: strings, arrays and objects only (every scalar arrives as a string). */
export type Value = unknown;

/** What was received, for a message; with `sensitive` (secrets, contacts) a string's content is never shown. */
function describe(value: Value, sensitive = false): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string' && sensitive) return `a string of ${value.length} characters (not shown)`;
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Strict reading of CloudFormation's strings: each method records a problem (naming the property, what it got and
 * what is allowed) instead of throwing, so one Reason lists every problem at once.
 */
export class Reader {
  private readonly problems: string[] = [];

  public problem(text: string): void {
    this.problems.push(text);
  }

  /** Applies a constraints.ts check to a value read successfully; returns the value, or undefined after a problem. */
  public check<T>(value: T | undefined, checker: (v: T) => string | undefined): T | undefined {
    if (value === undefined) return undefined;
    const problem = checker(value);
    if (problem) this.problem(problem);
    return problem ? undefined : value;
  }

  public object(path: string, value: Value, required: readonly string[], optional: readonly string[],
    sensitive = false): Record<string, Value> | undefined {
    if (value === undefined) {
      this.problem(`${path} is required`);
      return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(`${path} must be an object, got ${describe(value, sensitive)}`);
      return undefined;
    }
    const record = value as Record<string, Value>;
    const allowed = [...required, ...optional];
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.problem(`${path} has an unknown property '${key.slice(0, 80)}' (allowed: ${allowed.join(', ')})`);
    }
    for (const key of required) {
      if (record[key] === undefined) this.problem(`${path === 'ResourceProperties' ? key : `${path}.${key}`} is required`);
    }
    return record;
  }

  /** A missing value was already reported by `object` (required) or is skipped by the caller (optional). */
  public string(path: string, value: Value, sensitive = false): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.problem(`${path} must be a string, got ${describe(value, sensitive)}`);
      return undefined;
    }
    return value;
  }

  public boolean(path: string, value: Value): boolean | undefined {
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    this.problem(`${path} must be 'true' or 'false', got ${describe(value)}`);
    return undefined;
  }

  /** Integer epoch seconds, as the construct renders a date. */
  public epochSeconds(path: string, value: Value): Date | undefined {
    const text = this.string(path, value);
    if (text === undefined) return undefined;
    const date = /^-?\d{1,12}$/.test(text) ? new Date(Number(text) * 1_000) : undefined;
    if (!date || Number.isNaN(date.getTime())) {
      this.problem(`${path} must be a date in integer epoch seconds such as '1767225600', got ${describe(text)}`);
      return undefined;
    }
    return date;
  }

  public array(path: string, value: Value, sensitive = false): Value[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.problem(`${path} must be a list, got ${describe(value, sensitive)}`);
      return undefined;
    }
    return value;
  }

  /** A list of strings with a length between min and max. */
  public strings(path: string, value: Value, min: number, max: number): string[] | undefined {
    const items = this.array(path, value);
    if (items === undefined) return undefined;
    if (items.length < min || items.length > max) {
      this.problem(`${path} must have ${min === 0 ? `at most ${max}` : `between ${min} and ${max}`} items, got ${items.length}`);
    }
    return items.map((item, i) => this.string(`${path}[${i}]`, item) ?? '');
  }

  public throwIfProblems(prefix: string): void {
    if (this.problems.length === 0) return;
    const shown = this.problems.slice(0, 20);
    const more = this.problems.length > shown.length ? ` (and ${this.problems.length - shown.length} more)` : '';
    throw new ReasonError(`${prefix}: ${shown.join('; ')}${more}`, 'InvalidProperties');
  }
}
