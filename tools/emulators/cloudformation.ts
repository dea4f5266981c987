/**
 * An in-process emulator of the CloudFormation API calls the command-line tool and the handler's secret re-apply make,
 * in CloudFormation's own awsQuery protocol (form-encoded POST, XML answers): ListStackResources (paged), GetTemplate
 * and DescribeStacks. Stacks are seeded from a
 * synthesized template and the physical ids a deployment gave its resources (`seedFromAssembly` reads cdk.out).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { LoopbackServer } from './http';
import { QueryError, answerQuery, escapeXml, queryParameters } from './query';

export interface StackResourceSeed {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
  /** @default 'CREATE_COMPLETE' */
  readonly status?: string;
}

export interface StackSeed {
  readonly stackName: string;
  /** The template as deployed (GetTemplate returns it as JSON text). */
  readonly template: Record<string, unknown>;
  /** The deployed resources; by default, every resource of the template, with its logical id as physical id. */
  readonly resources?: StackResourceSeed[];
  /** The id the stack's `AWS::StackId` resolved to; made up from the name otherwise. */
  readonly stackId?: string;
  /** @default 'CREATE_COMPLETE' */
  readonly status?: string;
  readonly parameters?: Record<string, string>;
}

interface StoredStack {
  readonly stackName: string;
  readonly stackId: string;
  readonly templateBody: string;
  readonly resources: StackResourceSeed[];
  status: string;
  readonly parameters: Record<string, string>;
  readonly created: string;
  lastUpdated: string;
}

/**
 * The event CloudFormation publishes to EventBridge when a stack's status changes
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/event-detail-stack-status-change.html).
 */
export interface StackStatusChangeEvent {
  readonly 'version': '0';
  readonly 'id': string;
  readonly 'detail-type': 'CloudFormation Stack Status Change';
  readonly 'source': 'aws.cloudformation';
  readonly 'account': string;
  readonly 'time': string;
  readonly 'region': string;
  readonly 'resources': string[];
  readonly 'detail': { readonly 'stack-id': string; readonly 'status-details': { readonly 'status': string; readonly 'status-reason': string } };
}

export type CloudFormationOperation = 'ListStackResources' | 'GetTemplate' | 'DescribeStacks' | 'DescribeStackResource';
const OPERATIONS: readonly string[] = ['ListStackResources', 'GetTemplate', 'DescribeStacks', 'DescribeStackResource'];

/** Resources per ListStackResources page (CloudFormation's own page size is 100). */
const PAGE_SIZE = 100;
const XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';


export class CloudFormationEmulator extends LoopbackServer {
  readonly accountId: string;
  readonly region: string;
  /** Requests received per action. */
  readonly calls = new Map<string, number>();
  /** Every action received, in order. */
  readonly log: string[] = [];
  /** Every stack status change, as CloudFormation publishes it to the default event bus, in order. */
  readonly statusEvents: StackStatusChangeEvent[] = [];
  private readonly stacks = new Map<string, StoredStack>();
  /** Resource statuses set while an operation runs (`setResourceStatus`), by stack name and logical id. */
  private readonly resourceStatuses = new Map<string, Map<string, string>>();
  private throttles: Array<{ operation?: CloudFormationOperation; remaining: number }> = [];

  constructor(options: { accountId?: string; region?: string } = {}) {
    super();
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
  }

  /** Adds (or replaces) a deployed stack. */
  putStack(seed: StackSeed): void {
    const templateResources = (seed.template.Resources ?? {}) as Record<string, { Type?: string }>;
    const resources = seed.resources ?? Object.entries(templateResources)
      .map(([logicalId, r]) => ({ logicalId, type: String(r.Type), physicalId: logicalId }));
    const now = new Date().toISOString();
    const before = this.stacks.get(seed.stackName);
    const stackId = seed.stackId ?? before?.stackId ?? `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${seed.stackName}/${globalThis.crypto.randomUUID()}`;
    if (before?.status !== (seed.status ?? 'CREATE_COMPLETE')) this.publish(stackId, seed.status ?? 'CREATE_COMPLETE');
    this.stacks.set(seed.stackName, {
      stackName: seed.stackName,
      stackId,
      templateBody: JSON.stringify(seed.template, undefined, 1),
      resources,
      status: seed.status ?? 'CREATE_COMPLETE',
      parameters: seed.parameters ?? {},
      created: this.stacks.get(seed.stackName)?.created ?? now,
      lastUpdated: now,
    });
  }

  /** A stack operation starts or ends (DescribeStacks reports it). */
  setStatus(stackName: string, status: string): void {
    const stack = this.stacks.get(stackName);
    if (!stack) throw new Error(`setStatus: no stack ${stackName}`);
    if (stack.status !== status) this.publish(stack.stackId, status);
    stack.status = status;
    stack.lastUpdated = new Date().toISOString();
  }

  /**
   * A resource's status while CloudFormation works on it: `*_IN_PROGRESS` from the moment it sends the resource's event
   * until the answer arrives, then `*_COMPLETE` or `*_FAILED`
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html, "Resource status codes").
   */
  setResourceStatus(stackName: string, logicalId: string, status: string): void {
    let statuses = this.resourceStatuses.get(stackName);
    if (!statuses) this.resourceStatuses.set(stackName, statuses = new Map());
    statuses.set(logicalId, status);
  }

  /** The latest status change event of a stack. */
  lastStatusEvent(stackId: string): StackStatusChangeEvent | undefined {
    return [...this.statusEvents].reverse().find((e) => e.detail['stack-id'] === stackId);
  }

  private publish(stackId: string, status: string): void {
    this.statusEvents.push({
      'version': '0',
      'id': globalThis.crypto.randomUUID(),
      'detail-type': 'CloudFormation Stack Status Change',
      'source': 'aws.cloudformation',
      'account': this.accountId,
      'time': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'region': stackId.split(':')[3] ?? this.region,
      'resources': [stackId],
      'detail': { 'stack-id': stackId, 'status-details': { status, 'status-reason': '' } },
    });
  }

  /**
   * Seeds a stack from a synthesized assembly: its template, and every resource deployed with its logical id as physical
   * id except those in `physicalIds` (for example the preference ARNs the handler answered).
   */
  seedFromAssembly(assemblyDir: string, stackName: string, physicalIds: Record<string, string> = {}): void {
    const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as {
      artifacts?: Record<string, { type: string; properties?: { templateFile?: string } }>;
    };
    const artifact = manifest.artifacts?.[stackName];
    if (!artifact || artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) {
      throw new Error(`no stack '${stackName}' in ${assemblyDir}`);
    }
    const template = JSON.parse(fs.readFileSync(path.join(assemblyDir, artifact.properties.templateFile), 'utf8')) as Record<string, unknown>;
    const templateResources = (template.Resources ?? {}) as Record<string, { Type?: string }>;
    this.putStack({
      stackName,
      template,
      resources: Object.entries(templateResources).map(([logicalId, r]) => ({
        logicalId, type: String(r.Type), physicalId: physicalIds[logicalId] ?? logicalId,
      })),
    });
  }

  /**
   * Follows a simulated stack (the simulator's `onStackStatus`): its status, and its resources' physical ids. With
   * `base` (the synthesized template and its other resources' physical ids), GetTemplate answers that template as
   * `cdk synth` wrote it: ServiceToken a `Fn::GetAtt`, every intrinsic unresolved, as CloudFormation keeps the
   * template it was given (GetTemplate returns the original text:
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html). Without it the template
   * holds the custom resources only, with their deployed properties.
   */
  follow(stack: { stackName: string; stackId: string; resourceType: string; serviceToken: string },
    base: { template: Record<string, unknown>; physicalIds: Record<string, string> } = { template: {}, physicalIds: {} }):
    (status: string, deployed: ReadonlyMap<string, { properties: Record<string, unknown>; physicalResourceId: string }>) => void {
    return (status, deployed) => {
      if (status === 'DELETE_COMPLETE') {
        this.deleteStack(stack.stackName);
        return;
      }
      const baseResources = (base.template.Resources ?? {}) as Record<string, { Type?: string }>;
      const others = Object.entries(baseResources).filter(([, r]) => r.Type !== stack.resourceType);
      const synthesized = Object.entries(baseResources).filter(([, r]) => r.Type === stack.resourceType);
      const preferences = synthesized.length > 0 ? synthesized : [...deployed].map(([logicalId, r]) =>
        [logicalId, { Type: stack.resourceType, Properties: { ServiceToken: stack.serviceToken, ...r.properties } }] as const);
      this.putStack({
        stackName: stack.stackName,
        stackId: stack.stackId,
        status,
        template: { ...base.template, Resources: Object.fromEntries([...others, ...preferences]) },
        resources: [
          ...others.map(([logicalId, r]) => ({ logicalId, type: String(r.Type), physicalId: base.physicalIds[logicalId] ?? logicalId })),
          ...[...deployed].map(([logicalId, r]) => ({ logicalId, type: stack.resourceType, physicalId: r.physicalResourceId })),
        ],
      });
    };
  }

  /**
   * The simulator hooks that make this emulator follow one simulated stack as CloudFormation reports it: the stack's
   * status and resources (`follow`), and each resource's status while its event is answered (`setResourceStatus`).
   */
  tracking(stack: () => { stackName: string; stackId: string; resourceType: string; serviceToken: string },
    base?: { template: Record<string, unknown>; physicalIds: Record<string, string> }): {
      onStackStatus: (status: string, deployed: ReadonlyMap<string, { properties: Record<string, unknown>; physicalResourceId: string }>) => void;
      onResourceStatus: (logicalId: string, status: string) => void;
    } {
    return {
      onStackStatus: (status, deployed) => this.follow(stack(), base)(status, deployed),
      onResourceStatus: (logicalId, status) => this.setResourceStatus(stack().stackName, logicalId, status),
    };
  }

  deleteStack(stackName: string): void {
    this.stacks.delete(stackName);
    this.resourceStatuses.delete(stackName);
  }

  /** The next `times` calls (of one action, or any) answer 400 Throttling. */
  throttle(times: number, operation?: CloudFormationOperation): this {
    this.throttles.push({ operation, remaining: times });
    return this;
  }

  reset(): void {
    this.stacks.clear();
    this.resourceStatuses.clear();
    this.statusEvents.length = 0;
    this.calls.clear();
    this.log.length = 0;
    this.throttles = [];
  }

  protected onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    answerQuery(req, res, XMLNS, (request, raw) => this.answer(request, raw));
  }

  private answer(req: http.IncomingMessage, raw: string): string {
    const params = queryParameters(req, raw);
    const action = params.get('Action') ?? '';
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1);
    this.log.push(action);
    if (params.get('Version') !== '2010-05-15') throw new QueryError(400, 'InvalidParameterValue', 'Version must be 2010-05-15');
    if (!OPERATIONS.includes(action)) throw new QueryError(400, 'InvalidAction', `The action ${action} is not valid for this web service`);
    const throttle = this.throttles.find((t) => t.remaining > 0 && (t.operation === undefined || t.operation === action));
    if (throttle) {
      throttle.remaining -= 1;
      throw new QueryError(400, 'Throttling', 'Rate exceeded');
    }
    const stackName = params.get('StackName');
    if (!stackName) throw new QueryError(400, 'ValidationError', '1 validation error detected: Value null at \'stackName\' failed to satisfy constraint: Member must not be null');
    const stack = this.stacks.get(stackName) ?? [...this.stacks.values()].find((s) => s.stackId === stackName);
    if (!stack) throw new QueryError(400, 'ValidationError', `Stack with id ${stackName} does not exist`);
    if (action === 'DescribeStacks') return this.describeStacks(stack);
    if (action === 'DescribeStackResource') return this.describeStackResource(stack, params.get('LogicalResourceId') ?? '');
    return action === 'GetTemplate' ? this.getTemplate(stack) : this.listStackResources(stack, params.get('NextToken'));
  }

  private listStackResources(stack: StoredStack, nextToken: string | null): string {
    const start = nextToken === null ? 0 : Number.parseInt(Buffer.from(nextToken, 'base64').toString('utf8'), 10);
    if (!Number.isInteger(start) || start < 0 || start > stack.resources.length) throw new QueryError(400, 'ValidationError', 'Invalid NextToken');
    const page = stack.resources.slice(start, start + PAGE_SIZE);
    const next = start + PAGE_SIZE < stack.resources.length ? Buffer.from(String(start + PAGE_SIZE)).toString('base64') : undefined;
    const members = page.map((r) => '<member>'
      + `<LogicalResourceId>${escapeXml(r.logicalId)}</LogicalResourceId>`
      + (r.physicalId ? `<PhysicalResourceId>${escapeXml(r.physicalId)}</PhysicalResourceId>` : '')
      + `<ResourceType>${escapeXml(r.type)}</ResourceType>`
      + `<LastUpdatedTimestamp>${stack.lastUpdated}</LastUpdatedTimestamp>`
      + `<ResourceStatus>${this.resourceStatuses.get(stack.stackName)?.get(r.logicalId) ?? r.status ?? 'CREATE_COMPLETE'}</ResourceStatus>`
      + '<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation>'
      + '</member>').join('');
    return `<ListStackResourcesResponse xmlns="${XMLNS}"><ListStackResourcesResult><StackResourceSummaries>${members}</StackResourceSummaries>`
      + (next ? `<NextToken>${next}</NextToken>` : '')
      + `</ListStackResourcesResult><ResponseMetadata><RequestId>${globalThis.crypto.randomUUID()}</RequestId></ResponseMetadata></ListStackResourcesResponse>`;
  }

  /**
   * One resource by logical id: its physical id (the current one: a replaced resource's old id is not it) and status
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResource.html). A logical id
   * the stack does not have answers ValidationError "Resource ... does not exist for stack ...".
   */
  private describeStackResource(stack: StoredStack, logicalId: string): string {
    const resource = stack.resources.find((r) => r.logicalId === logicalId);
    const status = this.resourceStatuses.get(stack.stackName)?.get(logicalId) ?? resource?.status;
    if (!resource && status === undefined) {
      throw new QueryError(400, 'ValidationError', `Resource ${logicalId} does not exist for stack ${stack.stackName}`);
    }
    return `<DescribeStackResourceResponse xmlns="${XMLNS}"><DescribeStackResourceResult><StackResourceDetail>`
      + `<StackName>${escapeXml(stack.stackName)}</StackName><StackId>${escapeXml(stack.stackId)}</StackId>`
      + `<LogicalResourceId>${escapeXml(logicalId)}</LogicalResourceId>`
      + (resource?.physicalId ? `<PhysicalResourceId>${escapeXml(resource.physicalId)}</PhysicalResourceId>` : '')
      + `<ResourceType>${escapeXml(resource?.type ?? 'Custom::ProcurementPortalPreference')}</ResourceType>`
      + `<LastUpdatedTimestamp>${stack.lastUpdated}</LastUpdatedTimestamp>`
      + `<ResourceStatus>${status ?? 'CREATE_COMPLETE'}</ResourceStatus>`
      + '</StackResourceDetail></DescribeStackResourceResult>'
      + `<ResponseMetadata><RequestId>${globalThis.crypto.randomUUID()}</RequestId></ResponseMetadata></DescribeStackResourceResponse>`;
  }

  private describeStacks(stack: StoredStack): string {
    // A NoEcho parameter's value is masked as asterisks in DescribeStacks
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/parameters-section-structure.html, NoEcho).
    const noEcho = new Set(Object.entries((JSON.parse(stack.templateBody) as { Parameters?: Record<string, { NoEcho?: unknown }> }).Parameters ?? {})
      .filter(([, p]) => String(p.NoEcho) === 'true').map(([key]) => key));
    const parameters = Object.entries(stack.parameters).map(([key, value]) => [key, noEcho.has(key) ? '****' : value] as const).map(([key, value]) =>
      `<member><ParameterKey>${escapeXml(key)}</ParameterKey><ParameterValue>${escapeXml(value)}</ParameterValue></member>`).join('');
    return `<DescribeStacksResponse xmlns="${XMLNS}"><DescribeStacksResult><Stacks><member>`
      + `<StackId>${escapeXml(stack.stackId)}</StackId><StackName>${escapeXml(stack.stackName)}</StackName>`
      + `<Parameters>${parameters}</Parameters>`
      + `<CreationTime>${stack.created}</CreationTime><LastUpdatedTime>${stack.lastUpdated}</LastUpdatedTime>`
      + `<StackStatus>${stack.status}</StackStatus>`
      + '</member></Stacks></DescribeStacksResult>'
      + `<ResponseMetadata><RequestId>${globalThis.crypto.randomUUID()}</RequestId></ResponseMetadata></DescribeStacksResponse>`;
  }

  private getTemplate(stack: StoredStack): string {
    return `<GetTemplateResponse xmlns="${XMLNS}"><GetTemplateResult><TemplateBody>${escapeXml(stack.templateBody)}</TemplateBody>`
      + '<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable></GetTemplateResult>'
      + `<ResponseMetadata><RequestId>${globalThis.crypto.randomUUID()}</RequestId></ResponseMetadata></GetTemplateResponse>`;
  }
}
