import { CfnResource, ITaggable, Lazy, RemovalPolicy, Resource, Stack, TagManager, TagType, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { checkInvoiceUnitArn } from './contract/constraints';
import { INVOICE_UNIT, INVOICE_UNIT_RESOURCE_TYPE, InvoiceUnitProperties } from './contract/invoice-unit';
import { checkValue } from './contract/rules';
import { asReceived } from './contract/wire';
import { IInvoiceUnit, InvoiceUnitBase, grantReadUnit } from './invoice-unit-base';
import { InvoiceUnitEnrolment, InvoiceUnitEnrolmentOptions } from './invoice-unit-enrolment';
import { HandlerProvider } from './private/provider';
import { renderTags } from './private/render-tags';
import { Problems, checkBoolean, checkOptionalString, checkRequiredString, checkResourceTags, checkStringList, isUnresolved } from './private/validation';

/** The configuration of an invoice unit. */
export interface InvoiceUnitProps {
  /**
   * The unit's name, unique in the account: 1 to 50 letters, digits, spaces, hyphens or underscores, not starting or
   * ending with a space. The API cannot change it: a change replaces the unit.
   */
  readonly invoiceUnitName: string;

  /**
   * The account (12 digits) that receives the invoices of the unit. The API cannot change it: a change replaces the
   * unit, and needs a new `invoiceUnitName` too (names are unique in the account).
   *
   * @default - the stack's account
   */
  readonly invoiceReceiver?: string;

  /**
   * What the unit is for (at most 500 characters).
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * Whether the unit's invoices stop inheriting the tax settings of the receiver account.
   *
   * @default false
   */
  readonly taxInheritanceDisabled?: boolean;

  /**
   * The member accounts of the organization whose charges the unit's invoices carry (12 digits each, at most 1,000,
   * no repeats). An account is in one unit only: the service refuses an account another unit holds.
   *
   * @default - none
   */
  readonly linkedAccounts?: string[];

  /**
   * The accounts (for example payer accounts of other organizations) that transferred their billing to the receiver
   * account through billing transfer (12 digits each, at most 1,000, no repeats). CloudFormation's
   * `AWS::Invoicing::InvoiceUnit` cannot set them.
   *
   * @default - none
   */
  readonly billSourceAccounts?: string[];

  /**
   * What happens to the unit when it leaves the stack.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Lets a change of `invoiceUnitName` or `invoiceReceiver` replace the unit even while a preference past
   * PENDING_VERIFICATION selects it.
   *
   * @default false
   */
  readonly allowReplacement?: boolean;

  /**
   * Takes over the existing invoice unit of this name (one made in the console, or by a stack that retained it)
   * instead of failing the Create (a name is unique in the account): the declared configuration and tags are applied
   * to it. Its receiver must be the declared one. If the deploy that adopts it rolls back, the unit is kept, as it was
   * before. Refused when another stack manages it.
   *
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * An invoice unit: the set of accounts whose charges AWS invoices to one receiver account, and what a preference's
 * `selector` picks invoices by. It stands on the stack's handler (the one the preferences use), so it works in a stack
 * of any region and can set `billSourceAccounts`.
 *
 * @example
 * const finance = new InvoiceUnit(this, 'Finance', {
 *   invoiceUnitName: 'Finance',
 *   linkedAccounts: ['111111111111', '222222222222'],
 * });
 * new ProcurementPortalPreference(this, 'Coupa', {
 *   procurementPortalName: ProcurementPortalName.COUPA,
 *   buyerIdentifier: 'example-buyer',
 *   supplierIdentifier: 'AWS-COUPA-1',
 *   selector: { invoiceUnits: [finance] },
 *   purchaseOrderRetrievalEnabled: true,
 *   contacts: [{ email: 'ap@example.com' }],
 * });
 */
export class InvoiceUnit extends Resource implements IInvoiceUnit, ITaggable {
  /**
   * Imports an existing invoice unit by its ARN.
   *
   * @param scope the scope of the import
   * @param id its construct id
   * @param invoiceUnitArn `arn:aws:invoicing::<account>:invoice-unit/<id>`
   */
  public static fromInvoiceUnitArn(scope: Construct, id: string, invoiceUnitArn: string): IInvoiceUnit {
    if (!Token.isUnresolved(invoiceUnitArn)) {
      const problem = checkInvoiceUnitArn('invoiceUnitArn', String(invoiceUnitArn));
      if (problem) throw new Error(`[${scope.node.path ? `${scope.node.path}/` : ''}${id}] ${problem}`);
    }
    class Import extends InvoiceUnitBase {
      public readonly invoiceUnitArn = invoiceUnitArn;
    }
    return new Import(scope, id, { environmentFromArn: invoiceUnitArn });
  }

  /** @attribute */
  public readonly invoiceUnitArn: string;

  /** Tags of the unit, sent to the API as its resource tags. */
  public readonly tags: TagManager;

  /** The account that receives the unit's invoices (the stack's account unless `invoiceReceiver` named another). */
  public readonly invoiceReceiver: string;

  /** The accounts the unit declares (`linkedAccounts`): an enrolment keeps them beside the ones it adds. */
  public readonly declaredLinkedAccounts?: string[];

  private readonly resource: CfnResource;
  private enrolment?: InvoiceUnitEnrolment;

  /**
   * Declares an invoice unit; the first preference or unit of a stack also adds the stack's handler.
   *
   * @param scope the scope of the unit
   * @param id its construct id
   * @param props the unit's configuration
   */
  constructor(scope: Construct, id: string, props: InvoiceUnitProps) {
    super(scope, id);
    const provider = HandlerProvider.of(this);
    provider.grantManageInvoiceUnits();
    this.tags = new TagManager(TagType.KEY_VALUE, INVOICE_UNIT_RESOURCE_TYPE, undefined, { tagPropertyName: 'ResourceTags' });
    const properties: () => InvoiceUnitProperties = () => ({
      Name: props.invoiceUnitName,
      InvoiceReceiver: this.invoiceReceiver,
      Description: props.description,
      TaxInheritanceDisabled: props.taxInheritanceDisabled === true ? true : undefined,
      LinkedAccounts: props.linkedAccounts,
      BillSourceAccounts: props.billSourceAccounts,
      // Tags are rendered at synth, after `Tags.of()` has reached the TagManager.
      ResourceTags: Lazy.any({ produce: () => renderTags(this.tags) }) as unknown as InvoiceUnitProperties['ResourceTags'],
      AllowReplacement: props.allowReplacement === true ? true : undefined,
      AdoptExisting: props.adoptExisting === true ? true : undefined,
      // An update keeps the accounts an enrolment added (lambda/invoice-unit/lifecycle.ts).
      EnrolledOrganizationalUnits: Lazy.list({ produce: () => this.enrolment?.organizationalUnitIds }, { omitEmpty: true }),
    });
    this.declaredLinkedAccounts = props.linkedAccounts;
    this.invoiceReceiver = props.invoiceReceiver ?? Stack.of(this).account;
    validate(this, props, properties);
    this.node.addValidation({ validate: () => checkResourceTags('tags', this.tags.tagValues()) });

    this.resource = new CfnResource(this, 'Resource', {
      type: INVOICE_UNIT_RESOURCE_TYPE,
      properties: { ServiceToken: provider.function.functionArn, ...properties() },
    });
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.DESTROY);
    // The handler answers with the unit's ARN as the physical id, so `Ref` is the ARN.
    this.invoiceUnitArn = this.resource.ref;
  }

  /** @param grantee the principal */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantReadUnit(grantee, this.invoiceUnitArn);
  }

  /**
   * Keeps the unit's accounts equal to its declared ones plus the accounts of organizational units, as they join and
   * leave: an `InvoiceUnitEnrolment` beside the unit. Called again, it returns the same enrolment.
   *
   * @example
   * const finance = new InvoiceUnit(this, 'Finance', { invoiceUnitName: 'Finance' });
   * const enrolment = finance.enrolOrganizationalUnits({ organizationalUnitIds: ['ou-ab12-cdef3456'] });
   * new cloudwatch.Alarm(this, 'AccountsOutsideUnits', {
   *   metric: enrolment.metricAccountsInNoInvoiceUnit(),
   *   threshold: 0,
   *   comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
   *   evaluationPeriods: 1,
   *   treatMissingData: cloudwatch.TreatMissingData.BREACHING,
   * });
   *
   * @param options the organizational units and the reconcile interval
   */
  public enrolOrganizationalUnits(options: InvoiceUnitEnrolmentOptions): InvoiceUnitEnrolment {
    if (this.enrolment) {
      if (JSON.stringify(this.enrolment.organizationalUnitIds) !== JSON.stringify(options.organizationalUnitIds)) {
        throw new Error(`[${this.node.path}] enrolOrganizationalUnits was called already with other organizational units `
          + `(${this.enrolment.organizationalUnitIds.join(', ')}): give all of them in one call`);
      }
      return this.enrolment;
    }
    this.enrolment = new InvoiceUnitEnrolment(this, 'Enrolment', { ...options, invoiceUnit: this, declaredLinkedAccounts: this.declaredLinkedAccounts });
    return this.enrolment;
  }

  /**
   * Applies a removal policy to the unit. `RemovalPolicy.RETAIN` keeps it (and its accounts) when it leaves the stack.
   *
   * @param policy the removal policy
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.resource.applyRemovalPolicy(policy);
  }
}


/** The props' JavaScript types, then the service's rules on the rendered properties (the handler walks the same). */
function validate(unit: InvoiceUnit, props: InvoiceUnitProps, properties: () => InvoiceUnitProperties): void {
  const problems = new Problems();
  checkRequiredString(problems, 'invoiceUnitName', props.invoiceUnitName);
  checkOptionalString(problems, 'invoiceReceiver', props.invoiceReceiver);
  checkOptionalString(problems, 'description', props.description);
  checkBoolean(problems, 'taxInheritanceDisabled', props.taxInheritanceDisabled, false);
  checkStringList(problems, 'linkedAccounts', props.linkedAccounts, false);
  checkStringList(problems, 'billSourceAccounts', props.billSourceAccounts, false);
  checkBoolean(problems, 'allowReplacement', props.allowReplacement, false);
  checkBoolean(problems, 'adoptExisting', props.adoptExisting, false);
  if (problems.count === 0) {
    const { ResourceTags: _tags, EnrolledOrganizationalUnits: _enrolled, ...rendered } = properties();
    checkValue(INVOICE_UNIT, asReceived(rendered, isUnresolved), '', { names: 'prop', skip: isUnresolved, rootName: 'props' })
      .forEach((problem) => problems.add(problem));
  }
  problems.throwIfAny(unit, InvoiceUnit);
}
