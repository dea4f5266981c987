import { Annotations, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * One preference per portal, buyer and supplier in an account (the API's rule), checked across the whole app: two
 * declarations of one identity would deploy to a misleading "already exists outside this stack" for the second.
 */

interface Claim {
  readonly path: string;
  readonly stack: Stack;
}

/** The identities declared in each app (keyed by the construct tree's root), with who declared them. */
const claims = new WeakMap<IConstruct, Map<string, Claim[]>>();

/** The stack CloudFormation deploys a stack with: a nested stack goes with its parent, into the same account. */
function deployedWith(stack: Stack): Stack {
  let current = stack;
  while (current.nestedStackParent) current = current.nestedStackParent;
  return current;
}

/** True or false when the two stacks' accounts are known to be the same or different; undefined when unknown. */
function sameAccount(a: Stack, b: Stack): boolean | undefined {
  if (deployedWith(a) === deployedWith(b)) return true;
  if (Token.isUnresolved(a.account) || Token.isUnresolved(b.account)) return undefined;
  return a.account === b.account;
}

/**
 * Records the identity `parts` (portal, buyer domain and identifier, supplier domain and identifier) for `scope`.
 * Returns an error when the identity is already declared in the same account (the same stack, a stack and its nested
 * stack, or two stacks of one known account); adds a warning when the accounts are not known at synth time.
 */
export function claimIdentity(scope: IConstruct, parts: readonly string[]): string | undefined {
  const inApp = claims.get(scope.node.root) ?? new Map<string, Claim[]>();
  claims.set(scope.node.root, inApp);
  const key = JSON.stringify(parts);
  const earlier = inApp.get(key) ?? [];
  const stack = Stack.of(scope);
  inApp.set(key, [...earlier, { path: scope.node.path, stack }]);
  const what = `a preference for portal ${parts[0]}, buyer ${parts[1]} '${parts[2]}' and supplier ${parts[3]} '${parts[4]}'`;
  const rule = 'the Invoicing API allows one preference per portal, buyer and supplier';
  for (const claim of earlier) {
    if (claim.stack === stack) {
      return `${what} is already declared in this stack at ${claim.path}; ${rule}`;
    }
    const same = sameAccount(claim.stack, stack);
    if (same === true) {
      return `${what} is already declared at ${claim.path}, which deploys to the same account; ${rule} in an account, `
        + 'so the second to deploy would fail with "already exists outside this stack"';
    }
    if (same === undefined) {
      Annotations.of(scope).addWarningV2('cdk-procurement-portal:duplicate-identity', `${what} is also declared at ${claim.path}; `
        + `the accounts of the two stacks are not known at synth time: if they are the same, ${rule} in an account, and the `
        + 'second to deploy fails with "already exists outside this stack"');
    }
  }
  return undefined;
}
