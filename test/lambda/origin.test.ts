import { refusal } from '../../lambda/event/origin';
import { INVOICE_UNIT_RESOURCE_TYPE } from '../../src/contract/invoice-unit';
import { ENV_ACCOUNT_ID, ENV_STACK_ID, RESOURCE_TYPE } from '../../src/contract/wire';

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Own/0a1b2c3d-0000-1111-2222-333344445555';
const ENV = { [ENV_STACK_ID]: STACK, [ENV_ACCOUNT_ID]: '123456789012' };
const OWN_ARN = 'arn:aws:invoicing::123456789012:procurement-portal-preference/p-1';
const OWN = { StackId: STACK, ResourceType: RESOURCE_TYPE };

describe('refusal: only its own stack drives the handler', () => {
  test('an event of its own stack, type and account is accepted, with or without a physical id', () => {
    expect(refusal(OWN, ENV)).toBeUndefined();
    expect(refusal({ ...OWN, PhysicalResourceId: OWN_ARN }, ENV)).toBeUndefined();
    // Markers of failed creates are not preference ARNs: Delete handles them without any call.
    expect(refusal({ ...OWN, PhysicalResourceId: 'create-unknown-0b7c' }, ENV)).toBeUndefined();
    // Its invoice units too.
    expect(refusal({ ...OWN, ResourceType: INVOICE_UNIT_RESOURCE_TYPE, PhysicalResourceId: 'arn:aws:invoicing::123456789012:invoice-unit/1e9a1000' }, ENV))
      .toBeUndefined();
  });

  test.each([
    ['another stack', { ...OWN, StackId: STACK.replace('/Own/', '/Other/') }, "the event comes from stack 'arn:aws:cloudformation:us-east-1:123456789012:stack/Other/"],
    ['no stack id', { ResourceType: OWN.ResourceType }, 'the event comes from stack none'],
    ['another resource type', { ...OWN, ResourceType: 'Custom::Other' }, "the event is for resource type 'Custom::Other'"],
    ['a preference of another account', { ...OWN, PhysicalResourceId: OWN_ARN.replace('123456789012', '210987654321') },
      'is a preference of account 210987654321, and this handler manages only account 123456789012\'s'],
    ['an invoice unit of another account', { ...OWN, ResourceType: INVOICE_UNIT_RESOURCE_TYPE, PhysicalResourceId: 'arn:aws:invoicing::210987654321:invoice-unit/1e9a1000' },
      'is an invoice unit of account 210987654321, and this handler manages only account 123456789012\'s'],
  ])('refuses %s', (_, event, why) => {
    expect(refusal(event, ENV)).toContain(why);
  });

  test.each([{}, { [ENV_STACK_ID]: STACK }, { [ENV_ACCOUNT_ID]: '123456789012' }])('refuses every event when its environment lacks the stack or account (%j)', (env) => {
    expect(refusal(OWN, env)).toContain('the handler does not know the stack it serves');
  });
});
