import * as path from 'path';
import { Duration, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, type IConstruct } from 'constructs';
import { applyNodeRuntime, newestNodeRuntime } from './node-runtime';
import { stackSingleton } from './stack-singleton';
import { ENV_ACCOUNT_ID, ENV_STACK_ID } from '../contract/wire';

/** Construct id of the provider under its stack: part of the public contract (logical ids derive from it). */
export const PROVIDER_ID = 'ProcurementPortalPreferenceProvider';

/** The handler's log retention when no preference of the stack sets one. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/** Construct id of the log group the provider creates when no preference of the stack brings its own. */
const DEFAULT_LOG_GROUP_ID = 'LogGroup';

/**
 * The one handler Lambda of a stack, its role and its log group. One handler for any number of preferences keeps a
 * stack at one Lambda; it speaks the custom-resource protocol itself, so no framework Lambda logs the properties.
 *
 * Each preference asks for it with `HandlerProvider.of(scope)` and adds the grants it needs (the secrets it reads);
 * the role starts with only the Invoicing permissions every preference needs. The log group is settled by the
 * preferences (any of them may bring the stack's own, `logGroup`), so the role's log statement and the function's
 * logging configuration name it lazily.
 */
export class HandlerProvider extends Construct {
  /** The stack's provider, created by the first preference that asks for it. */
  public static of(scope: IConstruct): HandlerProvider {
    return stackSingleton(scope, PROVIDER_ID, (c): c is HandlerProvider => c instanceof HandlerProvider, 'handler',
      (stack) => new HandlerProvider(stack, PROVIDER_ID));
  }

  public readonly role: iam.Role;
  public readonly function: lambda.Function;

  private readonly defaultLogGroup: logs.LogGroup;
  private explicitRetention?: { value: logs.RetentionDays; path: string };
  private explicitLogGroup?: { value: logs.ILogGroup; path: string };
  private readonly grantedSecrets = new Set<secretsmanager.ISecret>();
  private invoiceUnitsGranted = false;
  private sendValidationGranted = false;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);

    this.defaultLogGroup = new logs.LogGroup(this, DEFAULT_LOG_GROUP_ID, { retention: DEFAULT_LOG_RETENTION });

    // An inline least-privilege role instead of AWSLambdaBasicExecutionRole (a managed policy that writes to any log
    // group: cdk-nag AwsSolutions-IAM4).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Handler of cdk-procurement-portal: manages procurement portal preferences through the Invoicing API',
    });
    // What `logGroup.grantWrite()` grants, on whichever log group the stack's preferences settle on.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [Lazy.string({ produce: () => this.logGroup.logGroupArn })],
    }));

    // Each statement's scope and reason: README, "Permissions". Actions the Service Authorization Reference lists
    // without a resource type match only "*"; the legacy aws-portal actions are for accounts that still evaluate them.
    // UpdateProcurementPortalPreferenceStatus is always granted: the update that resumes runs after `suspended` is gone.
    // GetProcurementPortalPreference only with a secret re-apply (rotation-rule.ts): its answer holds the shared secret.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ManageProcurementPortalPreferences',
      actions: [
        'invoicing:CreateProcurementPortalPreference',
        'invoicing:PutProcurementPortalPreference',
        'invoicing:DeleteProcurementPortalPreference',
        'invoicing:UpdateProcurementPortalPreferenceStatus',
        'aws-portal:ModifyBilling',
      ],
      resources: ['*'],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ListProcurementPortalPreferences',
      // The portals and AWS's supplier ids in them: a Create checks the declared supplier id first.
      actions: ['invoicing:ListProcurementPortalPreferences', 'invoicing:ListProcurementPortals', 'invoicing:ListProcurementPortalSuppliers',
        'aws-portal:ViewBilling'],
      resources: ['*'],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'TagProcurementPortalPreferences',
      actions: ['invoicing:TagResource', 'invoicing:UntagResource', 'invoicing:ListTagsForResource'],
      resources: [stack.formatArn({
        service: 'invoicing',
        region: '',
        resource: 'procurement-portal-preference',
        resourceName: '*',
      })],
    }));

    // Its own stack only: every event is confirmed with CloudFormation before the handler acts (the stack runs an
    // operation that sends it, the resource waits on it); a Delete of an adopted preference is kept when the deploy
    // that adopted it rolls back; a secret re-apply waits while a deploy runs.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DescribeOwnStack',
      actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource'],
      resources: [stack.stackId],
    }));

    acknowledgeWildcards(this.role, stack);

    this.function = new lambda.Function(this, 'Handler', {
      description: 'cdk-procurement-portal: creates, updates and deletes procurement portal preferences (Custom::ProcurementPortalPreference)',
      // Works from src/private (ts-jest) and lib/private (compiled): both sit two levels below the package root.
      code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', 'lambda', 'index')),
      handler: 'index.handler',
      // Rendered from the app's aws-cdk-lib at synth, or the stack's `lambdaRuntime` (node-runtime.ts).
      runtime: newestNodeRuntime(),
      architecture: lambda.Architecture.ARM_64,
      memorySize: 128,
      // The handler keeps its own deadline from the remaining time and always answers before it.
      timeout: Duration.minutes(5),
      role: this.role,
      // The stack and account the handler serves: it refuses events of any other stack and preferences of any other
      // account, so a principal allowed to invoke it cannot drive it against the account's other preferences.
      environment: { [ENV_STACK_ID]: stack.stackId, [ENV_ACCOUNT_ID]: stack.account },
      // Given here too, so that aws-cdk-lib (with @aws-cdk/aws-lambda:useCdkManagedLogGroup) adds no log group of its
      // own; the logging configuration below names whichever log group the stack settles on.
      logGroup: this.defaultLogGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
    });
    applyNodeRuntime(this.function);
    (this.function.node.defaultChild as lambda.CfnFunction).loggingConfig = {
      logFormat: lambda.LoggingFormat.JSON,
      logGroup: Lazy.string({ produce: () => this.logGroup.logGroupName }),
    };
  }

  /** The handler's log group: the one a preference of the stack brought, else the one this provider created. */
  public get logGroup(): logs.ILogGroup {
    return this.explicitLogGroup?.value ?? this.defaultLogGroup;
  }

  /**
   * Sets the handler's log retention. The log group is shared by the stack's preferences, so two preferences that set
   * different values are refused.
   */
  public useLogRetention(retention: logs.RetentionDays | undefined, requester: IConstruct): string | undefined {
    if (retention === undefined) return undefined;
    if (this.explicitLogGroup !== undefined) return retentionWithLogGroup('logGroup', this.explicitLogGroup.path);
    if (this.explicitRetention === undefined) {
      this.explicitRetention = { value: retention, path: requester.node.path };
      (this.defaultLogGroup.node.defaultChild as logs.CfnLogGroup).retentionInDays =
        retention === logs.RetentionDays.INFINITE ? undefined : retention;
      return undefined;
    }
    if (this.explicitRetention.value !== retention) {
      return 'logRetention must be the same for every preference of a stack (they share one handler and its log group), '
        + `got ${retentionName(retention)} here and ${retentionName(this.explicitRetention.value)} at ${this.explicitRetention.path}`;
    }
    return undefined;
  }

  /**
   * Sends the handler's logs to the given log group instead of the one the provider creates (which is then left out
   * of the template). The handler is shared by the stack's preferences, so two preferences that give different log
   * groups are refused, and so is a `logRetention` beside it (the retention of your own log group is yours to set).
   */
  public useLogGroup(logGroup: logs.ILogGroup | undefined, requester: IConstruct): string | undefined {
    if (logGroup === undefined) return undefined;
    if (this.explicitRetention !== undefined) return retentionWithLogGroup('logRetention', this.explicitRetention.path);
    if (this.explicitLogGroup === undefined) {
      this.explicitLogGroup = { value: logGroup, path: requester.node.path };
      this.node.tryRemoveChild(DEFAULT_LOG_GROUP_ID);
      return undefined;
    }
    if (!sameLogGroup(this.explicitLogGroup.value, logGroup)) {
      return 'logGroup must be the same for every preference of a stack (they share one handler), '
        + `got ${describeLogGroup(logGroup)} here and ${describeLogGroup(this.explicitLogGroup.value)} at ${this.explicitLogGroup.path}`;
    }
    return undefined;
  }

  /**
   * Lets the handler call SendProcurementPortalValidation: added by the first preference of the stack that sets
   * `sendValidationCode`, so stacks that never ask for a code do not get the action. Matched against "*" like the
   * other calls on an existing preference.
   */
  public grantSendValidation(): void {
    if (this.sendValidationGranted) return;
    this.sendValidationGranted = true;
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'SendProcurementPortalValidation',
      actions: ['invoicing:SendProcurementPortalValidation'],
      resources: ['*'],
    }));
  }

  /**
   * Lets the handler create, change, read and delete invoice units, and tag them: added by the first `InvoiceUnit` of
   * the stack. CreateInvoiceUnit and ListInvoiceUnits have no resource type (the Service Authorization Reference), so
   * they match only "*"; the others are scoped to the account's invoice units.
   */
  public grantManageInvoiceUnits(): void {
    if (this.invoiceUnitsGranted) return;
    this.invoiceUnitsGranted = true;
    const stack = Stack.of(this);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'CreateInvoiceUnits',
      actions: ['invoicing:CreateInvoiceUnit', 'invoicing:ListInvoiceUnits'],
      resources: ['*'],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ManageInvoiceUnits',
      actions: ['invoicing:UpdateInvoiceUnit', 'invoicing:DeleteInvoiceUnit', 'invoicing:GetInvoiceUnit', 'invoicing:TagResource',
        'invoicing:UntagResource', 'invoicing:ListTagsForResource'],
      resources: [stack.formatArn({ service: 'invoicing', region: '', resource: 'invoice-unit', resourceName: '*' })],
    }));
  }

  /** Lets the handler read a secret's value (GetSecretValue, and kms:Decrypt on its key): once per secret. */
  public grantReadSecret(secret: secretsmanager.ISecret): void {
    if (this.grantedSecrets.has(secret)) return;
    this.grantedSecrets.add(secret);
    secret.grantRead(this.role);
  }
}

function retentionWithLogGroup(otherProp: 'logGroup' | 'logRetention', otherPath: string): string {
  return `logRetention and logGroup cannot be combined in one stack (its preferences share one handler), got ${otherProp} `
    + `at ${otherPath}; logRetention applies only to the log group the library creates: set the retention on your own `
    + 'log group instead';
}

/** The same construct, or two imports of one literal log group name. */
function sameLogGroup(a: logs.ILogGroup, b: logs.ILogGroup): boolean {
  if (a === b) return true;
  return !Token.isUnresolved(a.logGroupName) && !Token.isUnresolved(b.logGroupName) && a.logGroupName === b.logGroupName;
}

function describeLogGroup(logGroup: logs.ILogGroup): string {
  return Token.isUnresolved(logGroup.logGroupName) ? logGroup.node.path : `'${logGroup.logGroupName}'`;
}

function retentionName(retention: logs.RetentionDays): string {
  return retention === logs.RetentionDays.INFINITE ? 'INFINITE' : `${retention} days`;
}

/**
 * The two IAM wildcards above are what the Invoicing API allows, not a choice: cdk-nag (AwsSolutions-IAM5) reports
 * them, so the library acknowledges them on the handler's policy, with the reason, and a user's own cdk-nag run reports
 * only the user's resources. Recorded as `Validations` metadata directly: `Validations.acknowledge()` refuses rule ids
 * with more than one '::', and the ARN finding's id (as cdk-nag renders it) has several.
 */
function acknowledgeWildcards(role: iam.Role, stack: Stack): void {
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const policy = role.node.findChild('DefaultPolicy');
  policy.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
    'AwsSolutions-IAM5[Resource::*]': 'Create, Put, Get and DeleteProcurementPortalPreference (and the legacy '
      + 'aws-portal:ModifyBilling they also authorize), UpdateProcurementPortalPreferenceStatus, '
      + 'SendProcurementPortalValidation and ListProcurementPortalPreferences (and the legacy aws-portal:ViewBilling) '
      + 'support no resource type in the Service Authorization Reference, so IAM matches them only against "*".',
    [`AwsSolutions-IAM5[Resource::arn:${partition}:invoicing::${account}:procurement-portal-preference/*]`]:
      'TagResource, UntagResource and ListTagsForResource act on the preferences this handler creates, whose ids exist only after Create: '
      + 'scoped to the preference ARNs of this account.',
  });
}
