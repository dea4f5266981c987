import { IResource, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EINVOICE_DELIVERY_ACTIVE, PURCHASE_ORDER_RETRIEVAL_ACTIVE, StatusPoller } from './private/status-poller';

/** A procurement portal preference, defined in this app or imported by its ARN. */
export interface IProcurementPortalPreference extends IResource {
  /**
   * The ARN of the preference: `arn:aws:invoicing::<account>:procurement-portal-preference/<id>`.
   *
   * @attribute
   */
  readonly procurementPortalPreferenceArn: string;

  /**
   * Grants the given IAM actions on this preference to a principal.
   *
   * @param grantee the principal
   * @param actions the actions, for example `invoicing:GetProcurementPortalPreference`
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grants read access to this preference (`invoicing:GetProcurementPortalPreference` and
   * `invoicing:ListTagsForResource`). The preference as read includes its shared secrets in clear text.
   *
   * The statement is scoped to this preference's ARN. In an account that still evaluates the legacy billing actions,
   * the reads also need `aws-portal:ViewBilling`, which has no resource type: it is not granted here, because on `*`
   * it reads all of the account's billing data; grant it yourself where that applies. The Service Authorization Reference currently lists a resource
   * type for `ListTagsForResource` but none for `GetProcurementPortalPreference`: if IAM denies the read, grant
   * `invoicing:GetProcurementPortalPreference` on `*` yourself, knowing that it reads every preference of the account,
   * shared secrets included.
   *
   * @param grantee the principal
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * 1 while this preference's e-invoice delivery is enabled and `ACTIVE`, else 0 (any other status, unknown ones included). Using
   * it adds the stack's status poller, which reads ListProcurementPortalPreferences on a schedule.
   *
   * @param props options of the metric (by default the statistic is Minimum over the poll interval)
   */
  metricEinvoiceDeliveryActive(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * 1 while this preference's purchase order retrieval is enabled and `ACTIVE`, else 0. Using it adds the stack's status poller.
   *
   * @param props options of the metric (by default the statistic is Minimum over the poll interval)
   */
  metricPurchaseOrderRetrievalActive(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

const READ_ACTIONS = ['invoicing:GetProcurementPortalPreference', 'invoicing:ListTagsForResource'];

/**
 * What a declared and an imported preference share. Only the interface is public.
 *
 * @internal
 */
export abstract class ProcurementPortalPreferenceBase extends Resource implements IProcurementPortalPreference {
  public abstract readonly procurementPortalPreferenceArn: string;

  /**
   * @param grantee the principal
   * @param actions the actions, for example `invoicing:GetProcurementPortalPreference`
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.procurementPortalPreferenceArn],
    });
  }

  /** @param grantee the principal */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...READ_ACTIONS);
  }

  /** @param props options of the metric (by default the statistic is Minimum over the poll interval) */
  public metricEinvoiceDeliveryActive(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return StatusPoller.of(this).metric(EINVOICE_DELIVERY_ACTIVE, this.procurementPortalPreferenceArn, props);
  }

  /** @param props options of the metric (by default the statistic is Minimum over the poll interval) */
  public metricPurchaseOrderRetrievalActive(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return StatusPoller.of(this).metric(PURCHASE_ORDER_RETRIEVAL_ACTIVE, this.procurementPortalPreferenceArn, props);
  }
}
