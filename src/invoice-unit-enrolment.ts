import { Annotations, Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ENROLLED_ORGANIZATIONAL_UNITS_MAX, checkCount, checkDistinct, checkOrganizationalUnitId } from './contract/constraints';
import { ENROLMENT_METRICS, METRIC_NAMESPACE, SETTLED_STACK_STATUSES, STACK_EVENT_SOURCE, STACK_STATUS_CHANGE } from './contract/wire';
import type { IInvoiceUnit } from './invoice-unit-base';
import { metricFunction } from './private/metric-function';
import { Problems } from './private/validation';

/** Organizations' account events (CloudTrail), which reach EventBridge in us-east-1 of the management account only. */
const ACCOUNT_EVENTS = ['CreateAccountResult', 'AcceptHandshake', 'MoveAccount', 'RemoveAccountFromOrganization', 'CloseAccount'];
/** Where Organizations sends its events (AWS Organizations User Guide, "Monitoring with Amazon EventBridge"). */
const EVENTS_REGION = 'us-east-1';

/** How an invoice unit follows the accounts of organizational units. */
export interface InvoiceUnitEnrolmentOptions {
  /**
   * The organizational units (`ou-...`, or the root `r-...`) whose accounts, and the accounts of every OU below them,
   * the unit holds beside the accounts it declares (at most 20, no repeats).
   */
  readonly organizationalUnitIds: string[];

  /**
   * How often the unit is reconciled with the organization even when no event arrived.
   *
   * @default Duration.days(1)
   */
  readonly reconcileInterval?: Duration;
}

/** The configuration of an enrolment. */
export interface InvoiceUnitEnrolmentProps extends InvoiceUnitEnrolmentOptions {
  /**
   * The unit that takes the accounts. For a unit declared in this app, call `unit.enrolOrganizationalUnits()`
   * instead: it also tells the unit's deploys to keep the accounts the enrolment adds.
   */
  readonly invoiceUnit: IInvoiceUnit;

  /**
   * The accounts the unit holds beside those of the organizational units: kept when they are in none.
   *
   * @default - none
   */
  readonly declaredLinkedAccounts?: string[];
}

/**
 * Keeps an invoice unit's linked accounts equal to the accounts it declares plus the accounts of organizational units:
 * an account that joins an enrolled OU (created, invited, moved in) is added, one that leaves it is removed, on AWS
 * Organizations' account events, after each deploy of the stack and on a schedule. An account that another unit holds
 * is left there (an account belongs to one unit only) and logged. Its metric counts the organization's accounts that
 * are in no invoice unit.
 *
 * Deploy it in the organization's management account (Organizations answers the list calls there, or in a delegated
 * administrator account), in us-east-1, where Organizations' events arrive: in another region only the deploys and
 * the schedule enrol accounts (a synth warning says so).
 */
export class InvoiceUnitEnrolment extends Construct {
  /** The function that reconciles the unit. */
  public readonly function: lambda.IFunction;

  /** The organizational units enrolled. */
  public readonly organizationalUnitIds: string[];

  private readonly interval: Duration;

  /**
   * @param scope the scope of the enrolment
   * @param id its construct id
   * @param props the unit and the organizational units
   */
  constructor(scope: Construct, id: string, props: InvoiceUnitEnrolmentProps) {
    super(scope, id);
    this.interval = props.reconcileInterval ?? Duration.days(1);
    this.organizationalUnitIds = props.organizationalUnitIds;
    checkProps(this, props, this.interval);

    const { function: fn, role } = metricFunction(this, {
      bundle: 'enrolment',
      description: 'cdk-procurement-portal: keeps an invoice unit\'s accounts equal to those of organizational units',
      roleDescription: 'Invoice-unit enrolment of cdk-procurement-portal: reads the organization, updates one invoice unit',
      onAnyResource: {
        sid: 'ReadOrganization',
        actions: ['organizations:ListAccounts', 'organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent',
          'invoicing:ListInvoiceUnits'],
        why: 'The Organizations list calls and ListInvoiceUnits name no resource: IAM matches them only against "*".',
      },
      timeout: Duration.minutes(5),
      // One run at a time: two runs could undo each other's update.
      reservedConcurrentExecutions: 1,
      environment: {
        PPP_ENROL_UNIT_ARN: props.invoiceUnit.invoiceUnitArn,
        PPP_ENROL_ORGANIZATIONAL_UNITS: props.organizationalUnitIds.join(','),
        PPP_ENROL_DECLARED_ACCOUNTS: (props.declaredLinkedAccounts ?? []).join(','),
      },
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'UpdateTheInvoiceUnit',
      actions: ['invoicing:GetInvoiceUnit', 'invoicing:UpdateInvoiceUnit'],
      resources: [props.invoiceUnit.invoiceUnitArn],
    }));
    this.function = fn;

    const target = new targets.LambdaFunction(fn, { retryAttempts: 2 });
    new events.Rule(this, 'AccountEvents', {
      description: 'cdk-procurement-portal: an account joined, left or moved in the organization',
      eventPattern: {
        source: ['aws.organizations'],
        detailType: ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
        detail: { eventSource: ['organizations.amazonaws.com'], eventName: ACCOUNT_EVENTS },
      },
      targets: [target],
    });
    new events.Rule(this, 'AfterDeploy', {
      description: 'cdk-procurement-portal: enrols the accounts after each deploy of the stack',
      eventPattern: {
        source: [STACK_EVENT_SOURCE],
        detailType: [STACK_STATUS_CHANGE],
        detail: { 'stack-id': [Aws.STACK_ID], 'status-details': { status: [...SETTLED_STACK_STATUSES] } },
      },
      targets: [target],
    });
    new events.Rule(this, 'Schedule', {
      description: `cdk-procurement-portal: reconciles the invoice unit with the organization every ${this.interval.toHumanString()}`,
      schedule: events.Schedule.rate(this.interval),
      targets: [target],
    });

    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== EVENTS_REGION) {
      Annotations.of(this).addWarningV2('cdk-procurement-portal:enrolmentRegion',
        `Organizations sends its account events to ${EVENTS_REGION} only: in ${region}, accounts are enrolled after each deploy `
        + `and every ${this.interval.toHumanString()}, not when they join; deploy this stack in ${EVENTS_REGION} of the management account`);
    }
  }

  /**
   * The organization's accounts in no invoice unit (Maximum over the reconcile interval): their invoices fall outside
   * every unit's selection. Alarm on it (above 0), and treat missing data as breaching: no data means no run.
   *
   * @param props options of the metric
   */
  public metricAccountsInNoInvoiceUnit(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName: ENROLMENT_METRICS.accountsInNoUnit,
      statistic: cloudwatch.Stats.MAXIMUM,
      period: this.interval,
      ...props,
    });
  }
}

function checkProps(scope: Construct, props: InvoiceUnitEnrolmentProps, interval: Duration): void {
  const problems = new Problems();
  const ids = props.organizationalUnitIds;
  if (!Array.isArray(ids)) {
    problems.add('organizationalUnitIds must be a list of organizational unit ids');
  } else {
    problems.add(checkCount('organizationalUnitIds', ids.length, 1, ENROLLED_ORGANIZATIONAL_UNITS_MAX));
    ids.forEach((id, i) => problems.add(typeof id === 'string' ? checkOrganizationalUnitId(`organizationalUnitIds[${i}]`, id)
      : `organizationalUnitIds[${i}] must be a string`));
    problems.add(checkDistinct('organizationalUnitIds', ids));
  }
  if (interval.toMinutes() < 60) problems.add(`reconcileInterval must be at least 1 hour, got ${interval.toHumanString()}`);
  problems.throwIfAny(scope);
}
