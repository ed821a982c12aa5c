/**
 * A token issuer for the bearer-token tests: RSA and EC key pairs, a JWKS endpoint on 127.0.0.1
 * that counts how often it is fetched and can rotate its keys, and a signer for compact JWS
 * tokens (written here with node:crypto, independently of the gateway's verifier).
 */
import http from 'node:http';
import type net from 'node:net';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface IssuerKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export function newKey(kid: string, alg: 'RS256' | 'ES256'): IssuerKey {
  const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg, privateKey: pair.privateKey, publicJwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export function signToken(key: IssuerKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const h = b64({ alg: key.alg, typ: 'JWT', kid: key.kid, ...header });
  const p = b64(claims);
  const data = Buffer.from(`${h}.${p}`);
  const sig = key.alg === 'RS256' ? sign('sha256', data, key.privateKey) : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${h}.${p}.${sig.toString('base64url')}`;
}

export interface JwksServer {
  url: string;
  keys: IssuerKey[];
  fetches: number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: IssuerKey[]): Promise<JwksServer> {
  const state: JwksServer = { url: '', keys, fetches: 0, close: async () => {} };
  const server = http.createServer((_req, res) => {
    state.fetches++;
    const body = JSON.stringify({ keys: state.keys.map((k) => k.publicJwk) });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/.well-known/jwks.json`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
