import * as path from 'path';
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { applyNodeRuntime, newestNodeRuntime } from './node-runtime';
import { DEFAULT_LOG_RETENTION } from './provider';
import { METRIC_NAMESPACE } from '../contract/wire';

/** What differs between the library's scheduled functions (the status poller, the delivery monitor, the enrolment). */
export interface MetricFunctionProps {
  /** Its bundle's folder under assets/lambda. */
  readonly bundle: 'status-poller' | 'delivery-monitor' | 'enrolment';
  readonly description: string;
  /** What its own role may do, in a sentence. */
  readonly roleDescription: string;
  /** The calls it makes that name no resource, so that IAM matches them only against "*", and why. */
  readonly onAnyResource: { readonly sid: string; readonly actions: string[]; readonly why: string };
  readonly timeout: Duration;
  readonly environment?: Record<string, string>;
  readonly reservedConcurrentExecutions?: number;
}

/**
 * One of the library's small scheduled functions that write embedded-metric-format lines, under `scope`: its own log
 * group (`LogGroup`) and role (`Role`: the log writes and the `onAnyResource` statement; the caller adds the rest),
 * its own bundle, the newest Node.js runtime (or the stack's `lambdaRuntime`, node-runtime.ts), arm64, 128 MB, and the
 * text log format, so its metric lines reach CloudWatch Logs unchanged, one JSON document per line, as metric
 * extraction expects.
 */
export function metricFunction(scope: Construct, props: MetricFunctionProps): { function: lambda.Function; role: iam.Role } {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', { retention: DEFAULT_LOG_RETENTION });
  const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: props.roleDescription });
  logGroup.grantWrite(role);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: props.onAnyResource.sid, actions: props.onAnyResource.actions, resources: ['*'] }));
  role.node.findChild('DefaultPolicy').node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
    'AwsSolutions-IAM5[Resource::*]': props.onAnyResource.why,
  });
  const fn = new lambda.Function(scope, 'Function', {
    description: props.description,
    code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', 'lambda', props.bundle)),
    handler: 'index.handler',
    runtime: newestNodeRuntime(),
    architecture: lambda.Architecture.ARM_64,
    memorySize: 128,
    timeout: props.timeout,
    role,
    logGroup,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    loggingFormat: lambda.LoggingFormat.TEXT,
    environment: { PPP_METRIC_NAMESPACE: METRIC_NAMESPACE, ...props.environment },
  });
  applyNodeRuntime(fn);
  return { function: fn, role };
}
