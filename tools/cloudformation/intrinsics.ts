/**
 * Resolves a synthesized template's values the way CloudFormation does before it sends a custom resource its event,
 * for the local simulation (template.ts): Ref (parameters, pseudo parameters, resources), Fn::Join, Fn::Sub,
 * Fn::Select, Fn::Split, Fn::FindInMap and Fn::If with its conditions
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html), and
 * Fn::GetAtt where the caller gives the answers. Anything else is refused by name. The handler resolves nothing.
 */

/** What a deployed stack gives the resolver: its parameters' values, its resources' physical ids, its pseudo parameters. */
export interface StackValues {
  readonly parameters: Readonly<Record<string, string>>;
  readonly physicalIds: Readonly<Record<string, string>>;
  readonly pseudo: Readonly<Record<string, string>>;
  readonly mappings?: Readonly<Record<string, unknown>>;
  readonly conditions?: Readonly<Record<string, unknown>>;
  /** `Fn::GetAtt`'s answers, where they are known (a local simulation makes them up); refused without. */
  readonly attribute?: (logicalId: string, attribute: string) => unknown;
}

export class UnresolvableError extends Error {}

/** The pseudo parameters of the stack whose id is `stackId` (`arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>`). */
export function pseudoParameters(stackId: string): Record<string, string> {
  const [, partition = '', , region = '', account = '', resource = ''] = stackId.split(':');
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    'AWS::Partition': partition,
    'AWS::Region': region,
    'AWS::AccountId': account,
    'AWS::StackId': stackId,
    'AWS::StackName': resource.split('/')[1] ?? '',
    'AWS::URLSuffix': suffix,
  };
}

/** `undefined` for AWS::NoValue (the key is dropped), else the value with every intrinsic function replaced. */
export function resolveValue(value: unknown, stack: StackValues): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, stack)).filter((v) => v !== undefined);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return resolveFunction(keys[0], record[keys[0]], stack);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = resolveValue(record[key], stack);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}

function resolveFunction(name: string, arg: unknown, stack: StackValues): unknown {
  switch (name) {
    case 'Ref': return ref(String(arg), stack);
    case 'Fn::Join': {
      const [separator, list] = arg as [string, unknown];
      return asList(resolveValue(list, stack), name).map((v) => text(v, name)).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [unknown, unknown];
      return asList(resolveValue(list, stack), name)[Number(resolveValue(index, stack))];
    }
    case 'Fn::Split': {
      const [separator, source] = arg as [string, unknown];
      return text(resolveValue(source, stack), name).split(separator);
    }
    case 'Fn::Sub': return sub(arg, stack);
    case 'Fn::FindInMap': {
      const [map, top, second] = asList(resolveValue(arg, stack), name).map((v) => text(v, name));
      const found = ((stack.mappings?.[map] as Record<string, Record<string, unknown>> | undefined)?.[top])?.[second];
      if (found === undefined) throw new UnresolvableError(`Fn::FindInMap names no value ${map}.${top}.${second}`);
      return found;
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
      return resolveValue(isTrue(condition, stack) ? whenTrue : whenFalse, stack);
    }
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
      if (stack.attribute) return stack.attribute(id, attribute);
      throw new UnresolvableError('Fn::GetAtt is not resolved outside a deploy');
    }
    default: throw new UnresolvableError(`${name} is not resolved outside a deploy`);
  }
}

function ref(name: string, stack: StackValues): unknown {
  if (name === 'AWS::NoValue') return undefined;
  const value = stack.pseudo[name] ?? stack.parameters[name] ?? stack.physicalIds[name];
  if (value === undefined) throw new UnresolvableError(`Ref ${name} names no parameter or deployed resource`);
  return value;
}

/** `Fn::Sub` with `${Name}` references (parameters, pseudo parameters, resources, its own variables); `${!Literal}` kept. */
function sub(arg: unknown, stack: StackValues): string {
  const [template, variables] = typeof arg === 'string' ? [arg, {}] : arg as [string, Record<string, unknown>];
  return template.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (Object.prototype.hasOwnProperty.call(variables, name)) return text(resolveValue(variables[name], stack), 'Fn::Sub');
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      if (stack.attribute) return text(stack.attribute(name.slice(0, dot), name.slice(dot + 1)), 'Fn::Sub');
      throw new UnresolvableError(`Fn::Sub reference ${whole} is an attribute (Fn::GetAtt)`);
    }
    return text(ref(name, stack), 'Fn::Sub');
  });
}

function isTrue(condition: unknown, stack: StackValues): boolean {
  const definition = typeof condition === 'string' ? stack.conditions?.[condition] : condition;
  if (definition === undefined) throw new UnresolvableError(`condition ${String(condition)} is not declared`);
  const [name, arg] = Object.entries(definition as Record<string, unknown>)[0] ?? [];
  const args = arg as unknown[];
  switch (name) {
    case 'Fn::Equals': return JSON.stringify(resolveValue(args[0], stack)) === JSON.stringify(resolveValue(args[1], stack));
    case 'Fn::Not': return !isTrue(args[0], stack);
    case 'Fn::And': return args.every((c) => isTrue(c, stack));
    case 'Fn::Or': return args.some((c) => isTrue(c, stack));
    case 'Condition': return isTrue(arg, stack);
    default: throw new UnresolvableError(`condition function ${String(name)} is not resolved outside a deploy`);
  }
}

function asList(value: unknown, fn: string): unknown[] {
  if (!Array.isArray(value)) throw new UnresolvableError(`${fn} expects a list`);
  return value;
}

function text(value: unknown, fn: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new UnresolvableError(`${fn} expects strings`);
}
