/**
 * The invoice-unit calls, on the same client, retries and deadline as the preference's (invoicing.ts). Units are
 * tagged with the same TagResource, UntagResource and ListTagsForResource (`tagPreference` and friends take any ARN).
 */
import {
  CreateInvoiceUnitCommand, CreateInvoiceUnitRequest, DeleteInvoiceUnitCommand, GetInvoiceUnitCommand, GetInvoiceUnitResponse, InvoiceUnit,
  ListInvoiceUnitsCommand, UpdateInvoiceUnitCommand, UpdateInvoiceUnitRequest,
} from '@aws-sdk/client-invoicing';
import { call, invoicingClient, unusableAnswer } from './invoicing';
import type { CallContext } from './retry';
import { INVOICE_UNIT_ARN_PATTERN } from '../../src/contract/constraints';

export const CREATE_UNIT = 'CreateInvoiceUnit';
export const UPDATE_UNIT = 'UpdateInvoiceUnit';
export const DELETE_UNIT = 'DeleteInvoiceUnit';
export const GET_UNIT = 'GetInvoiceUnit';
export const LIST_UNITS = 'ListInvoiceUnits';

export function isInvoiceUnitArn(id: string | undefined): id is string {
  return typeof id === 'string' && INVOICE_UNIT_ARN_PATTERN.test(id);
}

/** Returns the new unit's ARN, always a valid invoice-unit ARN (else the answer is unusable and retried). */
export async function createInvoiceUnit(input: CreateInvoiceUnitRequest, ctx: CallContext): Promise<string> {
  const output = await call(CREATE_UNIT, ctx, async (abortSignal) => {
    const answer = await invoicingClient.send(new CreateInvoiceUnitCommand(input), { abortSignal });
    if (!isInvoiceUnitArn(answer.InvoiceUnitArn)) throw unusableAnswer(CREATE_UNIT, answer.$metadata?.httpStatusCode, 'invoice unit');
    return answer;
  });
  return output.InvoiceUnitArn!;
}

export async function updateInvoiceUnit(input: UpdateInvoiceUnitRequest, ctx: CallContext): Promise<void> {
  await call(UPDATE_UNIT, ctx, (abortSignal) => invoicingClient.send(new UpdateInvoiceUnitCommand(input), { abortSignal }));
}

export async function deleteInvoiceUnit(arn: string, clientToken: string, ctx: CallContext): Promise<void> {
  await call(DELETE_UNIT, ctx, (abortSignal) =>
    invoicingClient.send(new DeleteInvoiceUnitCommand({ InvoiceUnitArn: arn, ClientToken: clientToken }), { abortSignal }));
}

/** The units named `name` (ListInvoiceUnits, every page). */
export async function findInvoiceUnits(name: string, ctx: CallContext): Promise<InvoiceUnit[]> {
  const found: InvoiceUnit[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(LIST_UNITS, ctx, (abortSignal) => invoicingClient.send(new ListInvoiceUnitsCommand({
      Filters: { Names: [name] }, MaxResults: 500, ...(nextToken ? { NextToken: nextToken } : {}),
    }), { abortSignal }));
    found.push(...page.InvoiceUnits ?? []);
    nextToken = page.NextToken || undefined;
  } while (nextToken !== undefined);
  return found;
}

export async function getInvoiceUnit(arn: string, ctx: CallContext): Promise<GetInvoiceUnitResponse> {
  return call(GET_UNIT, ctx, (abortSignal) => invoicingClient.send(new GetInvoiceUnitCommand({ InvoiceUnitArn: arn }), { abortSignal }));
}
