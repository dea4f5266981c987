/**
 * How the scheduled functions (the status poller, the delivery monitor) end a run: one `info` line with the run's
 * figures, or one `error` line and a rejection, so the function's Errors metric counts it. Each stays its own bundle;
 * this module imports nothing.
 */
export async function runScheduled<T extends object>(operation: string, work: (write: (line: string) => void) => Promise<T>): Promise<T> {
  const started = Date.now();
  const write = (line: string): void => { process.stdout.write(`${line}\n`); };
  try {
    const result = await work(write);
    write(JSON.stringify({ level: 'info', operation, outcome: 'ok', ...result, durationMs: Date.now() - started }));
    return result;
  } catch (error) {
    const e = error as { name?: string; message?: string };
    // The error's name and message only: an SDK error object may carry the request.
    write(JSON.stringify({ level: 'error', operation, outcome: 'failed', errorCode: e?.name ?? 'Error', message: String(e?.message ?? '').slice(0, 500) }));
    throw new Error(`${operation} failed: ${e?.name ?? 'Error'}`);
  }
}
