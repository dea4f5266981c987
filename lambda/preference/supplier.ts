/**
 * AWS's supplier id in the portal, before a Create: a declared one is checked against AWS's supplier ids in the portal
 * (ListProcurementPortals, then ListProcurementPortalSuppliers), so a wrong one fails with the candidates in the
 * Reason instead of an opaque ValidationException after the Create; a lookup (`SupplierLookup`) is resolved from the
 * same lists, and fails with the candidates when it finds none or several. A list that cannot be read leaves a
 * declared id unchecked (with a warning) and the Create goes on; a lookup cannot go on without it.
 */
import type { ProcurementPortalSupplier } from '@aws-sdk/client-invoicing';
import type { LifecycleRequest } from './request';
import { ApiCallError, ReasonError, RetriesExhaustedError } from '../aws/errors';
import { LIST_PORTALS, LIST_SUPPLIERS, listPortals, listSuppliers } from '../aws/invoicing';
import type { DeclaredIdentity, DeclaredPreference, ParsedPreference } from '../parse/properties';

/** At most this many candidates in a Reason (CloudFormation shows it; the response body is bounded to 4,096 bytes). */
const CANDIDATES_SHOWN = 10;

type Environment = 'PROD' | 'TEST';
type Lookup = NonNullable<DeclaredIdentity['SupplierLookup']>;

const candidateText = (s: ProcurementPortalSupplier): string =>
  `${s.SupplierIdentifier} (${[s.SellerOfRecord, s.CountryCode, s.Environment].filter(Boolean).join(', ')})`;

function candidatesText(candidates: ProcurementPortalSupplier[]): string {
  const shown = candidates.slice(0, CANDIDATES_SHOWN).map(candidateText).join('; ');
  return candidates.length > CANDIDATES_SHOWN ? `${shown} and ${candidates.length - CANDIDATES_SHOWN} more` : shown;
}

/** A supplier without an environment serves both. */
const servesEnvironment = (environment: Environment) => (s: ProcurementPortalSupplier): boolean => (s.Environment ?? environment) === environment;

interface PortalSuppliers {
  readonly portal: string;
  readonly suppliers: ProcurementPortalSupplier[];
}

/** Each request's listing, read once: a lookup and the check that follows it share it. */
const listings = new WeakMap<LifecycleRequest, Promise<PortalSuppliers | { listed: number }>>();

/**
 * AWS's supplier ids in the preference's portal. Rejects with an ApiCallError or RetriesExhaustedError when a list
 * cannot be read; `{ listed }` when the account's portals do not name this one (`listed` says whether they name any).
 */
function portalSuppliers(portalName: string | undefined, req: LifecycleRequest): Promise<PortalSuppliers | { listed: number }> {
  const read = async (): Promise<PortalSuppliers | { listed: number }> => {
    const portals = await listPortals(req);
    const portal = portals.find((p) => p.PortalName === portalName)?.PortalIdentifier;
    if (portal === undefined) return { listed: portals.length };
    return { portal, suppliers: await listSuppliers(portal, req) };
  };
  if (!listings.has(req)) listings.set(req, read());
  return listings.get(req)!;
}

const unreadable = (error: unknown): error is ApiCallError | RetriesExhaustedError =>
  error instanceof ApiCallError || error instanceof RetriesExhaustedError;

/**
 * Before a Create: the supplier ids (production, and the test environment's) must be AWS's in the portal; resolves
 * when they are, or cannot be checked (a warning says why). A looked-up id passes (it came from the same listing).
 */
export async function checkSupplier(props: ParsedPreference, req: LifecycleRequest): Promise<void> {
  const name = props.identity.ProcurementPortalName;
  let listed: PortalSuppliers | { listed: number };
  try {
    listed = await portalSuppliers(name, req);
  } catch (error) {
    if (!unreadable(error)) throw error;
    req.log.warn({ operation: error.operation, outcome: 'unchecked', errorCode: error.code, message: `The supplier id is not checked: ${error.message}` });
    return;
  }
  if (!('portal' in listed)) {
    // An account whose list names no portal at all says nothing about this one: no warning then.
    if (listed.listed > 0) req.log.warn({ operation: LIST_PORTALS, outcome: 'unchecked', message: `The account's portals do not list ${name}: the supplier id is not checked` });
    return;
  }
  const wanted: Array<[string, string | undefined, Environment]> = [['SupplierIdentifier', props.identity.SupplierIdentifier, 'PROD']];
  const test = props.configuration.TestEnvPreference;
  if (test) wanted.push(['TestEnvPreference.SupplierIdentifier', test.SupplierIdentifier, 'TEST']);
  const problems: string[] = [];
  for (const [prop, id, environment] of wanted) {
    const candidates = listed.suppliers.filter(servesEnvironment(environment));
    if (candidates.length === 0) {
      req.log.warn({ operation: LIST_SUPPLIERS, outcome: 'unchecked', message: `${listed.portal} lists no ${environment} supplier: ${prop} is not checked` });
      continue;
    }
    if (candidates.some((s) => s.SupplierIdentifier === id)) continue;
    problems.push(`${prop} '${String(id).slice(0, 80)}' is not one of AWS's ${environment} supplier ids in ${listed.portal}: ${candidatesText(candidates)}`);
  }
  if (problems.length > 0) {
    throw new ReasonError(`Invalid properties: ${problems.join('; ')} (nothing was created; npx cdk-procurement-portal doctor lists them too)`, 'UnknownSupplier');
  }
}

const lookupText = (lookup: Lookup): string =>
  `seller of record ${lookup.sellerOfRecord}${lookup.countryCode ? ` in ${lookup.countryCode}` : ''}`;

/** The one production supplier id `lookup` names in the portal; a Reason with the candidates when none or several. */
async function lookUp(portalName: string | undefined, lookup: Lookup, req: LifecycleRequest): Promise<string> {
  const fail = (why: string, code = 'SupplierLookupFailed'): never => {
    throw new ReasonError(`Invalid properties: SupplierLookup (${lookupText(lookup)}): ${why} (nothing was created)`, code);
  };
  let listed: PortalSuppliers | { listed: number };
  try {
    listed = await portalSuppliers(portalName, req);
  } catch (error) {
    if (!unreadable(error)) throw error;
    return fail(`AWS's supplier ids could not be read: ${error.message}; give supplierIdentifier instead`, error.code);
  }
  if (!('portal' in listed)) return fail(`the account's procurement portals do not list ${portalName}; give supplierIdentifier instead`);
  const production = listed.suppliers.filter(servesEnvironment('PROD'));
  const matches = production.filter((s) => s.SellerOfRecord === lookup.sellerOfRecord
    && (lookup.countryCode === undefined || s.CountryCode === lookup.countryCode));
  if (matches.length === 1 && matches[0].SupplierIdentifier) return matches[0].SupplierIdentifier;
  if (matches.length > 1) return fail(`${matches.length} PROD supplier ids in ${listed.portal} match, set countryCode to pick one: ${candidatesText(matches)}`);
  return fail(production.length === 0 ? `${listed.portal} lists no PROD supplier`
    : `no PROD supplier id in ${listed.portal} matches; AWS's are: ${candidatesText(production)}`);
}

/**
 * The preference with its supplier id known: a lookup is resolved (the two reads, shared with `checkSupplier`), a
 * declared id passes unchanged.
 */
export async function withSupplier(props: DeclaredPreference, req: LifecycleRequest): Promise<ParsedPreference> {
  const { SupplierLookup: lookup, SupplierIdentifier: declared, ...identity } = props.identity;
  if (declared !== undefined) return { ...props, identity: { ...identity, SupplierIdentifier: declared } };
  if (lookup === undefined) throw new ReasonError('Invalid properties: exactly one of SupplierIdentifier and SupplierLookup must be given, got neither');
  const id = await lookUp(identity.ProcurementPortalName, lookup, req);
  req.log.info({ operation: LIST_SUPPLIERS, outcome: 'looked-up', message: `AWS's supplier id for ${lookupText(lookup)}: ${id}` });
  return { ...props, identity: { ...identity, SupplierIdentifier: id } };
}
