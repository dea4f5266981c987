/**
 * The Invoicing emulator's invoice units, as the API reference documents them
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_Operations_AWS_Invoicing.html):
 * - CreateInvoiceUnit answers the new unit's ARN (`arn:aws:invoicing::<account>:invoice-unit/<8 hex>`); UpdateInvoiceUnit
 *   changes only Description, TaxInheritanceDisabled and Rule (Name and InvoiceReceiver cannot change), a member left
 *   out stays as it was; DeleteInvoiceUnit removes it; GetInvoiceUnit and each of them answer ResourceNotFoundException
 *   for a unit that does not exist.
 * - "An invoice unit is a set of mutually exclusive accounts" (API_invoicing_InvoiceUnit): an account already linked to
 *   another unit makes Create or Update fail with a ValidationException naming it.
 * - Name is "the unique name of the invoice unit that is shown on the generated invoice"
 *   (https://docs.aws.amazon.com/cli/latest/reference/invoicing/create-invoice-unit.html): a Create with a name the
 *   account's units already have fails with a ValidationException (CreateInvoiceUnit lists no ConflictException).
 * - ListInvoiceUnits filters by Names, InvoiceReceivers and Accounts, and pages as paging.ts says.
 * - Units carry tags (TagResource, UntagResource, ListTagsForResource take their ARN).
 * Request shapes are checked from the model first (invoicing-model.ts).
 */
import { randomBytes } from 'node:crypto';
import { ServiceError } from './http';
import { pageOf } from './paging';

type Json = Record<string, unknown>;

export interface InvoiceUnitRule {
  readonly LinkedAccounts?: string[];
  readonly BillSourceAccounts?: string[];
}

export interface SeedInvoiceUnit {
  readonly InvoiceUnitArn: string;
  readonly Name: string;
  readonly InvoiceReceiver: string;
  readonly Description?: string;
  readonly TaxInheritanceDisabled?: boolean;
  readonly Rule?: InvoiceUnitRule;
}

export interface StoredInvoiceUnit {
  readonly InvoiceUnitArn: string;
  readonly Name: string;
  readonly InvoiceReceiver: string;
  Description?: string;
  TaxInheritanceDisabled: boolean;
  Rule: InvoiceUnitRule;
  LastModified: number;
  readonly tags: Map<string, string>;
}

export const INVOICE_UNIT_ARN = /^arn:aws:invoicing::\d{12}:invoice-unit\//;

export class InvoiceUnitStore {
  private readonly units = new Map<string, StoredInvoiceUnit>();

  constructor(private readonly accountId: string) {}

  seed(unit: SeedInvoiceUnit): void {
    this.units.set(unit.InvoiceUnitArn, {
      ...unit, TaxInheritanceDisabled: unit.TaxInheritanceDisabled ?? false, Rule: unit.Rule ?? {}, LastModified: now(), tags: new Map(),
    });
  }

  list(): StoredInvoiceUnit[] {
    return [...this.units.values()];
  }

  get(arn: string): StoredInvoiceUnit | undefined {
    return this.units.get(arn);
  }

  reset(): void {
    this.units.clear();
  }

  create(body: Json): Json {
    const rule = (body.Rule ?? {}) as InvoiceUnitRule;
    const taken = this.list().find((u) => u.Name === body.Name);
    if (taken) {
      throw new ServiceError(400, 'ValidationException', `An invoice unit named ${String(body.Name)} already exists: ${taken.InvoiceUnitArn}`,
        { reason: 'fieldValidationFailed', fieldList: [{ name: 'Name', message: 'The name of an invoice unit must be unique' }] });
    }
    this.requireFree(rule, undefined);
    const arn = `arn:aws:invoicing::${this.accountId}:invoice-unit/${randomBytes(4).toString('hex')}`;
    this.units.set(arn, {
      InvoiceUnitArn: arn,
      Name: String(body.Name),
      InvoiceReceiver: String(body.InvoiceReceiver),
      Description: body.Description as string | undefined,
      TaxInheritanceDisabled: body.TaxInheritanceDisabled === true,
      Rule: structuredClone(rule),
      LastModified: now(),
      tags: new Map(((body.ResourceTags ?? []) as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value])),
    });
    return { InvoiceUnitArn: arn };
  }

  update(body: Json): Json {
    const unit = this.find(body.InvoiceUnitArn);
    if (body.Rule !== undefined) {
      this.requireFree(body.Rule as InvoiceUnitRule, unit.InvoiceUnitArn);
      unit.Rule = structuredClone(body.Rule as InvoiceUnitRule);
    }
    if (body.Description !== undefined) unit.Description = body.Description as string;
    if (body.TaxInheritanceDisabled !== undefined) unit.TaxInheritanceDisabled = body.TaxInheritanceDisabled === true;
    unit.LastModified = now();
    return { InvoiceUnitArn: unit.InvoiceUnitArn };
  }

  delete(body: Json): Json {
    const unit = this.find(body.InvoiceUnitArn);
    this.units.delete(unit.InvoiceUnitArn);
    return { InvoiceUnitArn: unit.InvoiceUnitArn };
  }

  describe(body: Json): Json {
    return view(this.find(body.InvoiceUnitArn));
  }

  listPage(body: Json): Json {
    const filters = (body.Filters ?? {}) as { Names?: string[]; InvoiceReceivers?: string[]; Accounts?: string[] };
    const matching = this.list().filter((u) => (!filters.Names || filters.Names.includes(u.Name))
      && (!filters.InvoiceReceivers || filters.InvoiceReceivers.includes(u.InvoiceReceiver))
      && (!filters.Accounts || (u.Rule.LinkedAccounts ?? []).some((a) => filters.Accounts!.includes(a))));
    const { items, next } = pageOf(matching.map(view), body);
    return { InvoiceUnits: items, ...(next ? { NextToken: next } : {}) };
  }

  /** The unit `arn`, for the tag operations; undefined when it is not a unit's ARN. */
  taggable(arn: string): StoredInvoiceUnit | undefined {
    return INVOICE_UNIT_ARN.test(arn) ? this.find(arn) : undefined;
  }

  private find(arn: unknown): StoredInvoiceUnit {
    const unit = this.units.get(String(arn));
    if (!unit) throw new ServiceError(404, 'ResourceNotFoundException', `Invoice unit ${String(arn).slice(0, 256)} was not found`);
    return unit;
  }

  /** The accounts of a rule must be in no other unit: a unit's accounts are mutually exclusive with every other's. */
  private requireFree(rule: InvoiceUnitRule, own: string | undefined): void {
    const wanted = new Set(rule.LinkedAccounts ?? []);
    for (const other of this.units.values()) {
      if (other.InvoiceUnitArn === own) continue;
      const taken = (other.Rule.LinkedAccounts ?? []).filter((a) => wanted.has(a));
      if (taken.length > 0) {
        throw new ServiceError(400, 'ValidationException', `Accounts ${taken.join(', ')} already belong to invoice unit ${other.InvoiceUnitArn}`,
          { reason: 'fieldValidationFailed', fieldList: [{ name: 'Rule.LinkedAccounts', message: 'An account can belong to one invoice unit only' }] });
      }
    }
  }
}

function view(unit: StoredInvoiceUnit): Json {
  const { tags: _tags, ...rest } = unit;
  return structuredClone(rest) as unknown as Json;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
