import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DECLARED_TAGS_MAX, checkCount, checkTags } from '../contract/constraints';

/*
 * The synth-time checks of what only the construct's props can get wrong: their JavaScript types (jsii and JavaScript
 * callers can pass anything), dates and secrets. The API's rules are not here: `validate-props.ts` walks the rendered
 * properties with the rules the handler walks too (src/contract/rules.ts).
 */

/** The problems found in one construct's props, reported together. */
export class Problems {
  private readonly found: string[] = [];

  public get count(): number {
    return this.found.length;
  }

  /** Records a problem; `undefined` (the checks' "fine") is ignored. */
  public add(problem: string | undefined): void {
    if (problem !== undefined) this.found.push(problem);
  }

  /**
   * Throws one error that lists every problem, each prefixed with the construct's path. Its stack starts below
   * `entry` (the construct's constructor): the first line a user reads is their own `new`, not this library's code.
   */
  public throwIfAny(scope: IConstruct, entry?: Function): void {
    if (this.found.length > 0) {
      const error = new Error(formatProblems(scope, this.found));
      if (entry) Error.captureStackTrace(error, entry);
      throw error;
    }
  }
}

/** `[Stack/Construct] problem`, one line per problem. */
export function formatProblems(scope: IConstruct, problems: readonly string[]): string {
  return problems.map((problem) => `[${scope.node.path}] ${problem}`).join('\n');
}

/** True for values only known at deploy time (`Token`s), which synth-time checks skip. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** A required string prop: present and a string (a token is one). */
export function checkRequiredString(problems: Problems, prop: string, value: unknown): void {
  if (typeof value !== 'string') problems.add(`${prop} is required and must be a string, got ${describeKind(value)}`);
}

/** An optional string prop: a string when given. */
export function checkOptionalString(problems: Problems, prop: string, value: unknown): void {
  if (value !== undefined) checkRequiredString(problems, prop, value);
}

/** A list prop: an array (or a list token) of strings. */
export function checkStringList(problems: Problems, prop: string, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  if (isUnresolved(value)) return;
  if (!Array.isArray(value)) {
    problems.add(`${prop} ${required ? 'is required and ' : ''}must be an array, got ${describeKind(value)}`);
    return;
  }
  value.forEach((item: unknown, index: number) => checkRequiredString(problems, `${prop}[${index}]`, item));
}

/** A boolean prop: jsii and JavaScript callers could send "true". */
export function checkBoolean(problems: Problems, prop: string, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'boolean') {
    problems.add(`${prop} ${required ? 'is required and ' : ''}must be a boolean (true or false), got ${describeKind(value)}`);
  }
}

/** A `Date` whose time is a number (`new Date('nonsense')` is a Date whose time is NaN). */
export function checkDate(problems: Problems, prop: string, value: unknown): void {
  if (!(value instanceof Date)) {
    problems.add(`${prop} is required and must be a Date such as new Date('2027-01-01T00:00:00Z'), got ${describeKind(value)}`);
  } else if (Number.isNaN(value.getTime())) {
    problems.add(`${prop} must be a valid Date such as new Date('2027-01-01T00:00:00Z'), got an invalid Date`);
  }
}

/** Contacts: an array of objects whose name and email are strings. Personal data: no message repeats them. */
export function checkContacts(problems: Problems, prop: string, value: unknown): void {
  if (value === undefined || isUnresolved(value)) return;
  if (!Array.isArray(value)) {
    problems.add(`${prop} must be an array of contacts, got ${describeKind(value)}`);
    return;
  }
  value.forEach((contact: unknown, index: number) => {
    if (contact === null || typeof contact !== 'object') {
      problems.add(`${prop}[${index}] must be an object with an optional name and email, got ${describeKind(contact)}`);
      return;
    }
    for (const key of ['name', 'email'] as const) {
      const field = (contact as Record<string, unknown>)[key];
      if (field !== undefined && typeof field !== 'string') problems.add(`${prop}[${index}].${key} must be a string, got ${describeKind(field)}`);
    }
  });
}

/** Resource tags as the TagManager holds them: tokens are not checked one by one, but they count against the limit. */
export function checkResourceTags(prop: string, tags: Record<string, string>): string[] {
  const entries = Object.entries(tags);
  const literal = entries
    .filter(([key, value]) => !isUnresolved(key) && !isUnresolved(value))
    .map(([key, value]) => ({ key, value }));
  const literalCountProblem = checkCount(prop, literal.length, 0, DECLARED_TAGS_MAX);
  const itemProblems = checkTags(prop, literal).filter((problem) => problem !== literalCountProblem);
  const countProblem = checkCount(prop, entries.length, 0, DECLARED_TAGS_MAX);
  return countProblem ? [countProblem, ...itemProblems] : itemProblems;
}

/** What a value is, never what it holds: used in errors about values that may be secrets. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}
