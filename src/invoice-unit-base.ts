import { IResource, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** An invoice unit, defined in this app or imported by its ARN. */
export interface IInvoiceUnit extends IResource {
  /**
   * The ARN of the invoice unit: `arn:aws:invoicing::<account>:invoice-unit/<id>`.
   *
   * @attribute
   */
  readonly invoiceUnitArn: string;

  /**
   * Grants read access to this invoice unit (`invoicing:GetInvoiceUnit` and `invoicing:ListTagsForResource`, on its ARN).
   *
   * @param grantee the principal
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/**
 * What a declared and an imported unit share. Only the interface is public.
 *
 * @internal
 */
export abstract class InvoiceUnitBase extends Resource implements IInvoiceUnit {
  public abstract readonly invoiceUnitArn: string;

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantReadUnit(grantee, this.invoiceUnitArn);
  }
}

/** `GetInvoiceUnit` and `ListTagsForResource` on the unit. */
export function grantReadUnit(grantee: iam.IGrantable, arn: string): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: ['invoicing:GetInvoiceUnit', 'invoicing:ListTagsForResource'], resourceArns: [arn] });
}
