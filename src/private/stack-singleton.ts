import { Stack } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';

/**
 * The stack's one construct of a kind under `id` (the handler provider, the status poller), made by `create` the
 * first time it is asked for. Another construct holding that id is refused rather than silently shared.
 */
export function stackSingleton<T extends Construct>(scope: IConstruct, id: string, isKind: (c: IConstruct) => c is T,
  what: string, create: (stack: Stack) => T): T {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(id);
  if (existing === undefined) return create(stack);
  if (!isKind(existing)) {
    throw new Error(`[${stack.node.path}] the construct id '${id}' is reserved by cdk-procurement-portal for its ${what}, but the stack already holds another construct with that id`);
  }
  return existing;
}
