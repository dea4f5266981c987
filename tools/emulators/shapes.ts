/**
 * A small structural validator for AWS JSON request bodies, in the service's own terms: it reports every problem as a
 * `{ name, message }` field entry, like a ValidationException's `fieldList`. Strict on purpose: unknown members and
 * wrong JSON types (the string "false" for a boolean) are refused, as CloudFormation's stringified properties would be
 * if a handler forwarded them unparsed.
 */

export type Shape =
  | StringShape
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'list'; readonly member: Shape; readonly min?: number; readonly max?: number }
  | StructureShape;

export interface StringShape {
  readonly kind: 'string';
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly enum?: readonly string[];
  /** Never repeat the value in a message (shared secrets, contacts). */
  readonly sensitive?: boolean;
  /** An extra check returning one sentence. */
  readonly check?: (name: string, value: string) => string | undefined;
}

export interface StructureShape {
  readonly kind: 'structure';
  readonly members: Readonly<Record<string, Shape>>;
  readonly required?: readonly string[];
  readonly sensitive?: boolean;
}

export interface FieldProblem {
  readonly name: string;
  readonly message: string;
  /** `cannotParse` for a wrong type or unknown member, `fieldValidationFailed` for a constraint. */
  readonly reason: 'cannotParse' | 'fieldValidationFailed';
}

export function str(options: Omit<StringShape, 'kind'> = {}): StringShape {
  return { kind: 'string', ...options };
}

export function structure(members: Record<string, Shape>, required: readonly string[] = [], sensitive = false): StructureShape {
  return { kind: 'structure', members, required, sensitive };
}

function shown(value: unknown, sensitive: boolean): string {
  if (sensitive) return '(sensitive value not shown)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Validates `value` against `shape`; `name` is the member path (`EinvoiceDeliveryPreference.Protocol`). */
export function validate(value: unknown, shape: Shape, name: string, sensitive = false): FieldProblem[] {
  const typeProblem = (expected: string): FieldProblem[] => [{
    name,
    reason: 'cannotParse',
    message: `Value ${shown(value, sensitive)} at '${name}' must be a JSON ${expected}, got a ${typeName(value)}`,
  }];
  const constraint = (message: string): FieldProblem[] => [{ name, reason: 'fieldValidationFailed', message }];

  switch (shape.kind) {
    case 'string': {
      if (typeof value !== 'string') return typeProblem('string');
      const secret = sensitive || shape.sensitive === true;
      if (shape.enum && !shape.enum.includes(value)) {
        return constraint(`Value ${shown(value, secret)} at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
      // Smithy's @length counts a string's Unicode code points, not its UTF-16 units.
      const length = Array.from(value).length;
      if (shape.min !== undefined && length < shape.min) {
        return constraint(`Value at '${name}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && length > shape.max) {
        return constraint(`Value at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      if (shape.pattern && !shape.pattern.test(value)) {
        return constraint(`Value ${shown(value, secret)} at '${name}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern.source}`);
      }
      const extra = shape.check?.(name, value);
      return extra ? constraint(extra) : [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : typeProblem('boolean');
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return typeProblem('integer');
      if (shape.min !== undefined && value < shape.min) {
        return constraint(`Value ${value} at '${name}' failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value > shape.max) {
        return constraint(`Value ${value} at '${name}' failed to satisfy constraint: Member must have value less than or equal to ${shape.max}`);
      }
      return [];
    }
    case 'timestamp':
      // awsJson timestamps are epoch seconds, as a JSON number.
      return typeof value === 'number' && Number.isFinite(value) ? [] : typeProblem('number (epoch seconds)');
    case 'list': {
      if (!Array.isArray(value)) return typeProblem('array');
      if (shape.min !== undefined && value.length < shape.min) {
        return constraint(`Value at '${name}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value.length > shape.max) {
        return constraint(`Value at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`);
      }
      return value.flatMap((item, index) => validate(item, shape.member, `${name}.${index + 1}`, sensitive));
    }
    case 'structure':
      return validateStructure(value, shape, name, sensitive);
  }
}

export function validateStructure(value: unknown, shape: StructureShape, name: string, sensitive = false): FieldProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ name, reason: 'cannotParse', message: `Value at '${name}' must be a JSON object, got a ${typeName(value)}` }];
  }
  const record = value as Record<string, unknown>;
  const secret = sensitive || shape.sensitive === true;
  const problems: FieldProblem[] = [];
  const prefix = name === '' ? '' : `${name}.`;
  for (const key of Object.keys(record)) {
    if (!(key in shape.members)) {
      problems.push({ name: `${prefix}${key}`, reason: 'cannotParse', message: `Unknown member '${prefix}${key}'` });
    }
  }
  for (const key of shape.required ?? []) {
    if (record[key] === undefined || record[key] === null) {
      problems.push({
        name: `${prefix}${key}`,
        reason: 'fieldValidationFailed',
        message: `Value null at '${prefix}${key}' failed to satisfy constraint: Member must not be null`,
      });
    }
  }
  for (const [key, member] of Object.entries(shape.members)) {
    const memberValue = record[key];
    if (memberValue === undefined || memberValue === null) continue;
    problems.push(...validate(memberValue, member, `${prefix}${key}`, secret));
  }
  return problems;
}
