/**
 * Before a Create: the declared supplier id must be one of AWS's supplier ids in the portal
 * (ListProcurementPortals, then ListProcurementPortalSuppliers), so a wrong one fails with the candidates in the
 * Reason instead of an opaque ValidationException after the Create. A list that cannot be read, a portal the account
 * does not list, or a portal without listed suppliers leaves the id unchecked (with a warning), and the Create goes on.
 */
import type { ProcurementPortalSupplier } from '@aws-sdk/client-invoicing';
import type { LifecycleRequest } from './request';
import { ApiCallError, ReasonError, RetriesExhaustedError } from '../aws/errors';
import { LIST_PORTALS, LIST_SUPPLIERS, listPortals, listSuppliers } from '../aws/invoicing';
import type { ParsedPreference } from '../parse/properties';

/** At most this many candidates in a Reason (CloudFormation shows it; the response body is bounded to 4,096 bytes). */
const CANDIDATES_SHOWN = 10;

const candidateText = (s: ProcurementPortalSupplier): string =>
  `${s.SupplierIdentifier} (${[s.SellerOfRecord, s.CountryCode, s.Environment].filter(Boolean).join(', ')})`;

/** AWS's supplier ids in the preference's portal; undefined (with a warning where it matters) when they cannot be known. */
async function portalSuppliers(props: ParsedPreference,
  req: LifecycleRequest): Promise<{ portal: string; suppliers: ProcurementPortalSupplier[] } | undefined> {
  const name = props.identity.ProcurementPortalName;
  try {
    const portals = await listPortals(req);
    const portal = portals.find((p) => p.PortalName === name)?.PortalIdentifier;
    if (portal === undefined) {
      // An account whose list names no portal at all says nothing about this one: no warning then.
      if (portals.length > 0) req.log.warn({ operation: LIST_PORTALS, outcome: 'unchecked', message: `The account's portals do not list ${name}: the supplier id is not checked` });
      return undefined;
    }
    return { portal, suppliers: await listSuppliers(portal, req) };
  } catch (error) {
    if (!(error instanceof ApiCallError || error instanceof RetriesExhaustedError)) throw error;
    req.log.warn({ operation: error.operation, outcome: 'unchecked', errorCode: error.code, message: `The supplier id is not checked: ${error.message}` });
    return undefined;
  }
}

export async function checkSupplier(props: ParsedPreference, req: LifecycleRequest): Promise<void> {
  const listed = await portalSuppliers(props, req);
  if (!listed) return;
  const wanted: Array<[string, string | undefined, 'PROD' | 'TEST']> = [['SupplierIdentifier', props.identity.SupplierIdentifier, 'PROD']];
  const test = props.configuration.TestEnvPreference;
  if (test) wanted.push(['TestEnvPreference.SupplierIdentifier', test.SupplierIdentifier, 'TEST']);
  const problems: string[] = [];
  for (const [prop, id, environment] of wanted) {
    // A supplier without an environment serves both.
    const candidates = listed.suppliers.filter((s) => (s.Environment ?? environment) === environment);
    if (candidates.length === 0) {
      req.log.warn({ operation: LIST_SUPPLIERS, outcome: 'unchecked', message: `${listed.portal} lists no ${environment} supplier: ${prop} is not checked` });
      continue;
    }
    if (candidates.some((s) => s.SupplierIdentifier === id)) continue;
    const shown = candidates.slice(0, CANDIDATES_SHOWN).map(candidateText).join('; ');
    const more = candidates.length > CANDIDATES_SHOWN ? ` and ${candidates.length - CANDIDATES_SHOWN} more` : '';
    problems.push(`${prop} '${String(id).slice(0, 80)}' is not one of AWS's ${environment} supplier ids in ${listed.portal}: ${shown}${more}`);
  }
  if (problems.length > 0) {
    throw new ReasonError(`Invalid properties: ${problems.join('; ')} (nothing was created; npx cdk-procurement-portal doctor lists them too)`, 'UnknownSupplier');
  }
}
