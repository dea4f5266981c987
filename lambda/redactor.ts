/**
 * The sensitive values of one invocation (shared secrets, contacts), replaced by "[redacted]" in every Reason and log
 * line: an API error message may echo what was submitted. Values shorter than MIN_LENGTH are not redacted, because
 * replacing one or two characters everywhere would garble every message (the API's own minimum is 1 character).
 */
export const REDACTED = '[redacted]';
const MIN_LENGTH = 4;

export class Redactor {
  private readonly values = new Set<string>();

  public add(value: string | undefined): void {
    if (value === undefined || value.length < MIN_LENGTH) return;
    this.values.add(value);
    // The same value as it appears inside a JSON string (quotes, backslashes, control characters escaped).
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.values.add(escaped);
  }

  public redact(text: string): string {
    let result = text;
    // Longest first, so a value that contains another is replaced whole.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      result = result.split(value).join(REDACTED);
    }
    return result;
  }
}
