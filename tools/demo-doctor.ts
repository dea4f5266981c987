/**
 * The demo's readiness check before the first deploy: the portals, AWS's supplier ids and the invoice unit the example
 * app names, as an account would hold them, then `npx cdk-procurement-portal doctor` on the app's cdk.out (the bundled
 * tool, in a child process) against the local world.
 */
import { runCli } from './emulators/bundles';
import type { LocalWorld } from './local-world';

type Json = Record<string, any>;

export async function playDoctor(world: LocalWorld, assemblyDir: string, say: (line?: string) => void,
  check: (ok: boolean, what: string) => void, step: (title: string) => void): Promise<void> {
  const { invoicing, secrets, cloudformation, stack } = world;
  step(`Before the first deploy: npx cdk-procurement-portal doctor --app ${assemblyDir} --stack ${stack.stackName}`);
  const properties = stack.customResources.map((r) => r.properties as Json);
  // The account's portals and AWS's supplier ids in them, as the example declares them.
  for (const name of ['SAP_BUSINESS_NETWORK', 'COUPA'] as const) {
    const declared = properties.filter((p) => p.ProcurementPortalName === name);
    invoicing.catalog.seedPortal({
      PortalIdentifier: name.toLowerCase(),
      PortalName: name,
      DefaultFeatureConfigurations: { InvoiceConfiguration: { DocumentTypes: ['AWS_CLOUD_INVOICE', 'AWS_CLOUD_CREDIT_MEMO'] } },
    }, declared.flatMap((p) => [
      { SupplierIdentifier: String(p.SupplierIdentifier), SellerOfRecord: 'AWS', CountryCode: 'US', Environment: 'PROD' as const },
      ...(p.TestEnvPreference ? [{ SupplierIdentifier: String(p.TestEnvPreference.SupplierIdentifier), SellerOfRecord: 'AWS', Environment: 'TEST' as const }] : []),
    ]));
  }
  for (const arn of properties.flatMap((p) => (p.Selector?.InvoiceUnitArns ?? []) as string[])) {
    invoicing.catalog.seedInvoiceUnit({ InvoiceUnitArn: arn, Name: 'Finance', InvoiceReceiver: arn.split(':')[4] });
  }
  const run = await runCli(['doctor', '--app', assemblyDir, '--stack', stack.stackName], {
    AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.endpoint,
  });
  for (const line of run.stdout.trim().split('\n')) say(`  ${line}`);
  say(`  ${run.stderr.trim().split('\n').filter((l) => !l.startsWith('Note: ')).at(-1) ?? ''}`);
  check(run.code === 0, 'doctor finds nothing that would fail the first deploy');
}
