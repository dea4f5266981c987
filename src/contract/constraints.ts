/**
 * The Invoicing service model's limits, as data, and the checks built on them.
 *
 * Shared by the construct (synth time, tokens skipped by the caller) and the handler (run time, on the values parsed
 * from CloudFormation's strings), so both refuse the same input with the same words. Imports nothing: it is bundled
 * into the Lambda and compiled by jsii.
 *
 * Every check returns `undefined` when the value is fine, or one sentence that names the property, the value received
 * (unless the property is sensitive) and what is allowed.
 */

export const PROCUREMENT_PORTAL_NAMES = ['SAP_BUSINESS_NETWORK', 'COUPA'] as const;
export const PARTY_DOMAINS = ['NetworkID'] as const;
export const EINVOICE_DOCUMENT_TYPES = [
  'AWS_CLOUD_INVOICE',
  'AWS_CLOUD_CREDIT_MEMO',
  'AWS_MARKETPLACE_INVOICE',
  'AWS_MARKETPLACE_CREDIT_MEMO',
  'AWS_REQUEST_FOR_PAYMENT',
] as const;
export const EINVOICE_ATTACHMENT_TYPES = ['INVOICE_PDF', 'RFP_PDF'] as const;
export const EINVOICE_PROTOCOLS = ['CXML'] as const;
export const PURCHASE_ORDER_DATA_SOURCE_TYPES = ['ASSOCIATED_PURCHASE_ORDER_REQUIRED', 'PURCHASE_ORDER_NOT_REQUIRED'] as const;
export const CONNECTION_TESTING_METHODS = ['PROD_ENV_DOLLAR_TEST', 'TEST_ENV_REPLAY_TEST'] as const;

/** Identifiers, endpoints, shared secrets and client tokens: 1 to 1,024 characters without white space. */
export const IDENTIFIER_MAX_LENGTH = 1024;
/** A contact's name: 0 to 1,024 characters (the API accepts an empty one). */
export const CONTACT_NAME_LENGTH = { min: 0, max: 1024 } as const;
/** Tag keys starting with this are reserved by AWS. */
export const RESERVED_TAG_PREFIX = 'aws:';
/** The only partition the Invoicing API serves: its ARNs all start with `arn:aws:`. */
export const SERVED_PARTITION = 'aws';
export const NO_WHITESPACE = /^\S+$/;
export const EMAIL_PATTERN = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
/** `arn:<partition>:invoicing::<account>:invoice-unit/<id>` */
export const INVOICE_UNIT_ARN_PATTERN = /^arn:aws:invoicing::\d{12}:invoice-unit\/[a-zA-Z0-9_-]+$/;
/** `arn:<partition>:invoicing::<account>:procurement-portal-preference/<id>` (no region: the API is global). */
export const PREFERENCE_ARN_PATTERN = /^arn:aws:invoicing::\d{12}:procurement-portal-preference\/[a-zA-Z0-9_-]+$/;

export const CONTACTS_COUNT = { min: 1, max: 1 } as const;
export const INVOICE_UNIT_ARNS_MAX = 500;
/** InvoiceUnitRule's lists (LinkedAccounts, BillSourceAccounts): at most 1,000 accounts each. */
export const INVOICE_UNIT_ACCOUNTS_MAX = 1000;
/** CreateInvoiceUnit's Name: 1 to 50 letters, digits, spaces, hyphens and underscores, no space at either end. */
export const INVOICE_UNIT_NAME_MAX_LENGTH = 50;
const INVOICE_UNIT_NAME = /^(?! )[\p{L}\p{N}\p{Z}_-]*(?<! )$/u;
/** At most this many organizational units enrolled into one unit (each a page walk per run). */
export const ENROLLED_ORGANIZATIONAL_UNITS_MAX = 20;
/** Organizations' ParentId: an OU (`ou-<root>-<id>`) or the root (`r-<id>`). */
const ORGANIZATIONAL_UNIT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
/** CreateInvoiceUnit's Description: at most 500 characters. */
export const INVOICE_UNIT_DESCRIPTION_MAX_LENGTH = 500;
export const SELLER_OF_RECORDS_MAX = 100;
export const DOCUMENT_TYPES_MAX = 10;
/** The API's limit of tags per preference. */
export const TAGS_MAX = 200;
/** Tag keys under this prefix are the handler's own records on the preference (owner, adoption, secret versions). */
export const HANDLER_TAG_PREFIX = 'cdk-procurement-portal:';
/** The tag key the handler keeps for itself (its value names the stack and logical id managing the preference). */
export const RESERVED_TAG_KEY = `${HANDLER_TAG_PREFIX}owner`;
/** Set by an adoption (same value as the owner tag): a rollback of the deploy that adopted keeps the preference. */
export const ADOPTED_TAG_KEY = `${HANDLER_TAG_PREFIX}adopted`;
/** One tag per secret-fed field: the secret reference and the version last applied (lambda/preference/secret-record.ts). */
export const SECRET_RECORD_TAG_PREFIX = `${HANDLER_TAG_PREFIX}secret:`;
/** The most tags the handler keeps on a preference: owner, adopted and three secret records. */
export const HANDLER_TAGS_MAX = 5;
/** The API's 200 less the handler's own. */
export const DECLARED_TAGS_MAX = TAGS_MAX - HANDLER_TAGS_MAX;
export const TAG_KEY_LENGTH = { min: 1, max: 128 } as const;
export const TAG_VALUE_LENGTH = { min: 0, max: 256 } as const;

/** A string's length as the service counts it (Smithy's `@length`): Unicode code points, not UTF-16 units. */
export function codePointLength(value: string): number {
  return Array.from(value).length;
}

function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return `'${shown}'`;
}

/** `prop must be one of A, B, got 'X'` */
export function checkOneOf(prop: string, value: string, allowed: readonly string[]): string | undefined {
  return allowed.includes(value) ? undefined : `${prop} must be one of ${allowed.join(', ')}, got ${quote(value)}`;
}

/**
 * 1 to 1,024 characters without white space. With `sensitive`, the value is never repeated in the message.
 */
export function checkIdentifier(prop: string, value: string, sensitive = false): string | undefined {
  const length = codePointLength(value);
  if (length >= 1 && length <= IDENTIFIER_MAX_LENGTH && NO_WHITESPACE.test(value)) {
    return undefined;
  }
  const got = sensitive ? `got a value of ${length} characters (not shown)` : `got ${quote(value)}`;
  return `${prop} must be 1 to ${IDENTIFIER_MAX_LENGTH} characters without white space, ${got}`;
}

/** An absolute https:// URL with a host, itself a valid identifier. */
export function checkHttpsUrl(prop: string, value: string): string | undefined {
  const identifierProblem = checkIdentifier(prop, value);
  if (identifierProblem) return identifierProblem;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${prop} must be an HTTPS URL such as 'https://portal.example.com/cxml', got ${quote(value)} (not a URL)`;
  }
  if (url.username !== '' || url.password !== '') {
    // The credentials would sit in the template and in every event: never repeated here.
    return `${prop} must not carry credentials (user:password@) in the URL, got one for host '${url.hostname}' (the URL is not shown): `
      + 'they would be written into the template; the portal authenticates with the shared secret';
  }
  if (url.protocol !== 'https:' || url.hostname === '') {
    return `${prop} must be an HTTPS URL such as 'https://portal.example.com/cxml', got ${quote(value)}`;
  }
  return undefined;
}

/** A contact's name: 0 to 1,024 characters; contacts are personal data, so the message never repeats it. */
export function checkContactName(prop: string, value: string): string | undefined {
  const length = codePointLength(value);
  return length >= CONTACT_NAME_LENGTH.min && length <= CONTACT_NAME_LENGTH.max
    ? undefined
    : `${prop} must be at most ${CONTACT_NAME_LENGTH.max} characters long, got ${length} characters (the value is not shown: contacts are personal data)`;
}

/** A list whose items must be distinct: `prop must not repeat a value, got 'X' twice`. */
export function checkDistinct(prop: string, values: readonly string[]): string | undefined {
  const repeated = values.find((value, index) => values.indexOf(value) !== index);
  return repeated === undefined ? undefined : `${prop} must not repeat a value, got ${quote(repeated)} more than once`;
}

/** The stack's partition, when known: the Invoicing API serves `aws` only. */
export function checkPartition(prop: string, partition: string): string | undefined {
  return partition === SERVED_PARTITION ? undefined
    : `${prop} must be '${SERVED_PARTITION}': the Invoicing procurement portal API is offered in the aws partition only `
      + `(its ARNs are arn:aws:...), got '${partition}'`;
}

/** Contacts are personal data: the message never repeats the address. */
export function checkEmail(prop: string, value: string): string | undefined {
  return EMAIL_PATTERN.test(value) && codePointLength(value) <= IDENTIFIER_MAX_LENGTH
    ? undefined
    : `${prop} must be an email address like 'name@example.com' (the value is not shown: contacts are personal data)`;
}

/** `prop must have between min and max items, got n` */
export function checkCount(prop: string, count: number, min: number, max: number): string | undefined {
  if (count >= min && count <= max) return undefined;
  const allowed = min === max ? `exactly ${min}` : min === 0 ? `at most ${max}` : `between ${min} and ${max}`;
  return `${prop} must have ${allowed} item${max === 1 ? '' : 's'}, got ${count}`;
}

export function checkLength(prop: string, value: string, min: number, max: number): string | undefined {
  const length = codePointLength(value);
  return length >= min && length <= max
    ? undefined
    : `${prop} must be ${min} to ${max} characters long, got ${length} characters (${quote(value)})`;
}

export function checkPattern(prop: string, value: string, pattern: RegExp, description: string): string | undefined {
  return pattern.test(value) ? undefined : `${prop} must be ${description}, got ${quote(value)}`;
}

export function checkInvoiceUnitArn(prop: string, value: string): string | undefined {
  return checkPattern(prop, value, INVOICE_UNIT_ARN_PATTERN,
    "an invoice unit ARN of the form 'arn:aws:invoicing::123456789012:invoice-unit/abcd1234'");
}

export function checkPreferenceArn(prop: string, value: string): string | undefined {
  return checkPattern(prop, value, PREFERENCE_ARN_PATTERN,
    "a procurement portal preference ARN of the form 'arn:aws:invoicing::123456789012:procurement-portal-preference/<id>'");
}

/**
 * Tag keys 1 to 128 characters and not starting with `aws:`, values 0 to 256, at most 195 tags, none under the handler's
 * own prefix.
 */
export function checkTags(prop: string, tags: ReadonlyArray<{ key: string; value: string }>): string[] {
  const problems: Array<string | undefined> = [checkCount(prop, tags.length, 0, DECLARED_TAGS_MAX)];
  for (const tag of tags) {
    if (tag.key.startsWith(HANDLER_TAG_PREFIX)) {
      problems.push(`${prop} must not use keys starting with '${HANDLER_TAG_PREFIX}', got ${quote(tag.key)}: the handler keeps them `
        + 'to record which stack manages the preference and which secret versions it was given');
    }
    problems.push(checkLength(`${prop} key`, tag.key, TAG_KEY_LENGTH.min, TAG_KEY_LENGTH.max));
    if (tag.key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
      problems.push(`${prop} key must not start with '${RESERVED_TAG_PREFIX}' (reserved by AWS), got ${quote(tag.key)}`);
    }
    problems.push(checkLength(`${prop} value of '${tag.key.slice(0, 40)}'`, tag.value, TAG_VALUE_LENGTH.min, TAG_VALUE_LENGTH.max));
  }
  return problems.filter((p): p is string => p !== undefined);
}

/**
 * The status reason of UpdateProcurementPortalPreferenceStatus (`BasicString`: at most 1,024 characters in the service
 * model). A suspension must say why, so an empty reason is refused although the model would take one.
 */
export const STATUS_REASON_LENGTH = { min: 1, max: IDENTIFIER_MAX_LENGTH } as const;

export function checkStatusReason(prop: string, value: string): string | undefined {
  return checkLength(prop, value, STATUS_REASON_LENGTH.min, STATUS_REASON_LENGTH.max);
}

/** Minutes between two status polls: whole minutes (a `rate()` schedule) from 1 minute to 1 day. */
export const STATUS_POLL_MINUTES = { min: 1, max: 1440 } as const;

/** The service's `CountryCodeString`: two capital letters (ISO 3166-1 alpha-2). */
export function checkCountryCode(prop: string, value: string): string | undefined {
  return /^[A-Z]{2}$/.test(value) ? undefined : `${prop} must be a two-letter country code in capitals such as 'US' or 'LU', got ${quote(value)}`;
}

/** The service's `AccountIdString`: twelve digits. */
export function checkAccountId(prop: string, value: string): string | undefined {
  return /^\d{12}$/.test(value) ? undefined : `${prop} must be an AWS account id of 12 digits, got ${quote(value)}`;
}

export function checkInvoiceUnitName(prop: string, value: string): string | undefined {
  const length = codePointLength(value);
  return length >= 1 && length <= INVOICE_UNIT_NAME_MAX_LENGTH && INVOICE_UNIT_NAME.test(value) ? undefined
    : `${prop} must be 1 to ${INVOICE_UNIT_NAME_MAX_LENGTH} letters, digits, spaces, hyphens or underscores, not starting or ending with a space, got ${quote(value)}`;
}

export function checkInvoiceUnitDescription(prop: string, value: string): string | undefined {
  const length = codePointLength(value);
  return length <= INVOICE_UNIT_DESCRIPTION_MAX_LENGTH ? undefined
    : `${prop} must be at most ${INVOICE_UNIT_DESCRIPTION_MAX_LENGTH} characters, got ${length}`;
}

export function checkOrganizationalUnitId(prop: string, value: string): string | undefined {
  return ORGANIZATIONAL_UNIT_ID.test(value) ? undefined
    : `${prop} must be an organizational unit id such as 'ou-ab12-cdef3456' or a root id such as 'r-ab12', got ${quote(value)}`;
}
