/**
 * What CloudFormation delivers, before and after the rules: `RawProperties` as sent (old properties are only ever
 * compared, never parsed), and `checkReceived`, which walks the shared rules (src/contract/rules.ts) over a received
 * value and throws one Reason that lists every problem, naming each property as it stands on the wire.
 */
import type { Rule } from '../../src/contract/properties';
import { checkValue } from '../../src/contract/rules';
import { ReasonError } from '../aws/errors';

/** ResourceProperties as CloudFormation sent them, not parsed. */
export type RawProperties = Record<string, unknown> | undefined;

/** How the top-level object is named in a message about itself. */
export const PROPERTIES_PATH = 'ResourceProperties';

/** At most this many problems in one Reason (CloudFormation shows the Reason; the response body is 4,096 bytes). */
const PROBLEMS_SHOWN = 20;

/**
 * Throws `<prefix>: problem; problem...` when `value` breaks `rule`. `path` names the value ('' for the top-level
 * properties); `sensitive` values (secrets, contacts) are never repeated.
 */
export function checkReceived(rule: Rule, value: unknown, prefix: string, path = '', sensitive = false): void {
  const problems = checkValue(rule, value, path, { names: 'wire', extraKeys: ['ServiceToken'], rootName: PROPERTIES_PATH }, sensitive);
  if (problems.length === 0) return;
  const shown = problems.slice(0, PROBLEMS_SHOWN);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  throw new ReasonError(`${prefix}: ${shown.join('; ')}${more}`, 'InvalidProperties');
}
