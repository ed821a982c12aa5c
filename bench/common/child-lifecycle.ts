/**
 * The lifecycle every bench child process shares: it runs until its stdin ends (the parent died
 * or closed it) or SIGTERM/SIGINT, then runs `stop` once and exits 0 (forced after `graceMs`).
 * `runChild` reports a start-up failure on stderr with the process's name and exits 1.
 */
export function stopWhenParentGoes(stop: () => Promise<void>, graceMs = 3000): void {
  let stopping = false;
  const onSignal = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), graceMs).unref();
    try {
      await stop();
    } finally {
      process.exit(0);
    }
  };
  process.stdin.on('end', () => void onSignal());
  process.stdin.on('error', () => void onSignal());
  process.stdin.resume();
  process.on('SIGTERM', () => void onSignal());
  process.on('SIGINT', () => void onSignal());
}

export function runChild(name: string, main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
