/**
 * The bench's output: one line per figure (measured value, the baseline measured in the same run, their ratio) and
 * a PASS or MISS for each target, then the summary line `bench: N PASS, M MISS`.
 */

export type Verdict = 'PASS' | 'MISS';

export interface TargetResult {
  readonly label: string;
  readonly verdict: Verdict;
}

export class Report {
  readonly targets: TargetResult[] = [];

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  section(title: string): void {
    this.write('');
    this.write(`== ${title}`);
  }

  /** A figure without a target of its own (context for the targets). */
  figure(label: string, text: string): void {
    this.write(`  ----  ${label}: ${text}`);
  }

  /** A figure checked against a target: PASS when `pass`. */
  target(label: string, text: string, pass: boolean): Verdict {
    const verdict: Verdict = pass ? 'PASS' : 'MISS';
    this.targets.push({ label, verdict });
    this.write(`  ${verdict}  ${label}: ${text}`);
    return verdict;
  }

  /** An explanation under the previous line (why a MISS, what a number includes). */
  note(text: string): void {
    this.write(`        ${text}`);
  }

  summary(): string {
    const pass = this.targets.filter((t) => t.verdict === 'PASS').length;
    const miss = this.targets.length - pass;
    const line = `bench: ${pass} PASS, ${miss} MISS`;
    this.write('');
    if (miss > 0) this.write(`MISS: ${this.targets.filter((t) => t.verdict === 'MISS').map((t) => t.label).join('; ')}`);
    this.write(line);
    return line;
  }
}
