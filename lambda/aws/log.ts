/**
 * Allow-listed JSON log lines, and the redaction that keeps the invocation's sensitive values (shared secrets,
 * contacts) out of every log line and Reason.
 *
 * Only text the handler did not write itself can hold such a value: an API or SDK error message may echo what was
 * submitted. That text is wrapped with `external()` where it enters a message, and the redactor works inside those
 * segments only, so the handler's own words are never touched: a secret equal to a word such as "Created" cannot be
 * revealed by the redaction of that word. Inside a segment, a value of MIN_LENGTH characters or more is replaced by
 * "[redacted]" (secrets anywhere, contacts where they stand as whole words); a shorter value cannot be replaced
 * without showing where its letters are, so a segment that contains one is withheld whole.
 */
export const REDACTED = '[redacted]';
export const WITHHELD = '[message withheld: it may repeat a secret or contact value]';
const MIN_LENGTH = 4;

const START = '\u0002';
const END = '\u0003';
const SEGMENT = /\u0002([^\u0002\u0003]*)\u0003/g;
const MARKERS = /[\u0002\u0003]/g;

/** Marks text that comes from outside the handler (an API's error message, an SDK error): redacted before it is shown. */
export function external(text: string): string {
  return `${START}${text.replace(MARKERS, '')}${END}`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly anywhere = new Set<string>();
  private readonly wholeWords = new Set<string>();

  /** A secret: redacted wherever it occurs in external text, even inside a longer word. */
  public add(value: string | undefined): void {
    this.remember(this.anywhere, value);
  }

  /** A contact's name or email: redacted in external text where it is not part of a longer word. */
  public addWord(value: string | undefined): void {
    this.remember(this.wholeWords, value);
  }

  /** `text` with every external segment redacted (or withheld) and the segment markers removed. */
  public redact(text: string): string {
    return text.replace(SEGMENT, (_, segment: string) => this.redactSegment(segment)).replace(MARKERS, '');
  }

  private redactSegment(segment: string): string {
    const short = [...this.anywhere, ...this.wholeWords].filter((value) => value.length < MIN_LENGTH);
    if (short.some((value) => segment.includes(value))) return WITHHELD;
    // Longest first, so a value that contains another is replaced whole.
    const byLength = (a: string, b: string) => b.length - a.length;
    let result = segment;
    for (const value of [...this.anywhere].sort(byLength)) {
      result = result.split(value).join(REDACTED);
    }
    for (const value of [...this.wholeWords].sort(byLength)) {
      result = result.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'gu'), REDACTED);
    }
    return result;
  }

  private remember(set: Set<string>, value: string | undefined): void {
    if (value === undefined || value === '') return;
    set.add(value);
    // The same value as it appears inside a JSON string (quotes, backslashes, control characters escaped).
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) set.add(escaped);
  }
}

/**
 * The only fields a log line may carry (ARCHITECTURE.md, "Allow-listed logs"): never the event, the properties, an SDK
 * input or output, or an error object (an SDK error may carry the request's input).
 */
export interface LogEntry {
  readonly requestType?: string;
  readonly logicalResourceId?: string;
  readonly physicalResourceId?: string;
  readonly operation?: string;
  readonly outcome?: string;
  readonly errorCode?: string;
  readonly durationMs?: number;
  readonly message?: string;
}

const TEXT_FIELDS = ['requestType', 'logicalResourceId', 'physicalResourceId', 'operation', 'outcome', 'errorCode', 'message'] as const;
const MAX_FIELD_LENGTH = 1_000;

/** One JSON object per line, allow-listed fields only, every text passed through the invocation's redactor. */
export class Logger {
  public constructor(private readonly base: LogEntry, private readonly redactor: Redactor) {}

  public info(entry: LogEntry): void {
    console.log(this.format('info', entry));
  }

  /** Something a person may have to look at, though the request succeeded. */
  public warn(entry: LogEntry): void {
    console.warn(this.format('warn', entry));
  }

  public error(entry: LogEntry): void {
    console.error(this.format('error', entry));
  }

  private format(level: 'info' | 'warn' | 'error', entry: LogEntry): string {
    const merged: LogEntry = { ...this.base, ...entry };
    const line: Record<string, string | number> = { level };
    for (const field of TEXT_FIELDS) {
      const value = merged[field];
      if (typeof value === 'string') {
        line[field] = this.redactor.redact(value).slice(0, MAX_FIELD_LENGTH);
      }
    }
    if (typeof merged.durationMs === 'number' && Number.isFinite(merged.durationMs)) {
      line.durationMs = Math.round(merged.durationMs);
    }
    return JSON.stringify(line);
  }
}
