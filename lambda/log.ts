import { Redactor } from './redactor';

/**
 * The only fields a log line may carry (ARCHITECTURE.md, "Allow-listed logs"): never the event, the properties, an SDK input or
 * output, or an error object (an SDK error may carry the request's input).
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

/**
 * One JSON object per line, allow-listed fields only, every text passed through the invocation's redactor (which
 * redacts the parts marked as external, see redactor.ts).
 */
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
