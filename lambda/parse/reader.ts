/**
 * Strict reading of what CloudFormation delivers, typed by the wire contract: a `Reader<Received<PreferenceProperties>>`
 * takes only that type's keys, and each object's `Shape` lists exactly its keys, required or optional as wire.ts
 * declares them. So a field renamed in src/contract/wire.ts fails `tsc` here, as it does in the construct that renders
 * it. A read records a problem (naming the property, what it got, what is allowed) instead of throwing, so one Reason
 * lists every problem at once.
 */
import type { Received } from '../../src/contract/wire';
import { ReasonError } from '../aws/errors';

/** Every key of a wire object, marked as wire.ts declares it (`optional` where the field may be absent). */
export type Shape<T> = { readonly [K in keyof T]-?: undefined extends T[K] ? 'optional' : 'required' };
/** The shape of what CloudFormation delivers for the wire type `T` (every scalar a string). */
export type Wire<T> = Shape<Received<T>>;
export const REQUIRED = 'required';
export const OPTIONAL = 'optional';
export type Key<T> = Extract<keyof T, string>;
type Item<L> = NonNullable<L> extends ReadonlyArray<infer U> ? U : never;
/** A constraints.ts check: a problem naming `path`, or undefined. */
type Check = (path: string, value: string) => string | undefined;

/** ResourceProperties as CloudFormation sent them, not parsed (old properties are only ever compared, never parsed). */
export type RawProperties = Record<string, unknown> | undefined;

/** The top-level object: its fields are named without a prefix. */
export const PROPERTIES_PATH = 'ResourceProperties';

/** What was received, for a message; with `sensitive` (secrets, contacts) a string's content is never shown. */
function describe(value: unknown, sensitive = false): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string' && sensitive) return `a string of ${value.length} characters (not shown)`;
  if (typeof value === 'string') return `'${value.length > 80 ? `${value.slice(0, 77)}...` : value}'`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The problems of one parse, and the reads of single values that record them. */
export class Problems {
  private readonly list: string[] = [];

  public add(text: string): void {
    this.list.push(text);
  }

  /** Applies a check to a value read successfully; returns the value, or undefined after a problem. */
  public check<T>(value: T | undefined, checker: (v: T) => string | undefined): T | undefined {
    if (value === undefined) return undefined;
    const problem = checker(value);
    if (problem) this.add(problem);
    return problem ? undefined : value;
  }

  /** `value` as an object with the keys of `shape` (and `extra` ones that CloudFormation adds). */
  public object<T>(path: string, value: unknown, shape: Shape<T>, sensitive = false, extra: readonly string[] = []): Reader<T> | undefined {
    if (value === undefined) return void this.add(`${path} is required`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return void this.add(`${path} must be an object, got ${describe(value, sensitive)}`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(shape) as Array<Key<T>>;
    const required = keys.filter((key) => shape[key] === 'required');
    const allowed: string[] = [...required, ...extra, ...keys.filter((key) => shape[key] === 'optional')];
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.add(`${path} has an unknown property '${key.slice(0, 80)}' (allowed: ${allowed.join(', ')})`);
    }
    const reader = new Reader<T>(this, path, record);
    required.filter((key) => record[key] === undefined).forEach((key) => this.add(`${reader.at(key)} is required`));
    return reader;
  }

  /** A missing value was already reported by `object` (required) or is skipped by the caller (optional). */
  public string(path: string, value: unknown, check?: Check, sensitive = false): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return void this.add(`${path} must be a string, got ${describe(value, sensitive)}`);
    return check ? this.check(value, (v) => check(path, v)) : value;
  }

  public array(path: string, value: unknown, sensitive = false): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return void this.add(`${path} must be a list, got ${describe(value, sensitive)}`);
    return value;
  }

  public throwIfAny(prefix: string): void {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, 20);
    const more = this.list.length > shown.length ? ` (and ${this.list.length - shown.length} more)` : '';
    throw new ReasonError(`${prefix}: ${shown.join('; ')}${more}`, 'InvalidProperties');
  }
}

/** One received object of type `T`, read field by field. */
export class Reader<T> {
  public constructor(public readonly problems: Problems, public readonly path: string, private readonly record: Record<string, unknown>) {}

  /** The field's name in a message: `Parent.Key`, or `Key` at the top. */
  public at(key: Key<T>): string {
    return this.path === PROPERTIES_PATH ? key : `${this.path}.${key}`;
  }

  public get(key: Key<T>): unknown {
    return this.record[key];
  }

  public has(key: Key<T>): boolean {
    return this.record[key] !== undefined;
  }

  public string(key: Key<T>, check?: Check, sensitive = false): string | undefined {
    return this.problems.string(this.at(key), this.record[key], check, sensitive);
  }

  public boolean(key: Key<T>): boolean | undefined {
    const value = this.record[key];
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    return void this.problems.add(`${this.at(key)} must be 'true' or 'false', got ${describe(value)}`);
  }

  /** Integer epoch seconds, as the construct renders a date. */
  public epochSeconds(key: Key<T>): Date | undefined {
    const text = this.string(key);
    if (text === undefined) return undefined;
    const date = /^-?\d{1,12}$/.test(text) ? new Date(Number(text) * 1_000) : undefined;
    if (date && !Number.isNaN(date.getTime())) return date;
    return void this.problems.add(`${this.at(key)} must be a date in integer epoch seconds such as '1767225600', got ${describe(text)}`);
  }

  /** A list of strings with a length between min and max; with `check`, each item checked ('' where it fails). */
  public strings(key: Key<T>, min: number, max: number, check?: Check): string[] | undefined {
    const path = this.at(key);
    const items = this.problems.array(path, this.record[key]);
    if (items === undefined) return undefined;
    if (items.length < min || items.length > max) {
      this.problems.add(`${path} must have ${min === 0 ? `at most ${max}` : `between ${min} and ${max}`} items, got ${items.length}`);
    }
    const strings = items.map((item, i) => this.problems.string(`${path}[${i}]`, item) ?? '');
    return check ? strings.map((item, i) => this.problems.string(`${path}[${i}]`, item, check) ?? '') : strings;
  }

  /** A nested object; undefined when absent (a missing required one was reported by its parent). */
  public object<K extends Key<T>>(key: K, shape: Shape<NonNullable<T[K]>>, sensitive = false): Reader<NonNullable<T[K]>> | undefined {
    return this.has(key) ? this.problems.object(this.at(key), this.record[key], shape, sensitive) : undefined;
  }

  /** A list of objects, each read with `shape` (undefined items where one is not an object). */
  public objects<K extends Key<T>>(key: K, shape: Shape<Item<T[K]>>): Array<Reader<Item<T[K]>> | undefined> {
    const path = this.at(key);
    return (this.problems.array(path, this.record[key]) ?? []).map((item, i) => this.problems.object(`${path}[${i}]`, item, shape));
  }
}
