import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, type IConstruct } from 'constructs';
import { metricFunction } from './metric-function';
import { stackSingleton } from './stack-singleton';
import { STATUS_POLL_MINUTES } from '../contract/constraints';
import { METRIC_DIMENSION, METRIC_NAMESPACE } from '../contract/wire';

/** Construct id of the poller under its stack: part of the public contract (logical ids derive from it). */
export const POLLER_ID = 'ProcurementPortalStatusPoller';

export const EINVOICE_DELIVERY_ACTIVE = 'EinvoiceDeliveryActive';
export const PURCHASE_ORDER_RETRIEVAL_ACTIVE = 'PurchaseOrderRetrievalActive';

export const DEFAULT_POLL_INTERVAL = Duration.minutes(15);

interface IntervalChoice {
  readonly minutes: number;
  /** The construct that chose it, for the conflict message. */
  readonly path: string;
}

const chosenIntervals = new WeakMap<Stack, IntervalChoice>();

/** `statusPollInterval` must be whole minutes from 1 minute to 1 day. */
export function checkPollInterval(prop: string, interval: Duration | undefined): string | undefined {
  if (interval === undefined) return undefined;
  if (!(interval instanceof Duration)) return `${prop} must be a Duration such as Duration.minutes(15)`;
  if (Token.isUnresolved(interval.toSeconds())) return `${prop} must be a literal Duration, not a token`;
  const seconds = interval.toSeconds();
  if (seconds % 60 !== 0 || seconds < STATUS_POLL_MINUTES.min * 60 || seconds > STATUS_POLL_MINUTES.max * 60) {
    return `${prop} must be whole minutes from ${STATUS_POLL_MINUTES.min} minute to ${STATUS_POLL_MINUTES.max} minutes (1 day), got ${interval.toHumanString()}`;
  }
  return undefined;
}

/**
 * The one status poller of a stack: a small Lambda (its own bundle and role: ListProcurementPortalPreferences only,
 * never Put, Delete, Get or a secret) run by a schedule, that writes one metric per preference of the account and
 * feature, 1 while ACTIVE, else 0. Created by the first metric asked for, never otherwise.
 */
export class StatusPoller extends Construct {
  /** The stack's poller, created by the first metric that asks for it. */
  public static of(scope: IConstruct): StatusPoller {
    return stackSingleton(scope, POLLER_ID, (c): c is StatusPoller => c instanceof StatusPoller, 'status poller',
      (stack) => new StatusPoller(stack, POLLER_ID));
  }

  /**
   * Records a preference's `statusPollInterval`. The poller is shared by the stack, so two different values are refused,
   * and so is a value given after the first metric fixed the default (the metrics' period follows the interval).
   */
  public static useInterval(requester: IConstruct, interval: Duration | undefined): string | undefined {
    if (interval === undefined || checkPollInterval('statusPollInterval', interval) !== undefined) return undefined;
    const stack = Stack.of(requester);
    const minutes = interval.toMinutes();
    const chosen = chosenIntervals.get(stack);
    if (chosen === undefined) {
      chosenIntervals.set(stack, { minutes, path: requester.node.path });
      return undefined;
    }
    if (chosen.minutes !== minutes) {
      return 'statusPollInterval must be the same for every preference of a stack (they share one status poller), '
        + `got ${minutes} minutes here and ${chosen.minutes} minutes at ${chosen.path}`;
    }
    return undefined;
  }

  public readonly role: iam.Role;
  public readonly function: lambda.Function;
  public readonly rule: events.Rule;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    // ListProcurementPortalPreferences supports no resource type. Its summaries carry the statuses and never a shared
    // secret, which is why the poller never calls Get. The legacy aws-portal:ViewBilling it also authorizes is granted
    // as to the handler, for accounts that still evaluate it.
    const { function: fn, role } = metricFunction(this, {
      bundle: 'status-poller',
      description: 'cdk-procurement-portal: writes the status metrics of the account\'s procurement portal preferences (List only)',
      roleDescription: 'Status poller of cdk-procurement-portal: reads procurement portal preference statuses (List only)',
      onAnyResource: {
        sid: 'ListProcurementPortalPreferences',
        actions: ['invoicing:ListProcurementPortalPreferences', 'aws-portal:ViewBilling'],
        why: 'ListProcurementPortalPreferences supports no resource type in the Service Authorization Reference, so IAM matches it only against "*".',
      },
      timeout: Duration.minutes(1),
    });
    this.role = role;
    this.function = fn;

    const minutes = this.intervalMinutes();
    this.rule = new events.Rule(this, 'Schedule', {
      description: `cdk-procurement-portal: polls procurement portal preference statuses every ${minutes} minutes`,
      schedule: events.Schedule.rate(Duration.minutes(minutes)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }

  /** One preference's metric: the statistic is Minimum over the poll interval, so a single 0 in a period shows. */
  public metric(metricName: string, preferenceArn: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { [METRIC_DIMENSION]: preferenceArn },
      statistic: cloudwatch.Stats.MINIMUM,
      period: Duration.minutes(this.intervalMinutes()),
      ...props,
    });
  }

  private intervalMinutes(): number {
    const chosen = chosenIntervals.get(Stack.of(this));
    if (chosen === undefined) {
      // The default is now fixed for the stack: a later preference that sets another value is refused.
      chosenIntervals.set(Stack.of(this), { minutes: DEFAULT_POLL_INTERVAL.toMinutes(), path: `${this.node.path} (the default, fixed when the first metric was made)` });
      return DEFAULT_POLL_INTERVAL.toMinutes();
    }
    return chosen.minutes;
  }
}
