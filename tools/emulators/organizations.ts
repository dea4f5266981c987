/**
 * AWS Organizations, as much of it as the invoice-unit enrolment reads: an organization's tree of organizational
 * units and its accounts, as the API reference documents them
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html):
 * - ListAccountsForParent: the accounts directly under a root or OU; ListOrganizationalUnitsForParent: the OUs directly
 *   under it; ListAccounts: every account of the organization. ParentNotFoundException for a parent that does not exist.
 * - Pages of at most 20 (the model's MaxResults), a NextToken while more remain; the service may answer fewer than
 *   asked, so callers page until no NextToken.
 * - Requests are checked against Organizations' own model (models/organizations.json, from botocore).
 * - `TooManyRequestsException` (400) when throttled (`throttleNext`).
 */
import { JsonRequest, JsonServiceServer, Outcome, ServiceError, errorOutcome } from './http';
import { pageOf } from './paging';
import { ORGANIZATIONS_MODEL, requestShape } from './service-model';
import { StructureShape, validateStructure } from './shapes';

type Json = Record<string, unknown>;

const OPERATIONS = ['ListAccounts', 'ListAccountsForParent', 'ListOrganizationalUnitsForParent'] as const;
const REQUEST_SHAPES: Readonly<Record<string, StructureShape>> = Object.fromEntries(
  OPERATIONS.map((operation) => [operation, requestShape(operation, ORGANIZATIONS_MODEL)]));
/** The model's MaxResults. */
const PAGE_SIZE = 20;

export interface OrganizationAccount {
  readonly Id: string;
  readonly Name: string;
  readonly Status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** The root or OU the account is directly under. */
  parent: string;
}

export class OrganizationsEmulator extends JsonServiceServer {
  readonly root = 'r-ab12';
  readonly calls = new Map<string, number>();
  private readonly accounts = new Map<string, OrganizationAccount>();
  /** OU id to its parent (the root or another OU). */
  private readonly units = new Map<string, { readonly name: string; readonly parent: string }>();
  private throttled = 0;

  constructor() {
    super({ contentType: 'application/x-amz-json-1.1', targetPrefix: 'AWSOrganizationsV20161128', errorNamespace: 'com.amazonaws.organizations' });
  }

  addOrganizationalUnit(id: string, name: string, parent: string = this.root): void {
    this.units.set(id, { name, parent });
  }

  /** Adds an account under `parent` (an account that joins, by CreateAccount or an accepted invitation). */
  addAccount(id: string, parent: string = this.root, status: OrganizationAccount['Status'] = 'ACTIVE'): void {
    this.accounts.set(id, { Id: id, Name: `account-${id}`, Status: status, parent });
  }

  /** MoveAccount. */
  moveAccount(id: string, parent: string): void {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`moveAccount: no account ${id}`);
    account.parent = parent;
  }

  /** RemoveAccountFromOrganization. */
  removeAccount(id: string): void {
    this.accounts.delete(id);
  }

  /** The next `times` requests fail with TooManyRequestsException. */
  throttleNext(times: number): void {
    this.throttled = times;
  }

  reset(): void {
    this.accounts.clear();
    this.units.clear();
    this.calls.clear();
    this.throttled = 0;
  }

  protected handle(request: JsonRequest): Outcome {
    const { operation } = request;
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const body = (request.body ?? {}) as Json;
    const shape = REQUEST_SHAPES[operation];
    if (!shape) return errorOutcome(new ServiceError(400, 'InvalidInputException', `organizations.${operation} is not emulated`));
    const problems = validateStructure(body, shape, '');
    if (problems.length > 0) return errorOutcome(new ServiceError(400, 'InvalidInputException', problems.map((p) => p.message).join('; ')));
    if (this.throttled > 0) {
      this.throttled -= 1;
      return errorOutcome(new ServiceError(400, 'TooManyRequestsException', 'You have sent too many requests in too short a period of time.'));
    }
    try {
      return { kind: 'ok', body: this.respond(operation, body) };
    } catch (error) {
      if (error instanceof ServiceError) return errorOutcome(error);
      throw error;
    }
  }

  private respond(operation: string, body: Json): Json {
    const view = (a: OrganizationAccount): Json => ({ Id: a.Id, Name: a.Name, Status: a.Status, Arn: `arn:aws:organizations::123456789012:account/o-abc123/${a.Id}` });
    if (operation === 'ListAccounts') {
      const { items, next } = pageOf([...this.accounts.values()].map(view), body, PAGE_SIZE);
      return { Accounts: items, ...(next ? { NextToken: next } : {}) };
    }
    const parent = String(body.ParentId);
    if (parent !== this.root && !this.units.has(parent)) {
      throw new ServiceError(400, 'ParentNotFoundException', 'We can\'t find a root or OU with the ParentId that you specified.');
    }
    if (operation === 'ListAccountsForParent') {
      const { items, next } = pageOf([...this.accounts.values()].filter((a) => a.parent === parent).map(view), body, PAGE_SIZE);
      return { Accounts: items, ...(next ? { NextToken: next } : {}) };
    }
    const children = [...this.units].filter(([, unit]) => unit.parent === parent).map(([id, unit]) => ({ Id: id, Name: unit.name }));
    const { items, next } = pageOf(children, body, PAGE_SIZE);
    return { OrganizationalUnits: items, ...(next ? { NextToken: next } : {}) };
  }
}
