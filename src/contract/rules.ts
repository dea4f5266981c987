/**
 * The one walker of the rules in properties.ts. The construct runs it at synth on the properties it rendered (as
 * CloudFormation will send them, tokens skipped, fields named by their construct prop); the handler runs it on what
 * CloudFormation sent (fields named as on the wire). So both refuse the same input with the same sentence.
 * Imports nothing but the contract: it is bundled into the Lambda and compiled by jsii.
 */
import { checkCount, checkDistinct, checkOneOf, checkTags } from './constraints';
import type { Field, Fields, Rule } from './properties';
import type { ResourceTagProperties } from './wire';

export interface WalkOptions {
  /** `wire` (the handler: `BuyerIdentifier`) or `prop` (synth: `buyerIdentifier`). */
  readonly names: 'wire' | 'prop';
  /** Values known only at deploy time (synth's tokens): not checked. */
  readonly skip?: (value: unknown) => boolean;
  /** Keys a top-level object may have beside its fields (CloudFormation's `ServiceToken`). */
  readonly extraKeys?: readonly string[];
  /** How the top-level object is named in a message about itself. */
  readonly rootName?: string;
}

/** What was received, for a message; with `sensitive` (secrets, contacts) a string's content is never shown. */
export function describeReceived(value: unknown, sensitive = false): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string' && sensitive) return `a string of ${value.length} characters (not shown)`;
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const EPOCH_SECONDS = /^-?\d{1,12}$/;

/** Every problem of `value` under `rule`, each one sentence naming the property at `path` ('' for the top). */
export function checkValue(rule: Rule, value: unknown, path: string, options: WalkOptions, sensitive = false): string[] {
  if (options.skip?.(value)) return [];
  const label = path === '' ? options.rootName ?? 'the properties' : path;
  switch (rule.kind) {
    case 'object': return checkObject(rule.fields, rule.refine, value, path, label, options, sensitive);
    case 'list': return checkList(rule, value, label, options, sensitive);
    case 'tags': return checkTagList(value, label, options);
    default: break;
  }
  if (typeof value !== 'string') {
    return [rule.kind === 'boolean' ? booleanProblem(label, value) : `${label} must be a string, got ${describeReceived(value, sensitive)}`];
  }
  const problem = checkScalar(rule, value, label);
  return problem === undefined ? [] : [problem];
}

function checkScalar(rule: Rule, value: string, label: string): string | undefined {
  switch (rule.kind) {
    case 'oneOf': return checkOneOf(label, value, rule.values);
    case 'check': return rule.check(label, value);
    case 'boolean': return value === 'true' || value === 'false' ? undefined : booleanProblem(label, value);
    case 'epochSeconds': {
      const date = EPOCH_SECONDS.test(value) ? new Date(Number(value) * 1_000) : undefined;
      return date && !Number.isNaN(date.getTime()) ? undefined
        : `${label} must be a date in integer epoch seconds such as '1767225600', got ${describeReceived(value)}`;
    }
    default: return undefined;
  }
}

/** CloudFormation sends every scalar as a string: a boolean arrives as "true" or "false". */
function booleanProblem(label: string, value: unknown): string {
  return `${label} must be 'true' or 'false', got ${describeReceived(value)}`;
}

function checkObject(fields: Fields<object>, refine: ((...args: any[]) => string | undefined) | undefined, value: unknown,
  path: string, label: string, options: WalkOptions, sensitive: boolean): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`${label} must be an object, got ${describeReceived(value, sensitive)}`];
  }
  const record = value as Record<string, unknown>;
  const table = fields as Record<string, Field>;
  const own = (key: string): string => (options.names === 'prop' ? table[key]?.prop ?? key : key);
  const name = (key: string): string => (path === '' ? own(key) : `${path}.${own(key)}`);
  const problems: string[] = [];
  const allowed = [...Object.keys(table), ...(path === '' ? options.extraKeys ?? [] : [])];
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) problems.push(`${label} has an unknown property '${key.slice(0, 80)}' (allowed: ${allowed.join(', ')})`);
  }
  for (const [key, field] of Object.entries(table)) {
    if (record[key] === undefined) {
      if (field.presence === 'required') problems.push(`${name(key)} is required`);
      continue;
    }
    problems.push(...checkValue(field.rule, record[key], name(key), options, sensitive || field.sensitive === true));
  }
  const across = refine?.(record, own, label);
  if (across !== undefined) problems.push(across);
  return problems;
}

function checkList(rule: Extract<Rule, { kind: 'list' }>, value: unknown, label: string, options: WalkOptions, sensitive: boolean): string[] {
  if (!Array.isArray(value)) return [`${label} must be a list, got ${describeReceived(value, sensitive)}`];
  const problems: string[] = [];
  if (rule.max !== undefined) pushDefined(problems, checkCount(label, value.length, rule.min, rule.max));
  value.forEach((item, index) => problems.push(...checkValue(rule.item, item, `${label}[${index}]`, options, sensitive)));
  if (rule.distinct) {
    pushDefined(problems, checkDistinct(label, value.filter((item): item is string => typeof item === 'string' && !options.skip?.(item))));
  }
  return problems;
}

/** `[{Key, Value}]`: each a pair of strings, the limits of constraints.ts, no key twice. */
function checkTagList(value: unknown, label: string, options: WalkOptions): string[] {
  if (!Array.isArray(value)) return [`${label} must be a list, got ${describeReceived(value)}`];
  const problems: string[] = [];
  const tags: Array<{ key: string; value: string }> = [];
  value.forEach((item, index) => {
    const entry = item as Record<string, unknown> | null;
    const shape = checkObject(TAG_FIELDS, undefined, item, `${label}[${index}]`, `${label}[${index}]`, options, false);
    problems.push(...shape);
    if (shape.length === 0) tags.push({ key: String(entry!.Key), value: String(entry!.Value) });
  });
  problems.push(...checkTags(label, tags));
  const keys = tags.map((tag) => tag.key);
  const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
  if (repeated !== undefined) problems.push(`${label} must not repeat a key, got '${repeated.slice(0, 128)}' twice`);
  return problems;
}

const TAG: Fields<ResourceTagProperties> = {
  Key: { presence: 'required', prop: 'key', rule: { kind: 'text' } },
  Value: { presence: 'required', prop: 'value', rule: { kind: 'text' } },
};
const TAG_FIELDS = TAG as Fields<object>;

function pushDefined(problems: string[], problem: string | undefined): void {
  if (problem !== undefined) problems.push(problem);
}
