/**
 * The services' own models (`models/invoicing.json`: botocore's, with the newer SDK members patched in;
 * `models/secrets-manager.json`: botocore's, the operations used here; see models/README.md), read into the emulators'
 * request shapes: members, required members, lengths, patterns, enums and sensitive members, as the services validate
 * them. Nothing comes from the library's own constraints: an emulator that checked with them could only agree with them.
 */
import type { Shape, StructureShape } from './shapes';

interface ModelShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly required?: readonly string[];
  readonly member?: { readonly shape: string };
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
  readonly sensitive?: boolean;
}

interface ServiceModel {
  readonly source: string;
  readonly errorStatus: Readonly<Record<string, number>>;
  readonly operations: Readonly<Record<string, { readonly input: string; readonly output: string; readonly errors: readonly string[] }>>;
  readonly shapes: Readonly<Record<string, ModelShape>>;
}

// Requires, not reads beside this file: bundles (the command-line tool's `simulate`) carry the models inside.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const MODEL = require('./models/invoicing.json') as ServiceModel;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const SECRETS_MANAGER_MODEL = require('./models/secrets-manager.json') as ServiceModel;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ORGANIZATIONS_MODEL = require('./models/organizations.json') as ServiceModel;

/**
 * A botocore pattern (a Java regular expression, matched against the whole value) as a JavaScript one. Java accepts a
 * `-` right after a class escape inside brackets (`[\w-]`, `[\p{Z}-_]`: a literal hyphen) where a `u` expression needs it escaped.
 */
export function modelPattern(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return new RegExp(`^(?:${pattern.replace(/(\\[a-zA-Z](?:\{[A-Za-z_]+\})?)-/g, '$1\\-')})$`, 'u');
  }
}

const SIMPLE: Readonly<Record<string, Shape['kind']>> = { boolean: 'boolean', timestamp: 'timestamp', integer: 'integer', long: 'integer' };

/** The named shape as the validator takes it; a sensitive shape makes everything below it sensitive. */
export function shapeNamed(name: string, sensitiveAbove = false, model: ServiceModel = MODEL): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`service-model: no shape ${name}`);
  const sensitive = sensitiveAbove || shape.sensitive === true;
  switch (shape.type) {
    // A blob travels as base64 text in the JSON protocols.
    case 'blob':
    case 'string':
      return {
        kind: 'string',
        min: shape.min,
        max: shape.max,
        sensitive,
        ...(shape.pattern !== undefined ? { pattern: modelPattern(shape.pattern) } : {}),
        ...(shape.enum !== undefined ? { enum: shape.enum } : {}),
      };
    case 'list':
      return { kind: 'list', member: shapeNamed(shape.member!.shape, sensitive, model), min: shape.min, max: shape.max };
    case 'structure':
      return {
        kind: 'structure',
        members: Object.fromEntries(Object.entries(shape.members ?? {}).map(([member, ref]) => [member, shapeNamed(ref.shape, sensitive, model)])),
        required: shape.required ?? [],
        sensitive,
      };
    default: {
      const kind = SIMPLE[shape.type];
      if (kind === 'integer') return { kind, min: shape.min, max: shape.max };
      if (kind === 'boolean' || kind === 'timestamp') return { kind };
      throw new Error(`service-model: unknown shape type ${shape.type} of ${name}`);
    }
  }
}

/** An operation's request shape. */
export function requestShape(operation: string, model: ServiceModel = MODEL): StructureShape {
  const op = model.operations[operation];
  if (!op) throw new Error(`service-model: no operation ${operation}`);
  return shapeNamed(op.input, false, model) as StructureShape;
}

/** An enum's values, by shape name. */
export function enumOf(name: string): readonly string[] {
  return MODEL.shapes[name]?.enum ?? [];
}
