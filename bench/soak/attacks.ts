/**
 * The soak's hostile traffic, beside the legitimate loops. Every attacker connection comes from
 * 127.0.0.2 (loopback; the gateway's failed-login throttle counts per address, so the floods
 * slow down the attacker's address and never the traffic of 127.0.0.1) and goes to 127.0.0.1.
 * Each round is bounded: a fixed number of connections, each closed after 5 s at the latest.
 *
 * Bad input (one round per second, one kind after the other):
 *   random bytes to the Fluss port; a Fluss frame of random body (valid length prefix);
 *   a Fluss frame announcing 2 GiB; a TLS ClientHello on the (plain) Fluss port; plaintext
 *   garbage on the Kafka TLS port; inside TLS, a Kafka frame announcing 2 GiB, and a Kafka
 *   frame of random bytes; a malformed HTTP request over TLS.
 * Login floods (one round every 2 s, 8 attempts in parallel, rotating):
 *   Kafka SaslHandshake + SaslAuthenticate (PLAIN, wrong password for `victim`) over TLS;
 *   Fluss API_VERSIONS + AUTHENTICATE (PLAIN, wrong password); HTTPS Basic with a wrong password.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { encodeRequestFrame } from '../../src/protocol/fluss/frame.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { ApiVersionsRequest, AuthenticateRequest } from '../../src/protocol/fluss/messages/handshake.js';
import type { SoakSetup } from './setup.js';
import type { Counts } from './traffic.js';

const ATTACKER = '127.0.0.2';
const HOST = '127.0.0.1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends `chunks` on a fresh connection and waits for the gateway to close it (or 5 s). */
function shoot(open: () => net.Socket, chunks: Buffer[]): Promise<'closed' | 'timeout'> {
  return new Promise((resolve) => {
    const socket = open();
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('timeout');
    }, 5000);
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve('closed');
    };
    socket.on('error', done);
    socket.on('close', done);
    socket.on('data', () => undefined);
    const send = (): void => {
      for (const c of chunks) socket.write(c);
    };
    if (socket instanceof tls.TLSSocket) socket.once('secureConnect', send);
    else socket.once('connect', send);
  });
}

const plain = (port: number) => () => net.connect({ host: HOST, port, localAddress: ATTACKER });
type TlsFrom = tls.ConnectionOptions & { localAddress: string };
const tlsFrom = (o: TlsFrom): tls.TLSSocket => tls.connect(o);
const secure = (port: number, ca: Buffer) => () => tlsFrom({ host: HOST, port, localAddress: ATTACKER, ca, servername: 'localhost' });

function flussFrame(apiKey: number, body: Buffer, id: number): Buffer {
  return encodeRequestFrame(apiKey, 0, id, body);
}

function lengthOnly(n: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeInt32BE(n, 0);
  return b;
}

function kafkaSaslFlood(user: string): Buffer[] {
  const handshake = new KafkaWriter().int16(17).int16(1).int32(1).nullableString('soak-attacker').string('PLAIN').frame();
  const token = Buffer.from(`\u0000${user}\u0000wrong-${randomBytes(4).toString('hex')}`);
  const auth = new KafkaWriter().int16(36).int16(1).int32(2).nullableString('soak-attacker').bytes(token).frame();
  return [handshake, auth];
}

function flussSaslFlood(user: string): Buffer[] {
  const versions = flussFrame(1000, encodeMessage(ApiVersionsRequest, { client_software_name: 'fluss', client_software_version: '0.8' }), 1);
  const token = Buffer.from(`\u0000${user}\u0000wrong-${randomBytes(4).toString('hex')}`);
  const auth = flussFrame(1038, encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token }), 2);
  return [versions, auth];
}

function basicFlood(user: string): Buffer[] {
  const cred = Buffer.from(`${user}:wrong-${randomBytes(4).toString('hex')}`).toString('base64');
  return [Buffer.from(`GET /v1/overview HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic ${cred}\r\nConnection: close\r\n\r\n`)];
}

export async function badInputLoop(s: SoakSetup, until: number, c: Counts): Promise<void> {
  const ca = readFileSync(s.ca);
  const { kafka, fluss, flink } = s.ports;
  const kinds: Array<() => Promise<unknown>> = [
    () => shoot(plain(fluss), [randomBytes(512)]),
    () => shoot(plain(fluss), [flussFrame(1001 + Math.floor(Math.random() * 60), randomBytes(256), 7)]),
    () => shoot(plain(fluss), [lengthOnly(0x7fffffff)]),
    () => shoot(() => tlsFrom({ host: HOST, port: fluss, localAddress: ATTACKER, rejectUnauthorized: false }), []),
    () => shoot(plain(kafka), [Buffer.from('GET / HTTP/1.1\r\n\r\n'), randomBytes(256)]),
    () => shoot(secure(kafka, ca), [lengthOnly(0x7fffffff)]),
    () => shoot(secure(kafka, ca), [Buffer.concat([lengthOnly(300).subarray(0, 4), randomBytes(300)])]),
    () => shoot(secure(flink, ca), [Buffer.from('GET /v1/../etc HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n')]),
  ];
  for (let i = 0; Date.now() < until; i++) {
    try {
      await kinds[i % kinds.length]();
      c.ok++;
    } catch (e) {
      c.errors++;
      c.lastError = (e as Error).message;
    }
    await sleep(1000);
  }
}

export async function loginFloodLoop(s: SoakSetup, until: number, c: Counts): Promise<void> {
  const ca = readFileSync(s.ca);
  const { kafka, fluss, flink } = s.ports;
  const rounds: Array<() => Promise<unknown>> = [
    () => shoot(secure(kafka, ca), kafkaSaslFlood(s.victim)),
    () => shoot(plain(fluss), flussSaslFlood(s.victim)),
    () => shoot(secure(flink, ca), basicFlood(s.victim)),
  ];
  for (let i = 0; Date.now() < until; i++) {
    const round = rounds[i % rounds.length];
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => round()));
    for (const r of results) {
      if (r.status === 'fulfilled') c.ok++;
      else {
        c.errors++;
        c.lastError = String(r.reason);
      }
    }
    await sleep(2000);
  }
}
