/**
 * The end-to-end world: both emulators, a CloudFormation simulator running the BUNDLED handler, the hooks every file
 * registers (`useWorld`), the checks of a stack operation, and a record of everything the suite captured (responses,
 * Reasons, log lines) for the final canary scan. The canaries are those of test/fixtures.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PortalSecret, ProcurementPortalPreference } from '../../src';
import { HANDLED_RESOURCE_TYPES } from '../../src/contract/invoice-unit';
import { PreferenceProperties, RESOURCE_TYPE } from '../../src/contract/wire';
import { CloudFormationSimulator, Delivery, Invocation, SimulatorOptions, StackOperation } from '../../tools/cloudformation/simulator';
import { StackInAssembly, readStack } from '../../tools/cloudformation/template';
import { HANDLER_BUNDLE, assertBundle } from '../../tools/emulators/bundles';
import { CloudFormationEmulator } from '../../tools/emulators/cloudformation';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';
import { SecretsManagerEmulator } from '../../tools/emulators/secrets-manager';
import { CANARY_CONTACT, CANARY_SECRET, CANARY_TEST_SECRET, coupaProps, minimalProps } from '../fixtures';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Everything the suite captured, scanned at the end. */
export const captured: Invocation[] = [];
/** The test each captured invocation belongs to (same order as `captured`). */
export const capturedIn: string[] = [];
/** The emulators' operation logs of every test (kept before each reset). */
export const capturedEmulatorLogs: string[] = [];

/** Fast timings for the handler under test (its PPP_* knobs), so that faults play out in seconds. */
export const FAST_TUNING: Readonly<Record<string, string>> = {
  PPP_RETRY_BASE_MS: '20',
  PPP_RETRY_MAX_BACKOFF_MS: '200',
  PPP_ATTEMPT_TIMEOUT_MS: '1500',
  PPP_RESPONSE_RESERVE_MS: '800',
  PPP_CONFIRM_RETRY_MS: '20',
};

/** The test environment's secret of the fixture app, imported by name. */
const FIXTURE_TEST_SECRET = 'coupa/test-shared-secret';

/**
 * The app every end-to-end test of the lifecycle derives its events from, synthesized like a user's: Coupa (the
 * contract's preference, its shared secret a JSON field of the stack's own secret, the test environment's imported by
 * name, the tag `team`), Sap (purchase orders only, the same shared secret) and SapLookup (Sap with AWS's supplier
 * id looked up: the seller of record AWS_EMEA in LU).
 */
function synthesizeFixture(): StackInAssembly {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-fixture-'));
  const app = new cdk.App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new cdk.Stack(app, 'E2eFixture');
  const shared = PortalSecret.fromSecretsManager(new secretsmanager.Secret(stack, 'E2eSharedSecret'), { jsonField: 'sharedSecret' });
  const test = PortalSecret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'TestSecret', FIXTURE_TEST_SECRET));
  const coupa = new ProcurementPortalPreference(stack, 'Coupa', coupaProps({ shared, test }));
  cdk.Tags.of(coupa).add('team', 'finance');
  new ProcurementPortalPreference(stack, 'Sap', minimalProps({ sharedSecret: shared }));
  new ProcurementPortalPreference(stack, 'SapLookup', minimalProps({
    sharedSecret: shared, buyerIdentifier: 'AN02000000011', supplierIdentifier: undefined, supplierLookup: { sellerOfRecord: 'AWS_EMEA', countryCode: 'LU' },
  }));
  app.synth();
  return readStack(outdir, 'E2eFixture', RESOURCE_TYPE);
}

export class World {
  readonly invoicing = new InvoicingEmulator();
  readonly secrets = new SecretsManagerEmulator();
  /** Follows every simulator's stack (DescribeStacks, ListStackResources, GetTemplate), as the handler reads it. */
  readonly cloudformation = new CloudFormationEmulator();
  /** The shared secret's ARN (a JSON secret with field `sharedSecret`) and the test environment's (a plain string). */
  secretArn = '';
  testSecretArn = '';
  /** The running test's simulator: `useWorld` starts one before each test; every simulator stops after the test. */
  sim!: CloudFormationSimulator;
  private readonly simulators: CloudFormationSimulator[] = [];

  /** The fixture app's stack, synthesized when the world starts: `coupa()` and `sap()` are its preferences. */
  private fixture!: StackInAssembly;

  async start(): Promise<void> {
    assertBundle(HANDLER_BUNDLE);
    this.fixture = synthesizeFixture();
    await Promise.all([this.invoicing.start(), this.secrets.start(), this.cloudformation.start()]);
    this.seedSecrets();
  }

  async stop(): Promise<void> {
    await this.stopSimulators();
    await Promise.all([this.invoicing.stop(), this.secrets.stop(), this.cloudformation.stop()]);
    if (this.fixture) fs.rmSync(path.dirname(this.fixture.templateFile), { recursive: true, force: true });
  }

  async stopSimulators(): Promise<void> {
    await Promise.all(this.simulators.splice(0).map((simulator) => simulator.stop()));
  }

  /** Forgets state and faults between tests. */
  reset(): void {
    capturedEmulatorLogs.push(JSON.stringify(this.invoicing.log), JSON.stringify(this.secrets.log));
    this.invoicing.reset();
    this.invoicing.clearFaults();
    this.secrets.reset();
    this.cloudformation.reset();
    this.seedSecrets();
  }

  /** A simulator of one stack running the bundle against the emulators. */
  async simulator(options: Partial<SimulatorOptions> = {}, base?: StackInAssembly): Promise<CloudFormationSimulator> {
    const simulator: CloudFormationSimulator = new CloudFormationSimulator({
      // The handler asset of the fixture's cdk.out (the bundle the package ships, as a synth copies it).
      handlerFile: this.fixture.customResources[0].handler.file,
      lambdaTimeoutMs: 5_000,
      stackName: 'E2eStack',
      ...options,
      environment: {
        AWS_ENDPOINT_URL_INVOICING: this.invoicing.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: this.secrets.endpoint,
        AWS_ENDPOINT_URL_CLOUDFORMATION: this.cloudformation.endpoint,
        ...FAST_TUNING,
        ...options.environment,
      },
      ...this.cloudformation.tracking(() => simulator, base),
      onInvocation: (invocation) => {
        captured.push(invocation);
        capturedIn.push(expect.getState().currentTestName ?? '');
        options.onInvocation?.(invocation);
      },
    });
    this.simulators.push(simulator);
    await simulator.start();
    return simulator;
  }

  /**
   * A stack of a synthesized cloud assembly, ready to deploy: its secrets seeded (`values` by secret name, a JSON
   * shared secret by default; their complete ARNs in `secretArns`), and a simulator running the handler asset of that cdk.out, with that stack's id, whose
   * stack the CloudFormation emulator follows with the synthesized template.
   */
  async fromAssembly(assemblyDir: string, stackName: string, values: Record<string, string> = {},
    options: Partial<SimulatorOptions> = {}): Promise<{ stack: StackInAssembly; sim: CloudFormationSimulator; secretArns: Record<string, string> }> {
    const stack = readStack(assemblyDir, stackName, HANDLED_RESOURCE_TYPES);
    const secretArns: Record<string, string> = {};
    for (const secret of stack.secrets) {
      const value = values[secret.name] ?? JSON.stringify({ sharedSecret: CANARY_SECRET });
      // The world's own secrets (seedSecrets) may have the name already: given the assembly's value instead.
      const existing = [this.secretArn, this.testSecretArn].find((arn) => arn.slice(0, -7).endsWith(`:secret:${secret.name}`));
      if (existing) this.secrets.putValue(existing, value);
      secretArns[secret.name] = existing ?? this.secrets.seed({ name: secret.name, value, arn: secret.logicalId ? secret.arn : undefined });
    }
    const [first] = stack.customResources;
    const sim = await this.simulator({
      ...options,
      handlerFile: first.handler.file,
      stackName,
      stackId: stack.stackId,
      resourceTypes: Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.type])),
      environment: { ...first.handler.environment, ...options.environment },
    }, stack);
    return { stack, sim, secretArns };
  }

  /** The fixture's secrets: its own shared secret (a JSON value), the test environment's imported by name. */
  private seedSecrets(): void {
    const shared = this.fixture.secrets.find((secret) => secret.logicalId !== undefined)!;
    this.secretArn = this.secrets.seed({ name: shared.name, arn: shared.arn, value: JSON.stringify({ sharedSecret: CANARY_SECRET, other: 'x' }) });
    this.testSecretArn = this.secrets.seed({ name: FIXTURE_TEST_SECRET, value: CANARY_TEST_SECRET });
  }

  /**
   * A preference of the fixture app as CloudFormation sends it to the handler (resolved, before stringification),
   * with the canary contact in place of the literal one the app declares (a canary is never written into a template),
   * then `overrides`: the derived event altered, never one written from scratch.
   */
  private fixturePreference(id: string, overrides: Partial<Record<keyof PreferenceProperties, unknown>>): Record<string, unknown> {
    const resource = this.fixture.customResources.find((r) => r.logicalId.replace(/[0-9A-F]{8}$/, '') === id);
    if (!resource) throw new Error(`the fixture app has no preference ${id}`);
    return { ...structuredClone(resource.properties), Contacts: [{ ...CANARY_CONTACT }], ...overrides };
  }

  /** The Coupa preference (e-invoice delivery, a test environment whose secret is imported by name: a partial ARN). */
  coupa(overrides: Partial<Record<keyof PreferenceProperties, unknown>> = {}): Record<string, unknown> {
    return this.fixturePreference('Coupa', overrides);
  }

  /** The outcomes of the Invoicing calls of this test, of one operation or all. */
  outcomes(operation?: string): string[] {
    return this.invoicing.log.filter((e) => operation === undefined || e.operation === operation).map((e) => e.outcome);
  }

  /** The SAP preference whose supplier id the handler looks up (seller of record AWS_EMEA, country LU). */
  sapLookup(overrides: Partial<Record<keyof PreferenceProperties, unknown>> = {}): Record<string, unknown> {
    return this.fixturePreference('SapLookup', overrides);
  }

  /** A minimal SAP preference (purchase orders only), with the shared secret. */
  sap(overrides: Partial<Record<keyof PreferenceProperties, unknown>> = {}): Record<string, unknown> {
    return this.fixturePreference('Sap', overrides);
  }
}

/**
 * Registers the hooks of an end-to-end file and returns its world: started once, reset before each test with a fresh
 * simulator (`world.sim`, with `options`), every simulator stopped after each test. `E2E_REASONS_FILE=<path>` appends
 * every response's Status and Reason per test (what a user would see).
 */
export function useWorld(options: Partial<SimulatorOptions> = {}): World {
  const world = new World();
  beforeAll(() => world.start());
  afterAll(async () => {
    await world.stop();
    const reasonsFile = process.env.E2E_REASONS_FILE;
    if (!reasonsFile) return;
    const lines = captured.map((i, n) => `${capturedIn[n]} | ${i.event.RequestType} | ${i.response?.Status ?? 'no response'} | ${i.response?.Reason
      ?? i.logs.filter((l) => l.stream === 'stderr').map((l) => l.text).join(' ')}`);
    fs.appendFileSync(reasonsFile, `${lines.join('\n')}\n`);
  });
  beforeEach(async () => {
    world.reset();
    world.sim = await world.simulator(options);
  });
  afterEach(() => world.stopSimulators());
  return world;
}

/** The stack operation ended in `status`; otherwise the failure shows each step's response. */
export function expectStatus(operation: StackOperation, status: string): void {
  const summary = operation.steps.map((s) => `${s.phase} ${s.delivery.event.RequestType} ${s.logicalResourceId}: `
    + `${s.delivery.response?.Status ?? 'no response'} ${s.delivery.response?.Reason ?? ''}`);
  expect({ status: operation.status, summary }).toEqual({ status, summary: operation.status === status ? expect.any(Array) : [] });
}

/** Every invocation kept CloudFormation's protocol (one response, right ids, size, no content type). */
export function expectClean(run: StackOperation | Delivery | Invocation): void {
  const invocations = 'steps' in run ? run.steps.flatMap((s) => s.delivery.invocations) : 'invocations' in run ? run.invocations : [run];
  for (const invocation of invocations) {
    const detail = invocation.violations.length > 0 ? describeInvocation(invocation) : '';
    expect({ violations: invocation.violations, detail }).toEqual({ violations: [], detail: '' });
  }
}

/** The physical id a step of the operation answered (the first by default). */
export function arnOf(operation: StackOperation, step = 0): string {
  return operation.steps[step].delivery.response!.PhysicalResourceId!;
}

/** The JSON log lines of an invocation, parsed. */
export function jsonLogs(invocation: Invocation): Array<Record<string, unknown>> {
  return invocation.logs.filter((l) => l.text.startsWith('{')).map((l) => JSON.parse(l.text) as Record<string, unknown>);
}

export function describeInvocation(invocation: Invocation): string {
  return JSON.stringify({
    requestType: invocation.event.RequestType,
    response: invocation.response,
    violations: invocation.violations,
    timedOut: invocation.timedOut,
    handlerError: invocation.handlerError,
    logs: invocation.logs.map((l) => l.text),
  }, null, 1);
}

/** A preference ARN as the Invoicing emulator makes them. */
export const PREFERENCE_ARN = /^arn:aws:invoicing::123456789012:procurement-portal-preference\/[0-9a-f-]{36}$/;

export function reasonOf(delivery: Delivery): string {
  return delivery.response?.Reason ?? '';
}

/**
 * A test app synthesized once for the file, its cloud assembly in `assembly.dir` (removed after the file): `build`
 * declares its stacks, as a user's app does. End-to-end tests start from it, never from a template written by hand.
 */
export function useSynthesizedApp(build: (app: cdk.App) => void): { readonly dir: string } {
  const assembly = { dir: '' };
  beforeAll(() => {
    assembly.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cdk-out-'));
    const app = new cdk.App({ outdir: assembly.dir });
    build(app);
    app.synth();
  });
  afterAll(() => fs.rmSync(assembly.dir, { recursive: true, force: true }));
  return assembly;
}
