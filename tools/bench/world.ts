/**
 * What the API-call and concurrency figures share: an L2 stack synthesized to a cloud assembly and read the way
 * CloudFormation sees it, and the local world the demo and `simulate` use too (one handler process per invocation,
 * each reporting its peak RSS).
 */
import * as path from 'node:path';
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Report } from './report';
import { CLI_CONTEXT, addSecrets, l2Props } from './stacks';
import { ProcurementPortalPreference, ProcurementPortalPreferenceProps } from '../../src';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { CloudFormationSimulator, Delivery, Invocation } from '../cloudformation/simulator';
import { StackInAssembly, readStack } from '../cloudformation/template';
import { LocalWorld } from '../local-world';

export const STACK_NAME = 'BenchStack';
const RSS_PROBE = path.join(__dirname, 'rss-probe.js');

/** Synthesizes the app and reads its one stack's custom resources (properties resolved, handler asset located). */
export function synthesizeAndRead(app: App, types: string | readonly string[] = RESOURCE_TYPE): StackInAssembly {
  const assembly = app.synth();
  return readStack(assembly.directory, STACK_NAME, types);
}

/** The calls of one event's confirmation with CloudFormation (lambda/event/confirmation.ts). */
const CONFIRMATION = ['DescribeStacks', 'DescribeStackResource'];

/**
 * The local world (tools/local-world.ts) for the stack, its handler processes each reporting their peak RSS. Stop it
 * with `stop()`.
 */
export async function benchWorld(stack: StackInAssembly): Promise<LocalWorld> {
  return LocalWorld.start(stack, { handlerEnvironment: { NODE_OPTIONS: `--require ${RSS_PROBE}` } });
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

  constructor(private readonly report: Report, private readonly world: LocalWorld, private readonly sim: CloudFormationSimulator) {}

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
