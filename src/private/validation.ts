import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  CONNECTION_TESTING_METHODS,
  CONTACTS_COUNT,
  DOCUMENT_TYPES_MAX,
  EINVOICE_ATTACHMENT_TYPES,
  EINVOICE_DOCUMENT_TYPES,
  EINVOICE_PROTOCOLS,
  INVOICE_UNIT_ARNS_MAX,
  PARTY_DOMAINS,
  PROCUREMENT_PORTAL_NAMES,
  PURCHASE_ORDER_DATA_SOURCE_TYPES,
  SELLER_OF_RECORDS_MAX,
  DECLARED_TAGS_MAX,
  checkContactName,
  checkCount,
  checkDistinct,
  checkEmail,
  checkHttpsUrl,
  checkIdentifier,
  checkInvoiceUnitArn,
  checkOneOf,
  checkTags,
} from '../contract/constraints';

/*
 * The synth-time checks of single props, tokens (values known at deploy time only) skipped. Every rule of the API
 * comes from `constraints.ts`, shared with the handler; `validate-props.ts` walks a preference's props with them.
 */

/** The problems found in one construct's props, reported together. */
export class Problems {
  private readonly found: string[] = [];

  /** Records a problem; `undefined` (the checks' "fine") is ignored. */
  public add(problem: string | undefined): void {
    if (problem !== undefined) this.found.push(problem);
  }

  /** Throws one error that lists every problem, each prefixed with the construct's path. */
  public throwIfAny(scope: IConstruct): void {
    if (this.found.length > 0) {
      throw new Error(formatProblems(scope, this.found));
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

/** A required string prop: present, a string, and valid per `check` unless it is a token. */
export function checkRequiredString(
  problems: Problems,
  prop: string,
  value: unknown,
  check: (prop: string, value: string) => string | undefined,
): void {
  if (typeof value !== 'string') {
    problems.add(`${prop} is required and must be a string, got ${describeKind(value)}`);
    return;
  }
  if (!isUnresolved(value)) problems.add(check(prop, value));
}

/** An optional string prop: valid per `check` when given, unless it is a token. */
export function checkOptionalString(
  problems: Problems,
  prop: string,
  value: unknown,
  check: (prop: string, value: string) => string | undefined,
): void {
  if (value === undefined) return;
  checkRequiredString(problems, prop, value, check);
}

/** One of a closed set (an enum of this library): jsii and JavaScript callers can still send any string. */
export function oneOf(allowed: readonly string[]): (prop: string, value: string) => string | undefined {
  return (prop, value) => checkOneOf(prop, value, allowed);
}

export const checkPortalName = oneOf(PROCUREMENT_PORTAL_NAMES);
export const checkPartyDomain = oneOf(PARTY_DOMAINS);
export const checkDocumentType = oneOf(EINVOICE_DOCUMENT_TYPES);
export const checkAttachmentType = oneOf(EINVOICE_ATTACHMENT_TYPES);
export const checkProtocol = oneOf(EINVOICE_PROTOCOLS);
export const checkPurchaseOrderDataSourceType = oneOf(PURCHASE_ORDER_DATA_SOURCE_TYPES);
export const checkConnectionTestingMethod = oneOf(CONNECTION_TESTING_METHODS);
export const checkEndpoint = checkHttpsUrl;

/**
 * A list prop: an array (or a list token, skipped) of at most `max` items (when the API sets a limit), each checked
 * unless it is a token.
 */
export function checkList(
  problems: Problems,
  prop: string,
  value: unknown,
  limits: { min: number; max?: number; required: boolean; distinct?: boolean },
  check?: (prop: string, value: string) => string | undefined,
): void {
  if (value === undefined && !limits.required) return;
  if (isUnresolved(value)) return;
  if (!Array.isArray(value)) {
    problems.add(`${prop} ${limits.required ? 'is required and ' : ''}must be an array, got ${describeKind(value)}`);
    return;
  }
  if (limits.max !== undefined) problems.add(checkCount(prop, value.length, limits.min, limits.max));
  value.forEach((item: unknown, index: number) => {
    if (check) checkRequiredString(problems, `${prop}[${index}]`, item, check);
  });
  if (limits.distinct) {
    problems.add(checkDistinct(prop, value.filter((item): item is string => typeof item === 'string' && !isUnresolved(item))));
  }
}

export function checkInvoiceUnitArns(problems: Problems, prop: string, value: unknown): void {
  checkList(problems, prop, value, { min: 0, max: INVOICE_UNIT_ARNS_MAX, required: false, distinct: true }, checkInvoiceUnitArn);
}

export function checkSellerOfRecords(problems: Problems, prop: string, value: unknown): void {
  checkList(problems, prop, value, { min: 0, max: SELLER_OF_RECORDS_MAX, required: false, distinct: true }, checkIdentifier);
}

export function checkDocumentTypes(problems: Problems, prop: string, value: unknown): void {
  checkList(problems, prop, value, { min: 0, max: DOCUMENT_TYPES_MAX, required: true, distinct: true }, checkDocumentType);
}

export function checkAttachmentTypes(problems: Problems, prop: string, value: unknown): void {
  // The API sets no count for attachment types: each item is checked, the list is not.
  checkList(problems, prop, value, { min: 0, required: false }, checkAttachmentType);
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

/**
 * A contact: the email's pattern and the name's length. Contacts are personal data: no message repeats them.
 */
export function checkContact(problems: Problems, prop: string, value: unknown): void {
  if (value === null || typeof value !== 'object') {
    problems.add(`${prop} must be an object with an optional name and email, got ${describeKind(value)}`);
    return;
  }
  const { name, email } = value as { name?: unknown; email?: unknown };
  if (name !== undefined && !isUnresolved(name)) {
    if (typeof name !== 'string') {
      problems.add(`${prop}.name must be a string, got ${describeKind(name)}`);
    } else {
      problems.add(checkContactName(`${prop}.name`, name));
    }
  }
  if (email !== undefined && !isUnresolved(email)) {
    if (typeof email !== 'string') {
      problems.add(`${prop}.email must be a string, got ${describeKind(email)}`);
    } else {
      problems.add(checkEmail(`${prop}.email`, email));
    }
  }
}

/** The contacts list: exactly one contact (the API's fixed count). */
export function checkContacts(problems: Problems, prop: string, value: unknown): void {
  if (isUnresolved(value)) return;
  if (!Array.isArray(value)) {
    problems.add(`${prop} must be an array of exactly ${CONTACTS_COUNT.max} contact, got ${describeKind(value)}`);
    return;
  }
  problems.add(checkCount(prop, value.length, CONTACTS_COUNT.min, CONTACTS_COUNT.max));
  value.forEach((contact: unknown, index: number) => checkContact(problems, `${prop}[${index}]`, contact));
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
