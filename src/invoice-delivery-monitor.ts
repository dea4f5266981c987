import { Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { checkDistinct, checkPattern } from './contract/constraints';
import { DELIVERY_METRICS, METRIC_NAMESPACE, MONITOR_ACCOUNT_DIMENSION, MONITOR_PERIOD_DIMENSION } from './contract/wire';
import { metricFunction } from './private/metric-function';
import { Problems } from './private/validation';

/** Which billing period a delivery metric counts. */
export enum InvoiceBillingPeriod {
  /** The month in progress (UTC): one-time and Marketplace invoices issued so far. */
  CURRENT = 'current',
  /** The month before, whose monthly invoice AWS issues early in the current month. */
  PREVIOUS = 'previous',
}

/** Properties of an `InvoiceDeliveryMonitor`. */
export interface InvoiceDeliveryMonitorProps {
  /**
   * The accounts whose invoices are counted (12-digit ids, at most 20), each its own metrics.
   *
   * @default - the stack's account
   */
  readonly accounts?: string[];

  /**
   * Whether invoices and credit memos must carry a purchase order number: those without one are counted
   * (`metricInvoicesWithoutPurchaseOrder()`).
   *
   * @default false
   */
  readonly purchaseOrderRequired?: boolean;

  /**
   * How often the invoices are listed: whole hours from 1 to 24.
   *
   * @default Duration.hours(1)
   */
  readonly interval?: Duration;
}

/** Options of a delivery metric: which account and billing period, and CloudWatch's own options. */
export interface InvoiceMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The account whose invoices the metric counts (not `account`, which is the account a metric lives in).
   *
   * @default - the monitor's first account
   */
  readonly accountId?: string;

  /**
   * The billing period it counts.
   *
   * @default InvoiceBillingPeriod.PREVIOUS
   */
  readonly billingPeriod?: InvoiceBillingPeriod;
}

const ACCOUNT_PATTERN = /^\d{12}$/;
const ACCOUNTS_MAX = 20;

/**
 * Counts every AWS invoice of the accounts it watches, for the current and the previous billing period: delivered to
 * the procurement portal, not delivered, and issued without a purchase order number where one is required. A small
 * Lambda function run on a schedule (its own role: `invoicing:ListInvoiceSummaries` only, never a preference or a
 * secret) writes the counts as CloudWatch metrics (namespace `CdkProcurementPortal`, dimensions `AccountId` and
 * `BillingPeriod`). One paginated `ListInvoiceSummaries` per account and period per run.
 *
 * @example
 * declare const preference: ProcurementPortalPreference;
 *
 * const monitor = preference.monitorDelivery();
 * new cloudwatch.Alarm(stack, 'InvoicesNotDelivered', {
 *   metric: monitor.metricInvoicesNotDelivered(),
 *   threshold: 0,
 *   comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
 *   evaluationPeriods: 1,
 *   treatMissingData: cloudwatch.TreatMissingData.BREACHING,
 * });
 */
export class InvoiceDeliveryMonitor extends Construct {
  /** The function that lists the invoices. */
  public readonly function: lambda.IFunction;
  /** Its role. */
  public readonly role: iam.IRole;
  /** The schedule that runs it. */
  public readonly rule: events.IRule;
  /** The accounts it watches. */
  public readonly accounts: string[];
  private readonly interval: Duration;

  /**
   * @param scope the scope of the monitor
   * @param id its construct id
   * @param props the accounts, the purchase order requirement and the schedule
   */
  constructor(scope: Construct, id: string, props: InvoiceDeliveryMonitorProps = {}) {
    super(scope, id);
    this.accounts = props.accounts ?? [Stack.of(this).account];
    this.interval = props.interval ?? Duration.hours(1);
    checkProps(this, this.accounts, this.interval, props.purchaseOrderRequired);

    const { function: fn, role } = metricFunction(this, {
      bundle: 'delivery-monitor',
      description: 'cdk-procurement-portal: counts invoices delivered to the procurement portal (ListInvoiceSummaries only)',
      roleDescription: 'Delivery monitor of cdk-procurement-portal: lists invoice summaries (ListInvoiceSummaries only)',
      onAnyResource: {
        sid: 'ListInvoiceSummaries',
        actions: ['invoicing:ListInvoiceSummaries'],
        why: 'ListInvoiceSummaries lists an account\'s invoices, which no resource type names, so IAM matches it only against "*".',
      },
      timeout: Duration.minutes(5),
      environment: {
        PPP_MONITOR_ACCOUNTS: this.accounts.join(','),
        PPP_MONITOR_PURCHASE_ORDER_REQUIRED: String(props.purchaseOrderRequired === true),
      },
    });
    this.role = role;
    this.function = fn;

    this.rule = new events.Rule(this, 'Schedule', {
      description: `cdk-procurement-portal: counts delivered invoices every ${this.interval.toHours()} hour(s)`,
      schedule: events.Schedule.rate(this.interval),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
    });
  }

  /**
   * Invoices of the period not delivered to the portal (`EinvoiceDeliveryStatus` NOT_DELIVERED).
   *
   * @param options the account and billing period (by default the first account, the previous period)
   */
  public metricInvoicesNotDelivered(options?: InvoiceMetricOptions): cloudwatch.Metric {
    return this.metric(DELIVERY_METRICS.notDelivered, options);
  }

  /**
   * Invoices of the period delivered to the portal.
   *
   * @param options the account and billing period (by default the first account, the previous period)
   */
  public metricInvoicesDelivered(options?: InvoiceMetricOptions): cloudwatch.Metric {
    return this.metric(DELIVERY_METRICS.delivered, options);
  }

  /**
   * Invoices and credit memos of the period without a purchase order number (0 unless `purchaseOrderRequired`).
   *
   * @param options the account and billing period (by default the first account, the previous period)
   */
  public metricInvoicesWithoutPurchaseOrder(options?: InvoiceMetricOptions): cloudwatch.Metric {
    return this.metric(DELIVERY_METRICS.withoutPurchaseOrder, options);
  }

  private metric(metricName: string, options: InvoiceMetricOptions = {}): cloudwatch.Metric {
    const { accountId, billingPeriod, ...metricOptions } = options;
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: {
        [MONITOR_ACCOUNT_DIMENSION]: accountId ?? this.accounts[0] ?? Aws.ACCOUNT_ID,
        [MONITOR_PERIOD_DIMENSION]: billingPeriod ?? InvoiceBillingPeriod.PREVIOUS,
      },
      // Each run writes the period's count so far: the largest in a period is the latest.
      statistic: cloudwatch.Stats.MAXIMUM,
      period: this.interval,
      ...metricOptions,
    });
  }
}

function checkProps(scope: Construct, accounts: string[], interval: Duration, purchaseOrderRequired: unknown): void {
  const problems = new Problems();
  if (!Array.isArray(accounts)) {
    problems.add('accounts must be an array of 12-digit account ids');
  } else {
    if (accounts.length === 0 || accounts.length > ACCOUNTS_MAX) {
      problems.add(`accounts must have between 1 and ${ACCOUNTS_MAX} items, got ${accounts.length}`);
    }
    accounts.forEach((account, index) => {
      if (typeof account !== 'string') problems.add(`accounts[${index}] must be a string, got a ${typeof account}`);
      else if (!Token.isUnresolved(account)) problems.add(checkPattern(`accounts[${index}]`, account, ACCOUNT_PATTERN, 'a 12-digit account id'));
    });
    problems.add(checkDistinct('accounts', accounts.filter((a) => typeof a === 'string' && !Token.isUnresolved(a))));
  }
  if (!(interval instanceof Duration) || Token.isUnresolved(interval.toSeconds())) {
    problems.add('interval must be a literal Duration such as Duration.hours(1)');
  } else if (interval.toSeconds() % 3600 !== 0 || interval.toHours() < 1 || interval.toHours() > 24) {
    problems.add(`interval must be whole hours from 1 to 24, got ${interval.toHumanString()}`);
  }
  if (purchaseOrderRequired !== undefined && typeof purchaseOrderRequired !== 'boolean') {
    problems.add(`purchaseOrderRequired must be a boolean (true or false), got a ${typeof purchaseOrderRequired}`);
  }
  problems.throwIfAny(scope, InvoiceDeliveryMonitor);
}
