/**
 * Talks to the GSS-API helper process (gssapi-helper-script.ts): starts it on first use with the
 * listener's keytab and service principal, sends one JSON line per call and matches answers in
 * order. A helper that dies fails the calls in flight and is started again on the next call.
 * Every call has a deadline; the number of calls waiting is bounded (refused beyond it).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { GatewayError } from '../errors.js';
import { GSSAPI_HELPER_SCRIPT } from './gssapi-helper-script.js';

export interface GssapiAcceptorOptions {
  /** Service principal, e.g. kafka/broker1.example.com@EXAMPLE.COM. */
  principal: string;
  keytab: string;
  /** Python interpreter that has the gssapi module (Debian: /usr/bin/python3 with python3-gssapi). */
  python: string;
  /** Live GSS contexts in the helper at once; default 256. */
  maxContexts?: number;
  /** An unfinished context is dropped after this long; default 60 s. */
  contextTtlMs?: number;
  /** Deadline of one call; default 10 s. */
  callTimeoutMs?: number;
}

/** A failed helper call; `minor` is the GSS minor status (a krb5 error code, unsigned) or 0. */
export class GssCallError extends Error {
  constructor(
    message: string,
    readonly minor: number,
  ) {
    super(message);
  }
}

export interface AcceptResult {
  token: Buffer;
  complete: boolean;
  peer: string | null;
}

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const MAX_WAITING = 1024;

export class GssapiAcceptor {
  #child: ChildProcessWithoutNullStreams | null = null;
  #ready: Promise<void> | null = null;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #nextContext = 1;
  readonly #o: Required<GssapiAcceptorOptions>;

  constructor(o: GssapiAcceptorOptions) {
    this.#o = { maxContexts: 256, contextTtlMs: 60_000, callTimeoutMs: 10_000, ...o };
  }

  /** A fresh context id (the helper creates the context on its first accept). */
  newContext(): number {
    return this.#nextContext++;
  }

  async accept(ctx: number, token: Buffer): Promise<AcceptResult> {
    const r = await this.#call({ op: 'accept', ctx, token: token.toString('base64') });
    return { token: Buffer.from(String(r.token ?? ''), 'base64'), complete: r.complete === true, peer: typeof r.peer === 'string' ? r.peer : null };
  }

  async wrap(ctx: number, data: Buffer): Promise<Buffer> {
    return Buffer.from(String((await this.#call({ op: 'wrap', ctx, data: data.toString('base64') })).token ?? ''), 'base64');
  }

  async unwrap(ctx: number, token: Buffer): Promise<Buffer> {
    return Buffer.from(String((await this.#call({ op: 'unwrap', ctx, token: token.toString('base64') })).data ?? ''), 'base64');
  }

  /** Forgets a context (never throws). */
  end(ctx: number): void {
    this.#call({ op: 'end', ctx }).catch(() => undefined);
  }

  /** Starts the helper now and resolves once it holds acceptor credentials (start-up check). */
  ready(): Promise<void> {
    this.#ready ??= this.#start();
    return this.#ready;
  }

  close(): void {
    this.#child?.kill();
    this.#child = null;
    this.#ready = null;
  }

  async #call(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.#pending.size >= MAX_WAITING) throw new GatewayError('SW_ERR_AUTH_BUSY', 'GSS-API helper queue is full');
    await this.ready();
    const child = this.#child!;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`GSS-API helper did not answer within ${this.#o.callTimeoutMs} ms`));
      }, this.#o.callTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      child.stdin.write(JSON.stringify({ id, ...req }) + '\n');
    }).then((r) => {
      const answer = r as Record<string, unknown>;
      if (answer.ok !== true) throw new GssCallError(String(answer.error ?? 'GSS-API failure'), Number(answer.minor ?? 0));
      return answer;
    });
  }

  #start(): Promise<void> {
    const o = this.#o;
    const args = ['-c', GSSAPI_HELPER_SCRIPT, o.principal, String(o.maxContexts), String(o.contextTtlMs / 1000)];
    const child = spawn(o.python, args, { env: { ...process.env, KRB5_KTNAME: `FILE:${o.keytab}` }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child = child;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    const lines = createInterface({ input: child.stdout });
    return new Promise<void>((resolve, reject) => {
      let started = false;
      const fail = (why: string): void => {
        this.#child = null;
        this.#ready = null;
        for (const [, p] of this.#pending) {
          clearTimeout(p.timer);
          p.reject(new Error(why));
        }
        this.#pending.clear();
        if (!started) reject(new GatewayError('SW_ERR_GSSAPI_HELPER', why));
      };
      child.on('error', (e) => fail(`cannot start ${o.python}: ${e.message}`));
      child.on('exit', (code) => fail(`GSS-API helper exited (${code}) ${stderr.trim()}`.trim()));
      lines.on('line', (line) => {
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return;
        }
        if (!started) {
          started = true;
          if (msg.ready === true) resolve();
          else {
            reject(new GatewayError('SW_ERR_GSSAPI_HELPER', `acceptor credentials for ${o.principal}: ${String(msg.error)}`));
            child.kill();
          }
          return;
        }
        const p = this.#pending.get(Number(msg.id));
        if (!p) return;
        this.#pending.delete(Number(msg.id));
        clearTimeout(p.timer);
        p.resolve(msg);
      });
    });
  }
}
