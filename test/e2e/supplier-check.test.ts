/**
 * Before a Create, the handler checks the declared supplier id against AWS's supplier ids in the portal
 * (ListProcurementPortals, ListProcurementPortalSuppliers), played from the synthesized fixture app: a wrong id fails
 * with the candidates in the Reason and nothing is created; a right one is created after the two reads; a list that
 * cannot be read leaves the id unchecked with a warning, and the Create goes on.
 */
import { expectStatus, jsonLogs, reasonOf, useWorld } from './harness';
import { CREATE } from '../../lambda/aws/invoicing';
import { Invocation } from '../../tools/cloudformation/simulator';

const seen: Invocation[] = [];
const world = useWorld({ onInvocation: (i) => seen.push(i) });

function seedSap(...suppliers: string[]): void {
  world.invoicing.catalog.seedPortal({ PortalIdentifier: 'sap-business-network', PortalName: 'SAP_BUSINESS_NETWORK' },
    suppliers.map((id, i) => ({ SupplierIdentifier: id, SellerOfRecord: i === 0 ? 'AWS' : 'AWS EMEA SARL', CountryCode: i === 0 ? 'US' : 'LU', Environment: 'PROD' })));
}

const operations = (): string[] => world.invoicing.log.map((e) => `${e.operation} ${e.outcome}`);

test('a supplier id that is not AWS\'s in the portal: FAILED before the Create, with the candidates; nothing created', async () => {
  seedSap('AN09000000001', 'AN09000000002');
  const created = await world.sim.createStack({ Sap: world.sap() });
  expectStatus(created, 'ROLLBACK_COMPLETE');
  const sap = world.sap() as Record<string, unknown>;
  expect(reasonOf(created.steps[0].delivery)).toContain(`Invalid properties: SupplierIdentifier '${String(sap.SupplierIdentifier)}' is not one of AWS's `
    + 'PROD supplier ids in sap-business-network: AN09000000001 (AWS, US, PROD); AN09000000002 (AWS EMEA SARL, LU, PROD) (nothing was created');
  expect(world.invoicing.callCount(CREATE)).toBe(0);
  expect(world.invoicing.list()).toHaveLength(0);
});

test('AWS\'s supplier id in the portal: the two reads, then the Create', async () => {
  const sap = world.sap() as Record<string, unknown>;
  seedSap('AN09000000001', String(sap.SupplierIdentifier));
  const created = await world.sim.createStack({ Sap: sap });
  expectStatus(created, 'CREATE_COMPLETE');
  expect(operations()).toEqual(['ListProcurementPortals ok', 'ListProcurementPortalSuppliers ok', `${CREATE} ok`]);
});

test('a portal list that cannot be read: a warning that the id is not checked, and the Create goes on', async () => {
  seedSap('AN09000000001');
  world.invoicing.inject({ kind: 'access-denied', operation: 'ListProcurementPortals' });
  seen.length = 0;
  const created = await world.sim.createStack({ Sap: world.sap() });
  expectStatus(created, 'CREATE_COMPLETE');
  const warnings = seen.flatMap(jsonLogs).filter((l) => l.level === 'warn' && l.outcome === 'unchecked');
  expect(warnings).toEqual([expect.objectContaining({
    operation: 'ListProcurementPortals',
    errorCode: 'AccessDeniedException',
    message: expect.stringContaining('The supplier id is not checked'),
  })]);
});
