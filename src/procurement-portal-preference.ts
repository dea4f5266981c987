import {
  Annotations,
  CfnResource,
  Duration,
  IResource,
  ITaggable,
  Lazy,
  RemovalPolicy,
  Resource,
  Stack,
  TagManager,
  TagType,
  Token,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import {
  ConnectionTestingMethod,
  EinvoiceAttachmentType,
  EinvoiceDocumentType,
  EinvoiceProtocol,
  PartyDomain,
  ProcurementPortalName,
  PurchaseOrderDataSourceType,
} from './enums';
import { PortalSecret } from './portal-secret';
import { checkPartition, checkPreferenceArn } from './private/constraints';
import { claimIdentity } from './private/identity-claims';
import { HandlerProvider } from './private/provider';
import { RotationWatch } from './private/rotation-rule';
import { EINVOICE_DELIVERY_ACTIVE, PURCHASE_ORDER_RETRIEVAL_ACTIVE, StatusPoller, checkPollInterval } from './private/status-poller';
import {
  ATTRIBUTE_ACCOUNT_ID,
  ContactProperties,
  EinvoiceDeliveryPreferenceProperties,
  PreferenceProperties,
  RESOURCE_TYPE,
  ResourceTagProperties,
  SCHEMA_VERSION,
  SecretReference,
  SelectorProperties,
  SuspensionProperties,
  TestEnvPreferenceProperties,
} from './private/wire';
import {
  Problems,
  checkAttachmentTypes,
  checkBoolean,
  checkConnectionTestingMethod,
  checkContacts,
  checkDate,
  checkDocumentType,
  checkDocumentTypes,
  checkEndpoint,
  checkIdentifier,
  checkInvoiceUnitArns,
  checkOptionalString,
  checkPartyDomain,
  checkPortalName,
  checkPortalSecret,
  checkProtocol,
  checkPurchaseOrderDataSourceType,
  checkRequiredString,
  checkResourceTags,
  checkSellerOfRecords,
  checkStatusReason,
  describeKind,
  isUnresolved,
} from './validation';

/** Read access: the preference (its shared secrets included, in clear text) and its tags. */
const READ_ACTIONS = ['invoicing:GetProcurementPortalPreference', 'invoicing:ListTagsForResource'];

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

/** Who the buyer is in the selection of invoices: which invoice units and sellers of record the preference covers. */
export interface PreferenceSelectorProps {
  /**
   * The invoice units whose invoices the preference delivers (at most 500 invoice unit ARNs).
   *
   * @default - no selection by invoice unit
   */
  readonly invoiceUnitArns?: string[];

  /**
   * The sellers of record whose invoices the preference delivers (at most 100), for example `AWS`.
   *
   * @default - no selection by seller of record
   */
  readonly sellerOfRecords?: string[];
}

/** The portal's test environment, used to test the connection before e-invoices go to production. */
export interface TestEnvironmentProps {
  /**
   * The kind of identifier of `buyerIdentifier`.
   *
   * @default PartyDomain.NETWORK_ID
   */
  readonly buyerDomain?: PartyDomain;

  /** The buyer's identifier in the test environment (1 to 1,024 characters without white space). */
  readonly buyerIdentifier: string;

  /**
   * The kind of identifier of `supplierIdentifier`.
   *
   * @default PartyDomain.NETWORK_ID
   */
  readonly supplierDomain?: PartyDomain;

  /** The supplier's identifier in the test environment (1 to 1,024 characters without white space). */
  readonly supplierIdentifier: string;

  /**
   * The shared secret of the test environment, read from AWS Secrets Manager at deploy time.
   *
   * @default - no shared secret for the test environment
   */
  readonly sharedSecret?: PortalSecret;

  /**
   * The HTTPS endpoint of the test environment that receives cXML e-invoices.
   *
   * @default - no endpoint for the test environment
   */
  readonly instanceEndpoint?: string;
}

/** For one document type, whether its e-invoices need a purchase order. */
export interface PurchaseOrderDataSourceProps {
  /** The document type this rule applies to. */
  readonly documentType: EinvoiceDocumentType;

  /** Whether the document type's e-invoices need an associated purchase order. */
  readonly sourceType: PurchaseOrderDataSourceType;
}

/** How and what AWS delivers to the portal as e-invoices. */
export interface EinvoiceDeliveryProps {
  /** The kinds of documents delivered as e-invoices (at most 10). */
  readonly documentTypes: EinvoiceDocumentType[];

  /**
   * The files attached to each e-invoice.
   *
   * @default - no attachments
   */
  readonly attachmentTypes?: EinvoiceAttachmentType[];

  /**
   * The delivery protocol.
   *
   * @default EinvoiceProtocol.CXML
   */
  readonly protocol?: EinvoiceProtocol;

  /** For each document type, whether its e-invoices need a purchase order. */
  readonly purchaseOrderDataSources: PurchaseOrderDataSourceProps[];

  /** How the connection to the portal is tested before delivery starts. */
  readonly connectionTestingMethod: ConnectionTestingMethod;

  /** When e-invoice delivery starts (sent to the API as epoch seconds). */
  readonly activationDate: Date;
}

/** The person or role the portal integration is about. Personal data: never shown in an error message. */
export interface ContactProps {
  /**
   * The name of the contact person or role (at most 1,024 characters).
   *
   * @default - no name
   */
  readonly name?: string;

  /**
   * The email address of the contact person or role.
   *
   * @default - no email address
   */
  readonly email?: string;
}

/**
 * A declared suspension of a preference's features (UpdateProcurementPortalPreferenceStatus with `SUSPENDED`).
 * Removing it from the props resumes the features it suspended.
 */
export interface PreferenceSuspension {
  /** Why the features are suspended, shown as the status reason (1 to 1,024 characters). */
  readonly reason: string;

  /**
   * Whether e-invoice delivery is suspended.
   *
   * @default true
   */
  readonly einvoiceDelivery?: boolean;

  /**
   * Whether purchase order retrieval is suspended.
   *
   * @default true
   */
  readonly purchaseOrderRetrieval?: boolean;
}

/**
 * Properties of a `ProcurementPortalPreference`.
 *
 * @example
 * // Coupa with e-invoice delivery, tested in the portal's test environment first.
 * const coupaSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'CoupaSecret', 'invoicing/coupa');
 *
 * const props: ProcurementPortalPreferenceProps = {
 *   procurementPortalName: ProcurementPortalName.COUPA,
 *   buyerIdentifier: 'AN01000000001',
 *   supplierIdentifier: 'AN01000000002',
 *   selector: { sellerOfRecords: ['AWS'] },
 *   sharedSecret: PortalSecret.fromSecretsManager(coupaSecret, { jsonField: 'production' }),
 *   instanceEndpoint: 'https://portal.example.com/cxml/invoices',
 *   testEnvironment: {
 *     buyerIdentifier: 'AN01000000001-T',
 *     supplierIdentifier: 'AN01000000002-T',
 *     sharedSecret: PortalSecret.fromSecretsManager(coupaSecret, { jsonField: 'test' }),
 *     instanceEndpoint: 'https://test.portal.example.com/cxml/invoices',
 *   },
 *   einvoiceDelivery: {
 *     documentTypes: [EinvoiceDocumentType.AWS_CLOUD_INVOICE, EinvoiceDocumentType.AWS_CLOUD_CREDIT_MEMO],
 *     purchaseOrderDataSources: [{
 *       documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE,
 *       sourceType: PurchaseOrderDataSourceType.PURCHASE_ORDER_NOT_REQUIRED,
 *     }],
 *     connectionTestingMethod: ConnectionTestingMethod.TEST_ENV_REPLAY_TEST,
 *     activationDate: new Date('2027-01-01T00:00:00Z'),
 *   },
 *   purchaseOrderRetrievalEnabled: false,
 *   contacts: [{ name: 'Accounts payable', email: 'ap@example.com' }],
 * };
 * new ProcurementPortalPreference(stack, 'Coupa', props);
 */
export interface ProcurementPortalPreferenceProps {
  /** The procurement portal. Part of the preference's identity: changing it replaces the preference. */
  readonly procurementPortalName: ProcurementPortalName;

  /**
   * The kind of identifier of `buyerIdentifier`. Part of the preference's identity.
   *
   * @default PartyDomain.NETWORK_ID
   */
  readonly buyerDomain?: PartyDomain;

  /**
   * The buyer's identifier on the portal (1 to 1,024 characters without white space). Part of the preference's
   * identity: changing it replaces the preference.
   */
  readonly buyerIdentifier: string;

  /**
   * The kind of identifier of `supplierIdentifier`. Part of the preference's identity.
   *
   * @default PartyDomain.NETWORK_ID
   */
  readonly supplierDomain?: PartyDomain;

  /**
   * The supplier's (AWS's) identifier on the portal (1 to 1,024 characters without white space). Part of the
   * preference's identity: changing it replaces the preference.
   */
  readonly supplierIdentifier: string;

  /**
   * Which invoices the preference covers.
   *
   * @default - no selector
   */
  readonly selector?: PreferenceSelectorProps;

  /**
   * The portal's shared secret, read from AWS Secrets Manager at deploy time. Only its ARN reaches the template.
   * A new value is applied without a deploy unless `reapplyOnSecretRotation` is false.
   *
   * @default - no shared secret
   */
  readonly sharedSecret?: PortalSecret;

  /**
   * The portal's HTTPS endpoint that receives cXML e-invoices.
   *
   * @default - no endpoint
   */
  readonly instanceEndpoint?: string;

  /**
   * The portal's test environment.
   *
   * @default - no test environment
   */
  readonly testEnvironment?: TestEnvironmentProps;

  /**
   * E-invoice delivery settings. Giving them enables e-invoice delivery, unless `einvoiceDeliveryEnabled` is `false`
   * (the settings are then kept while delivery is off).
   *
   * @default - no e-invoice delivery
   */
  readonly einvoiceDelivery?: EinvoiceDeliveryProps;

  /**
   * Whether e-invoice delivery is enabled. `true` needs `einvoiceDelivery`; `false` with `einvoiceDelivery` keeps the
   * delivery settings in the preference while delivery is off.
   *
   * @default - true when `einvoiceDelivery` is given, false otherwise
   */
  readonly einvoiceDeliveryEnabled?: boolean;

  /** Whether AWS retrieves purchase orders from the portal. */
  readonly purchaseOrderRetrievalEnabled: boolean;

  /**
   * The preference's contact: exactly one. These values are written into the template: to keep them out of it, use
   * `contactsSecret` instead. Exactly one of `contacts` and `contactsSecret` must be given.
   *
   * @default - none: `contactsSecret` must be given
   */
  readonly contacts?: ContactProps[];

  /**
   * The preference's contact, read from AWS Secrets Manager at deploy time: the secret's value (or its JSON field)
   * is `{"Name": "...", "Email": "..."}`. Keeps the contact out of the template. Exactly one of `contacts` and
   * `contactsSecret` must be given.
   *
   * @default - none: `contacts` must be given
   */
  readonly contactsSecret?: PortalSecret;

  /**
   * What happens to the preference when it leaves the stack. `RemovalPolicy.RETAIN` keeps the portal integration.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether a change of portal, buyer or supplier (the identity) may replace the preference once it is past
   * `PENDING_VERIFICATION`. A replacement is a new preference whose verification starts again, so a live connection
   * stops until the portal is verified and tested again. When false, the handler reads the preference's statuses
   * (ListProcurementPortalPreferences, never its secret) and fails the update, changing nothing, unless both are still
   * `PENDING_VERIFICATION`.
   *
   * @default false
   */
  readonly allowReplacement?: boolean;

  /**
   * Whether a create that meets an existing preference of the same portal, buyer and supplier takes it over (made in
   * the console, with `CfnProcurementPortalPreference`, or by another tool): the handler applies this configuration
   * and these tags to it and keeps its ARN, and with it its verification. A preference another stack of this library
   * manages (its `cdk-procurement-portal:owner` tag) is never taken over. Once adopted, it is this stack's like any
   * other: `removalPolicy` decides what a delete does.
   *
   * @default false - the create fails with "already exists"
   */
  readonly adoptExisting?: boolean;

  /**
   * Whether a new value of a referenced secret (the shared secret, the test environment's, the contacts secret) is
   * applied to the preference without a deploy. Secrets Manager's own "Secret Label Updated" event (a rotation,
   * `PutSecretValue` or `UpdateSecret`; no CloudTrail trail needed) invokes the stack's handler, which Puts the
   * preference's deployed configuration with the current values. When false, a new value waits for the next deploy
   * that changes the preference.
   *
   * @default true
   */
  readonly reapplyOnSecretRotation?: boolean;

  /**
   * How long the stack's handler keeps its logs. The handler and its log group are shared by every preference of a
   * stack: preferences of one stack that set different values are refused.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The log group of the stack's handler, instead of the one the library creates: for example one encrypted with
   * your own KMS key, or with your retention and removal policy. The handler and its log group are shared by every
   * preference of a stack: preferences of one stack that give different log groups are refused, and so is
   * `logRetention` in a stack that gives one (set the retention on your log group). An encrypted log group's key
   * must let CloudWatch Logs use it (its key policy), as for any log group.
   *
   * @default - a log group created in the stack, kept `logRetention`
   * @example
   * const key = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
   * key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
   * const logGroup = new logs.LogGroup(stack, 'HandlerLogs', {
   *   encryptionKey: key,
   *   retention: logs.RetentionDays.TWO_YEARS,
   * });
   *
   * new ProcurementPortalPreference(stack, 'Sap', {
   *   procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
   *   buyerIdentifier: 'AN02000000001',
   *   supplierIdentifier: 'AN02000000002',
   *   purchaseOrderRetrievalEnabled: false,
   *   contacts: [{ email: 'procurement@example.com' }],
   *   logGroup,
   * });
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * Ask AWS to send a one-time validation code to the portal (SendProcurementPortalValidation) once the preference is
   * created or replaced. Submit the code with `npx cdk-procurement-portal verify <arn> --code <code>`. A send that fails
   * does not fail the deployment: the Reason and the handler's log say so, and the code can be re-sent with
   * `npx cdk-procurement-portal send-validation <arn>`.
   *
   * @default false
   */
  readonly sendValidationCode?: boolean;

  /**
   * Suspends e-invoice delivery and purchase order retrieval (both by default) through
   * UpdateProcurementPortalPreferenceStatus. Removing it resumes them (status `ACTIVE`). The status is changed only
   * when this declaration changes, never on other updates.
   *
   * @default - not suspended
   */
  readonly suspended?: PreferenceSuspension;

  /**
   * How often the stack's status poller reads the preferences' statuses for `metricEinvoiceDeliveryActive()` and
   * `metricPurchaseOrderRetrievalActive()`. Whole minutes, 1 minute to 1 day. The poller is shared by every preference
   * of a stack: preferences of one stack that set different values are refused.
   *
   * @default Duration.minutes(15)
   */
  readonly statusPollInterval?: Duration;
}

/** Id of the synth warning for e-invoice delivery or purchase order retrieval without a shared secret. */
const NO_SHARED_SECRET_WARNING = 'cdk-procurement-portal:noSharedSecret';

abstract class ProcurementPortalPreferenceBase extends Resource implements IProcurementPortalPreference {
  public abstract readonly procurementPortalPreferenceArn: string;

  /**
   * Grants the given IAM actions on this preference to a principal.
   *
   * @param grantee the principal
   * @param actions the actions, for example `invoicing:SendProcurementPortalValidation`
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.procurementPortalPreferenceArn],
    });
  }

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
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    // Not the legacy aws-portal:ViewBilling: it has no resource type, so it could only be granted on "*", where it
    // reads every billing page of the account, far more than this preference (see the doc comment).
    return this.grant(grantee, ...READ_ACTIONS);
  }

  /**
   * 1 while this preference's e-invoice delivery is enabled and `ACTIVE`, else 0 (any other status, unknown ones included). Using
   * it adds the stack's status poller, which reads ListProcurementPortalPreferences on a schedule.
   *
   * @param props options of the metric (by default the statistic is Minimum over the poll interval)
   */
  public metricEinvoiceDeliveryActive(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return StatusPoller.of(this).metric(EINVOICE_DELIVERY_ACTIVE, this.procurementPortalPreferenceArn, props);
  }

  /**
   * 1 while this preference's purchase order retrieval is enabled and `ACTIVE`, else 0. Using it adds the stack's status poller.
   *
   * @param props options of the metric (by default the statistic is Minimum over the poll interval)
   */
  public metricPurchaseOrderRetrievalActive(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return StatusPoller.of(this).metric(PURCHASE_ORDER_RETRIEVAL_ACTIVE, this.procurementPortalPreferenceArn, props);
  }
}

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

  /**
   * The ARN of the preference.
   *
   * @attribute
   */
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
    const problems = new Problems();
    validateProps(problems, props);
    problems.add(provider.useLogRetention(props.logRetention, this));
    problems.add(provider.useLogGroup(props.logGroup, this));
    problems.add(StatusPoller.useInterval(this, props.statusPollInterval));
    problems.add(this.claimIdentity(props));
    // A stack bound to a region knows its partition; an environment-agnostic one is left to the deploy.
    const region = Stack.of(this).region;
    const partition = Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition;
    if (partition !== undefined) problems.add(checkPartition("the stack's partition", partition));
    problems.throwIfAny(this);
    warnWithoutSharedSecret(this, props);

    const secrets = [props.sharedSecret, props.testEnvironment?.sharedSecret, props.contactsSecret]
      .flatMap((secret) => (secret ? [secret.secret] : []));
    secrets.forEach((secret) => provider.grantReadSecret(secret));
    if (props.reapplyOnSecretRotation !== false && secrets.length > 0) {
      const watch = RotationWatch.of(this, provider.function, provider.role);
      secrets.forEach((secret) => watch.watch(secret));
    }
    if (props.sendValidationCode === true) provider.grantSendValidation();

    this.tags = new TagManager(TagType.KEY_VALUE, RESOURCE_TYPE, undefined, { tagPropertyName: 'ResourceTags' });
    this.node.addValidation({
      validate: () => checkResourceTags('tags', this.tags.tagValues()),
    });

    const properties: PreferenceProperties = {
      ...renderProperties(props),
      ResourceTags: Lazy.any({ produce: () => renderTags(this.tags) }) as unknown as ResourceTagProperties[],
    };
    this.resource = new CfnResource(this, 'Resource', {
      type: RESOURCE_TYPE,
      properties: {
        ServiceToken: provider.function.functionArn,
        ...properties,
      },
    });
    // The handler needs its permissions (the role's policy, secret grants included) before the first Create: the
    // ServiceToken makes the resource wait for the function, which waits for its role and policy (no DependsOn here,
    // it would be redundant and cost bytes per preference).
    // Without a removal policy CloudFormation deletes custom resources: nothing to render for the default.
    if (props.removalPolicy !== undefined) this.resource.applyRemovalPolicy(props.removalPolicy);

    // The handler answers with the preference ARN as the physical id, so `Ref` is the ARN.
    this.procurementPortalPreferenceArn = this.resource.ref;
    this.procurementPortalPreferenceAccountId = this.resource.getAtt(ATTRIBUTE_ACCOUNT_ID).toString();
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

  /** Records this preference's identity in its app (identity-claims.ts): declared twice in one account is refused. */
  private claimIdentity(props: ProcurementPortalPreferenceProps): string | undefined {
    const parts = [
      props.procurementPortalName,
      props.buyerDomain ?? PartyDomain.NETWORK_ID,
      props.buyerIdentifier,
      props.supplierDomain ?? PartyDomain.NETWORK_ID,
      props.supplierIdentifier,
    ];
    if (parts.some((part) => typeof part !== 'string' || isUnresolved(part))) return undefined;
    return claimIdentity(this, parts);
  }
}

/** Every synth-time check of the props, tokens skipped. */
function validateProps(problems: Problems, props: ProcurementPortalPreferenceProps): void {
  if (props === null || typeof props !== 'object') {
    problems.add(`props must be an object, got ${describeKind(props)}`);
    return;
  }
  checkRequiredString(problems, 'procurementPortalName', props.procurementPortalName, checkPortalName);
  checkOptionalString(problems, 'buyerDomain', props.buyerDomain, checkPartyDomain);
  checkRequiredString(problems, 'buyerIdentifier', props.buyerIdentifier, checkIdentifier);
  checkOptionalString(problems, 'supplierDomain', props.supplierDomain, checkPartyDomain);
  checkRequiredString(problems, 'supplierIdentifier', props.supplierIdentifier, checkIdentifier);

  if (props.selector !== undefined) {
    checkInvoiceUnitArns(problems, 'selector.invoiceUnitArns', props.selector.invoiceUnitArns);
    checkSellerOfRecords(problems, 'selector.sellerOfRecords', props.selector.sellerOfRecords);
  }
  checkPortalSecret(problems, 'sharedSecret', props.sharedSecret);
  checkOptionalString(problems, 'instanceEndpoint', props.instanceEndpoint, checkEndpoint);

  const test = props.testEnvironment;
  if (test !== undefined) {
    checkOptionalString(problems, 'testEnvironment.buyerDomain', test.buyerDomain, checkPartyDomain);
    checkRequiredString(problems, 'testEnvironment.buyerIdentifier', test.buyerIdentifier, checkIdentifier);
    checkOptionalString(problems, 'testEnvironment.supplierDomain', test.supplierDomain, checkPartyDomain);
    checkRequiredString(problems, 'testEnvironment.supplierIdentifier', test.supplierIdentifier, checkIdentifier);
    checkPortalSecret(problems, 'testEnvironment.sharedSecret', test.sharedSecret);
    checkOptionalString(problems, 'testEnvironment.instanceEndpoint', test.instanceEndpoint, checkEndpoint);
  }

  checkBoolean(problems, 'einvoiceDeliveryEnabled', props.einvoiceDeliveryEnabled, false);
  const delivery = props.einvoiceDelivery;
  // einvoiceDelivery with einvoiceDeliveryEnabled false is valid: the API keeps the settings while delivery is off.
  if (delivery === undefined && props.einvoiceDeliveryEnabled === true) {
    problems.add('einvoiceDelivery is required when einvoiceDeliveryEnabled is true (document types, purchase order '
      + 'data sources, connection testing method and activation date)');
  }
  if (delivery !== undefined) {
    checkDocumentTypes(problems, 'einvoiceDelivery.documentTypes', delivery.documentTypes);
    checkAttachmentTypes(problems, 'einvoiceDelivery.attachmentTypes', delivery.attachmentTypes);
    checkOptionalString(problems, 'einvoiceDelivery.protocol', delivery.protocol, checkProtocol);
    const sources: unknown = delivery.purchaseOrderDataSources;
    if (!isUnresolved(sources)) {
      if (!Array.isArray(sources)) {
        problems.add(`einvoiceDelivery.purchaseOrderDataSources is required and must be an array, got ${describeKind(sources)}`);
      } else {
        sources.forEach((source: PurchaseOrderDataSourceProps, index: number) => {
          const prop = `einvoiceDelivery.purchaseOrderDataSources[${index}]`;
          checkRequiredString(problems, `${prop}.documentType`, source?.documentType, checkDocumentType);
          checkRequiredString(problems, `${prop}.sourceType`, source?.sourceType, checkPurchaseOrderDataSourceType);
        });
      }
    }
    checkRequiredString(problems, 'einvoiceDelivery.connectionTestingMethod', delivery.connectionTestingMethod,
      checkConnectionTestingMethod);
    checkDate(problems, 'einvoiceDelivery.activationDate', delivery.activationDate);
  }

  checkBoolean(problems, 'purchaseOrderRetrievalEnabled', props.purchaseOrderRetrievalEnabled, true);
  checkBoolean(problems, 'allowReplacement', props.allowReplacement, false);
  checkBoolean(problems, 'adoptExisting', props.adoptExisting, false);
  checkBoolean(problems, 'reapplyOnSecretRotation', props.reapplyOnSecretRotation, false);
  checkBoolean(problems, 'sendValidationCode', props.sendValidationCode, false);
  checkSuspension(problems, props.suspended);
  problems.add(checkPollInterval('statusPollInterval', props.statusPollInterval));

  const hasContacts = props.contacts !== undefined;
  const hasContactsSecret = props.contactsSecret !== undefined;
  if (hasContacts === hasContactsSecret) {
    problems.add(`exactly one of contacts and contactsSecret must be given, got ${hasContacts ? 'both' : 'neither'}`);
  }
  if (hasContacts) checkContacts(problems, 'contacts', props.contacts);
  checkPortalSecret(problems, 'contactsSecret', props.contactsSecret);
}

/**
 * Portals authenticate the cXML exchange with the shared secret they issued: delivery or purchase order retrieval
 * without one deploys, but the portal refuses the exchange. A warning, not an error, because the API accepts it (the secret
 * can be added later); `Annotations.of(preference).acknowledgeWarning()` silences it with a reason.
 */
function warnWithoutSharedSecret(preference: Construct, props: ProcurementPortalPreferenceProps): void {
  if (props.sharedSecret !== undefined) return;
  const delivery = props.einvoiceDeliveryEnabled ?? props.einvoiceDelivery !== undefined;
  const enabled = [
    delivery === true ? 'e-invoice delivery' : undefined,
    props.purchaseOrderRetrievalEnabled === true ? 'purchase order retrieval' : undefined,
  ].filter((feature): feature is string => feature !== undefined);
  if (enabled.length === 0) return;
  Annotations.of(preference).addWarningV2(NO_SHARED_SECRET_WARNING,
    `${enabled.join(' and ')} ${enabled.length > 1 ? 'are' : 'is'} enabled without sharedSecret: portals authenticate `
    + 'the cXML exchange with the shared secret they issued, and refuse it without one. Give sharedSecret '
    + '(PortalSecret.fromSecretsManager()), or acknowledge this warning if the secret is set up later');
}

function checkSuspension(problems: Problems, suspended: PreferenceSuspension | undefined): void {
  if (suspended === undefined) return;
  if (suspended === null || typeof suspended !== 'object') {
    problems.add(`suspended must be an object such as { reason: 'Portal maintenance' }, got ${describeKind(suspended)}`);
    return;
  }
  checkRequiredString(problems, 'suspended.reason', suspended.reason, checkStatusReason);
  checkBoolean(problems, 'suspended.einvoiceDelivery', suspended.einvoiceDelivery, false);
  checkBoolean(problems, 'suspended.purchaseOrderRetrieval', suspended.purchaseOrderRetrieval, false);
  if (suspended.einvoiceDelivery === false && suspended.purchaseOrderRetrieval === false) {
    problems.add('suspended must suspend at least one feature: einvoiceDelivery and purchaseOrderRetrieval are both false; '
      + 'remove suspended to resume both');
  }
}

function renderSuspension(suspended: PreferenceSuspension | undefined): SuspensionProperties | undefined {
  if (suspended === undefined) return undefined;
  return {
    Reason: suspended.reason,
    EinvoiceDelivery: suspended.einvoiceDelivery ?? true,
    PurchaseOrderRetrieval: suspended.purchaseOrderRetrieval ?? true,
  };
}

/** The custom resource's properties, as `wire.ts` defines them (tags excepted: they are rendered lazily). */
function renderProperties(props: ProcurementPortalPreferenceProps): Omit<PreferenceProperties, 'ResourceTags'> {
  const einvoiceDeliveryEnabled = props.einvoiceDeliveryEnabled ?? props.einvoiceDelivery !== undefined;
  return {
    SchemaVersion: SCHEMA_VERSION,
    ProcurementPortalName: props.procurementPortalName,
    BuyerDomain: props.buyerDomain ?? PartyDomain.NETWORK_ID,
    BuyerIdentifier: props.buyerIdentifier,
    SupplierDomain: props.supplierDomain ?? PartyDomain.NETWORK_ID,
    SupplierIdentifier: props.supplierIdentifier,
    Selector: renderSelector(props.selector),
    ProcurementPortalSharedSecretRef: renderSecret(props.sharedSecret),
    ProcurementPortalInstanceEndpoint: props.instanceEndpoint,
    TestEnvPreference: renderTestEnvironment(props.testEnvironment),
    EinvoiceDeliveryEnabled: einvoiceDeliveryEnabled,
    EinvoiceDeliveryPreference: renderEinvoiceDelivery(props.einvoiceDelivery),
    PurchaseOrderRetrievalEnabled: props.purchaseOrderRetrievalEnabled,
    Contacts: props.contacts?.map((contact): ContactProperties => ({ Name: contact.name, Email: contact.email })),
    ContactsRef: renderSecret(props.contactsSecret),
    // Rendered only when set, so templates without them stay as they were.
    AllowReplacement: props.allowReplacement === true ? true : undefined,
    AdoptExisting: props.adoptExisting === true ? true : undefined,
    ReapplyOnSecretRotation: props.reapplyOnSecretRotation === false ? false : undefined,
    // Rendered only when asked for, so templates of preferences that use neither stay as they were.
    ...(props.sendValidationCode === true ? { SendValidationCode: true } : {}),
    ...(props.suspended !== undefined ? { Suspended: renderSuspension(props.suspended) } : {}),
  };
}

function renderSecret(secret: PortalSecret | undefined): SecretReference | undefined {
  return secret ? { SecretArn: secret.secret.secretArn, JsonField: secret.jsonField } : undefined;
}

function renderSelector(selector: PreferenceSelectorProps | undefined): SelectorProperties | undefined {
  if (selector === undefined) return undefined;
  return { InvoiceUnitArns: selector.invoiceUnitArns, SellerOfRecords: selector.sellerOfRecords };
}

function renderTestEnvironment(test: TestEnvironmentProps | undefined): TestEnvPreferenceProperties | undefined {
  if (test === undefined) return undefined;
  return {
    BuyerDomain: test.buyerDomain ?? PartyDomain.NETWORK_ID,
    BuyerIdentifier: test.buyerIdentifier,
    SupplierDomain: test.supplierDomain ?? PartyDomain.NETWORK_ID,
    SupplierIdentifier: test.supplierIdentifier,
    ProcurementPortalSharedSecretRef: renderSecret(test.sharedSecret),
    ProcurementPortalInstanceEndpoint: test.instanceEndpoint,
  };
}

function renderEinvoiceDelivery(delivery: EinvoiceDeliveryProps | undefined): EinvoiceDeliveryPreferenceProperties | undefined {
  if (delivery === undefined) return undefined;
  return {
    EinvoiceDeliveryDocumentTypes: delivery.documentTypes,
    EinvoiceDeliveryAttachmentTypes: delivery.attachmentTypes,
    Protocol: delivery.protocol ?? EinvoiceProtocol.CXML,
    PurchaseOrderDataSources: delivery.purchaseOrderDataSources.map((source) => ({
      EinvoiceDeliveryDocumentType: source.documentType,
      PurchaseOrderDataSourceType: source.sourceType,
    })),
    ConnectionTestingMethod: delivery.connectionTestingMethod,
    // The API's timestamps are epoch seconds.
    EinvoiceDeliveryActivationDate: Math.floor(delivery.activationDate.getTime() / 1000),
  };
}

/** `[{Key, Value}]` sorted by key (TagManager's order), or nothing when there are no tags. */
function renderTags(tags: TagManager): ResourceTagProperties[] | undefined {
  const rendered = tags.renderTags() as ResourceTagProperties[] | undefined;
  return rendered && rendered.length > 0 ? rendered : undefined;
}
