/**
 * `adoptExisting` for an invoice unit: a Create takes over the unit of the same name (names are unique in the account,
 * and the Create of a taken name would fail, so it is looked for first with ListInvoiceUnits), claims it with the
 * owner and adoption tags as a preference's adoption does (preference/ownership.ts), then applies the declared
 * configuration. A rollback of the deploy that adopted it keeps it (preference/adoption-rollback.ts).
 */
import type { ParsedInvoiceUnit } from './parse';
import { ADOPTED_TAG_KEY, RESERVED_TAG_KEY } from '../../src/contract/constraints';
import { OwnedElsewhereError, ReasonError } from '../aws/errors';
import { UPDATE_UNIT, findInvoiceUnits, updateInvoiceUnit } from '../aws/invoice-units';
import { listPreferenceTags as listTags, tagPreference as tagResource } from '../aws/invoicing';
import { ownerOf, ownerTag } from '../preference/ownership';
import { LifecycleRequest, clientToken } from '../preference/request';

/** The adopted unit's ARN, or undefined when no unit has that name (the Create goes on). */
export async function adoptUnit(unit: ParsedInvoiceUnit, req: LifecycleRequest): Promise<string | undefined> {
  // Names are unique in the account: at most one unit has it.
  const [found] = await findInvoiceUnits(unit.identity.Name, req);
  if (found === undefined) return undefined;
  const arn = found.InvoiceUnitArn!;
  if (found.InvoiceReceiver !== unit.identity.InvoiceReceiver) {
    throw new ReasonError(`adoptExisting: ${arn} is named ${unit.identity.Name} but its receiver is ${found.InvoiceReceiver}, not `
      + `${unit.identity.InvoiceReceiver}; the receiver cannot change: declare ${found.InvoiceReceiver} as invoiceReceiver, or another name`, 'AdoptionMismatch');
  }
  const mine = ownerOf(req);
  const owner = (await listTags(arn, req)).find((t) => t.Key === RESERVED_TAG_KEY)?.Value;
  if (owner !== undefined && owner !== mine) throw new OwnedElsewhereError(arn, owner, 'a unit');
  await tagResource(arn, [...unit.tags, ownerTag(req), { Key: ADOPTED_TAG_KEY, Value: mine }], req);
  // Of two stacks adopting at the same moment, the one whose tag was overwritten stops here.
  const after = (await listTags(arn, req)).find((t) => t.Key === RESERVED_TAG_KEY)?.Value;
  if (after !== mine) throw new OwnedElsewhereError(arn, after ?? 'another adopter (the owner tag was removed)', 'a unit');
  await updateInvoiceUnit({ InvoiceUnitArn: arn, ...unit.configuration, ClientToken: clientToken(req, `adopt-${UPDATE_UNIT}`) }, req);
  req.log.info({ physicalResourceId: arn, outcome: 'adopting', message: 'The invoice unit already exists: taking it over' });
  return arn;
}
