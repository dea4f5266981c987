/**
 * The sensitive values of one invocation (shared secrets, contacts), replaced by "[redacted]" in every Reason and log
 * line: an API error message may echo what was submitted. Values shorter than MIN_LENGTH are not redacted, because
 * replacing one or two characters everywhere would garble every message (the API's own minimum is 1 character).
 * Contacts are redacted where they stand as whole words only: a contact named "Procurement" must not turn the property
 * name ProcurementPortalSharedSecretRef into "[redacted]PortalSharedSecretRef". Secrets are redacted anywhere.
 */
export const REDACTED = '[redacted]';
const MIN_LENGTH = 4;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly anywhere = new Set<string>();
  private readonly wholeWords = new Set<string>();

  /** A secret: redacted wherever it occurs, even inside a longer word. */
  public add(value: string | undefined): void {
    this.remember(this.anywhere, value);
  }

  /** A contact's name or email: redacted where it is not part of a longer word. */
  public addWord(value: string | undefined): void {
    this.remember(this.wholeWords, value);
  }

  public redact(text: string): string {
    // Longest first, so a value that contains another is replaced whole.
    const byLength = (a: string, b: string) => b.length - a.length;
    let result = text;
    for (const value of [...this.anywhere].sort(byLength)) {
      result = result.split(value).join(REDACTED);
    }
    for (const value of [...this.wholeWords].sort(byLength)) {
      result = result.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'gu'), REDACTED);
    }
    return result;
  }

  private remember(set: Set<string>, value: string | undefined): void {
    if (value === undefined || value.length < MIN_LENGTH) return;
    set.add(value);
    // The same value as it appears inside a JSON string (quotes, backslashes, control characters escaped).
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) set.add(escaped);
  }
}
