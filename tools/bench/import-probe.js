// @ts-check
'use strict';
/**
 * Run in a fresh Node process by the bench: times one cold `require()` of the module given as argument and prints
 * `{"ms": ..., "maxRssKb": ...}` on stdout (the peak RSS of this process, see peak-rss.js). Plain JavaScript, so that
 * no TypeScript loader runs in the measured process.
 */
const { peakRssKb } = require('./peak-rss');

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node import-probe.js <module path or name>\n');
  process.exit(2);
}
const started = process.hrtime.bigint();
require(target);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, maxRssKb: peakRssKb().kb })}\n`);
