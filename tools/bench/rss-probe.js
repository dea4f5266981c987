// @ts-check
'use strict';
/**
 * Preloaded (NODE_OPTIONS=--require) into each handler process the CloudFormation simulator starts: when the process
 * exits it prints one JSON line with its peak resident set size, which the bench reads from the invocation's stdout.
 * fs.writeSync, because an 'exit' listener cannot wait for an asynchronous write.
 */
const fs = require('node:fs');
const { peakRssKb } = require('./peak-rss');

process.on('exit', () => {
  const peak = peakRssKb();
  fs.writeSync(1, `${JSON.stringify({ benchProbe: 'rss', maxRssKb: peak.kb, source: peak.source })}\n`);
});
