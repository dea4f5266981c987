// @ts-check
'use strict';
/**
 * The peak resident set size of the calling process, in KiB.
 *
 * On Linux, `process.resourceUsage().maxRSS` of a spawned child is not its own peak: the kernel carries the forking
 * parent's high-water mark across fork and exec (a 300 MiB parent makes a 40 MiB child report about 300 MiB). The
 * bench's parent holds synthesized stacks, so each child reads its own `VmHWM` from /proc/self/status instead, and
 * falls back to maxRSS only where /proc does not exist.
 */
const fs = require('node:fs');

/** @returns {{ kb: number, source: 'VmHWM' | 'maxRSS' }} */
function peakRssKb() {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (match) return { kb: Number(match[1]), source: 'VmHWM' };
  } catch {
    // not Linux: fall through
  }
  return { kb: process.resourceUsage().maxRSS, source: 'maxRSS' };
}

module.exports = { peakRssKb };
