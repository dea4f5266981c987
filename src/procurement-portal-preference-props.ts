import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  ConnectionTestingMethod,
  EinvoiceAttachmentType,
  EinvoiceDocumentType,
  EinvoiceProtocol,
  PartyDomain,
  ProcurementPortalName,
  PurchaseOrderDataSourceType,
} from './enums';
import type { IInvoiceUnit } from './invoice-unit-base';
import { PortalSecret } from './portal-secret';

/** Who the buyer is in the selection of invoices: which invoice units and sellers of record the preference covers. */
export interface PreferenceSelectorProps {
  /**
   * The invoice units whose invoices the preference delivers (at most 500 invoice unit ARNs).
   *
   * @default - no selection by invoice unit
   */
  readonly invoiceUnitArns?: string[];

  /**
   * The invoice units whose invoices the preference delivers, as constructs: declared in this app (the deploy creates
   * them before the preference) or imported with `InvoiceUnit.fromInvoiceUnitArn()`. Selected together with
   * `invoiceUnitArns` (at most 500 in all).
   *
   * @default - no selection by invoice unit construct
   */
  readonly invoiceUnits?: IInvoiceUnit[];

  /**
   * The sellers of record whose invoices the preference delivers (at most 100), for example `AWS`.
   *
   * @default - no selection by seller of record
   */
  readonly sellerOfRecords?: string[];
}

/**
 * Which of AWS's supplier ids in the portal to use: `npx cdk-procurement-portal doctor` lists them for an account.
 */
export interface SupplierLookup {
  /** AWS's seller of record whose supplier id to use, as ListProcurementPortalSuppliers names it (for example `AWS_INC`). */
  readonly sellerOfRecord: string;

  /**
   * The supplier's country (two capital letters), when the seller of record has supplier ids in several countries.
   *
   * @default - any country: the seller of record must then have exactly one production supplier id in the portal
   */
  readonly countryCode?: string;
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
   * preference's identity: changing it replaces the preference. Before the Create, the handler checks it against AWS's
   * supplier ids in the portal.
   *
   * Give exactly one of `supplierIdentifier` and `supplierLookup`.
   *
   * @default - looked up with `supplierLookup`
   */
  readonly supplierIdentifier?: string;

  /**
   * Look AWS's supplier id up instead of typing it: at Create, the handler picks the one production supplier of
   * `sellerOfRecord` (and `countryCode`) among AWS's supplier ids in the portal (ListProcurementPortalSuppliers), and
   * fails with the candidates listed when it finds none or several. The preference keeps that id afterwards: a later
   * change of AWS's list never replaces it; a change of the lookup itself does (as `supplierIdentifier` would).
   *
   * Give exactly one of `supplierIdentifier` and `supplierLookup`.
   *
   * @default - `supplierIdentifier` is given
   */
  readonly supplierLookup?: SupplierLookup;

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
   * The Node.js runtime of the functions the library creates in this stack (the handler and, with a status metric,
   * the status poller). They are shared by the stack's preferences: preferences of one stack that pin different
   * runtimes are refused.
   *
   * @default - the newest Node.js runtime your aws-cdk-lib knows (read at synth, never below Node.js 22), as cdk-nag's
   * AwsSolutions-L1 asks
   */
  readonly lambdaRuntime?: lambda.Runtime;

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
