import { Lazy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/** The oldest Node.js major the functions' bundles and their AWS SDK support. */
export const MIN_NODE_MAJOR = 22;

function nodeMajor(runtime: lambda.Runtime): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime.name);
  return runtime.family === lambda.RuntimeFamily.NODEJS && match ? Number(match[1]) : undefined;
}

/**
 * The newest Node.js runtime the aws-cdk-lib of the app knows, read from its `Runtime` class at synth (never below
 * Node.js 22). Not `determineLatestNodeRuntime()`, which lags behind the newest runtime, while cdk-nag's
 * AwsSolutions-L1 asks for the newest one: a user upgrading aws-cdk-lib gets the newer runtime with no library release.
 */
export function newestNodeRuntime(): lambda.Runtime {
  let newest: { major: number; runtime: lambda.Runtime } | undefined;
  for (const value of Object.values(lambda.Runtime)) {
    if (!(value instanceof lambda.Runtime) || value.isVariable) continue;
    const major = nodeMajor(value);
    if (major !== undefined && major >= MIN_NODE_MAJOR && (newest === undefined || major > newest.major)) newest = { major, runtime: value };
  }
  return newest?.runtime ?? lambda.Runtime.NODEJS_22_X;
}

/** Why a runtime given to pin the library's functions is refused, or undefined. */
export function checkNodeRuntime(prop: string, runtime: lambda.Runtime): string | undefined {
  const major = nodeMajor(runtime);
  if (runtime.isVariable || major === undefined || major < MIN_NODE_MAJOR) {
    return `${prop} must be a Node.js runtime of version ${MIN_NODE_MAJOR} or newer, named by its version (such as lambda.Runtime.NODEJS_22_X), `
      + `got '${runtime.name}'${runtime.isVariable ? ' (a runtime that changes over time)' : ''}`;
  }
  return undefined;
}

const pinned = new WeakMap<Stack, { runtime: lambda.Runtime; path: string }>();

/**
 * Records a preference's `lambdaRuntime` for its stack (the functions are the stack's, shared by its preferences): a
 * problem when it is not a Node.js runtime of 22 or newer, or when another preference of the stack pinned another one.
 */
export function useNodeRuntime(requester: IConstruct, runtime: lambda.Runtime | undefined): string | undefined {
  if (runtime === undefined) return undefined;
  const problem = checkNodeRuntime('lambdaRuntime', runtime);
  if (problem) return problem;
  const stack = Stack.of(requester);
  const chosen = pinned.get(stack);
  if (chosen === undefined) {
    pinned.set(stack, { runtime, path: requester.node.path });
    return undefined;
  }
  if (chosen.runtime.name !== runtime.name) {
    return 'lambdaRuntime must be the same for every preference of a stack (they share its functions), '
      + `got '${runtime.name}' here and '${chosen.runtime.name}' at ${chosen.path}`;
  }
  return undefined;
}

/** The runtime of a function the library creates in this stack: the pinned one, else the newest (read at synth). */
export function applyNodeRuntime(fn: lambda.Function): void {
  const stack = Stack.of(fn);
  (fn.node.defaultChild as lambda.CfnFunction).runtime = Lazy.string({ produce: () => (pinned.get(stack)?.runtime ?? newestNodeRuntime()).name });
}
