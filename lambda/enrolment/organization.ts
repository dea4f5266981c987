/**
 * The accounts of organizational units, read from AWS Organizations: every account under each OU and under the OUs
 * nested in it (ListOrganizationalUnitsForParent, ListAccountsForParent, page by page), and every account of the
 * organization (ListAccounts). Reads only; `allPages` pages any list call of the enrolment.
 */
import {
  Account, ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';

export interface Counted<T> {
  readonly items: T[];
  readonly calls: number;
}

/** Every page of a list call, with the count of calls it took. */
export async function allPages<T>(page: (nextToken: string | undefined) => Promise<{ items?: T[]; NextToken?: string }>): Promise<Counted<T>> {
  const items: T[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  let calls = 0;
  do {
    const answer = await page(nextToken);
    calls += 1;
    items.push(...answer.items ?? []);
    nextToken = answer.NextToken || undefined;
    if (nextToken !== undefined && seen.has(nextToken)) throw new Error('Organizations returned the same NextToken twice');
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken !== undefined);
  return { items, calls };
}

/** The account ids under `organizationalUnits` and every OU below them. */
export async function accountsUnder(client: OrganizationsClient, organizationalUnits: readonly string[]): Promise<Counted<string>> {
  const accounts = new Set<string>();
  const visited = new Set<string>();
  const queue = [...organizationalUnits];
  let calls = 0;
  while (queue.length > 0) {
    const parent = queue.shift()!;
    if (visited.has(parent)) continue;
    visited.add(parent);
    const listed = await allPages((NextToken) => client.send(new ListAccountsForParentCommand({ ParentId: parent, NextToken }))
      .then((a) => ({ items: a.Accounts, NextToken: a.NextToken })));
    const children = await allPages((NextToken) => client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent, NextToken }))
      .then((a) => ({ items: a.OrganizationalUnits, NextToken: a.NextToken })));
    calls += listed.calls + children.calls;
    listed.items.forEach((account: Account) => { if (account.Id) accounts.add(account.Id); });
    children.items.forEach((unit) => { if (unit.Id) queue.push(unit.Id); });
  }
  return { items: [...accounts].sort(), calls };
}

/** Every account id of the organization. */
export async function organizationAccounts(client: OrganizationsClient): Promise<Counted<string>> {
  const listed = await allPages((NextToken) => client.send(new ListAccountsCommand({ NextToken }))
    .then((a) => ({ items: a.Accounts, NextToken: a.NextToken })));
  return { items: listed.items.map((a) => a.Id).filter((id): id is string => id !== undefined), calls: listed.calls };
}
