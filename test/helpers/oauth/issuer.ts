/**
 * A small local OIDC token issuer for the OAUTHBEARER tests (Node http, keys made with jose):
 * OIDC discovery, a JWKS endpoint that counts its fetches and can rotate or fail, and a
 * client-credentials token endpoint (HTTP basic client id/secret, what librdkafka's
 * `sasl.oauthbearer.method=oidc` sends). Tokens carry iss, aud, sub (= client id), iat and exp.
 */
import http from 'node:http';
import type net from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: Record<string, unknown>;
}

export async function newSigningKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<SigningKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' } };
}

export interface TestIssuer {
  /** The issuer URL (also the `iss` of its tokens). */
  issuer: string;
  jwksUrl: string;
  tokenUrl: string;
  audience: string;
  keys: SigningKey[];
  /** JWKS fetches so far. */
  jwksFetches: number;
  /** Answer JWKS fetches with HTTP 500 while true. */
  failJwks: boolean;
  /** Lifetime of tokens from the token endpoint. */
  tokenTtlSeconds: number;
  tokensIssued: number;
  /** A token signed with keys[0] (or `key`), claims merged over the good defaults. */
  sign(claims?: JWTPayload & Record<string, unknown>, o?: { key?: SigningKey; header?: Record<string, unknown> }): Promise<string>;
  close(): Promise<void>;
}

export const CLIENTS: Record<string, string> = { 'svc-orders': 'orders-secret', 'svc-billing': 'billing-secret' };

function basicClient(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization ?? '';
  if (!h.startsWith('Basic ')) return null;
  const [id, secret] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
  return CLIENTS[id] !== undefined && CLIENTS[id] === secret ? id : null;
}

export async function startTestIssuer(o: { audience?: string; tokenTtlSeconds?: number } = {}): Promise<TestIssuer> {
  const key = await newSigningKey('key-1');
  const state = { jwksFetches: 0, failJwks: false, tokensIssued: 0 } as TestIssuer;
  Object.assign(state, { audience: o.audience ?? 'kafka', keys: [key], tokenTtlSeconds: o.tokenTtlSeconds ?? 300 });
  state.sign = async (claims = {}, so = {}) => {
    const k = so.key ?? state.keys[0];
    const now = Math.floor(Date.now() / 1000);
    const body = { iss: state.issuer, aud: state.audience, sub: 'alice', iat: now, exp: now + state.tokenTtlSeconds, ...claims };
    for (const [name, v] of Object.entries(body)) if (v === undefined) delete (body as Record<string, unknown>)[name];
    return new SignJWT(body).setProtectedHeader({ alg: k.alg, kid: k.kid, typ: 'JWT', ...so.header }).sign(k.privateKey);
  };
  const server = http.createServer((req, res) => {
    const send = (status: number, doc: unknown) => {
      const text = JSON.stringify(doc);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const path = (req.url ?? '').split('?')[0];
    if (path === '/.well-known/openid-configuration') return send(200, { issuer: state.issuer, jwks_uri: state.jwksUrl, token_endpoint: state.tokenUrl });
    if (path === '/jwks') {
      state.jwksFetches++;
      return state.failJwks ? send(500, { error: 'down' }) : send(200, { keys: state.keys.map((k) => k.jwk) });
    }
    if (path === '/token' && req.method === 'POST') {
      req.resume();
      req.on('end', () => {
        const client = basicClient(req);
        if (!client) return send(401, { error: 'invalid_client' });
        state.tokensIssued++;
        void state.sign({ sub: client }).then((t) => send(200, { access_token: t, token_type: 'Bearer', expires_in: state.tokenTtlSeconds }));
      });
      return;
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  Object.assign(state, { issuer: base, jwksUrl: `${base}/jwks`, tokenUrl: `${base}/token` });
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
