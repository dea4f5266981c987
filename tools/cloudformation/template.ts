/**
 * Reads a synthesized cloud assembly (cdk.out) the way CloudFormation would see one stack: the custom resources of a
 * type with their properties resolved (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split and the pseudo
 * parameters), and the handler Lambda's asset file, timeout and environment.
 *
 * Resources that would exist in a real account get made-up physical values: a Secrets Manager secret's `Ref` becomes a
 * full secret ARN (with the six-character suffix), reported in `secrets` so the caller can seed an emulator with it.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deferredAttribute, deferredRef } from './deferred';
import { StackValues, pseudoParameters, resolveValue } from './intrinsics';

type Json = Record<string, unknown>;

export interface AssemblyContext {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  /** What `AWS::StackId` resolves to; made up from the stack's name, region and account when absent. */
  readonly stackId?: string;
  /** Parameter Store's plaintext parameters, by name, for `{{resolve:ssm:...}}` references. */
  readonly ssmParameters?: Readonly<Record<string, string>>;
}

export interface SecretInTemplate {
  /** The template's logical id, when the stack creates the secret (`new Secret`). */
  readonly logicalId?: string;
  /** The ARN the template resolves to: full for a created secret, partial (no suffix) for `fromSecretNameV2`. */
  readonly arn: string;
  /** The name a seeded secret must have so that the ARN finds it. */
  readonly name: string;
}

export interface HandlerFunction {
  readonly logicalId: string;
  /** Absolute path of the handler module inside the asset folder. */
  readonly file: string;
  /** The exported function name (`index.handler` -> `handler`). */
  readonly exportName: string;
  readonly timeoutSeconds: number;
  readonly runtime: string;
  readonly environment: Record<string, string>;
}

export interface CustomResourceInTemplate {
  readonly logicalId: string;
  /** Its resource type (`Custom::...`). */
  readonly type: string;
  /** Resolved, before CloudFormation's stringification, without ServiceToken. */
  readonly properties: Json;
  readonly handler: HandlerFunction;
}

export interface StackInAssembly {
  readonly stackName: string;
  /** The stack's `AWS::StackId` as resolved here: give it to the simulator, so its events come from this stack. */
  readonly stackId: string;
  readonly templateFile: string;
  readonly template: Json;
  readonly customResources: CustomResourceInTemplate[];
  /** Every secret ARN the custom resources reference, in order of first use. */
  readonly secrets: SecretInTemplate[];
  /** What each resource's `Ref` resolved to here (a secret's made-up ARN...), by logical id. */
  readonly physicalIds: Record<string, string>;
  /** Resolves a value of the template as the rest of the stack was resolved. */
  readonly resolve: (value: unknown) => unknown;
  /** The stack names its region (`env`); otherwise the region above is made up, and a deploy takes the caller's. */
  readonly regionBound: boolean;
}

const DEFAULT_CONTEXT: AssemblyContext = { region: 'us-east-1', accountId: '123456789012', partition: 'aws' };

/**
 * Reads one stack of a cloud assembly and resolves its custom resources of `resourceTypes`; a reference from one of
 * them to another is left for the deploy (deferred.ts).
 */
export function readStack(assemblyDir: string, stackName: string, resourceTypes: string | readonly string[],
  context: Partial<AssemblyContext> = {}): StackInAssembly {
  const types: readonly string[] = typeof resourceTypes === 'string' ? [resourceTypes] : resourceTypes;
  const manifestFile = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${assemblyDir} is not a cloud assembly (no manifest.json): run cdk synth first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { artifacts?: Record<string, { type: string; environment?: string; properties?: Json; displayName?: string }> };
  const artifact = manifest.artifacts?.[stackName];
  if (!artifact || artifact.type !== 'aws:cloudformation:stack') {
    const stacks = Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([id]) => id);
    throw new Error(`no stack '${stackName}' in ${assemblyDir}; the assembly has: ${stacks.join(', ') || 'none'}`);
  }
  // A stack bound to a region keeps it; an environment-agnostic one gets the simulated region.
  const envRegion = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(artifact.environment ?? '')?.[1];
  const base: AssemblyContext = {
    ...DEFAULT_CONTEXT,
    ...context,
    ...(envRegion && envRegion !== 'unknown-region' ? { region: envRegion } : {}),
  };
  const ctx: AssemblyContext = {
    ...base,
    stackId: base.stackId ?? `arn:${base.partition}:cloudformation:${base.region}:${base.accountId}:stack/${stackName}/${randomUUID()}`,
  };
  const templateFile = path.join(assemblyDir, String(artifact.properties?.templateFile));
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8')) as Json;
  const resolver = new Resolver(template, ctx, stackName, types);

  const resources = (template.Resources ?? {}) as TemplateResources;
  const customResources: CustomResourceInTemplate[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!types.includes(resource.Type)) continue;
    const { ServiceToken: serviceToken, ...properties } = resource.Properties ?? {};
    const functionId = functionOf(serviceToken);
    if (!functionId) throw new Error(`${logicalId}: ServiceToken is not a Fn::GetAtt of a function in this stack`);
    customResources.push({
      logicalId,
      type: resource.Type,
      properties: resolver.resolve(properties, `${logicalId}.Properties`) as Json,
      handler: readHandler(assemblyDir, functionId, resources, resolver),
    });
  }
  const secrets = secretReferences(customResources.map((r) => r.properties), resolver);
  const physicalIds = Object.fromEntries(Object.keys(resources).filter((id) => !types.includes(resources[id].Type))
    .map((id) => [id, String(resolver.resolve({ Ref: id }, id))]));
  return {
    stackName,
    stackId: ctx.stackId!,
    templateFile,
    template,
    customResources,
    secrets,
    physicalIds,
    resolve: (value) => resolver.resolve(value, 'template'),
    regionBound: envRegion !== undefined && envRegion !== 'unknown-region',
  };
}

function functionOf(serviceToken: unknown): string | undefined {
  const getAtt = (serviceToken as Json | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'Arn' ? String(getAtt[0]) : undefined;
}

type TemplateResources = Record<string, { Type: string; Properties?: Json; Metadata?: Json }>;

function readHandler(assemblyDir: string, logicalId: string, resources: TemplateResources, resolver: Resolver): HandlerFunction {
  const fn = resources[logicalId];
  if (!fn || fn.Type !== 'AWS::Lambda::Function') throw new Error(`${logicalId} is not an AWS::Lambda::Function`);
  // The asset folder: from the asset metadata the CDK CLI enables, else from the S3 key (`<hash>.zip` -> asset.<hash>).
  const s3Key = (fn.Properties?.Code as Json | undefined)?.S3Key;
  const assetPath = fn.Metadata?.['aws:asset:path']
    ?? (typeof s3Key === 'string' && s3Key.endsWith('.zip') ? `asset.${s3Key.slice(0, -4)}` : undefined);
  if (typeof assetPath !== 'string') throw new Error(`${logicalId} has neither aws:asset:path metadata nor an asset S3Key`);
  const handler = String(fn.Properties?.Handler ?? 'index.handler');
  const dot = handler.lastIndexOf('.');
  const file = path.resolve(assemblyDir, assetPath, `${handler.slice(0, dot)}.js`);
  if (!fs.existsSync(file)) throw new Error(`the handler asset ${file} does not exist`);
  const variables = ((fn.Properties?.Environment as Json | undefined)?.Variables ?? {}) as Json;
  const environment = Object.fromEntries(Object.entries(resolver.resolve(variables, `${logicalId}.Environment`) as Json)
    .map(([k, v]) => [k, String(v)]));
  return {
    logicalId,
    file,
    exportName: handler.slice(dot + 1),
    timeoutSeconds: Number(fn.Properties?.Timeout ?? 3),
    runtime: String(fn.Properties?.Runtime),
    environment,
  };
}

/** Every `SecretArn` member in the properties, with the secret name an emulator must serve it under. */
function secretReferences(properties: Json[], resolver: Resolver): SecretInTemplate[] {
  const found = new Map<string, SecretInTemplate>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, member] of Object.entries(value as Json)) {
      if (key === 'SecretArn' && typeof member === 'string' && !found.has(member)) {
        const made = resolver.madeUpSecrets.get(member);
        const name = made?.name ?? member.split(':secret:')[1] ?? member;
        found.set(member, { logicalId: made?.logicalId, arn: member, name });
      } else {
        visit(member);
      }
    }
  };
  properties.forEach(visit);
  return [...found.values()];
}

/**
 * Resolves a template's values with the handler's own resolver (tools/cloudformation/intrinsics.ts), given made-up physical values:
 * a secret's full ARN, `<stack>-<id>-SIMULATED` for other resources, and `Fn::GetAtt` answers (which only a deploy
 * knows, so the handler itself refuses them).
 */
export class Resolver {
  /** Full ARNs made up for the stack's own secrets, by ARN. */
  readonly madeUpSecrets = new Map<string, { logicalId: string; name: string }>();
  private readonly values: StackValues;

  constructor(template: Json, private readonly ctx: AssemblyContext, stackName: string, deployed: readonly string[] = []) {
    const resources = (template.Resources ?? {}) as Record<string, { Type: string; Properties?: Json }>;
    const parameters = (template.Parameters ?? {}) as Record<string, { Default?: unknown }>;
    const physicalIds = Object.fromEntries(Object.entries(resources).map(([id, r]) => [id,
      deployed.includes(r.Type) ? deferredRef(id)
        : r.Type === 'AWS::SecretsManager::Secret' ? this.secretArn(id, r.Properties?.Name) : `${stackName}-${id}-SIMULATED`]));
    this.values = {
      parameters: Object.fromEntries(Object.entries(parameters).filter(([, p]) => p.Default !== undefined).map(([k, p]) => [k, String(p.Default)])),
      physicalIds,
      pseudo: { ...pseudoParameters(ctx.stackId ?? ''), 'AWS::Partition': ctx.partition, 'AWS::Region': ctx.region, 'AWS::AccountId': ctx.accountId, 'AWS::StackName': stackName },
      mappings: template.Mappings as Json | undefined,
      conditions: template.Conditions as Json | undefined,
      attribute: (id, attribute) => {
        const resource = resources[id];
        if (!resource) throw new Error(`Fn::GetAtt of '${id}', which is not a resource`);
        if (deployed.includes(resource.Type)) return deferredAttribute(id, attribute);
        if (resource.Type === 'AWS::SecretsManager::Secret' && attribute === 'Id') return physicalIds[id];
        if (attribute !== 'Arn') return `${id}.${attribute}`;
        return `arn:${ctx.partition}:${resource.Type.split('::')[1].toLowerCase()}:${ctx.region}:${ctx.accountId}:${id}`;
      },
    };
  }

  resolve(value: unknown, where: string): unknown {
    try {
      return this.dynamicReferences(resolveValue(value, this.values), where);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }

  /**
   * Dynamic references as CloudFormation treats them in a custom resource's properties
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html): `ssm` is resolved before
   * the event is sent (from `ssmParameters`, made-up values of Parameter Store); `ssm-secure` and `secretsmanager` are
   * not supported in custom resources, so their text reaches the handler as written.
   */
  private dynamicReferences(value: unknown, where: string): unknown {
    if (Array.isArray(value)) return value.map((v) => this.dynamicReferences(v, where));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, this.dynamicReferences(v, where)]));
    }
    if (typeof value !== 'string') return value;
    return value.replace(/\{\{resolve:ssm:([^:}]+)(?::(\d+))?\}\}/g, (_match, name: string) => {
      const parameter = this.ctx.ssmParameters?.[name];
      if (parameter === undefined) throw new Error(`{{resolve:ssm:${name}}}: no such Parameter Store parameter (give it in ssmParameters)`);
      return parameter;
    });
  }

  /** What CloudFormation names a secret without a Name: the logical id, a hyphen, a random suffix. */
  private secretArn(logicalId: string, explicitName: unknown): string {
    const name = typeof explicitName === 'string' ? explicitName : `${logicalId}-${suffix(logicalId, 12)}`;
    const arn = `arn:${this.ctx.partition}:secretsmanager:${this.ctx.region}:${this.ctx.accountId}:secret:${name}-${suffix(name, 6)}`;
    this.madeUpSecrets.set(arn, { logicalId, name });
    return arn;
  }
}

/** A stable made-up suffix, so that two reads of the same assembly give the same ARNs. */
function suffix(seed: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...createHash('sha256').update(seed).digest()].slice(0, length).map((b) => alphabet[b % alphabet.length]).join('');
}
