/**
 * The closed sets of the Invoicing API, as enums. Each value is the API's own string.
 *
 * The lists in `private/constraints.ts` are the source of truth for validation; a test keeps the two in step.
 */

/** The procurement portal a preference connects to. */
export enum ProcurementPortalName {
  /** SAP Business Network (formerly Ariba Network). */
  SAP_BUSINESS_NETWORK = 'SAP_BUSINESS_NETWORK',
  /** Coupa. */
  COUPA = 'COUPA',
}

/** The kind of identifier that names the buyer or the supplier on the portal. */
export enum PartyDomain {
  /** The portal's network id (for example an SAP Business Network ANID). The only value the API accepts. */
  NETWORK_ID = 'NetworkID',
}

/** A kind of document AWS delivers to the portal as an e-invoice. */
export enum EinvoiceDocumentType {
  /** Invoices for AWS cloud services. */
  AWS_CLOUD_INVOICE = 'AWS_CLOUD_INVOICE',
  /** Credit memos for AWS cloud services. */
  AWS_CLOUD_CREDIT_MEMO = 'AWS_CLOUD_CREDIT_MEMO',
  /** Invoices for AWS Marketplace purchases. */
  AWS_MARKETPLACE_INVOICE = 'AWS_MARKETPLACE_INVOICE',
  /** Credit memos for AWS Marketplace purchases. */
  AWS_MARKETPLACE_CREDIT_MEMO = 'AWS_MARKETPLACE_CREDIT_MEMO',
  /** Requests for payment. */
  AWS_REQUEST_FOR_PAYMENT = 'AWS_REQUEST_FOR_PAYMENT',
}

/** A file attached to each delivered e-invoice. */
export enum EinvoiceAttachmentType {
  /** The invoice as a PDF document. */
  INVOICE_PDF = 'INVOICE_PDF',
  /** The request for payment as a PDF document. */
  RFP_PDF = 'RFP_PDF',
}

/** The protocol e-invoices are delivered with. */
export enum EinvoiceProtocol {
  /** Commerce XML. The only value the API accepts. */
  CXML = 'CXML',
}

/** Whether an e-invoice of a document type must reference a purchase order. */
export enum PurchaseOrderDataSourceType {
  /** The e-invoice is delivered only with an associated purchase order. */
  ASSOCIATED_PURCHASE_ORDER_REQUIRED = 'ASSOCIATED_PURCHASE_ORDER_REQUIRED',
  /** The e-invoice is delivered without a purchase order. */
  PURCHASE_ORDER_NOT_REQUIRED = 'PURCHASE_ORDER_NOT_REQUIRED',
}

/** How the connection to the portal is tested before e-invoice delivery starts. */
export enum ConnectionTestingMethod {
  /** A one-dollar test invoice sent to the production environment. */
  PROD_ENV_DOLLAR_TEST = 'PROD_ENV_DOLLAR_TEST',
  /** Test invoices replayed to the portal's test environment (see `testEnvironment`). */
  TEST_ENV_REPLAY_TEST = 'TEST_ENV_REPLAY_TEST',
}
