/**
 * The send schedule of the many-connections load tool: CLIENTS clients each sending RATE times a
 * second, their turns spread evenly over the period, so the target sees a steady
 * CLIENTS × RATE requests per second rather than a burst every period. Turn g (g = 0, 1, ...) is
 * due g × period / CLIENTS after the start and belongs to client g mod CLIENTS. A late timer
 * (a busy machine) catches up by taking every turn that has come due since the last tick.
 */

export interface Schedule {
  clients: number;
  /** Turns per second per client. */
  rate: number;
  durationMs: number;
}

/** Turns in the whole schedule. */
export function plannedTurns(s: Schedule): number {
  return Math.floor((s.durationMs * s.clients * s.rate) / 1000);
}

/** Turns due `elapsedMs` after the start (the first is due at once), at most the planned ones. */
export function turnsDue(s: Schedule, elapsedMs: number): number {
  return Math.min(plannedTurns(s), Math.floor((elapsedMs * s.clients * s.rate) / 1000) + 1);
}

/** Calls `turn(client index)` for every turn as it comes due; resolves once the last was taken. */
export function runSchedule(s: Schedule, turn: (client: number) => void): Promise<void> {
  const planned = plannedTurns(s);
  const t0 = performance.now();
  let g = 0;
  return new Promise((resolve) => {
    const tick = (): void => {
      for (const due = turnsDue(s, performance.now() - t0); g < due; g++) turn(g % s.clients);
      if (g >= planned) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
    tick();
  });
}
