/**
 * A Lambda layer that brings this repository's pinned `@aws-sdk/client-invoicing` to integ-tests-alpha's assertion
 * Lambda.
 *
 * That Lambda `require`s `@aws-sdk/client-${service}` from the Lambda runtime's built-in SDK, which can predate the
 * procurement portal commands (the first @aws-sdk/client-invoicing with them is 3.1030.0): the assertion would fail with
 * "Unable to find command named: GetProcurementPortalPreferenceCommand". The layer holds the client bundled into one
 * file at nodejs/node_modules/@aws-sdk/client-invoicing, which Node resolves (from /opt) before the runtime's own copy.
 * The bundle is deterministic (same lock file, same bytes), so an integ snapshot's asset hash is too.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';

/** Where Node looks for a layer's modules, relative to the layer's root (/opt in Lambda). */
export const LAYER_NODE_MODULES = path.join('nodejs', 'node_modules');

/** Writes the layer's content into `layerDir` (emptied first) and returns `layerDir`. */
export function buildInvoicingClientLayer(layerDir: string): string {
  const moduleDir = path.join(layerDir, LAYER_NODE_MODULES, '@aws-sdk', 'client-invoicing');
  fs.rmSync(layerDir, { recursive: true, force: true });
  buildSync({
    entryPoints: [require.resolve('@aws-sdk/client-invoicing')],
    outfile: path.join(moduleDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(moduleDir, 'package.json'), '{ "name": "@aws-sdk/client-invoicing", "main": "index.js" }\n');
  return layerDir;
}
