import { CfnResource, Duration, ITaggable, RemovalPolicy, TagManager, TagType, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { checkPreferenceArn } from './contract/constraints';
import { ATTRIBUTE_ACCOUNT_ID, RESOURCE_TYPE } from './contract/wire';
import { PurchaseOrderDataSourceType } from './enums';
import { InvoiceDeliveryMonitor, InvoiceDeliveryMonitorProps } from './invoice-delivery-monitor';
import { InvoiceUnit } from './invoice-unit';
import type { IInvoiceUnit } from './invoice-unit-base';
import { useNodeRuntime } from './private/node-runtime';
import { HandlerProvider } from './private/provider';
import { portalSecrets, renderProperties } from './private/render-properties';
import { RotationWatch } from './private/rotation-rule';
import { StatusPoller } from './private/status-poller';
import { validateProps, warnWithoutSharedSecret } from './private/validate-props';
import { checkResourceTags } from './private/validation';
import { IProcurementPortalPreference, ProcurementPortalPreferenceBase } from './procurement-portal-preference-base';
import { ProcurementPortalPreferenceProps } from './procurement-portal-preference-props';

/**
 * An AWS Invoicing procurement portal preference: how AWS delivers e-invoices to a buyer's SAP Business Network or
 * Coupa portal, and whether it retrieves purchase orders from it.
 *
 * Deployed as a custom resource (`Custom::ProcurementPortalPreference`) served by one handler Lambda per stack. Shared
 * secrets stay in AWS Secrets Manager: the template carries their ARNs only.
 *
 * @resource Custom::ProcurementPortalPreference
 * @example
 * // SAP Business Network, purchase orders only; the shared secret's value stays in Secrets Manager.
 * const sharedSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'SapSecret', 'invoicing/sap-shared-secret');
 *
 * new ProcurementPortalPreference(stack, 'Sap', {
 *   procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
 *   buyerIdentifier: 'AN02000000001',
 *   supplierIdentifier: 'AN02000000002',
 *   sharedSecret: PortalSecret.fromSecretsManager(sharedSecret),
 *   purchaseOrderRetrievalEnabled: true,
 *   contacts: [{ name: 'Procurement', email: 'procurement@example.com' }],
 * });
 */
export class ProcurementPortalPreference extends ProcurementPortalPreferenceBase implements ITaggable {
  /**
   * Imports an existing preference by its ARN.
   *
   * The stack neither manages nor deletes an imported preference: it is a reference for grants.
   *
   * @example
   * declare const auditRole: iam.IRole;
   *
   * const existing = ProcurementPortalPreference.fromProcurementPortalPreferenceArn(stack, 'Existing',
   *   'arn:aws:invoicing::123456789012:procurement-portal-preference/a34fd666-7810-4414-9360-aaa4bcab0abd');
   * existing.grantRead(auditRole);
   *
   * @param scope the scope of the imported construct
   * @param id its construct id
   * @param procurementPortalPreferenceArn `arn:aws:invoicing::<account>:procurement-portal-preference/<id>`
   */
  public static fromProcurementPortalPreferenceArn(
    scope: Construct,
    id: string,
    procurementPortalPreferenceArn: string,
  ): IProcurementPortalPreference {
    if (!Token.isUnresolved(procurementPortalPreferenceArn)) {
      const problem = checkPreferenceArn('procurementPortalPreferenceArn', String(procurementPortalPreferenceArn));
      if (problem) {
        throw new Error(`[${scope.node.path ? `${scope.node.path}/` : ''}${id}] ${problem}`);
      }
    }
    class Import extends ProcurementPortalPreferenceBase {
      public readonly procurementPortalPreferenceArn = procurementPortalPreferenceArn;
    }
    return new Import(scope, id, { environmentFromArn: procurementPortalPreferenceArn });
  }

  /** @attribute */
  public readonly procurementPortalPreferenceArn: string;

  /**
   * The id of the AWS account that owns the preference.
   *
   * @attribute
   */
  public readonly procurementPortalPreferenceAccountId: string;

  /** Tags of the preference, sent to the API as its resource tags. */
  public readonly tags: TagManager;

  private readonly resource: CfnResource;
  /** A purchase order data source of the preference requires one: the delivery monitor counts invoices without. */
  private readonly purchaseOrderRequired: boolean;
  /** The invoice units the selector names as constructs. */
  private readonly selectedUnits: readonly IInvoiceUnit[];

  /**
   * Declares a preference; the first one of a stack also adds the stack's handler Lambda, its role and log group.
   *
   * @param scope the scope of the preference
   * @param id its construct id
   * @param props the preference's configuration
   */
  constructor(scope: Construct, id: string, props: ProcurementPortalPreferenceProps) {
    super(scope, id);

    const provider = HandlerProvider.of(this);
    this.tags = new TagManager(TagType.KEY_VALUE, RESOURCE_TYPE, undefined, { tagPropertyName: 'ResourceTags' });
    // The stack's preferences share one handler, its log group and one status poller: their settings must agree.
    validateProps(this, props, this.tags, [
      provider.useLogRetention(props.logRetention, this),
      provider.useLogGroup(props.logGroup, this),
      StatusPoller.useInterval(this, props.statusPollInterval),
      useNodeRuntime(this, props.lambdaRuntime),
    ], ProcurementPortalPreference);
    warnWithoutSharedSecret(this, props);
    this.selectedUnits = props.selector?.invoiceUnits ?? [];
    this.purchaseOrderRequired = (props.einvoiceDelivery?.purchaseOrderDataSources ?? [])
      .some((source) => source.sourceType === PurchaseOrderDataSourceType.ASSOCIATED_PURCHASE_ORDER_REQUIRED);

    const secrets = portalSecrets(props).map((secret) => secret.secret);
    secrets.forEach((secret) => provider.grantReadSecret(secret));
    if (props.reapplyOnSecretRotation !== false && secrets.length > 0) {
      const watch = RotationWatch.of(this, provider.function, provider.role);
      secrets.forEach((secret) => watch.watch(secret));
    }
    if (props.sendValidationCode === true) provider.grantSendValidation();

    this.node.addValidation({ validate: () => checkResourceTags('tags', this.tags.tagValues()) });

    // The ServiceToken makes the resource wait for the function, which waits for its role and policy (secret grants
    // included): a DependsOn would be redundant.
    this.resource = new CfnResource(this, 'Resource', {
      type: RESOURCE_TYPE,
      properties: { ServiceToken: provider.function.functionArn, ...renderProperties(props, this.tags) },
    });
    // Without a removal policy CloudFormation deletes custom resources: nothing to render for the default.
    if (props.removalPolicy !== undefined) this.resource.applyRemovalPolicy(props.removalPolicy);

    // The handler answers with the preference ARN as the physical id, so `Ref` is the ARN.
    this.procurementPortalPreferenceArn = this.resource.ref;
    this.procurementPortalPreferenceAccountId = this.resource.getAtt(ATTRIBUTE_ACCOUNT_ID).toString();
  }

  /**
   * The failed invocations of the stack's handler (its `Errors` metric, Sum over 5 minutes): a secret re-apply pass
   * that could not bring a preference of the stack up to date after a rotation, or a response CloudFormation never
   * received. Both need a person: alarm on it (at least 1). The handler is shared by the stack's preferences, so
   * every preference of a stack returns the same metric.
   *
   * @example
   * declare const preference: ProcurementPortalPreference;
   *
   * new cloudwatch.Alarm(stack, 'SecretReapplyFailing', {
   *   metric: preference.metricSecretReapplyErrors(),
   *   threshold: 1,
   *   evaluationPeriods: 1,
   *   comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
   * });
   *
   * @param props options of the metric (by default Sum over 5 minutes)
   */
  public metricSecretReapplyErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return HandlerProvider.of(this).function.metricErrors({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5), ...props });
  }

  /**
   * Monitors the delivery of the invoices this preference sends: an `InvoiceDeliveryMonitor` beside it (one per
   * preference), counting invoices delivered, not delivered and, when a purchase order data source of the preference
   * requires one, issued without a purchase order number. Called again, it returns the same monitor.
   *
   * @param props the accounts and the schedule (by default hourly, and the receivers of the invoice units of this app
   * that the selector names, else the stack's account)
   */
  public monitorDelivery(props: InvoiceDeliveryMonitorProps = {}): InvoiceDeliveryMonitor {
    const existing = this.node.tryFindChild('DeliveryMonitor');
    if (existing instanceof InvoiceDeliveryMonitor) return existing;
    // A unit's invoices are issued to its receiver: those are the accounts whose invoices this preference delivers.
    const declared = this.selectedUnits.filter((unit): unit is InvoiceUnit => unit instanceof InvoiceUnit);
    const receivers = [...new Set(declared.map((unit) => unit.invoiceReceiver))];
    return new InvoiceDeliveryMonitor(this, 'DeliveryMonitor', {
      purchaseOrderRequired: this.purchaseOrderRequired,
      ...receivers.length > 0 ? { accounts: receivers } : {},
      ...props,
    });
  }

  /**
   * Applies a removal policy to the preference. `RemovalPolicy.RETAIN` keeps the portal integration when the
   * preference leaves the stack.
   *
   * @param policy the removal policy
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.resource.applyRemovalPolicy(policy);
  }
}
