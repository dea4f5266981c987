import { InvoicingClient, ListProcurementPortalPreferencesCommand } from '@aws-sdk/client-invoicing';
import { mockClient } from 'aws-sdk-client-mock';
import { poll } from '../../lambda/status-poller';

const invoicing = mockClient(InvoicingClient);
beforeEach(() => invoicing.reset());

test('a List that hands back the same NextToken forever: the run fails after the second page instead of paging endlessly', async () => {
  invoicing.on(ListProcurementPortalPreferencesCommand).resolves({ ProcurementPortalPreferences: [], NextToken: 'same' });
  const lines: string[] = [];

  await expect(poll((line) => lines.push(line))).rejects.toThrow('ListProcurementPortalPreferences returned the same NextToken twice');
  expect(invoicing.commandCalls(ListProcurementPortalPreferencesCommand)).toHaveLength(2);
});

test('an empty NextToken ends the paging', async () => {
  invoicing.on(ListProcurementPortalPreferencesCommand).resolves({ ProcurementPortalPreferences: [], NextToken: '' });
  expect(await poll(() => undefined)).toEqual({ preferences: 0, listCalls: 1, unknownStatuses: 0 });
});
