/**
 * The gateway's own login on a fresh backend connection (a backend with SASL: Kafka
 * SASL_PLAINTEXT / SASL_SSL, Fluss with PLAIN), run before any client frame is written to it.
 * A protocol supplies the exchange as an UpstreamLogin (frames out, one backend frame in, next
 * step); LoginDriver runs it on one socket, bounded by a timeout, and reports once.
 *
 *   begin ──start() frames──► waiting ──backend frame──► onFrame ──send──► waiting
 *                                                           ├──done──► logged in (report lifetime)
 *                                                           └──throws──► failed (report error)
 */
import { GatewayError, toGatewayError } from '../errors.js';

/** What one backend answer during the login leads to. */
export type LoginStep = { kind: 'send'; frames: Buffer[] } | { kind: 'done'; sessionLifetimeMs: number };

export interface UpstreamLogin {
  /** The SASL mechanism (for logs and metrics). */
  readonly mechanism: string;
  /** The frames to write once the socket is connected. */
  start(): Buffer[];
  /** One backend frame (a copy the login may keep). Throws or rejects with a GatewayError when the backend refuses. */
  onFrame(frame: Buffer): LoginStep | Promise<LoginStep>;
}

/** Called once: an error, or null and the backend's session lifetime in ms (0 = none). */
export type LoginReport = (error: GatewayError | null, sessionLifetimeMs: number) => void;

export class LoginDriver {
  private finished = false;
  private busy = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly login: UpstreamLogin,
    private readonly write: (frame: Buffer) => void,
    private readonly timeoutMs: number,
    private readonly report: LoginReport,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  begin(): void {
    this.timer = setTimeout(() => this.finish(new GatewayError('SW_ERR_UPSTREAM_AUTH_FAILED', `${this.login.mechanism} login: no answer within ${this.timeoutMs} ms`), 0), this.timeoutMs);
    try {
      for (const f of this.login.start()) this.write(f);
    } catch (e) {
      this.finish(toGatewayError(e, 'SW_ERR_UPSTREAM_AUTH_FAILED'), 0);
    }
  }

  /** A backend frame while logging in. A frame while the previous one is still being handled is a protocol error. */
  frame(frame: Buffer): void {
    if (this.finished) return;
    if (this.busy) {
      this.finish(new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', `${this.login.mechanism} login: the backend sent an unexpected frame`), 0);
      return;
    }
    this.busy = true;
    const copy = Buffer.from(frame);
    Promise.resolve()
      .then(() => this.login.onFrame(copy))
      .then(
        (step) => {
          this.busy = false;
          if (this.finished) return;
          if (step.kind === 'done') this.finish(null, step.sessionLifetimeMs);
          else for (const f of step.frames) this.write(f);
        },
        (e: unknown) => this.finish(toGatewayError(e, 'SW_ERR_UPSTREAM_AUTH_FAILED'), 0),
      );
  }

  /** Stop without reporting (the connection is closing anyway). */
  cancel(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private finish(error: GatewayError | null, lifetimeMs: number): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.report(error, lifetimeMs);
  }
}
