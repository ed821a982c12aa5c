/**
 * Checks on a parsed request head that go beyond what Node's HTTP parser already refuses, so that
 * the gateway and the backend can never disagree about where a message ends or whom it is for:
 * one Content-Length at most, Transfer-Encoding only as a single `chunked`, never both, exactly one
 * Host on HTTP/1.1, only the methods a REST API uses. Pure: works on raw header pairs.
 *
 * Bounds: at most MAX_HEADER_FIELDS header fields (431, SW_ERR_HTTP_HEADERS_TOO_LARGE), checked
 * before any header is looked at; the headers are then read in one pass, and the Host value is
 * refused past MAX_HOST_LENGTH before its pattern runs, so the cost is linear in the head's size.
 */
import { HttpFailure } from './errors.js';

/** Methods forwarded. CONNECT/TRACE and anything unknown are refused with 405. */
export const ALLOWED_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export interface RequestHead {
  method: string;
  httpVersion: string;
  /** Node's `rawHeaders`: name, value, name, value, ... as received. */
  rawHeaders: readonly string[];
}

export interface GuardedHead {
  /** True when a body follows (chunked, or Content-Length above zero). */
  hasBody: boolean;
  /** The declared length, or null for chunked / no body. */
  contentLength: number | null;
  /** The single Host value (empty string for an HTTP/1.0 request without one). */
  host: string;
  /** True when the client asked for `Expect: 100-continue`. */
  expectContinue: boolean;
}

/** Header fields accepted in one request (Apache httpd's LimitRequestFields default). */
export const MAX_HEADER_FIELDS = 100;
/** A DNS name (255) plus `:` and a port, or a bracketed IPv6 literal with a port. */
export const MAX_HOST_LENGTH = 262;

const HOST_VALUE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::[0-9]{1,5})?$/;

const FRAMING = ['content-length', 'transfer-encoding', 'host', 'expect'] as const;
type FramingHeader = (typeof FRAMING)[number];

/** The values of the headers the guard reads, collected in one pass over the raw pairs. */
function framingValues(raw: readonly string[]): Record<FramingHeader, string[]> {
  const out: Record<FramingHeader, string[]> = { 'content-length': [], 'transfer-encoding': [], host: [], expect: [] };
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if ((FRAMING as readonly string[]).includes(name)) out[name as FramingHeader].push(raw[i + 1]);
  }
  return out;
}

const smuggling = (detail: string) => new HttpFailure('SW_ERR_HTTP_SMUGGLING', 400, detail);

/** Throws HttpFailure (400/405/417) when the head is ambiguous or not allowed. */
export function guardRequestHead(head: RequestHead): GuardedHead {
  if (!ALLOWED_METHODS.includes(head.method)) {
    throw new HttpFailure('SW_ERR_HTTP_METHOD', 405, `method ${head.method.slice(0, 20)}`, { allow: ALLOWED_METHODS.join(', ') });
  }
  if (head.httpVersion !== '1.1' && head.httpVersion !== '1.0') {
    throw new HttpFailure('SW_ERR_HTTP_BAD_REQUEST', 400, `HTTP version ${head.httpVersion}`);
  }
  const raw = head.rawHeaders;
  if (raw.length > 2 * MAX_HEADER_FIELDS) {
    throw new HttpFailure('SW_ERR_HTTP_HEADERS_TOO_LARGE', 431, `more than ${MAX_HEADER_FIELDS} header fields`);
  }
  const values = framingValues(raw);
  const lengths = values['content-length'];
  const encodings = values['transfer-encoding'];
  if (lengths.length > 1) throw smuggling('more than one Content-Length');
  if (encodings.length > 1) throw smuggling('more than one Transfer-Encoding');
  if (lengths.length === 1 && encodings.length === 1) throw smuggling('both Content-Length and Transfer-Encoding');
  if (encodings.length === 1 && encodings[0].trim().toLowerCase() !== 'chunked') {
    throw smuggling('Transfer-Encoding other than a single chunked');
  }
  if (encodings.length === 1 && head.httpVersion === '1.0') throw smuggling('Transfer-Encoding on HTTP/1.0');
  let contentLength: number | null = null;
  if (lengths.length === 1) {
    if (!/^[0-9]{1,15}$/.test(lengths[0].trim())) throw smuggling('Content-Length is not a decimal number');
    contentLength = Number(lengths[0].trim());
  }
  const hosts = values.host;
  if (hosts.length > 1) throw smuggling('more than one Host');
  if (hosts.length === 0 && head.httpVersion === '1.1') throw new HttpFailure('SW_ERR_HTTP_BAD_REQUEST', 400, 'no Host header');
  const host = hosts[0]?.trim() ?? '';
  if (host.length > MAX_HOST_LENGTH) throw new HttpFailure('SW_ERR_HTTP_BAD_REQUEST', 400, 'Host header too long');
  if (host !== '' && !HOST_VALUE.test(host)) throw new HttpFailure('SW_ERR_HTTP_BAD_REQUEST', 400, 'Host header is not a host[:port]');
  const expects = values.expect;
  const expectContinue = expects.length === 1 && expects[0].trim().toLowerCase() === '100-continue';
  if (expects.length > 0 && !expectContinue) throw new HttpFailure('SW_ERR_HTTP_BAD_REQUEST', 417, 'only Expect: 100-continue is supported');
  return {
    hasBody: encodings.length === 1 || (contentLength !== null && contentLength > 0),
    contentLength: encodings.length === 1 ? null : contentLength,
    host,
    expectContinue,
  };
}
