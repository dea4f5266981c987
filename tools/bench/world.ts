/**
 * What the API-call and concurrency figures share: an L2 stack synthesized to a cloud assembly and read the way
 * CloudFormation sees it, both emulators seeded with its secrets, and a CloudFormation simulator that runs the
 * handler asset from that assembly (one process per invocation, each reporting its peak RSS).
 */
import * as path from 'node:path';
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Report } from './report';
import { CLI_CONTEXT, addSecrets, l2Props } from './stacks';
import { ProcurementPortalPreference, ProcurementPortalPreferenceProps } from '../../src';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { CloudFormationSimulator, Delivery, Invocation } from '../cloudformation/simulator';
import { StackInAssembly, readStack } from '../cloudformation/template';
import { CloudFormationEmulator } from '../emulators/cloudformation';
import { InvoicingEmulator } from '../emulators/invoicing';
import { SecretsManagerEmulator } from '../emulators/secrets-manager';

export const STACK_NAME = 'BenchStack';
const RSS_PROBE = path.join(__dirname, 'rss-probe.js');

/** Synthesizes the app and reads its one stack's custom resources (properties resolved, handler asset located). */
export function synthesizeAndRead(app: App): StackInAssembly {
  const assembly = app.synth();
  return readStack(assembly.directory, STACK_NAME, RESOURCE_TYPE);
}

/** The calls of one event's confirmation with CloudFormation (lambda/event/confirmation.ts). */
const CONFIRMATION = ['DescribeStacks', 'DescribeStackResource'];

export class BenchWorld {
  /** Both emulators started, with the secrets the stack references. */
  static async seededFor(stack: StackInAssembly): Promise<BenchWorld> {
    const world = new BenchWorld();
    await Promise.all([world.invoicing.start(), world.secrets.start(), world.cloudformation.start()]);
    world.seedSecrets(stack);
    return world;
  }

  readonly invoicing = new InvoicingEmulator();
  readonly secrets = new SecretsManagerEmulator();
  /** Follows the simulated stack: the handler confirms every event with it. */
  readonly cloudformation = new CloudFormationEmulator();

  async stop(): Promise<void> {
    await Promise.all([this.invoicing.stop(), this.secrets.stop(), this.cloudformation.stop()]);
  }

  /** Gives every secret the stack references a value: the created one a JSON value, the imported one a string. */
  seedSecrets(stack: StackInAssembly): void {
    for (const secret of stack.secrets) {
      if (secret.logicalId !== undefined) {
        this.secrets.seed({ name: secret.name, arn: secret.arn, value: JSON.stringify({ sharedSecret: 'bench-shared-secret' }) });
      } else {
        this.secrets.seed({ name: secret.name, value: 'bench-test-shared-secret' });
      }
    }
  }

  /** A simulator running the stack's handler (its asset in cdk.out, its timeout and environment) against the emulators. */
  async simulator(stack: StackInAssembly): Promise<CloudFormationSimulator> {
    const handler = stack.customResources[0]?.handler;
    if (!handler) throw new Error(`the stack ${stack.stackName} has no ${RESOURCE_TYPE}`);
    const simulator: CloudFormationSimulator = new CloudFormationSimulator({
      handlerFile: handler.file,
      handlerName: handler.exportName,
      lambdaTimeoutMs: handler.timeoutSeconds * 1000,
      stackId: stack.stackId,
      stackName: STACK_NAME,
      environment: {
        ...handler.environment,
        AWS_ENDPOINT_URL_INVOICING: this.invoicing.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: this.secrets.endpoint,
        AWS_ENDPOINT_URL_CLOUDFORMATION: this.cloudformation.endpoint,
        NODE_OPTIONS: `--require ${RSS_PROBE}`,
      },
      ...this.cloudformation.tracking(() => simulator, stack),
    });
    await simulator.start();
    return simulator;
  }

  /** Calls per operation at the emulators so far. */
  callCounts(): Map<string, number> {
    return new Map([...this.invoicing.calls, ...this.secrets.calls, ...this.cloudformation.calls]);
  }
}

/** The peak RSS (KiB) the probe printed for one invocation's process; undefined when the process was killed first. */
export function peakRssKb(invocation: Invocation): number | undefined {
  for (const line of invocation.logs) {
    if (!line.text.startsWith('{"benchProbe"')) continue;
    const parsed = JSON.parse(line.text) as { maxRssKb?: number };
    if (typeof parsed.maxRssKb === 'number') return parsed.maxRssKb;
  }
  return undefined;
}

/** `after - before` per operation, zero counts left out. */
function callDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [operation, count] of after) {
    const d = count - (before.get(operation) ?? 0);
    if (d !== 0) delta.set(operation, d);
  }
  return delta;
}

/** An L2 stack (STACK_NAME) holding preference 0 of stacks.ts as `props` changes it, tagged through Tags.of(). */
export function onePreferenceApp(outdir: string, props: (props: ProcurementPortalPreferenceProps) => ProcurementPortalPreferenceProps,
  tags: Readonly<Record<string, string>> = {}): App {
  const app = new App({ outdir, context: { ...CLI_CONTEXT } });
  const stack = new Stack(app, STACK_NAME, { env: { account: '123456789012', region: 'us-east-1' } });
  const preference = new ProcurementPortalPreference(stack, 'Preference', props(l2Props(0, addSecrets(stack))));
  for (const [key, value] of Object.entries(tags)) Tags.of(preference).add(key, value);
  return app;
}

/** Why a delivery is not a clean answer with `status` (undefined when it is). */
export function deliveryProblems(delivery: Delivery, status: 'SUCCESS' | 'FAILED' = 'SUCCESS'): string | undefined {
  const response = delivery.response;
  const problems: string[] = [];
  if (!response) problems.push('no response');
  else if (response.Status !== status) problems.push(`${response.Status}: ${response.Reason ?? ''}`);
  if (delivery.invocations.length > 1) problems.push(`${delivery.invocations.length} invocations (Lambda retried)`);
  for (const invocation of delivery.invocations) problems.push(...invocation.violations);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/**
 * Plays lifecycle events through a simulator and reports, per event, the API calls counted at the emulators: a PASS
 * when they are exactly `expected` (or pass its check) and the delivery is clean. Keeps each process's peak RSS.
 */
export class CallCounter {
  readonly peakRssKb: number[] = [];

  constructor(private readonly report: Report, private readonly world: BenchWorld, private readonly sim: CloudFormationSimulator) {}

  async play(label: string, expectation: string, event: Parameters<CloudFormationSimulator['deliver']>[0],
    expected: Readonly<Record<string, number>> | ((delta: Map<string, number>) => boolean),
    status: 'SUCCESS' | 'FAILED' = 'SUCCESS'): Promise<Delivery> {
    const before = this.world.callCounts();
    const delivery = await this.sim.deliver(event);
    const delta = callDelta(before, this.world.callCounts());
    // Every event is first confirmed with CloudFormation: one DescribeStacks and one DescribeStackResource, counted apart.
    const confirmed = CONFIRMATION.every((op) => delta.get(op) === 1);
    CONFIRMATION.forEach((op) => delta.delete(op));
    const problems = [deliveryProblems(delivery, status), confirmed ? undefined : 'the event was not confirmed with CloudFormation exactly once']
      .filter(Boolean).join('; ') || undefined;
    for (const invocation of delivery.invocations) {
      const peak = peakRssKb(invocation);
      if (peak !== undefined) this.peakRssKb.push(peak);
    }
    const pass = typeof expected === 'function' ? expected(delta)
      : [...new Set([...delta.keys(), ...Object.keys(expected)])].every((k) => (delta.get(k) ?? 0) === (expected[k] ?? 0));
    const calls = delta.size === 0 ? 'no calls'
      : [...delta].sort(([a], [b]) => a.localeCompare(b)).map(([op, n]) => `${op} ${n}`).join(', ');
    this.report.target(`API calls, ${label}`, `${calls} + the confirmation; target ${expectation}${problems ? `; ${problems}` : ''}`,
      pass && problems === undefined);
    return delivery;
  }
}
