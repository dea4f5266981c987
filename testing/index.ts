/**
 * `cdk-procurement-portal/testing`: your app's deploy lifecycle, played locally in your own tests, with no AWS account.
 * TypeScript and JavaScript only (a subpath that jsii does not translate); the same as
 * `npx cdk-procurement-portal simulate`.
 *
 * ```ts
 * import { simulateLifecycle } from 'cdk-procurement-portal/testing';
 *
 * test('the stack deploys, rotates and deletes cleanly', async () => {
 *   const [stack] = await simulateLifecycle(buildApp());
 *   expect(stack.ok).toBe(true);
 * });
 * ```
 */
import type { SimulatedStack } from './report';
import { bundledRuntime, stacksWithPreferences } from '../cli/simulate/assembly';
import { simulateStack } from '../cli/simulate/play';

export type { FinalPreference, SimulatedEvent, SimulatedStack, SimulatedStep } from './report';

/** What `simulateLifecycle` plays: an app (synthesized here) or the directory of a cloud assembly. */
export type Synthesizable = { synth(): { readonly directory: string } } | string;

export interface SimulateLifecycleOptions {
  /** One stack (default: every stack with a preference). */
  readonly stack?: string;
  /** A second synth of the same app: the update step deploys it. */
  readonly next?: Synthesizable;
  /** Progress lines (default: none). */
  readonly progress?: (line: string) => void;
}

function directoryOf(app: Synthesizable): string {
  return typeof app === 'string' ? app : app.synth().directory;
}

/**
 * Creates each stack with preferences against local emulators of Invoicing, Secrets Manager and CloudFormation, updates
 * it to `next` when given, rotates each shared secret and deletes it, every event answered by the handler bundled in
 * the assembly. Resolves with one report per stack (`ok` false when an event FAILED or a stack did not reach its
 * status); rejects when the assembly has no preference.
 */
export async function simulateLifecycle(app: Synthesizable, options: SimulateLifecycleOptions = {}): Promise<SimulatedStack[]> {
  const stacks = stacksWithPreferences(directoryOf(app), options.stack);
  const nextStacks = options.next === undefined ? [] : stacksWithPreferences(directoryOf(options.next), options.stack);
  const reports: SimulatedStack[] = [];
  for (const stack of stacks) {
    const next = nextStacks.find((s) => s.stackName === stack.stackName);
    reports.push(await simulateStack(stack, next, bundledRuntime(), options.progress ?? (() => undefined)));
  }
  return reports;
}
