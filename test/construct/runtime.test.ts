import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { errorOf, newPreference, newStack } from './helpers';
import { newestNodeRuntime } from '../../src/private/node-runtime';

/** The Runtime of every function the library created in the stack. */
function runtimes(stack: cdk.Stack): string[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map((f) => f.Properties.Runtime as string);
}

describe('the functions\' Node.js runtime (lambdaRuntime)', () => {
  test('by default, the newest Node.js runtime the installed aws-cdk-lib knows, for the handler and the status poller', () => {
    const stack = newStack();
    const preference = newPreference(stack);
    preference.metricPurchaseOrderRetrievalActive(); // brings the status poller

    const newest = Object.values(lambda.Runtime).filter((r): r is lambda.Runtime => r instanceof lambda.Runtime && !r.isVariable)
      .map((r) => /^nodejs(\d+)\.x$/.exec(r.name)).filter((m): m is RegExpExecArray => m !== null).map((m) => Number(m[1]));
    expect(runtimes(stack)).toEqual([`nodejs${Math.max(...newest)}.x`, `nodejs${Math.max(...newest)}.x`]);
    expect(newestNodeRuntime().name).toBe(`nodejs${Math.max(...newest)}.x`);
  });

  test('a newer runtime an upgraded aws-cdk-lib adds is picked up at synth, with no library release', () => {
    const future = new lambda.Runtime('nodejs26.x', lambda.RuntimeFamily.NODEJS);
    Object.defineProperty(lambda.Runtime, 'NODEJS_26_X', { value: future, enumerable: true, configurable: true });
    try {
      const stack = newStack();
      newPreference(stack);
      expect(runtimes(stack)).toEqual(['nodejs26.x']);
    } finally {
      delete (lambda.Runtime as unknown as Record<string, unknown>).NODEJS_26_X;
    }
  });

  test('pinned: every function of the stack gets it', () => {
    const stack = newStack();
    newPreference(stack, { lambdaRuntime: lambda.Runtime.NODEJS_22_X }).metricEinvoiceDeliveryActive();
    expect(runtimes(stack)).toEqual(['nodejs22.x', 'nodejs22.x']);
  });

  test.each([
    [lambda.Runtime.NODEJS_20_X, "got 'nodejs20.x'"],
    [lambda.Runtime.NODEJS_LATEST, 'a runtime that changes over time'],
    [lambda.Runtime.PYTHON_3_12, "got 'python3.12'"],
  ])('fails when the runtime is %s, naming the prop and what is allowed', (runtime, got) => {
    const stack = newStack();
    const message = errorOf(() => newPreference(stack, { lambdaRuntime: runtime }));
    expect(message).toContain('lambdaRuntime must be a Node.js runtime of version 22 or newer, named by its version (such as lambda.Runtime.NODEJS_22_X)');
    expect(message).toContain(got);
  });

  test('fails when two preferences of a stack pin different runtimes', () => {
    const stack = newStack();
    newPreference(stack, { lambdaRuntime: lambda.Runtime.NODEJS_22_X }, 'A');
    expect(errorOf(() => newPreference(stack, { lambdaRuntime: lambda.Runtime.NODEJS_24_X, buyerIdentifier: 'AN09' }, 'B')))
      .toContain("lambdaRuntime must be the same for every preference of a stack (they share its functions), got 'nodejs24.x' here and 'nodejs22.x' at");
  });
});
