/**
 * A local CloudFormation for one stack's custom resources: it builds the events CloudFormation sends (every scalar a
 * string), invokes the bundled handler in a child process per invocation (a fresh "container", killed at the Lambda
 * timeout), retries like Lambda's asynchronous invocation, collects the response from its own response server on
 * 127.0.0.1, and plays stack create, update (with replacement cleanup and rollback) and delete.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { deployOrder, resolveDeployed } from './deferred';
import { ResponseServer, ResponseAttempt } from './response-server';
import { ENV_ACCOUNT_ID, ENV_STACK_ID, asReceived } from '../../src/contract/wire';

export type RequestType = 'Create' | 'Update' | 'Delete';
type Json = Record<string, unknown>;

/** The body a handler PUTs to the ResponseURL. */
export interface CustomResourceResponse {
  readonly Status: string;
  readonly Reason?: string;
  readonly PhysicalResourceId?: string;
  readonly StackId?: string;
  readonly RequestId?: string;
  readonly LogicalResourceId?: string;
  readonly NoEcho?: boolean;
  readonly Data?: Json;
}

export interface LogLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** One invocation of the handler: what it answered, what it logged, how it ended. */
export interface Invocation {
  readonly event: CloudFormationCustomResourceEvent;
  /** The first response the response server accepted (2xx), parsed. */
  readonly response?: CustomResourceResponse;
  /** Every PUT to this invocation's ResponseURL, accepted or not. */
  readonly attempts: ResponseAttempt[];
  readonly logs: LogLine[];
  /** The handler promise rejected (Lambda's "Invoke Error"). */
  readonly handlerError?: string;
  /** Killed at the Lambda timeout. */
  readonly timedOut: boolean;
  /** Killed on purpose by the caller (`killWhen`): a container that died. */
  readonly killed: boolean;
  readonly durationMs: number;
  /** What CloudFormation or S3 would not accept, or what breaks the protocol (empty when all is well). */
  readonly violations: string[];
}

/** One event as CloudFormation delivers it: the first invocation and Lambda's retries. */
export interface Delivery {
  readonly event: CloudFormationCustomResourceEvent;
  readonly invocations: Invocation[];
  readonly response?: CustomResourceResponse;
}

export type StackStatus =
  | 'CREATE_COMPLETE' | 'ROLLBACK_COMPLETE' | 'ROLLBACK_FAILED'
  | 'UPDATE_COMPLETE' | 'UPDATE_ROLLBACK_COMPLETE' | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_COMPLETE' | 'DELETE_FAILED';

export type Phase = 'create' | 'update' | 'cleanup' | 'rollback' | 'rollback-cleanup' | 'delete';

export interface Step {
  readonly phase: Phase;
  readonly logicalResourceId: string;
  readonly delivery: Delivery;
}

export interface StackOperation {
  readonly status: StackStatus;
  readonly steps: Step[];
}

export interface DeployedResource {
  /** As in the template, before CloudFormation's stringification (ServiceToken included). */
  readonly properties: Json;
  readonly physicalResourceId: string;
  /** The response's Data: what `Fn::GetAtt` of it answers. */
  readonly data?: Json;
}

export interface SimulatorOptions {
  /** The handler module (e.g. cdk.out/asset.<hash>/index.js) and its export. */
  readonly handlerFile: string;
  readonly handlerName?: string;
  /** The function's configured timeout: getRemainingTimeInMillis counts down from it, and the process dies at it. */
  readonly lambdaTimeoutMs: number;
  /** The Lambda environment: endpoints, fake credentials and the function's own variables. */
  readonly environment: Readonly<Record<string, string>>;
  readonly stackName?: string;
  /** The stack's id (as `readStack` resolved `AWS::StackId`); a new one otherwise. */
  readonly stackId?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly resourceType?: string;
  /** The resource type of each logical id that is not `resourceType` (a stack with invoice units and preferences). */
  readonly resourceTypes?: Readonly<Record<string, string>>;
  /** Lambda retries a failed asynchronous invocation twice. */
  readonly lambdaRetries?: number;
  /** The Lambda runtime stand-in each invocation runs in (lambda-runtime.js beside this file unless bundled elsewhere). */
  readonly runtimeFile?: string;
  /** Called when an invocation starts and ends (the demo prints from these). */
  readonly onInvocationStart?: (event: CloudFormationCustomResourceEvent, phase: Phase | undefined) => void;
  readonly onInvocation?: (invocation: Invocation) => void;
  /**
   * Called when a stack operation starts (`*_IN_PROGRESS`) and ends, with the resources deployed at that moment: a
   * CloudFormation emulator follows the stack with it (DescribeStacks, GetTemplate and ListStackResources).
   */
  readonly onStackStatus?: (status: string, resources: ReadonlyMap<string, DeployedResource>) => void;
  /**
   * Called when CloudFormation starts waiting on a resource's event (`CREATE_IN_PROGRESS`...) and when the answer
   * arrives (`*_COMPLETE`, `*_FAILED`): a CloudFormation emulator answers DescribeStackResource with it.
   */
  readonly onResourceStatus?: (logicalId: string, status: string) => void;
}

export interface InvokeOptions {
  /** Kill the process when this settles: a container that dies mid-request (no response is sent). */
  readonly killWhen?: Promise<unknown>;
  /**
   * The Delete of a replaced resource's old physical id (a cleanup): the logical resource stays what the replacement
   * made it, so its status does not change.
   */
  readonly oldPhysicalId?: boolean;
  /**
   * A direct `lambda:InvokeFunction` by some principal (a forgery), not CloudFormation's: the stack and its resources
   * show nothing of it.
   */
  readonly direct?: boolean;
  /** The stack operation's phase the event belongs to (for the callbacks). */
  readonly phase?: Phase;
}

/** The largest response body CloudFormation accepts. */
export const RESPONSE_BODY_LIMIT = 4096;
/** CloudFormation's limit on a physical id. */
export const PHYSICAL_ID_LIMIT = 1024;

/** Every scalar becomes a string, as CloudFormation does to custom resource properties. */
export const stringifyScalars = asReceived;

const RUNTIME = path.join(__dirname, 'lambda-runtime.js');
const INIT_TIMEOUT_MS = 60_000;

export class CloudFormationSimulator {
  readonly responses = new ResponseServer();
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
  readonly accountId: string;
  readonly resourceType: string;
  readonly serviceToken: string;
  /** Every invocation so far, in order. */
  readonly invocations: Invocation[] = [];
  /** The stack's custom resources as CloudFormation knows them. */
  readonly resources = new Map<string, DeployedResource>();
  private readonly children = new Set<ChildProcess>();
  /** The stack's last status, and whether a stack operation is running (an event sent outside one implies one). */
  private stackStatus: string | undefined;
  private operationRunning = false;
  private loneInFlight = 0;
  private statusBeforeLone: string | undefined;

  constructor(private readonly options: SimulatorOptions) {
    this.stackName = options.stackName ?? 'SimulatedStack';
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.resourceType = options.resourceType ?? 'Custom::ProcurementPortalPreference';
    this.stackId = options.stackId ?? `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${this.stackName}/${randomUUID()}`;
    this.serviceToken = `arn:aws:lambda:${this.region}:${this.accountId}:function:${this.stackName}-ProcurementPortalHandler`;
  }

  async start(): Promise<void> {
    await this.responses.start();
  }

  async stop(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    await this.responses.stop();
  }

  /** An event exactly as CloudFormation sends it. Properties are given unstringified (as in the template). */
  event(requestType: RequestType, logicalResourceId: string, properties: Json, extra: {
    physicalResourceId?: string;
    oldProperties?: Json;
  } = {}): CloudFormationCustomResourceEvent {
    const requestId = randomUUID();
    const withToken = (props: Json): Json => stringifyScalars({ ServiceToken: this.serviceToken, ...props }) as Json;
    const common = {
      RequestType: requestType,
      ServiceToken: this.serviceToken,
      ResponseURL: this.responses.urlFor(this.stackId, logicalResourceId, requestId),
      StackId: this.stackId,
      RequestId: requestId,
      LogicalResourceId: logicalResourceId,
      ResourceType: this.options.resourceTypes?.[logicalResourceId] ?? this.resourceType,
      ResourceProperties: withToken(properties),
    };
    if (requestType === 'Create') return common as unknown as CloudFormationCustomResourceEvent;
    if (extra.physicalResourceId === undefined) throw new Error(`${requestType} needs a physical resource id`);
    return {
      ...common,
      PhysicalResourceId: extra.physicalResourceId,
      ...(requestType === 'Update' ? { OldResourceProperties: withToken(extra.oldProperties ?? {}) } : {}),
    } as unknown as CloudFormationCustomResourceEvent;
  }

  /** One invocation of the handler in a fresh process, as one Lambda container would run it. */
  async invoke(event: CloudFormationCustomResourceEvent, options: InvokeOptions = {}): Promise<Invocation> {
    const tracked = 'RequestType' in event && !options.oldPhysicalId && !options.direct;
    // An event sent outside a stack operation (a test's own): CloudFormation would be running the operation that
    // sends it, so the stack shows that operation while the event is answered.
    const lone = 'RequestType' in event && !this.operationRunning && !options.direct;
    // Concurrent lone events share one implied operation: set by the first, ended by the last.
    if (lone && this.loneInFlight++ === 0) {
      this.statusBeforeLone = this.stackStatus;
      this.status(impliedStatus(event.RequestType, this.stackStatus));
    }
    if (tracked) this.options.onResourceStatus?.(event.LogicalResourceId, `${event.RequestType.toUpperCase()}_IN_PROGRESS`);
    try {
      const invocation = await this.run(event, options);
      const status = invocation.response?.Status;
      if (tracked && status !== undefined) {
        this.options.onResourceStatus?.(event.LogicalResourceId, `${event.RequestType.toUpperCase()}_${status === 'SUCCESS' ? 'COMPLETE' : 'FAILED'}`);
      }
      return invocation;
    } finally {
      if (lone && --this.loneInFlight === 0) this.status(this.statusBeforeLone ?? 'CREATE_COMPLETE');
    }
  }

  private async run(event: CloudFormationCustomResourceEvent, options: InvokeOptions): Promise<Invocation> {
    this.options.onInvocationStart?.(event, options.phase);
    const started = Date.now();
    const firstAttempt = this.responses.attempts.length;
    const logs: LogLine[] = [];
    const child = spawn(process.execPath, [this.options.runtimeFile ?? RUNTIME], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: this.lambdaEnvironment(),
    });
    this.children.add(child);
    for (const stream of ['stdout', 'stderr'] as const) {
      let pending = '';
      child[stream]!.setEncoding('utf8');
      child[stream]!.on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const text of lines) if (text !== '') logs.push({ stream, text });
      });
      child[stream]!.on('end', () => {
        if (pending !== '') logs.push({ stream, text: pending });
      });
    }

    let timedOut = false;
    let killed = false;
    let handlerError: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    // Init gets its own bound, then the function timeout runs from the 'start' message. Lambda's init bound is 10 s
    // on its own CPU; here fifty "containers" may share two cores, so the bound only catches a module that hangs.
    const initTimer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, INIT_TIMEOUT_MS);
    child.on('message', (message: { type: string; error?: string }) => {
      if (message.type === 'start') {
        clearTimeout(initTimer);
        timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, this.options.lambdaTimeoutMs);
      } else if (message.type === 'done') {
        handlerError = message.error;
      }
    });
    void options.killWhen?.then(() => {
      if (child.exitCode === null && child.signalCode === null) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    child.send({
      handlerFile: this.options.handlerFile,
      handlerName: this.options.handlerName ?? 'handler',
      event,
      timeoutMs: this.options.lambdaTimeoutMs,
      functionName: `${this.stackName}-ProcurementPortalHandler`,
    });
    await exited;
    clearTimeout(initTimer);
    if (timer) clearTimeout(timer);
    this.children.delete(child);
    if (timedOut) logs.push({ stream: 'stderr', text: `Task timed out after ${(this.options.lambdaTimeoutMs / 1000).toFixed(2)} seconds` });

    // Only this invocation's PUTs: a redelivered event shares its ResponseURL with the earlier invocations.
    const attempts = this.responses.attempts.slice(firstAttempt).filter((a) => a.requestId === event.RequestId);
    const accepted = attempts.find((a) => a.answered >= 200 && a.answered < 300);
    let response: CustomResourceResponse | undefined;
    if (accepted) {
      try {
        response = JSON.parse(accepted.body) as CustomResourceResponse;
      } catch {
        response = undefined;
      }
    }
    const invocation: Invocation = {
      event,
      response,
      attempts,
      logs,
      handlerError,
      timedOut,
      killed,
      durationMs: Date.now() - started,
      // Only CloudFormation's events expect a response.
      violations: 'RequestType' in event && !options.direct ? checkProtocol(event, attempts, response, killed) : [],
    };
    this.invocations.push(invocation);
    this.options.onInvocation?.(invocation);
    return invocation;
  }

  /**
   * Delivers an event as CloudFormation does through Lambda's asynchronous invocation: when an invocation fails (the
   * handler rejected, timed out or crashed) without a response, Lambda retries it, up to `lambdaRetries` times.
   */
  async deliver(event: CloudFormationCustomResourceEvent, options: InvokeOptions = {}): Promise<Delivery> {
    const invocations: Invocation[] = [];
    const retries = this.options.lambdaRetries ?? 2;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const invocation = await this.invoke(event, attempt === 0 ? options : { phase: options.phase, oldPhysicalId: options.oldPhysicalId });
      invocations.push(invocation);
      if (invocation.response) return { event, invocations, response: invocation.response };
      const failed = invocation.handlerError !== undefined || invocation.timedOut || invocation.killed;
      if (!failed) break; // the handler finished without answering: CloudFormation waits until its own timeout
    }
    return { event, invocations };
  }

  /** Creates every resource in order; on a failure, rolls back by deleting what exists (the failed one included). */
  createStack(desired: Readonly<Record<string, Json>>): Promise<StackOperation> {
    return this.tracked('CREATE_IN_PROGRESS', () => this.create(desired));
  }

  /** See `update`. */
  updateStack(desired: Readonly<Record<string, Json>>): Promise<StackOperation> {
    return this.tracked('UPDATE_IN_PROGRESS', () => this.update(desired));
  }

  /** Deletes every resource, newest first. */
  deleteStack(): Promise<StackOperation> {
    return this.tracked('DELETE_IN_PROGRESS', async () => {
      const steps: Step[] = [];
      const ok = await this.deleteResources([...this.resources.keys()].reverse(), 'delete', steps);
      return { status: ok ? 'DELETE_COMPLETE' : 'DELETE_FAILED', steps };
    });
  }

  /**
   * Delivers an event of another source (an EventBridge rule's) as Lambda's asynchronous invocation does: retried
   * when the handler rejects, times out or dies, up to `lambdaRetries` times. No response is expected.
   */
  async deliverEvent(event: object): Promise<Invocation[]> {
    const invocations: Invocation[] = [];
    for (let attempt = 0; attempt <= (this.options.lambdaRetries ?? 2); attempt++) {
      const invocation = await this.invoke(event as CloudFormationCustomResourceEvent);
      invocations.push(invocation);
      if (invocation.handlerError === undefined && !invocation.timedOut) break;
    }
    return invocations;
  }

  /**
   * A stack status while an operation runs, as CloudFormation reports it in DescribeStacks
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html, "Stack status codes"):
   * ROLLBACK_IN_PROGRESS while a failed creation deletes what it made, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS while an
   * update deletes replaced and removed resources, UPDATE_ROLLBACK_IN_PROGRESS and then
   * UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS while a failed update goes back.
   */
  private status(status: string): void {
    this.stackStatus = status;
    this.options.onStackStatus?.(status, this.resources);
  }

  private async tracked(inProgress: string, run: () => Promise<StackOperation>): Promise<StackOperation> {
    this.operationRunning = true;
    let operation: StackOperation;
    try {
      this.status(inProgress);
      operation = await run();
    } finally {
      this.operationRunning = false;
    }
    this.status(operation.status);
    return operation;
  }

  private async create(desired: Readonly<Record<string, Json>>): Promise<StackOperation> {
    const steps: Step[] = [];
    const created: string[] = [];
    for (const logicalId of deployOrder(desired)) {
      const properties = this.withDeployed(desired[logicalId]);
      const delivery = await this.deliver(this.event('Create', logicalId, properties), { phase: 'create' });
      steps.push({ phase: 'create', logicalResourceId: logicalId, delivery });
      const physicalId = delivery.response?.PhysicalResourceId;
      if (physicalId !== undefined) this.resources.set(logicalId, { properties, physicalResourceId: physicalId, data: delivery.response?.Data });
      if (delivery.response?.Status === 'SUCCESS') {
        created.push(logicalId);
        continue;
      }
      // Rollback: the failed resource (when it named a physical id) and everything before it, newest first.
      this.status('ROLLBACK_IN_PROGRESS');
      const toDelete = physicalId !== undefined ? [logicalId, ...created.reverse()] : created.reverse();
      const ok = await this.deleteResources(toDelete, 'rollback', steps);
      return { status: ok ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED', steps };
    }
    return { status: 'CREATE_COMPLETE', steps };
  }

  /**
   * Updates to the desired resources: Create for new ones, Update for changed ones, then the cleanup Deletes of
   * replaced physical ids and removed resources. On a failure: the rollback (Update back for updated-in-place and the
   * failed resource, Delete for created ones), then the rollback cleanup (Delete of the replacements' new ids).
   */
  private async update(desired: Readonly<Record<string, Json>>): Promise<StackOperation> {
    const steps: Step[] = [];
    type Change =
      | { kind: 'created'; logicalId: string }
      | { kind: 'updated'; logicalId: string; before: DeployedResource; after: DeployedResource };
    const done: Change[] = [];
    let failure: { logicalId: string; kind: 'create' | 'update'; before?: DeployedResource; attempted: Json; physicalId?: string } | undefined;

    for (const logicalId of deployOrder(desired)) {
      const properties = this.withDeployed(desired[logicalId]);
      const before = this.resources.get(logicalId);
      if (before && sameProperties(before.properties, properties)) continue;
      const event = before
        ? this.event('Update', logicalId, properties, { physicalResourceId: before.physicalResourceId, oldProperties: before.properties })
        : this.event('Create', logicalId, properties);
      const delivery = await this.deliver(event, { phase: 'update' });
      steps.push({ phase: 'update', logicalResourceId: logicalId, delivery });
      const response = delivery.response;
      if (response?.Status === 'SUCCESS' && response.PhysicalResourceId !== undefined) {
        const after = { properties, physicalResourceId: response.PhysicalResourceId, data: response.Data };
        this.resources.set(logicalId, after);
        done.push(before ? { kind: 'updated', logicalId, before, after } : { kind: 'created', logicalId });
        continue;
      }
      failure = { logicalId, kind: before ? 'update' : 'create', before, attempted: properties, physicalId: response?.PhysicalResourceId };
      break;
    }

    if (!failure) {
      const cleanup: Array<{ logicalId: string; resource: DeployedResource; replaced: boolean }> = [];
      for (const change of done) {
        if (change.kind === 'updated' && change.after.physicalResourceId !== change.before.physicalResourceId) {
          cleanup.push({ logicalId: change.logicalId, resource: change.before, replaced: true });
        }
      }
      for (const [logicalId, resource] of [...this.resources].reverse()) {
        if (!(logicalId in desired)) {
          cleanup.push({ logicalId, resource, replaced: false });
          this.resources.delete(logicalId);
        }
      }
      if (cleanup.length > 0) this.status('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
      for (const { logicalId, resource, replaced } of cleanup) {
        const event = this.event('Delete', logicalId, resource.properties, { physicalResourceId: resource.physicalResourceId });
        const delivery = await this.deliver(event, { phase: 'cleanup', oldPhysicalId: replaced });
        steps.push({ phase: 'cleanup', logicalResourceId: logicalId, delivery });
      }
      // Cleanup failures leave the update complete (CloudFormation only warns).
      return { status: 'UPDATE_COMPLETE', steps };
    }

    this.status('UPDATE_ROLLBACK_IN_PROGRESS');
    let rollbackOk = true;
    const rollbackUpdate = async (logicalId: string, to: DeployedResource, from: Json): Promise<void> => {
      const event = this.event('Update', logicalId, to.properties, { physicalResourceId: to.physicalResourceId, oldProperties: from });
      const delivery = await this.deliver(event, { phase: 'rollback' });
      steps.push({ phase: 'rollback', logicalResourceId: logicalId, delivery });
      if (delivery.response?.Status !== 'SUCCESS') rollbackOk = false;
      this.resources.set(logicalId, to);
    };
    if (failure.kind === 'update' && failure.before) {
      await rollbackUpdate(failure.logicalId, failure.before, failure.attempted);
    } else if (failure.kind === 'create' && failure.physicalId !== undefined) {
      this.resources.set(failure.logicalId, { properties: failure.attempted, physicalResourceId: failure.physicalId });
      rollbackOk = await this.deleteResources([failure.logicalId], 'rollback', steps) && rollbackOk;
    }
    const replacements: Array<{ logicalId: string; resource: DeployedResource }> = [];
    for (const change of [...done].reverse()) {
      if (change.kind === 'created') {
        rollbackOk = await this.deleteResources([change.logicalId], 'rollback', steps) && rollbackOk;
      } else if (change.after.physicalResourceId !== change.before.physicalResourceId) {
        // A replacement: CloudFormation goes back to the old resource and deletes the new one in the cleanup.
        this.resources.set(change.logicalId, change.before);
        replacements.push({ logicalId: change.logicalId, resource: change.after });
      } else {
        await rollbackUpdate(change.logicalId, change.before, change.after.properties);
      }
    }
    if (replacements.length > 0) this.status('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    for (const { logicalId, resource } of replacements) {
      const event = this.event('Delete', logicalId, resource.properties, { physicalResourceId: resource.physicalResourceId });
      const delivery = await this.deliver(event, { phase: 'rollback-cleanup', oldPhysicalId: true });
      steps.push({ phase: 'rollback-cleanup', logicalResourceId: logicalId, delivery });
    }
    return { status: rollbackOk ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED', steps };
  }

  /** The properties with the references to the stack's own custom resources resolved from what they answered. */
  private withDeployed(properties: Json): Json {
    return resolveDeployed(properties, (id) => this.resources.get(id));
  }

  private async deleteResources(logicalIds: string[], phase: Phase, steps: Step[]): Promise<boolean> {
    let ok = true;
    for (const logicalId of logicalIds) {
      const resource = this.resources.get(logicalId);
      if (!resource) continue;
      const event = this.event('Delete', logicalId, resource.properties, { physicalResourceId: resource.physicalResourceId });
      const delivery = await this.deliver(event, { phase });
      steps.push({ phase, logicalResourceId: logicalId, delivery });
      if (delivery.response?.Status === 'SUCCESS') {
        this.resources.delete(logicalId);
      } else {
        ok = false;
      }
    }
    return ok;
  }

  private lambdaEnvironment(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      TZ: 'UTC',
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_LAMBDA_FUNCTION_NAME: `${this.stackName}-ProcurementPortalHandler`,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLESIMULATED',
      AWS_SECRET_ACCESS_KEY: 'simulated-secret-access-key',
      AWS_SESSION_TOKEN: 'simulated-session-token',
      AWS_EC2_METADATA_DISABLED: 'true',
      // Lambda's runtime is newer than this machine's Node: the SDK's version warning says nothing about the handler.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // What the construct sets on the handler (src/private/provider.ts): the stack and account it serves.
      [ENV_STACK_ID]: this.stackId,
      [ENV_ACCOUNT_ID]: this.accountId,
      ...this.options.environment,
    };
  }
}

/** The stack status CloudFormation shows while it sends an event of this type outside a simulated operation. */
function impliedStatus(requestType: RequestType, current: string | undefined): string {
  if (requestType === 'Delete') return 'DELETE_IN_PROGRESS';
  return requestType === 'Create' && current === undefined ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS';
}

function sameProperties(a: Json, b: Json): boolean {
  return JSON.stringify(stringifyScalars(a)) === JSON.stringify(stringifyScalars(b));
}

/** What CloudFormation, S3 or the protocol would refuse in the handler's answers to one event. */
function checkProtocol(
  event: CloudFormationCustomResourceEvent,
  attempts: ResponseAttempt[],
  response: CustomResourceResponse | undefined,
  killed: boolean,
): string[] {
  const problems: string[] = [];
  const accepted = attempts.filter((a) => a.answered >= 200 && a.answered < 300);
  if (accepted.length === 0 && !killed) problems.push('no response was accepted');
  if (accepted.length > 1) problems.push(`${accepted.length} responses were accepted, CloudFormation expects exactly one`);
  for (const attempt of attempts) {
    if (attempt.contentType !== undefined && attempt.contentType !== '') {
      problems.push(`a response was sent with Content-Type '${attempt.contentType}' (S3 refuses it)`);
    }
    if (attempt.bodyBytes > RESPONSE_BODY_LIMIT) problems.push(`a response body of ${attempt.bodyBytes} bytes exceeds ${RESPONSE_BODY_LIMIT}`);
  }
  if (accepted.length > 0 && !response) problems.push('the accepted response is not JSON');
  if (!response) return problems;
  if (response.Status !== 'SUCCESS' && response.Status !== 'FAILED') problems.push(`Status '${response.Status}' is neither SUCCESS nor FAILED`);
  if (response.Status === 'FAILED' && !response.Reason) problems.push('a FAILED response has no Reason');
  if (!response.PhysicalResourceId) problems.push('the response has no PhysicalResourceId');
  if ((response.PhysicalResourceId ?? '').length > PHYSICAL_ID_LIMIT) problems.push('the PhysicalResourceId exceeds 1,024 characters');
  for (const key of ['StackId', 'RequestId', 'LogicalResourceId'] as const) {
    if (response[key] !== event[key]) problems.push(`${key} '${String(response[key])}' does not match the event's`);
  }
  const requestPhysicalId = 'PhysicalResourceId' in event ? event.PhysicalResourceId : undefined;
  if (event.RequestType === 'Delete' && response.PhysicalResourceId !== requestPhysicalId) {
    problems.push('a Delete response changed the PhysicalResourceId');
  }
  if (event.RequestType === 'Update' && response.Status === 'FAILED' && response.PhysicalResourceId !== requestPhysicalId) {
    problems.push('a failed Update answered another PhysicalResourceId than the request\'s, so the rollback would lose the resource');
  }
  return problems;
}
