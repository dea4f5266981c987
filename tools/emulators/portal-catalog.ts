/**
 * What the Invoicing emulator answers about the portals themselves, seeded by tests and
 * the demo. As the API reference documents them: ListProcurementPortals (each portal's identifier, name and
 * DefaultFeatureConfigurations: its document and attachment types), ListProcurementPortalSuppliers (AWS's supplier
 * identifiers in one portal, each with its seller of record, country and environment, PROD or TEST;
 * ResourceNotFoundException for a portal identifier it does not know): https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_Operations_AWS_Invoicing.html.
 * Pages as paging.ts says. Request shapes are checked from the model first.
 */
import { ServiceError } from './http';
import type { InvoiceUnitStore, SeedInvoiceUnit } from './invoice-units';
import { pageOf } from './paging';

type Json = Record<string, unknown>;

export interface SeedPortal {
  readonly PortalIdentifier: string;
  readonly PortalName: 'SAP_BUSINESS_NETWORK' | 'COUPA';
  readonly PortalDisplayName?: string;
  readonly DefaultFeatureConfigurations?: {
    readonly InvoiceConfiguration?: { readonly DocumentTypes?: string[]; readonly AttachmentTypes?: string[] };
  };
}

export interface SeedSupplier {
  readonly SupplierIdentifier: string;
  readonly SellerOfRecord?: string;
  readonly CountryCode?: string;
  readonly Environment?: 'PROD' | 'TEST';
}

export class PortalCatalog {
  private readonly portals: SeedPortal[] = [];
  private readonly suppliers = new Map<string, SeedSupplier[]>();

  constructor(private readonly units: InvoiceUnitStore) {}

  seedPortal(portal: SeedPortal, suppliers: readonly SeedSupplier[] = []): void {
    this.portals.push(portal);
    this.suppliers.set(portal.PortalIdentifier, [...suppliers]);
  }

  /** A unit as if made outside the stack (`units.seed`). */
  seedInvoiceUnit(unit: SeedInvoiceUnit): void {
    this.units.seed(unit);
  }

  reset(): void {
    this.portals.length = 0;
    this.suppliers.clear();
  }

  listPortals(body: Json): Json {
    const { items, next } = pageOf(this.portals.map((p) => structuredClone(p)), body);
    return { ProcurementPortals: items, ...(next ? { NextToken: next } : {}) };
  }

  listSuppliers(body: Json): Json {
    const suppliers = this.suppliers.get(String(body.PortalIdentifier));
    if (!suppliers) {
      throw new ServiceError(404, 'ResourceNotFoundException', `Procurement portal ${String(body.PortalIdentifier).slice(0, 64)} was not found`);
    }
    const { items, next } = pageOf(suppliers.map((p) => structuredClone(p)), body);
    return { ProcurementPortalSuppliers: items, ...(next ? { NextToken: next } : {}) };
  }
}
