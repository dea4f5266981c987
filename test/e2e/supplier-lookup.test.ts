/**
 * AWS's supplier id looked up instead of typed (`supplierLookup`), played from the synthesized fixture app's SapLookup
 * (seller of record AWS_EMEA in LU): the handler resolves it from ListProcurementPortalSuppliers before the Create;
 * none or several candidates fail with the candidates listed and nothing created; afterwards the preference keeps its
 * id, whatever AWS's list says later, and only a change of the lookup itself may replace it.
 */
import { arnOf, expectClean, expectStatus, reasonOf, useWorld } from './harness';
import { CREATE } from '../../lambda/aws/invoicing';

const world = useWorld();

const EMEA_LU = 'AN09000000021';
const EMEA_DE = 'AN09000000022';

function seedSap(suppliers: Array<[id: string, seller: string, country: string, environment?: 'PROD' | 'TEST']>): void {
  world.invoicing.catalog.reset();
  world.invoicing.catalog.seedPortal({ PortalIdentifier: 'sap-business-network', PortalName: 'SAP_BUSINESS_NETWORK' },
    suppliers.map(([id, seller, country, environment]) => ({ SupplierIdentifier: id, SellerOfRecord: seller, CountryCode: country, Environment: environment ?? 'PROD' })));
}

const operations = (): string[] => world.invoicing.log.map((e) => `${e.operation} ${e.outcome}`);
const supplierOf = (arn: string): string | undefined => world.invoicing.get(arn)?.identity.SupplierIdentifier;

test('one candidate: the Create gets the looked-up id, after one listing (the check reads the same one)', async () => {
  seedSap([['AN09000000001', 'AWS_INC', 'US'], [EMEA_DE, 'AWS_EMEA', 'DE'], [EMEA_LU, 'AWS_EMEA', 'LU'], ['AN09000000023-T', 'AWS_EMEA', 'LU', 'TEST']]);
  const created = await world.sim.createStack({ SapLookup: world.sapLookup() });
  expectStatus(created, 'CREATE_COMPLETE');
  expectClean(created);
  expect(supplierOf(arnOf(created))).toBe(EMEA_LU);
  expect(operations()).toEqual(['ListProcurementPortals ok', 'ListProcurementPortalSuppliers ok', `${CREATE} ok`]);
});

test('no candidate: FAILED before the Create with AWS\'s production ids listed; nothing created', async () => {
  seedSap([['AN09000000001', 'AWS_INC', 'US'], [EMEA_DE, 'AWS_EMEA', 'DE'], ['AN09000000023-T', 'AWS_EMEA', 'LU', 'TEST']]);
  const created = await world.sim.createStack({ SapLookup: world.sapLookup() });
  expectStatus(created, 'ROLLBACK_COMPLETE');
  expect(reasonOf(created.steps[0].delivery)).toBe('Invalid properties: SupplierLookup (seller of record AWS_EMEA in LU): no PROD supplier id in '
    + `sap-business-network matches; AWS's are: AN09000000001 (AWS_INC, US, PROD); ${EMEA_DE} (AWS_EMEA, DE, PROD) (nothing was created)`);
  expect(world.invoicing.callCount(CREATE)).toBe(0);
  expect(world.invoicing.list()).toHaveLength(0);
});

test('two candidates: FAILED with both listed and the way to pick one; nothing created', async () => {
  seedSap([[EMEA_DE, 'AWS_EMEA', 'DE'], [EMEA_LU, 'AWS_EMEA', 'LU']]);
  // The fixture's lookup without its country: both of AWS_EMEA's production ids match.
  const created = await world.sim.createStack({ SapLookup: world.sapLookup({ SupplierLookup: { SellerOfRecord: 'AWS_EMEA' } }) });
  expectStatus(created, 'ROLLBACK_COMPLETE');
  expect(reasonOf(created.steps[0].delivery)).toBe('Invalid properties: SupplierLookup (seller of record AWS_EMEA): 2 PROD supplier ids in '
    + `sap-business-network match, set countryCode to pick one: ${EMEA_DE} (AWS_EMEA, DE, PROD); ${EMEA_LU} (AWS_EMEA, LU, PROD) (nothing was created)`);
  expect(world.invoicing.list()).toHaveLength(0);
});

test('a list that cannot be read: FAILED with why and what to do instead (a lookup cannot go on without it)', async () => {
  seedSap([[EMEA_LU, 'AWS_EMEA', 'LU']]);
  world.invoicing.inject({ kind: 'access-denied', operation: 'ListProcurementPortalSuppliers' });
  const created = await world.sim.createStack({ SapLookup: world.sapLookup() });
  expectStatus(created, 'ROLLBACK_COMPLETE');
  expect(reasonOf(created.steps[0].delivery)).toMatch(new RegExp('^Invalid properties: SupplierLookup \\(seller of record AWS_EMEA in LU\\): '
    + "AWS's supplier ids could not be read: .*AccessDenied.*; give supplierIdentifier instead \\(nothing was created\\)$"));
  expect(world.invoicing.list()).toHaveLength(0);
});

test('stable afterwards: AWS\'s list changes, an update keeps the preference and its id without reading the list', async () => {
  seedSap([[EMEA_LU, 'AWS_EMEA', 'LU']]);
  const created = await world.sim.createStack({ SapLookup: world.sapLookup() });
  expectStatus(created, 'CREATE_COMPLETE');
  seedSap([['AN09000000099', 'AWS_EMEA', 'LU']]);
  world.invoicing.log.length = 0;
  const changed = world.sapLookup({ PurchaseOrderRetrievalEnabled: false, EinvoiceDeliveryEnabled: false });
  const updated = await world.sim.updateStack({ SapLookup: changed });
  expectStatus(updated, 'UPDATE_COMPLETE');
  expect(arnOf(updated)).toBe(arnOf(created));
  expect(supplierOf(arnOf(created))).toBe(EMEA_LU);
  expect(operations().filter((o) => o.startsWith('ListProcurementPortal'))).toEqual([]);
});

test('a changed lookup that finds the same id keeps the preference; one that finds another replaces it', async () => {
  seedSap([[EMEA_DE, 'AWS_EMEA', 'DE'], [EMEA_LU, 'AWS_EMEA', 'LU']]);
  const created = await world.sim.createStack({ SapLookup: world.sapLookup() });
  expectStatus(created, 'CREATE_COMPLETE');
  // The same id, typed instead of looked up: the guard finds the preference already holds it.
  const typed = await world.sim.updateStack({ SapLookup: world.sapLookup({ SupplierLookup: undefined, SupplierIdentifier: EMEA_LU }) });
  expectStatus(typed, 'UPDATE_COMPLETE');
  expect(arnOf(typed)).toBe(arnOf(created));
  const moved = await world.sim.updateStack({ SapLookup: world.sapLookup({ SupplierLookup: { SellerOfRecord: 'AWS_EMEA', CountryCode: 'DE' } }) });
  expectStatus(moved, 'UPDATE_COMPLETE');
  expect(arnOf(moved)).not.toBe(arnOf(created));
  expect(supplierOf(arnOf(moved))).toBe(EMEA_DE);
  expect(world.invoicing.get(arnOf(created))).toBeUndefined();
});
