/**
 * Raw HTTP/1.1 over a plain or TLS socket, for requests no well-behaved client would send
 * (smuggling attempts, broken lines, slow bodies). Collects everything the server answers until
 * it closes the connection or the time is up, and parses the first response's status line.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface RawResult {
  text: string;
  /** Status of the first response, 0 when none arrived. */
  status: number;
  /** True when the server closed the connection (false: still open at the deadline). */
  closed: boolean;
  /** Body of the first response (after the blank line). */
  body: string;
}

export interface RawOptions {
  tls?: tls.ConnectionOptions;
  /** Pieces written one after the other with `gapMs` between them. */
  gapMs?: number;
  timeoutMs?: number;
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function rawHttp(port: number, pieces: string | Array<string | Buffer>, o: RawOptions = {}): Promise<RawResult> {
  const list = Array.isArray(pieces) ? pieces : [pieces];
  return new Promise((resolve) => {
    const socket: net.Socket = o.tls ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...o.tls }) : net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const sep = text.indexOf('\r\n\r\n');
      resolve({ text, status: m ? Number(m[1]) : 0, closed, body: sep < 0 ? '' : text.slice(sep + 4) });
      socket.destroy();
    };
    const timer = setTimeout(finish, o.timeoutMs ?? 3000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.once(o.tls ? 'secureConnect' : 'connect', async () => {
      for (const [i, p] of list.entries()) {
        if (i > 0 && o.gapMs) await new Promise((r) => setTimeout(r, o.gapMs));
        if (socket.destroyed) return;
        socket.write(p);
      }
    });
  });
}
