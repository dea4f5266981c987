// @ts-check
'use strict';
/**
 * A stand-in for the Lambda Node.js runtime, run by the simulator as a child process (one process per invocation, so
 * every invocation starts with fresh module state, like a new Lambda container, and can be killed like one).
 *
 * Protocol over the IPC channel: the parent sends `{ handlerFile, handlerName, event, timeoutMs, functionName }`; this
 * process loads the module (the init phase), reports `{ type: 'start' }` (the parent's timeout clock starts here, as
 * Lambda's does), awaits the handler and reports `{ type: 'done', error? }`, then exits. It is plain JavaScript so
 * that it runs without a TypeScript loader; `tools/tsconfig.json` type-checks it (checkJs).
 */

/**
 * @typedef {{ handlerFile: string, handlerName: string, event: unknown, timeoutMs: number, functionName: string }} Invocation
 */

/** @param {unknown} err */
function describeError(err) {
  if (err instanceof Error) return { errorType: err.name, errorMessage: err.message };
  return { errorType: typeof err, errorMessage: String(err) };
}

/** @param {object} message */
function report(message) {
  return new Promise((resolve) => {
    if (!process.send) return resolve(undefined);
    process.send(message, () => resolve(undefined));
  });
}

process.once('message', (/** @type {Invocation} */ invocation) => {
  void run(invocation).then(
    () => process.exit(0),
    () => process.exit(1),
  );
});

/** @param {Invocation} invocation */
async function run(invocation) {
  /** @type {Record<string, unknown>} */
  let module;
  try {
    module = require(invocation.handlerFile);
  } catch (err) {
    // Lambda reports an init error as Runtime.ImportModuleError and the invocation fails.
    console.error(JSON.stringify({ errorType: 'Runtime.ImportModuleError', errorMessage: describeError(err).errorMessage }));
    await report({ type: 'done', error: 'Runtime.ImportModuleError' });
    throw err;
  }
  const handler = module[invocation.handlerName];
  if (typeof handler !== 'function') {
    console.error(JSON.stringify({ errorType: 'Runtime.HandlerNotFound', errorMessage: `${invocation.handlerName} is not a function` }));
    await report({ type: 'done', error: 'Runtime.HandlerNotFound' });
    throw new Error('handler not found');
  }
  await report({ type: 'start' });
  const started = Date.now();
  const awsRequestId = globalThis.crypto.randomUUID();
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: invocation.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${invocation.functionName}`,
    memoryLimitInMB: '128',
    awsRequestId,
    logGroupName: `/aws/lambda/${invocation.functionName}`,
    logStreamName: `2026/01/01/[$LATEST]${awsRequestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, invocation.timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    await handler(invocation.event, context);
  } catch (err) {
    // What the Lambda runtime logs for a rejected handler promise; an asynchronous invocation is then retried.
    console.error(`ERROR\tInvoke Error\t${JSON.stringify(describeError(err))}`);
    await report({ type: 'done', error: describeError(err).errorType });
    throw err;
  }
  await report({ type: 'done' });
}
