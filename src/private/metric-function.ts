import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { applyNodeRuntime, newestNodeRuntime } from './node-runtime';
import { METRIC_NAMESPACE } from '../contract/wire';

/** What differs between the library's scheduled functions (the status poller, the delivery monitor, the enrolment). */
export interface MetricFunctionProps {
  /** Its bundle's folder under assets/lambda. */
  readonly bundle: 'status-poller' | 'delivery-monitor' | 'enrolment';
  readonly description: string;
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  readonly timeout: Duration;
  readonly environment?: Record<string, string>;
  readonly reservedConcurrentExecutions?: number;
}

/**
 * One of the library's small scheduled functions that write embedded-metric-format lines: its own bundle, the newest
 * Node.js runtime (or the stack's `lambdaRuntime`, node-runtime.ts), arm64, 128 MB, and the text log format, so its
 * metric lines reach CloudWatch Logs unchanged, one JSON document per line, as metric extraction expects.
 */
export function metricFunction(scope: Construct, id: string, props: MetricFunctionProps): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    description: props.description,
    code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', 'lambda', props.bundle)),
    handler: 'index.handler',
    runtime: newestNodeRuntime(),
    architecture: lambda.Architecture.ARM_64,
    memorySize: 128,
    timeout: props.timeout,
    role: props.role,
    logGroup: props.logGroup,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    loggingFormat: lambda.LoggingFormat.TEXT,
    environment: { PPP_METRIC_NAMESPACE: METRIC_NAMESPACE, ...props.environment },
  });
  applyNodeRuntime(fn);
  return fn;
}
