import { Aws, Duration, Lazy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { stackSingleton } from './stack-singleton';
import { SECRET_EVENT_SOURCE, SECRET_LABEL_UPDATED, SETTLED_STACK_STATUSES, STACK_EVENT_SOURCE, STACK_STATUS_CHANGE } from '../contract/wire';

/** Construct id of the stack's rotation watch: part of the public contract (logical ids derive from it). */
export const ROTATION_WATCH_ID = 'ProcurementPortalSecretRotation';

/**
 * Secrets per rule: EventBridge's default event-pattern quota is 2,048 characters, and a resolved secret ARN takes
 * about 100 of them.
 */
const SECRETS_PER_RULE = 15;

/** How often a pass runs without any event: it catches up with secrets of another region or account, whose events reach another bus. */
export const REAPPLY_SCHEDULE = Duration.hours(1);

/**
 * Starts the handler's secret re-apply passes: on Secrets Manager's "Secret Label Updated" events (AWSCURRENT moved: a
 * rotation, PutSecretValue or UpdateSecret with a value) of the stack's referenced secrets, sent with no CloudTrail
 * trail; on the stack's own status changes once an operation completed (a pass that found a deploy running waits for
 * it); and on a schedule. One watch per stack, its secret rules listing the secrets lazily as preferences register them.
 */
export class RotationWatch extends Construct {
  public static of(scope: IConstruct, handler: lambda.IFunction, role: iam.Role): RotationWatch {
    return stackSingleton(scope, ROTATION_WATCH_ID, (c): c is RotationWatch => c instanceof RotationWatch, 'secret rotation watch',
      (stack) => new RotationWatch(stack, ROTATION_WATCH_ID, handler, role));
  }

  private readonly patterns: unknown[][] = [];
  private readonly watched = new Set<string>();

  private constructor(scope: Construct, id: string, private readonly handler: lambda.IFunction, role: iam.Role) {
    super(scope, id);
    // A pass Gets each preference it re-applies (only its secret-fed fields change) and lists the stack's preferences.
    // Get supports no resource type in the Service Authorization Reference, like Put: matched against "*".
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadPreferencesForSecretReapply',
      actions: ['invoicing:GetProcurementPortalPreference'],
      resources: ['*'],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ListOwnStackResourcesForSecretReapply',
      actions: ['cloudformation:ListStackResources'],
      resources: [Aws.STACK_ID],
    }));
    new events.Rule(this, 'StackSettled', {
      description: 'cdk-procurement-portal: re-applies rotated secrets once a deploy of this stack has completed',
      eventPattern: {
        source: [STACK_EVENT_SOURCE],
        detailType: [STACK_STATUS_CHANGE],
        detail: { 'stack-id': [Aws.STACK_ID], 'status-details': { status: [...SETTLED_STACK_STATUSES] } },
      },
      targets: [new targets.LambdaFunction(handler)],
    });
    new events.Rule(this, 'Schedule', {
      description: 'cdk-procurement-portal: re-applies rotated secrets that no event announced',
      schedule: events.Schedule.rate(REAPPLY_SCHEDULE),
      targets: [new targets.LambdaFunction(handler)],
    });
  }

  /** Watches a secret (once, however many preferences reference it). */
  public watch(secret: secretsmanager.ISecret): void {
    // A token's string is its identity: cheap to compare, and the same secret construct always gives the same one.
    if (this.watched.has(secret.secretArn)) return;
    this.watched.add(secret.secretArn);
    if (this.patterns.length === 0 || this.patterns[this.patterns.length - 1].length >= SECRETS_PER_RULE) this.addRule();
    // The event names the complete ARN; an import by name knows only the ARN without its six-character suffix.
    this.patterns[this.patterns.length - 1].push(secret.secretFullArn ?? { prefix: `${secret.secretArn}-` });
  }

  private addRule(): void {
    const resources: unknown[] = [];
    this.patterns.push(resources);
    const rule = new events.Rule(this, this.patterns.length === 1 ? 'Rule' : `Rule${this.patterns.length}`, {
      description: 'cdk-procurement-portal: re-applies a rotated secret to the preferences that reference it',
      eventPattern: {
        source: [SECRET_EVENT_SOURCE],
        detailType: [SECRET_LABEL_UPDATED],
        detail: { labelUpdated: ['AWSCURRENT'] },
        resources: Lazy.list({ produce: () => resources as string[] }),
      },
    });
    rule.addTarget(new targets.LambdaFunction(this.handler));
  }
}
