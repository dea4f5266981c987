/**
 * `doctor`'s checks of an invoice unit declared in the app, against the account's units (ListInvoiceUnits, read once):
 * an account it declares that another unit holds, or a name another unit has, makes its Create fail (an account belongs
 * to one unit only; a name is unique in the account), unless the unit adopts that one.
 */
import { InvoiceUnit, ListInvoiceUnitsCommand } from '@aws-sdk/client-invoicing';
import type { CheckRow, Verdict } from './checks';
import type { StackInAssembly } from '../../tools/cloudformation/template';
import { Clients, allPages, describeError } from '../aws';
import type { StackPreference } from '../preferences';

type Json = Record<string, any>;

/** Every invoice unit of the account: ceil(N/500) ListInvoiceUnits calls. */
export function listInvoiceUnits(clients: Clients): Promise<InvoiceUnit[]> {
  return allPages((NextToken) => clients.invoicing.send(new ListInvoiceUnitsCommand({ MaxResults: 500, ...(NextToken ? { NextToken } : {}) }))
    .then((page) => ({ items: page.InvoiceUnits, NextToken: page.NextToken })));
}

export function checkInvoiceUnit(stack: StackInAssembly, logicalId: string, properties: Json, units: InvoiceUnit[] | Error,
  deployed: readonly StackPreference[] | undefined): CheckRow[] {
  const rows: CheckRow[] = [];
  const add = (check: string, verdict: Verdict, detail: string): void => {
    rows.push({ stack: stack.stackName, logicalId, check, verdict, detail });
  };
  if (units instanceof Error) {
    add('invoice unit', 'WARN', `ListInvoiceUnits failed: ${describeError(units)}; the unit is not checked`);
    return rows;
  }
  const mine = deployed?.find((d) => d.logicalId === logicalId)?.physicalId;
  const others = units.filter((u) => u.InvoiceUnitArn !== mine);
  // A unit's name is unique in the account: the Create of a taken one fails.
  const twin = others.find((u) => u.Name === properties.Name);
  const adopt = properties.AdoptExisting === true || properties.AdoptExisting === 'true';
  if (!twin) {add('unit name', 'PASS', mine ? `deployed: ${mine}` : `no unit named ${properties.Name} yet: the deploy creates it`);} else if (adopt) {add('unit name', 'PASS', `${twin.InvoiceUnitArn} is named ${properties.Name} and will be adopted (adoptExisting)`);} else {
    add('unit name', 'FAIL', `${twin.InvoiceUnitArn} is named ${properties.Name} already (a name is unique in the account): set adoptExisting: `
      + 'true to take it over, select it with InvoiceUnit.fromInvoiceUnitArn(), or choose another name');
  }
  const declared: string[] = Array.isArray(properties.LinkedAccounts) ? properties.LinkedAccounts : [];
  const held = declared.map((account) => [account, others.find((u) => (u.Rule?.LinkedAccounts ?? []).includes(account))] as const)
    .filter(([, holder]) => holder !== undefined);
  add('unit accounts', held.length > 0 ? 'FAIL' : 'PASS', held.length > 0
    ? `${held.slice(0, 10).map(([account, holder]) => `${account} is in ${holder!.InvoiceUnitArn}`).join('; ')}: an account belongs to one unit only, `
      + 'remove it from one of them'
    : `${declared.length} declared account(s), none in another unit`);
  return rows;
}
