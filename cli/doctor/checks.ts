/**
 * The readiness checks of `doctor`, per preference of a synthesized stack, against the account: the portal and its
 * default document types, AWS's supplier id in the portal, the referenced secrets (DescribeSecret: never a value), an
 * existing preference of the same identity, the selector's invoice units and, once deployed, the status with the next
 * step a person must take. Each check is one row; reads that fail are said, never thrown.
 */
import {
  GetInvoiceUnitCommand, ListProcurementPortalSuppliersCommand, ListProcurementPortalsCommand, ProcurementPortal,
  ProcurementPortalPreferenceSummary, ProcurementPortalSupplier,
} from '@aws-sdk/client-invoicing';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { handlerMayRead } from './role';
import { referencedIds } from '../../tools/cloudformation/deferred';
import type { StackInAssembly } from '../../tools/cloudformation/template';
import { Clients, allPages, describeError } from '../aws';
import { StackPreference } from '../preferences';

export type Verdict = 'PASS' | 'WARN' | 'FAIL' | 'SKIP';

export interface CheckRow {
  readonly stack: string;
  readonly logicalId: string;
  readonly check: string;
  readonly verdict: Verdict;
  readonly detail: string;
}

/** What the account holds, read once per run. */
export interface AccountView {
  readonly portals: ProcurementPortal[] | Error;
  readonly preferences: ProcurementPortalPreferenceSummary[] | Error;
  /** The stack's preference resources once deployed; undefined when the stack does not exist yet. */
  readonly deployed: StackPreference[] | undefined;
  /** The deployed handler's role, whose reads of the secrets the policy simulator checks. */
  readonly handlerRole?: string;
}

type Json = Record<string, any>;
const IDENTITY = ['ProcurementPortalName', 'BuyerDomain', 'BuyerIdentifier', 'SupplierDomain', 'SupplierIdentifier'] as const;

function allSuppliers(clients: Clients, portalIdentifier: string): Promise<ProcurementPortalSupplier[]> {
  return allPages((NextToken) => clients.invoicing.send(new ListProcurementPortalSuppliersCommand({
    PortalIdentifier: portalIdentifier, MaxResults: 100, ...(NextToken ? { NextToken } : {}),
  }))
    .then((page) => ({ items: page.ProcurementPortalSuppliers, NextToken: page.NextToken })));
}

export function listPortals(clients: Clients): Promise<ProcurementPortal[]> {
  return allPages((NextToken) => clients.invoicing.send(new ListProcurementPortalsCommand({ MaxResults: 100, ...(NextToken ? { NextToken } : {}) }))
    .then((page) => ({ items: page.ProcurementPortals, NextToken: page.NextToken })));
}

const supplierText = (s: ProcurementPortalSupplier): string =>
  `${s.SupplierIdentifier} (${[s.SellerOfRecord, s.CountryCode, s.Environment].filter(Boolean).join(', ')})`;

/** The checks of one preference, in the order a person fixes them. */
export async function checkPreference(clients: Clients, stack: StackInAssembly, logicalId: string, properties: Json,
  account: AccountView, secretsClient: (region: string) => SecretsManagerClient, defaultRegion?: string): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const add = (check: string, verdict: Verdict, detail: string): void => {
    rows.push({ stack: stack.stackName, logicalId, check, verdict, detail });
  };

  // The portal, and the document types it takes by default.
  const portal = account.portals instanceof Error ? undefined : account.portals.find((p) => p.PortalName === properties.ProcurementPortalName);
  if (account.portals instanceof Error) {add('portal', 'WARN', `ListProcurementPortals failed: ${describeError(account.portals)}; the supplier check is skipped`);} else if (!portal) {add('portal', 'FAIL', `the account's portals do not include ${properties.ProcurementPortalName}`);} else {
    const defaults = portal.DefaultFeatureConfigurations?.InvoiceConfiguration?.DocumentTypes ?? [];
    const declared: string[] = properties.EinvoiceDeliveryPreference?.EinvoiceDeliveryDocumentTypes ?? [];
    const outside = declared.filter((t) => defaults.length > 0 && !defaults.includes(t as never));
    add('portal', outside.length > 0 ? 'WARN' : 'PASS', outside.length > 0
      ? `${outside.join(', ')} outside ${portal.PortalIdentifier}'s default document types (${defaults.join(', ')}): defaults, not limits; check the portal takes them`
      : `${portal.PortalIdentifier} (${portal.PortalDisplayName ?? portal.PortalName})`);
  }

  // AWS's supplier ids in the portal: production (declared, or looked up as the handler will), and the test environment's.
  let supplierId: string | undefined = properties.SupplierIdentifier;
  if (portal?.PortalIdentifier) {
    try {
      const suppliers = await allSuppliers(clients, portal.PortalIdentifier);
      const inEnvironment = (environment: 'PROD' | 'TEST'): ProcurementPortalSupplier[] => suppliers.filter((s) => (s.Environment ?? environment) === environment);
      const listed = (candidates: ProcurementPortalSupplier[]): string => candidates.slice(0, 10).map(supplierText).join('; ') || 'none listed';
      const lookup = properties.SupplierLookup as { SellerOfRecord: string; CountryCode?: string } | undefined;
      if (lookup) {
        const matches = inEnvironment('PROD').filter((s) => s.SellerOfRecord === lookup.SellerOfRecord && (lookup.CountryCode ?? s.CountryCode) === s.CountryCode);
        const wanted = `seller of record ${lookup.SellerOfRecord}${lookup.CountryCode ? ` in ${lookup.CountryCode}` : ''}`;
        if (matches.length === 1) supplierId = matches[0].SupplierIdentifier;
        add('supplier', matches.length === 1 ? 'PASS' : 'FAIL', matches.length === 1
          ? `the lookup (${wanted}) finds ${supplierId} in ${portal.PortalIdentifier}`
          : `the lookup (${wanted}) finds ${matches.length === 0 ? 'no PROD supplier id' : `${matches.length} PROD supplier ids, set countryCode`} `
            + `in ${portal.PortalIdentifier}: ${listed(matches.length === 0 ? inEnvironment('PROD') : matches)}`);
      }
      const wanted: Array<[string, string, 'PROD' | 'TEST']> = lookup ? [] : [['supplier', properties.SupplierIdentifier, 'PROD']];
      if (properties.TestEnvPreference) wanted.push(['test supplier', properties.TestEnvPreference.SupplierIdentifier, 'TEST']);
      for (const [check, id, environment] of wanted) {
        const candidates = inEnvironment(environment);
        add(check, candidates.some((s) => s.SupplierIdentifier === id) ? 'PASS' : 'FAIL', candidates.some((s) => s.SupplierIdentifier === id)
          ? `${id} is AWS's supplier id in ${portal.PortalIdentifier} (${environment})`
          : `${id} is not one of AWS's ${environment} supplier ids in ${portal.PortalIdentifier}: ${listed(candidates)}`);
      }
    } catch (error) {
      add('supplier', 'WARN', `ListProcurementPortalSuppliers failed: ${describeError(error)}; the supplier id is not checked`);
    }
  }

  // The secrets it references: their existence (never their value), and whether the deployed handler may read them.
  for (const [check, ref] of [['shared secret', properties.ProcurementPortalSharedSecretRef], ['test shared secret', properties.TestEnvPreference?.ProcurementPortalSharedSecretRef],
    ['contacts secret', properties.ContactsRef]] as Array<[string, Json | undefined]>) {
    if (!ref) continue;
    const secret = stack.secrets.find((s) => s.arn === ref.SecretArn);
    if (secret?.logicalId !== undefined) {
      add(check, 'SKIP', `created by the stack (${secret.logicalId}): put the portal's value in it after the first deploy`);
      continue;
    }
    const arn = String(ref.SecretArn);
    const id = /-[A-Za-z0-9]{6}$/.test(arn) ? arn : secret?.name ?? arn;
    try {
      // A stack without a region of its own deploys to the caller's: its secrets' ARNs name that region then.
      const arnRegion = /^arn:[^:]+:secretsmanager:([a-z0-9-]+):/.exec(arn)?.[1] ?? 'us-east-1';
      const client = secretsClient(stack.regionBound ? arnRegion : defaultRegion ?? arnRegion);
      const described = await client.send(new DescribeSecretCommand({ SecretId: id }));
      add(check, 'PASS', `${id} exists`);
      if (account.handlerRole && described.ARN) add(`handler reads the ${check}`, ...await handlerMayRead(clients, account.handlerRole, described.ARN));
    } catch (error) {
      const notFound = (error as { name?: string }).name === 'ResourceNotFoundException';
      add(check, notFound ? 'FAIL' : 'WARN', notFound
        ? `${id} does not exist: create it (aws secretsmanager create-secret --name ${secret?.name ?? id} --secret-string ...)`
        : `DescribeSecret failed: ${describeError(error)}`);
    }
  }

  // A preference of the same identity: the stack's own once deployed, adopted, or in the way.
  const mine = account.deployed?.find((d) => d.logicalId === logicalId)?.physicalId;
  const same = account.preferences instanceof Error ? undefined
    : account.preferences.find((p) => IDENTITY.every((k) => (p[k] ?? 'NetworkID') === ((k === 'SupplierIdentifier' ? supplierId : properties[k]) ?? 'NetworkID')));
  if (account.preferences instanceof Error) add('identity', 'WARN', `ListProcurementPortalPreferences failed: ${describeError(account.preferences)}`);
  else if (!same) add('identity', 'PASS', 'no preference of this portal, buyer and supplier yet: the deploy creates it');
  else if (same.ProcurementPortalPreferenceArn === mine) add('identity', 'PASS', `deployed: ${mine}`);
  else if (properties.AdoptExisting === true) add('identity', 'PASS', `${same.ProcurementPortalPreferenceArn} exists and will be adopted (adoptExisting)`);
  else add('identity', 'FAIL', `${same.ProcurementPortalPreferenceArn} already has this portal, buyer and supplier: set adoptExisting: true to take it over`);

  // The selector's invoice units: one of this stack exists once the deploy created it (its own checks are units.ts's).
  for (const arn of (properties.Selector?.InvoiceUnitArns ?? []) as string[]) {
    const declaredHere = referencedIds(arn)[0];
    if (declaredHere !== undefined) {
      add('invoice unit', 'PASS', `${declaredHere}, declared in this stack: the deploy creates it before the preference`);
      continue;
    }
    try {
      await clients.invoicing.send(new GetInvoiceUnitCommand({ InvoiceUnitArn: arn }));
      add('invoice unit', 'PASS', `${arn} exists`);
    } catch (error) {
      const notFound = (error as { name?: string }).name === 'ResourceNotFoundException';
      add('invoice unit', notFound ? 'FAIL' : 'WARN', notFound ? `${arn} does not exist` : `GetInvoiceUnit failed: ${describeError(error)}`);
    }
  }

  // Once deployed: the status, and what a person does next.
  if (account.deployed === undefined || !mine) add('status', 'SKIP', 'not deployed yet');
  else add('status', ...nextStep(same?.ProcurementPortalPreferenceArn === mine ? same : undefined, stack.stackName, logicalId));
  return rows;
}

function nextStep(summary: ProcurementPortalPreferenceSummary | undefined, stack: string, id: string): [Verdict, string] {
  if (!summary) return ['FAIL', 'the stack holds it but the account does not: it was deleted outside the stack (deploy again to re-create it)'];
  const statuses = [summary.EinvoiceDeliveryEnabled !== false ? summary.EinvoiceDeliveryPreferenceStatus : undefined,
    summary.PurchaseOrderRetrievalEnabled !== false ? summary.PurchaseOrderRetrievalPreferenceStatus : undefined].filter(Boolean) as string[];
  const target = `--stack ${stack} --id ${id}`;
  if (statuses.every((s) => s === 'ACTIVE')) return ['PASS', 'ACTIVE'];
  if (statuses.includes('PENDING_VERIFICATION')) return ['WARN', `PENDING_VERIFICATION: send the code (npx cdk-procurement-portal send-validation ${target}), then verify it`];
  if (statuses.includes('VALIDATED') || statuses.includes('TEST_INITIALIZED')) {
    return ['WARN', `${statuses.join(', ')}: run the connection test in the portal, and give the portal the purchase order endpoint; then status --wait ACTIVE`];
  }
  return ['FAIL', `${statuses.join(', ')}: ${summary.EinvoiceDeliveryPreferenceStatusReason ?? summary.PurchaseOrderRetrievalPreferenceStatusReason ?? 'see the portal'}`];
}
