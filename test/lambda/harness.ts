/**
 * Shared fixtures of the handler's unit tests: events as CloudFormation sends them (every scalar a string), a fake
 * Lambda context with a chosen time budget, a local ResponseURL server on 127.0.0.1, and a capture of every console
 * line, so each test can prove that no canary value leaks.
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvoicingClient, ListTagsForResourceCommand } from '@aws-sdk/client-invoicing';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ENV_ACCOUNT_ID, ENV_STACK_ID, RESOURCE_TYPE } from '../../src/contract/wire';
import { stringifyScalars } from '../../tools/cloudformation/simulator';
import { ACCOUNT, CANARIES, CANARY_SECRET, COUPA_IDENTITY, coupaProperties, coupaRequest, sapProperties } from '../fixtures';

export { ACCOUNT, CANARIES, CANARY_EMAIL, CANARY_NAME, CANARY_SECRET, CANARY_TEST_SECRET } from '../fixtures';

export const ARN = `arn:aws:invoicing::${ACCOUNT}:procurement-portal-preference/pref-1111`;
export const NEW_ARN = `arn:aws:invoicing::${ACCOUNT}:procurement-portal-preference/pref-2222`;
export const SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:portal-AbCdEf`;
export const TEST_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:portal-test-GhIjKl`;
export const CONTACTS_SECRET_ARN = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:contacts-MnOpQr`;
export const STACK_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/Demo/0a1b2c3d-0000-1111-2222-333344445555`;
/** The tag every Create adds: region, stack name and logical id of the resource that manages the preference. */
export const OWNER_TAG = { Key: 'cdk-procurement-portal:owner', Value: 'us-east-1/Demo/CoupaPreference' };
/** What an adoption by CoupaPreference marks on the preference, beside the owner tag. */
export const ADOPTED_TAG = { Key: 'cdk-procurement-portal:adopted', Value: 'us-east-1/Demo/CoupaPreference' };
export const SERVICE_TOKEN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:Demo-Handler`;
/** The versions the mocked GetSecretValue answers (AWSCURRENT), and the records a Create or Put of `fullProperties()` writes. */
export const SHARED_VERSION = 'a1b2c3d4-0000-4000-8000-000000000001';
export const TEST_VERSION = 'a1b2c3d4-0000-4000-8000-000000000002';
export const RECORD_TAGS = [
  { Key: 'cdk-procurement-portal:secret:shared', Value: `${SHARED_VERSION} ${SECRET_ARN}#sharedSecret` },
  { Key: 'cdk-procurement-portal:secret:test-shared', Value: `${TEST_VERSION} ${TEST_SECRET_ARN}` },
];

/** The full property set, as the construct renders it and CloudFormation stringifies it. */
export function fullProperties(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: SERVICE_TOKEN,
    ...stringifyScalars(coupaProperties({ shared: SECRET_ARN, test: TEST_SECRET_ARN })) as Record<string, unknown>,
    ResourceTags: [{ Key: 'team', Value: 'finance' }, { Key: 'env', Value: 'prod' }],
    ...overrides,
  };
}

/** The smallest valid property set: SAP Business Network, purchase orders only, no secret. */
export function minimalProperties(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ServiceToken: SERVICE_TOKEN, ...stringifyScalars(sapProperties()) as Record<string, unknown>, ...overrides };
}

/** What Create and Put receive for `fullProperties()` once the secrets are read. */
export function fullConfigurationInput(): Record<string, unknown> {
  const configuration: Record<string, unknown> = { ...coupaRequest() };
  for (const member of Object.keys(COUPA_IDENTITY)) delete configuration[member];
  return configuration;
}

export const FULL_IDENTITY = COUPA_IDENTITY;

let requestCounter = 0;

export function nextRequestId(): string {
  requestCounter += 1;
  return `00000000-0000-4000-8000-${String(requestCounter).padStart(12, '0')}`;
}

interface EventOptions {
  readonly requestId?: string;
  readonly logicalResourceId?: string;
}

function base(server: ResponseServer, options: EventOptions) {
  const requestId = options.requestId ?? nextRequestId();
  return {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: server.urlFor(requestId),
    StackId: STACK_ID,
    RequestId: requestId,
    LogicalResourceId: options.logicalResourceId ?? 'CoupaPreference',
    ResourceType: RESOURCE_TYPE,
  };
}

/**
 * What CloudFormation shows while it waits on the latest event built below (the handler confirms each event with
 * DescribeStacks and DescribeStackResource): the operation that sends such an event, the resource in progress.
 */
export const cloudformationState: { stackStatus: string; resourceStatus: string; physicalId?: string } = {
  stackStatus: 'CREATE_IN_PROGRESS', resourceStatus: 'CREATE_IN_PROGRESS',
};
function waitingOn(requestType: 'Create' | 'Update' | 'Delete', physicalId?: string): void {
  cloudformationState.stackStatus = `${requestType === 'Create' ? 'CREATE' : requestType.toUpperCase()}_IN_PROGRESS`;
  cloudformationState.resourceStatus = `${requestType.toUpperCase()}_IN_PROGRESS`;
  cloudformationState.physicalId = physicalId;
}

export function createEvent(server: ResponseServer, properties: Record<string, unknown>,
  options: EventOptions = {}): CloudFormationCustomResourceEvent {
  waitingOn('Create');
  return { ...base(server, options), RequestType: 'Create', ResourceProperties: properties } as unknown as CloudFormationCustomResourceEvent;
}

export function updateEvent(server: ResponseServer, physicalId: string, properties: Record<string, unknown>,
  oldProperties: Record<string, unknown>, options: EventOptions = {}): CloudFormationCustomResourceEvent {
  waitingOn('Update', physicalId);
  return {
    ...base(server, options),
    RequestType: 'Update',
    PhysicalResourceId: physicalId,
    ResourceProperties: properties,
    OldResourceProperties: oldProperties,
  } as unknown as CloudFormationCustomResourceEvent;
}

export function deleteEvent(server: ResponseServer, physicalId: string, properties: Record<string, unknown>,
  options: EventOptions = {}): CloudFormationCustomResourceEvent {
  waitingOn('Delete', physicalId);
  return {
    ...base(server, options),
    RequestType: 'Delete',
    PhysicalResourceId: physicalId,
    ResourceProperties: properties,
  } as unknown as CloudFormationCustomResourceEvent;
}

/** A Lambda context whose remaining time counts down from `budgetMs` like the real one. */
export function fakeContext(budgetMs = 30_000): Context {
  const endsAt = Date.now() + budgetMs;
  return {
    functionName: 'handler',
    awsRequestId: 'lambda-request',
    getRemainingTimeInMillis: () => Math.max(0, endsAt - Date.now()),
  } as unknown as Context;
}

export interface ReceivedResponse {
  readonly requestId: string;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  readonly body: {
    Status: string;
    Reason: string;
    PhysicalResourceId: string;
    StackId: string;
    RequestId: string;
    LogicalResourceId: string;
    Data?: Record<string, string>;
  };
}

/** Stands in for the pre-signed S3 URL: records every PUT; `statuses` scripts the answers (then 200). */
export class ResponseServer {
  public readonly received: ReceivedResponse[] = [];
  public statuses: number[] = [];
  private server?: Server;
  private port = 0;

  public async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const requestId = (req.url ?? '').split('/')[2]?.split('?')[0] ?? '';
        this.received.push({ requestId, headers: req.headers, raw, body: JSON.parse(raw) });
        res.statusCode = this.statuses.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  public urlFor(requestId: string): string {
    return `http://127.0.0.1:${this.port}/response/${requestId}?X-Amz-Signature=deadbeef`;
  }

  /** The responses to one event. */
  public forRequest(requestId: string): ReceivedResponse[] {
    return this.received.filter((r) => r.requestId === requestId);
  }

  /** The one response to `event` (fails when there is none or more than one). */
  public only(event: CloudFormationCustomResourceEvent): ReceivedResponse['body'] {
    const responses = this.forRequest(event.RequestId);
    expect(responses).toHaveLength(1);
    return responses[0].body;
  }
}

/** Every console line written while the handler runs (the handler logs through console.log / console.error only). */
export class ConsoleCapture {
  public readonly lines: string[] = [];
  private spies: jest.SpyInstance[] = [];

  public start(): void {
    this.lines.length = 0;
    for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
      this.spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.lines.push(args.map(String).join(' '));
      }));
    }
  }

  public stop(): void {
    this.spies.forEach((s) => s.mockRestore());
    this.spies = [];
  }

  public json(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l));
  }
}

export const ALLOWED_LOG_FIELDS = [
  'level', 'requestType', 'logicalResourceId', 'physicalResourceId', 'operation', 'outcome', 'errorCode', 'durationMs', 'message',
];

/** Every captured log line is one allow-listed JSON object, and no canary appears in logs or responses. */
export function expectNoLeaks(console_: ConsoleCapture, server: ResponseServer): void {
  for (const line of console_.lines) {
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed).filter((k) => !ALLOWED_LOG_FIELDS.includes(k))).toEqual([]);
  }
  const everything = [...console_.lines, ...server.received.map((r) => r.raw)].join('\n');
  for (const canary of [...CANARIES, JSON.stringify(CANARY_SECRET).slice(1, -1)]) {
    expect(everything.includes(canary)).toBe(false);
  }
}

/** Fast retries for unit tests; each test file applies them before importing the handler. */
export function fastRetries(): void {
  process.env.PPP_RETRY_BASE_MS = '2';
  process.env.PPP_CONFIRM_RETRY_MS = '2';
  process.env.PPP_RETRY_MAX_BACKOFF_MS = '20';
  // What the construct sets on the handler: the stack and account it serves (the events below come from them).
  process.env[ENV_STACK_ID] = STACK_ID;
  process.env[ENV_ACCOUNT_ID] = ACCOUNT;
}

/** What a handler test file works with: both SDK clients mocked, the ResponseURL server, the console capture. */
export interface HandlerHarness {
  readonly invoicing: AwsClientStub<InvoicingClient>;
  readonly secrets: AwsClientStub<SecretsManagerClient>;
  /** Answers as `cloudformationState` says; a test may script it otherwise. */
  readonly cloudformation: AwsClientStub<CloudFormationClient>;
  readonly server: ResponseServer;
  readonly output: ConsoleCapture;
}

/**
 * Registers the hooks every handler test file needs (call it at the top of the file): fast retries, fresh mocks and
 * scripted response statuses before each test, and after each one the proof that no canary leaked.
 */
/** The reads of the supplier check before every Create (preference/supplier.ts, tested on its own). */
const SUPPLIER_CHECK: ReadonlySet<string> = new Set(['ListProcurementPortalsCommand', 'ListProcurementPortalSuppliersCommand']);

/**
 * The Invoicing mock, its `calls()` without the supplier check's reads: every Create begins with them (an account whose
 * portals list nothing leaves the id unchecked), and the tests count what the lifecycle itself calls.
 */
function invoicingMock(): AwsClientStub<InvoicingClient> {
  const mock = mockClient(InvoicingClient);
  const calls = mock.calls.bind(mock);
  mock.calls = () => calls().filter((call) => !SUPPLIER_CHECK.has(call.args[0].constructor.name));
  return mock;
}

export function useHandlerHarness(): HandlerHarness {
  fastRetries();
  const harness: HandlerHarness = {
    invoicing: invoicingMock(),
    secrets: mockClient(SecretsManagerClient),
    cloudformation: mockClient(CloudFormationClient),
    server: new ResponseServer(),
    output: new ConsoleCapture(),
  };
  beforeAll(() => harness.server.start());
  afterAll(() => harness.server.stop());
  beforeEach(() => {
    harness.invoicing.reset();
    harness.secrets.reset();
    harness.cloudformation.reset();
    harness.cloudformation.on(DescribeStacksCommand).callsFake(async () => ({
      Stacks: [{ StackId: STACK_ID, StackName: 'Demo', StackStatus: cloudformationState.stackStatus, CreationTime: new Date('2026-01-01T00:00:00Z') }],
    }));
    harness.cloudformation.on(DescribeStackResourceCommand).callsFake(async (input: { LogicalResourceId: string }) => ({
      StackResourceDetail: {
        LogicalResourceId: input.LogicalResourceId,
        ResourceType: RESOURCE_TYPE,
        ResourceStatus: cloudformationState.resourceStatus,
        LastUpdatedTimestamp: new Date('2026-01-01T00:00:00Z'),
      },
    }));
    // The preference an Update or Delete names is this resource's (its owner tag); any other is not, unless a test
    // says otherwise.
    harness.invoicing.on(ListTagsForResourceCommand).callsFake(async (input: { ResourceArn: string }) => ({
      ResourceTags: input.ResourceArn === cloudformationState.physicalId ? [OWNER_TAG] : [],
    }));
    harness.server.statuses = [];
    harness.output.start();
  });
  afterEach(() => {
    harness.output.stop();
    expectNoLeaks(harness.output, harness.server);
  });
  return harness;
}
