/**
 * What a fuzz target is, and the probe that runs one input and decides whether it crashed.
 *
 * A target names what counts as a crash for it; the probe enforces the common part:
 *   - an exception the target does not declare (`expected(e)` false): TypeError, RangeError from
 *     a Buffer read past the end, stack overflow, a foreign error class...;
 *   - a hang: one input taking more than HANG_MS of wall time, then more than HANG_MS of CPU
 *     time in each of two re-runs (a single slow run may be a GC pause, or waiting for a core
 *     on a loaded machine, so the input is re-run and judged by the CPU it used);
 *   - a failed oracle: the target throws OracleFailure (output that re-parses differently, a
 *     rewrite that changed bytes it should not, ...).
 * Each fast-check run of a target feeds one generated value, which usually expands to many
 * executions (a valid seed and its mutated variants); `executions` counts those.
 */
import type fc from 'fast-check';

export const HANG_MS = 100;

/** An oracle of a target found output that is wrong (not an exception of the code under test). */
export class OracleFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OracleFailure';
  }
}

/** A crash found by the probe; carries the input (hex) for the report. */
export class FuzzCrash extends Error {
  constructor(
    readonly kind: 'exception' | 'hang' | 'oracle',
    message: string,
    readonly input: string,
    override readonly cause?: unknown,
  ) {
    super(`${kind}: ${message}`);
    this.name = 'FuzzCrash';
  }
}

export interface Probe {
  /** Runs `fn` on one input (`input` only describes it in a crash report). */
  (input: Uint8Array | string, fn: () => void): void;
  executions: number;
  /**
   * An asynchronous result of an input (an async rule handler): its rejection is classified like
   * a synchronous exception, `then` runs the oracles on its value. Settled between chunks.
   */
  later<V>(input: Uint8Array | string, p: Promise<V>, then: (v: V) => void): void;
  /** The first crash found in a `later` result, if any. */
  asyncCrash: FuzzCrash | null;
}

export interface FuzzTarget<T = unknown> {
  name: string;
  /** One line: what the target feeds and what counts as a crash. */
  crash: string;
  arbitrary: fc.Arbitrary<T>;
  /** True for exceptions the code under test declares for bad input. */
  expected(e: unknown): boolean;
  /** Feeds one generated value (usually several executions through `probe`). */
  check(value: T, probe: Probe): void;
}

/** Erases the value type so targets of different inputs fit one list. */
export function target<T>(t: FuzzTarget<T>): FuzzTarget<unknown> {
  return t as unknown as FuzzTarget<unknown>;
}

function describe(input: Uint8Array | string): string {
  if (typeof input === 'string') return JSON.stringify(input.length > 2000 ? input.slice(0, 2000) + '…' : input);
  const hex = Buffer.from(input).toString('hex');
  return hex.length > 4000 ? hex.slice(0, 4000) + '…' : hex;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const where = (e.stack ?? '')
      .split('\n')
      .slice(1, 5)
      .map((l) => l.trim())
      .join(' < ');
    return `${e.constructor.name}: ${e.message.slice(0, 200)} [${where}]`;
  }
  return `non-Error thrown: ${String(e)}`.slice(0, 300);
}

function cpuMs(run: () => number): number {
  const before = process.cpuUsage();
  run();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

/** A probe for one target; hangs and undeclared exceptions become FuzzCrash. */
export function makeProbe(t: FuzzTarget<unknown>): Probe {
  const probe = ((input: Uint8Array | string, fn: () => void): void => {
    probe.executions++;
    const once = (): number => {
      const start = performance.now();
      try {
        fn();
      } catch (e) {
        if (e instanceof FuzzCrash) throw e; // from a nested probe (an answer fuzzed inside a request's run)
        if (e instanceof OracleFailure) throw new FuzzCrash('oracle', e.message, describe(input), e);
        if (!t.expected(e)) throw new FuzzCrash('exception', errorText(e), describe(input), e);
      }
      return performance.now() - start;
    };
    // Wall time first (cheap); a slow input is re-run twice and judged by the CPU time it used,
    // so that waiting for a core on a loaded machine is not taken for a hang.
    if (once() > HANG_MS && cpuMs(once) > HANG_MS && cpuMs(once) > HANG_MS) {
      throw new FuzzCrash('hang', `one input used over ${HANG_MS} ms of CPU, three runs in a row`, describe(input));
    }
  }) as Probe;
  probe.executions = 0;
  probe.asyncCrash = null;
  probe.later = <V>(input: Uint8Array | string, p: Promise<V>, then: (v: V) => void): void => {
    const classify = (e: unknown): void => {
      if (probe.asyncCrash) return;
      if (e instanceof OracleFailure) probe.asyncCrash = new FuzzCrash('oracle', e.message, describe(input), e);
      else if (!t.expected(e)) probe.asyncCrash = new FuzzCrash('exception', errorText(e), describe(input), e);
    };
    p.then((v) => {
      try {
        then(v);
      } catch (e) {
        classify(e);
      }
    }, classify);
  };
  return probe;
}

/** Throws OracleFailure unless `ok`. */
export function oracle(ok: boolean, message: string): void {
  if (!ok) throw new OracleFailure(message);
}
