/**
 * An in-process emulator of the AWS Invoicing API's procurement portal preference operations (awsJson1_0), strict like
 * the real service, with inspectable state, per-operation call counts, an operation log free of secrets and contacts,
 * and fault injection for tests, the demo and the benchmark.
 */
import { EventEmitter } from 'node:events';
import { JsonRequest, JsonServiceServer, Outcome, ServiceError, errorOutcome } from './http';
import { InvoiceSummaries } from './invoice-summaries';
import { InvoiceUnitStore } from './invoice-units';
import { IDENTITY_MEMBERS, InvoicingOperation, OPERATIONS, REQUEST_SHAPES } from './invoicing-model';
import { pageOf } from './paging';
import { PortalCatalog } from './portal-catalog';
import { FieldProblem, validateStructure } from './shapes';

export { OPERATIONS } from './invoicing-model';
export type { InvoicingOperation } from './invoicing-model';

type Json = Record<string, unknown>;

/** A stored preference: the request's configuration plus what the service adds. */
export interface StoredPreference {
  readonly arn: string;
  readonly id: string;
  /** Create's identity members. */
  readonly identity: Readonly<Record<string, string>>;
  /** The configuration members as last written by Create or Put (secrets and contacts included, as the service keeps them). */
  configuration: Json;
  tags: Map<string, string>;
  version: number;
  readonly createdAt: number;
  updatedAt: number;
  einvoiceDeliveryPreferenceStatus: string;
  purchaseOrderRetrievalPreferenceStatus: string;
  einvoiceDeliveryPreferenceStatusReason?: string;
  purchaseOrderRetrievalPreferenceStatusReason?: string;
  /** Whether each feature has ever been ACTIVE: only then does the service resume it to ACTIVE. */
  einvoiceDeliveryActivated: boolean;
  purchaseOrderRetrievalActivated: boolean;
  /** The one-time code of the last SendProcurementPortalValidation, until it is verified. */
  validationCode?: string;
}

/** One line of the operation log. Never the request's values: only what names the call and its result. */
export interface OperationLogEntry {
  readonly seq: number;
  readonly at: number;
  readonly operation: string;
  /** `ok`, an error code, `dropped` or `hung`. */
  readonly outcome: string;
  /** The preference the call concerned (the ARN is not a secret). */
  readonly arn?: string;
  readonly clientToken?: string;
  /** True when the service applied the call (a dropped or hung answer can follow an applied change). */
  readonly applied: boolean;
}

export type FaultKind =
  /** 429 ThrottlingException, before the operation runs. */
  | 'throttle'
  /** 500 InternalServerException with Retry-After, before the operation runs. */
  | 'internal-error'
  /** 403 AccessDeniedException, before the operation runs. */
  | 'access-denied'
  /** The connection is destroyed before the operation runs. */
  | 'drop'
  /** The operation runs, then the connection is destroyed before the answer. */
  | 'drop-after-apply'
  /** Never answers (until stop()), before the operation runs. */
  | 'hang'
  /** The operation runs, then never answers. */
  | 'hang-after-apply'
  /** 400 ValidationException (with `message`, or a field-level one), before the operation runs. */
  | 'validation'
  /** 400 ValidationException whose message repeats the submitted shared secret (a service that echoes input). */
  | 'echo-secret'
  /** The operation runs, then a 200 answer without a usable result (see `answer`): the caller cannot tell what happened. */
  | 'unusable-answer-after-apply';

/**
 * The body of an `unusable-answer-after-apply` fault: nothing, `{}`, an HTML page (a proxy's), or the operation's
 * answer with an ARN that is not a preference ARN.
 */
export type UnusableAnswer = 'empty' | 'empty-object' | 'html' | 'bad-arn';

export interface FaultRule {
  readonly kind: FaultKind;
  /** The operation it applies to; every operation when absent. */
  readonly operation?: InvoicingOperation;
  /** How many calls it hits; without end when absent. */
  readonly times?: number;
  /** Retry-After for `internal-error` (seconds). */
  readonly retryAfterSeconds?: number;
  /** The message of a `validation` fault. */
  readonly message?: string;
  /** The body of an `unusable-answer-after-apply` fault (default `empty-object`). */
  readonly answer?: UnusableAnswer;
}

/**
 * What a ConflictException for a taken identity names in `resourceId`: the existing preference's ARN (the default),
 * its bare id (the ARN's last path segment), or nothing, so tests can play each behaviour a real service may have.
 */
export type ConflictResourceId = 'arn' | 'bare-id' | 'omit';

export interface InvoicingEmulatorOptions {
  readonly accountId?: string;
  readonly partition?: string;
  /** @default 'arn' */
  readonly conflictResourceId?: ConflictResourceId;
}

interface IdempotencyRecord {
  readonly operation: string;
  readonly fingerprint: string;
  readonly result: Json;
}

/** The operations that take a ClientToken (the model's idempotency token). */
const IDEMPOTENT_OPERATIONS: ReadonlySet<string> = new Set(OPERATIONS.filter((op) => 'ClientToken' in REQUEST_SHAPES[op].members));

/** The members Put replaces as a whole: its request's, but the preference's ARN and the token. */
const CONFIGURATION_MEMBERS = Object.keys(REQUEST_SHAPES.PutProcurementPortalPreference.members)
  .filter((member) => member !== 'ProcurementPortalPreferenceArn' && member !== 'ClientToken');

/**
 * Events: `call` (an `OperationLogEntry`, after every request), so a test can act at the moment a call happened.
 */
export class InvoicingEmulator extends JsonServiceServer {
  readonly accountId: string;
  readonly partition: string;
  /** Requests received per operation (every request, faulted ones included). */
  readonly calls = new Map<string, number>();
  readonly log: OperationLogEntry[] = [];
  readonly events = new EventEmitter();

  private readonly preferences = new Map<string, StoredPreference>();
  /** The account's invoices, for ListInvoiceSummaries: seed them with `invoices.seed()`. */
  readonly invoices = new InvoiceSummaries();
  /** The account's invoice units: made by CreateInvoiceUnit, or seeded with `units.seed()` as if made elsewhere. */
  readonly units: InvoiceUnitStore;
  /** The portals and AWS's suppliers in them: seed them with `catalog.seedPortal()` (`seedInvoiceUnit()` seeds a unit). */
  readonly catalog: PortalCatalog;
  private readonly tokens = new Map<string, IdempotencyRecord>();
  private faults: Array<FaultRule & { remaining: number }> = [];
  private rateLimit: number | undefined;
  private readonly recentRequests: number[] = [];
  private seq = 0;
  private readonly defaultConflictResourceId: ConflictResourceId;
  private conflictResourceIdForm: ConflictResourceId;

  constructor(options: InvoicingEmulatorOptions = {}) {
    super({ contentType: 'application/x-amz-json-1.0', targetPrefix: 'Invoicing', errorNamespace: 'com.amazonaws.invoicing' });
    this.accountId = options.accountId ?? '123456789012';
    this.partition = options.partition ?? 'aws';
    this.units = new InvoiceUnitStore(this.accountId);
    this.catalog = new PortalCatalog(this.units);
    this.defaultConflictResourceId = options.conflictResourceId ?? 'arn';
    this.conflictResourceIdForm = this.defaultConflictResourceId;
  }

  /** What the next ConflictExceptions for a taken identity name in `resourceId`; `reset()` restores the constructor's. */
  conflictResourceId(form: ConflictResourceId): this {
    this.conflictResourceIdForm = form;
    return this;
  }

  /** Injects a fault; rules are consulted in the order given, the first matching one applies. */
  inject(rule: FaultRule): this {
    this.faults.push({ ...rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    return this;
  }

  /** Throttles (429) every request above `requestsPerSecond` within any one-second window; undefined lifts it. */
  throttleAbove(requestsPerSecond: number | undefined): this {
    this.rateLimit = requestsPerSecond;
    return this;
  }

  clearFaults(): this {
    this.faults = [];
    this.rateLimit = undefined;
    return this;
  }

  /** Forgets preferences, tokens, counts and the log, and restores the conflict's `resourceId` form (faults stay). */
  reset(): void {
    this.conflictResourceIdForm = this.defaultConflictResourceId;
    this.preferences.clear();
    this.invoices.reset();
    this.catalog.reset();
    this.units.reset();
    this.tokens.clear();
    this.calls.clear();
    this.log.length = 0;
    this.recentRequests.length = 0;
  }

  /** The stored preferences, in creation order. */
  list(): StoredPreference[] {
    return [...this.preferences.values()];
  }

  get(arn: string): StoredPreference | undefined {
    return this.preferences.get(arn);
  }

  callCount(operation: InvoicingOperation): number {
    return this.calls.get(operation) ?? 0;
  }

  /**
   * Adds a preference as if someone created it outside CloudFormation (for conflict and drift tests); returns its ARN.
   */
  seed(request: Json): string {
    const problems = validateStructure(request, REQUEST_SHAPES.CreateProcurementPortalPreference, '');
    if (problems.length > 0) throw new Error(`seed: invalid preference: ${problems.map((p) => p.message).join('; ')}`);
    return this.create(request).ProcurementPortalPreferenceArn as string;
  }

  /**
   * Moves a preference's statuses as the service does outside any API call (verification, testing, activation), so
   * tests and the demo can play a connection's life. An absent feature keeps its status.
   */
  setStatus(arn: string, statuses: { einvoiceDelivery?: string; purchaseOrderRetrieval?: string; reason?: string }): void {
    const preference = this.find(arn);
    if (statuses.einvoiceDelivery !== undefined) {
      preference.einvoiceDeliveryPreferenceStatus = statuses.einvoiceDelivery;
      preference.einvoiceDeliveryPreferenceStatusReason = statuses.reason;
      if (statuses.einvoiceDelivery === 'ACTIVE') preference.einvoiceDeliveryActivated = true;
    }
    if (statuses.purchaseOrderRetrieval !== undefined) {
      preference.purchaseOrderRetrievalPreferenceStatus = statuses.purchaseOrderRetrieval;
      preference.purchaseOrderRetrievalPreferenceStatusReason = statuses.reason;
      if (statuses.purchaseOrderRetrieval === 'ACTIVE') preference.purchaseOrderRetrievalActivated = true;
    }
    preference.updatedAt = nowSeconds();
  }

  /**
   * The one-time code the last SendProcurementPortalValidation delivered "to the portal" (what the buyer would read
   * there), or undefined when none is outstanding.
   */
  validationCode(arn: string): string | undefined {
    return this.find(arn).validationCode;
  }

  /** Removes a preference behind the caller's back (drift). */
  deleteOutOfBand(arn: string): boolean {
    return this.preferences.delete(arn);
  }

  /** Resolves with the next log entry that matches, e.g. the moment a Create was applied. */
  waitForCall(predicate: (entry: OperationLogEntry) => boolean): Promise<OperationLogEntry> {
    return new Promise((resolve) => {
      const listener = (entry: OperationLogEntry): void => {
        if (!predicate(entry)) return;
        this.events.off('call', listener);
        resolve(entry);
      };
      this.events.on('call', listener);
    });
  }

  protected handle(request: JsonRequest): Outcome {
    const operation = request.operation;
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const body = request.body as Json;
    const arn = firstString(body.ProcurementPortalPreferenceArn, body.ResourceArn);
    const clientToken = typeof body.ClientToken === 'string' ? body.ClientToken : undefined;
    const record = (outcome: string, applied: boolean, resultArn?: string): void => {
      const entry: OperationLogEntry = {
        seq: ++this.seq, at: Date.now(), operation, outcome, applied, arn: resultArn ?? arn, clientToken,
      };
      this.log.push(entry);
      this.events.emit('call', entry);
    };

    if (!(OPERATIONS as readonly string[]).includes(operation)) {
      record('UnknownOperationException', false);
      return errorOutcome(new ServiceError(400, 'UnknownOperationException', `Unknown operation Invoicing.${operation}`));
    }
    const op = operation as InvoicingOperation;

    const fault = this.takeFault(op);
    if (fault) {
      const early = this.earlyFault(fault, op, body, arn);
      if (early) {
        const label = early.kind === 'error' ? early.error.code : early.kind === 'drop' ? 'dropped' : 'hung';
        record(label, false);
        return early;
      }
    }
    if (this.overRateLimit()) {
      record('ThrottlingException', false);
      return errorOutcome(throttling());
    }

    let result: Json;
    try {
      result = this.run(op, body, clientToken);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      record(err.code, false);
      return errorOutcome(err);
    }
    const resultArn = firstString(result.ProcurementPortalPreferenceArn) ?? arn;
    if (fault?.kind === 'drop-after-apply') {
      record('dropped', true, resultArn);
      return { kind: 'drop' };
    }
    if (fault?.kind === 'hang-after-apply') {
      record('hung', true, resultArn);
      return { kind: 'hang' };
    }
    if (fault?.kind === 'unusable-answer-after-apply') {
      record(`unusable-${fault.answer ?? 'empty-object'}`, true, resultArn);
      return unusableAnswer(fault.answer ?? 'empty-object', result);
    }
    record('ok', op !== 'GetProcurementPortalPreference' && !op.startsWith('List'), resultArn);
    return { kind: 'ok', body: result };
  }

  private takeFault(operation: InvoicingOperation): FaultRule | undefined {
    const rule = this.faults.find((f) => f.remaining > 0 && (f.operation === undefined || f.operation === operation));
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule;
  }

  private earlyFault(fault: FaultRule, operation: InvoicingOperation, body: Json, arn: string | undefined): Outcome | undefined {
    switch (fault.kind) {
      case 'throttle':
        return errorOutcome(throttling());
      case 'internal-error': {
        const seconds = fault.retryAfterSeconds ?? 1;
        return errorOutcome(new ServiceError(500, 'InternalServerException',
          'An internal error occurred. Try again later.', {}, { 'retry-after': String(seconds) }));
      }
      case 'access-denied':
        return errorOutcome(new ServiceError(403, 'AccessDeniedException',
          `User: arn:${this.partition}:sts::${this.accountId}:assumed-role/handler-role/handler is not authorized to perform: `
          + `invoicing:${operation} on resource: ${arn ?? '*'} because no identity-based policy allows the invoicing:${operation} action`));
      case 'validation':
        return errorOutcome(validationError(
          fault.message ?? "1 validation error detected: Value at 'contacts' failed to satisfy constraint: The portal refused the contact",
          'fieldValidationFailed', [{ name: 'Contacts', message: 'The portal refused the contact' }]));
      case 'drop':
        return { kind: 'drop' };
      case 'hang':
        return { kind: 'hang' };
      case 'echo-secret': {
        const secret = typeof body.ProcurementPortalSharedSecret === 'string' ? body.ProcurementPortalSharedSecret : '<none>';
        const message = `1 validation error detected: Value '${secret}' at 'procurementPortalSharedSecret' failed to satisfy constraint: `
          + 'Shared secret was rejected by the procurement portal';
        return errorOutcome(validationError(message, 'fieldValidationFailed',
          [{ name: 'ProcurementPortalSharedSecret', message: `The portal rejected '${secret}'` }]));
      }
      case 'drop-after-apply':
      case 'hang-after-apply':
      case 'unusable-answer-after-apply':
        return undefined;
    }
  }

  private overRateLimit(): boolean {
    if (this.rateLimit === undefined) return false;
    const now = Date.now();
    while (this.recentRequests.length > 0 && now - this.recentRequests[0] >= 1000) this.recentRequests.shift();
    if (this.recentRequests.length >= this.rateLimit) return true;
    this.recentRequests.push(now);
    return false;
  }

  private run(operation: InvoicingOperation, body: Json, clientToken: string | undefined): Json {
    const problems = validateStructure(body, REQUEST_SHAPES[operation], '');
    if (problems.length > 0) throw validationFailure(problems);

    if (clientToken !== undefined && IDEMPOTENT_OPERATIONS.has(operation)) {
      const fingerprint = canonical({ ...body, ClientToken: undefined });
      const previous = this.tokens.get(clientToken);
      if (previous) {
        if (previous.operation === operation && previous.fingerprint === fingerprint) return previous.result;
        throw new ServiceError(409, 'ConflictException',
          `The client token ${clientToken} was already used with a different request`,
          { resourceId: clientToken, resourceType: 'ClientToken' });
      }
      const result = this.execute(operation, body);
      this.tokens.set(clientToken, { operation, fingerprint, result });
      return result;
    }
    return this.execute(operation, body);
  }

  private execute(operation: InvoicingOperation, body: Json): Json {
    switch (operation) {
      case 'CreateProcurementPortalPreference':
        return this.create(body);
      case 'PutProcurementPortalPreference': {
        const preference = this.find(body.ProcurementPortalPreferenceArn as string);
        preference.configuration = configurationOf(body);
        preference.version += 1;
        preference.updatedAt = nowSeconds();
        return { ProcurementPortalPreferenceArn: preference.arn };
      }
      case 'GetProcurementPortalPreference':
        return { ProcurementPortalPreference: this.describe(this.find(body.ProcurementPortalPreferenceArn as string), true) };
      case 'DeleteProcurementPortalPreference': {
        const preference = this.find(body.ProcurementPortalPreferenceArn as string);
        this.preferences.delete(preference.arn);
        return { ProcurementPortalPreferenceArn: preference.arn };
      }
      case 'ListProcurementPortalPreferences':
        return this.listPage(body);
      case 'ListInvoiceSummaries':
        return this.invoices.page(body);
      case 'ListProcurementPortals':
        return this.catalog.listPortals(body);
      case 'ListProcurementPortalSuppliers':
        return this.catalog.listSuppliers(body);
      case 'CreateInvoiceUnit':
        return this.units.create(body);
      case 'UpdateInvoiceUnit':
        return this.units.update(body);
      case 'DeleteInvoiceUnit':
        return this.units.delete(body);
      case 'GetInvoiceUnit':
        return this.units.describe(body);
      case 'ListInvoiceUnits':
        return this.units.listPage(body);
      case 'UpdateProcurementPortalPreferenceStatus':
        return this.updateStatus(body);
      case 'SendProcurementPortalValidation': {
        const preference = this.find(body.ProcurementPortalPreferenceArn as string);
        if (!awaitingVerification(preference)) {
          throw new ServiceError(409, 'ConflictException',
            `Procurement portal preference ${preference.arn} is not pending verification (e-invoice delivery `
            + `${preference.einvoiceDeliveryPreferenceStatus}, purchase order retrieval ${preference.purchaseOrderRetrievalPreferenceStatus})`,
            { resourceId: preference.arn, resourceType: 'ProcurementPortalPreference' });
        }
        preference.validationCode = oneTimeCode();
        return { ProcurementPortalPreferenceArn: preference.arn };
      }
      case 'VerifyProcurementPortalValidation': {
        const preference = this.find(body.ProcurementPortalPreferenceArn as string);
        if (preference.validationCode === undefined || preference.validationCode !== body.Code) {
          // The code itself is never repeated.
          throw validationError('The validation code is not valid or has expired: request a new one with SendProcurementPortalValidation',
            'fieldValidationFailed', [{ name: 'Code', message: 'The validation code is not valid or has expired' }]);
        }
        preference.validationCode = undefined;
        for (const feature of ['einvoiceDelivery', 'purchaseOrderRetrieval'] as const) {
          if (preference[`${feature}PreferenceStatus`] === 'PENDING_VERIFICATION') {
            preference[`${feature}PreferenceStatus`] = 'VALIDATED';
            preference[`${feature}PreferenceStatusReason`] = undefined;
          }
        }
        preference.updatedAt = nowSeconds();
        return { ProcurementPortalPreferenceArn: preference.arn };
      }
      case 'TagResource': {
        const resource = this.tagged(body.ResourceArn as string);
        const tags = body.ResourceTags as Array<{ Key: string; Value: string }>;
        const merged = new Map(resource.tags);
        for (const tag of tags) merged.set(tag.Key, tag.Value);
        if (merged.size > 200) {
          throw new ServiceError(402, 'ServiceQuotaExceededException', `A resource can have at most 200 tags, this request would make ${merged.size}`);
        }
        for (const tag of tags) resource.tags.set(tag.Key, tag.Value);
        return {};
      }
      case 'UntagResource': {
        const resource = this.tagged(body.ResourceArn as string);
        for (const key of body.ResourceTagKeys as string[]) resource.tags.delete(key);
        return {};
      }
      case 'ListTagsForResource': {
        const resource = this.tagged(body.ResourceArn as string);
        return { ResourceTags: [...resource.tags].map(([Key, Value]) => ({ Key, Value })) };
      }
    }
  }

  /**
   * Suspending is always accepted; ACTIVE only for a feature that has been ACTIVE before (a resume): a feature that
   * never completed verification and testing cannot be made ACTIVE by the caller. Other statuses are the service's to
   * set and are accepted as given.
   */
  private updateStatus(body: Json): Json {
    const preference = this.find(body.ProcurementPortalPreferenceArn as string);
    const changes = (['einvoiceDelivery', 'purchaseOrderRetrieval'] as const).flatMap((feature) => {
      const key = feature === 'einvoiceDelivery' ? 'EinvoiceDelivery' : 'PurchaseOrderRetrieval';
      const status = body[`${key}PreferenceStatus`];
      return typeof status === 'string' ? [{ feature, status, reason: body[`${key}PreferenceStatusReason`] as string | undefined }] : [];
    });
    for (const change of changes) {
      const activated = preference[`${change.feature}Activated`];
      if (change.status === 'ACTIVE' && !activated) {
        const name = change.feature === 'einvoiceDelivery' ? 'e-invoice delivery' : 'purchase order retrieval';
        throw new ServiceError(409, 'ConflictException',
          `Cannot change the ${name} status of ${preference.arn} from ${preference[`${change.feature}PreferenceStatus`]} to ACTIVE: `
          + 'it has not completed verification and connection testing',
          { resourceId: preference.arn, resourceType: 'ProcurementPortalPreference' });
      }
    }
    for (const change of changes) {
      preference[`${change.feature}PreferenceStatus`] = change.status;
      preference[`${change.feature}PreferenceStatusReason`] = change.reason === '' ? undefined : change.reason;
    }
    preference.updatedAt = nowSeconds();
    return { ProcurementPortalPreferenceArn: preference.arn };
  }

  private create(body: Json): Json {
    const identity = Object.fromEntries(IDENTITY_MEMBERS.map((f) => [f, body[f] as string])) as StoredPreference['identity'];
    const existing = this.list().find((p) => IDENTITY_MEMBERS.every((f) => p.identity[f] === identity[f]));
    if (existing) {
      throw new ServiceError(409, 'ConflictException',
        `A procurement portal preference for ${identity.ProcurementPortalName} buyer ${identity.BuyerIdentifier} and supplier `
        + `${identity.SupplierIdentifier} already exists`,
        { ...this.conflictResourceIdOf(existing), resourceType: 'ProcurementPortalPreference' });
    }
    const id = globalThis.crypto.randomUUID();
    const arn = `arn:${this.partition}:invoicing::${this.accountId}:procurement-portal-preference/${id}`;
    const now = nowSeconds();
    const tags = new Map<string, string>();
    for (const tag of (body.ResourceTags as Array<{ Key: string; Value: string }> | undefined) ?? []) tags.set(tag.Key, tag.Value);
    this.preferences.set(arn, {
      arn,
      id,
      identity,
      configuration: configurationOf(body),
      tags,
      version: 1,
      createdAt: now,
      updatedAt: now,
      einvoiceDeliveryPreferenceStatus: 'PENDING_VERIFICATION',
      purchaseOrderRetrievalPreferenceStatus: 'PENDING_VERIFICATION',
      einvoiceDeliveryActivated: false,
      purchaseOrderRetrievalActivated: false,
    });
    return { ProcurementPortalPreferenceArn: arn };
  }

  private conflictResourceIdOf(existing: StoredPreference): Json {
    switch (this.conflictResourceIdForm) {
      case 'arn': return { resourceId: existing.arn };
      case 'bare-id': return { resourceId: existing.id };
      case 'omit': return {};
    }
  }

  /** The preference or invoice unit `arn` names: both carry tags. */
  private tagged(arn: string): { readonly tags: Map<string, string> } {
    return this.units.taggable(arn) ?? this.find(arn);
  }

  private find(arn: string): StoredPreference {
    const preference = this.preferences.get(arn);
    if (!preference) {
      throw new ServiceError(404, 'ResourceNotFoundException', `Procurement portal preference ${arn} was not found`,
        { resourceName: arn });
    }
    return preference;
  }

  /** The Get shape (with the shared secret, as the real Get returns it) or the List summary shape. */
  describe(preference: StoredPreference, full: boolean): Json {
    const c = preference.configuration;
    const summary: Json = {
      AwsAccountId: this.accountId,
      ProcurementPortalPreferenceArn: preference.arn,
      ...preference.identity,
      EinvoiceDeliveryEnabled: c.EinvoiceDeliveryEnabled,
      PurchaseOrderRetrievalEnabled: c.PurchaseOrderRetrievalEnabled,
      Version: preference.version,
      CreateDate: preference.createdAt,
      LastUpdateDate: preference.updatedAt,
      Selector: c.Selector,
      EinvoiceDeliveryPreferenceStatus: preference.einvoiceDeliveryPreferenceStatus,
      EinvoiceDeliveryPreferenceStatusReason: preference.einvoiceDeliveryPreferenceStatusReason,
      PurchaseOrderRetrievalPreferenceStatus: preference.purchaseOrderRetrievalPreferenceStatus,
      PurchaseOrderRetrievalPreferenceStatusReason: preference.purchaseOrderRetrievalPreferenceStatusReason,
    };
    if (!full) return withoutUndefined(summary);
    return withoutUndefined({
      ...summary,
      ProcurementPortalSharedSecret: c.ProcurementPortalSharedSecret,
      ProcurementPortalInstanceEndpoint: c.ProcurementPortalInstanceEndpoint,
      PurchaseOrderRetrievalEndpoint: c.PurchaseOrderRetrievalEnabled === true
        ? `https://invoicing.us-east-1.amazonaws.com/procurement/${preference.id}/purchase-orders` : undefined,
      TestEnvPreference: c.TestEnvPreference,
      EinvoiceDeliveryPreference: c.EinvoiceDeliveryPreference,
      Contacts: c.Contacts,
    });
  }

  private listPage(body: Json): Json {
    const { items, next } = pageOf(this.list(), body);
    return withoutUndefined({ ProcurementPortalPreferences: items.map((p) => this.describe(p, false)), NextToken: next });
  }
}

function configurationOf(body: Json): Json {
  return withoutUndefined(Object.fromEntries(CONFIGURATION_MEMBERS.map((k) => [k, structuredClone(body[k])])));
}

/** Eight capital letters: never found by chance inside an ARN or an id, so tests can prove it is never printed. */
function oneTimeCode(): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (byte) => letters[byte % letters.length]).join('');
}

function awaitingVerification(preference: StoredPreference): boolean {
  return preference.einvoiceDeliveryPreferenceStatus === 'PENDING_VERIFICATION'
    || preference.purchaseOrderRetrievalPreferenceStatus === 'PENDING_VERIFICATION';
}

function throttling(): ServiceError {
  return new ServiceError(429, 'ThrottlingException', 'Rate exceeded');
}

function validationError(message: string, reason: string, fieldList: Array<{ name: string; message: string }>): ServiceError {
  return new ServiceError(400, 'ValidationException', message, { reason, fieldList });
}

function validationFailure(problems: FieldProblem[]): ServiceError {
  const count = problems.length;
  const message = `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.map((p) => p.message).join('; ')}`;
  const reason = problems.some((p) => p.reason === 'cannotParse') ? 'cannotParse' : 'fieldValidationFailed';
  return validationError(message, reason, problems.map(({ name, message: m }) => ({ name, message: m })));
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function withoutUndefined(record: Json): Json {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** JSON with sorted keys, so that two equal requests compare equal whatever their member order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Json).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function unusableAnswer(answer: UnusableAnswer, result: Json): Outcome {
  const json = 'application/x-amz-json-1.0';
  switch (answer) {
    case 'empty':
      return { kind: 'raw', status: 200, contentType: json, body: '' };
    case 'empty-object':
      return { kind: 'raw', status: 200, contentType: json, body: '{}' };
    case 'html':
      return { kind: 'raw', status: 200, contentType: 'text/html', body: '<html><body><h1>Service Unavailable</h1></body></html>' };
    case 'bad-arn':
      return { kind: 'raw', status: 200, contentType: json, body: JSON.stringify({ ...result, ProcurementPortalPreferenceArn: 'not-a-preference-arn' }) };
  }
}
