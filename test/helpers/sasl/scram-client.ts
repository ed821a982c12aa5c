/**
 * Test-only SCRAM client (RFC 5802 / 7677), written directly on node:crypto so that it checks
 * the server instead of sharing its code. It can be told to misbehave (wrong nonce, proof,
 * channel binding) to drive the server's failure paths.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

export type ScramMech = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface ScramClientOptions {
  mechanism: ScramMech;
  user: string;
  password: string;
  /** client nonce; random by default */
  nonce?: string;
  /** gs2 authzid (a=...) */
  authzid?: string;
}

export interface FinalOverrides {
  nonce?: string;
  proof?: Buffer;
  channelBinding?: string;
}

function saslName(s: string): string {
  return s.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

export class ScramTestClient {
  readonly digest: 'sha256' | 'sha512';
  readonly size: number;
  readonly gs2Header: string;
  readonly bare: string;
  authMessage = '';
  serverSignature = Buffer.alloc(0);
  serverFirst = '';

  constructor(private readonly o: ScramClientOptions) {
    this.digest = o.mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
    this.size = o.mechanism === 'SCRAM-SHA-256' ? 32 : 64;
    this.gs2Header = `n,${o.authzid ? `a=${saslName(o.authzid)}` : ''},`;
    this.bare = `n=${saslName(o.user)},r=${o.nonce ?? randomBytes(18).toString('base64')}`;
  }

  clientFirst(): Buffer {
    return Buffer.from(this.gs2Header + this.bare, 'utf8');
  }

  /** Parse r=, s=, i= from the server-first message. */
  static parseServerFirst(msg: string): { nonce: string; salt: Buffer; iterations: number } {
    const attrs = new Map(msg.split(',').map((p) => [p[0], p.slice(2)] as [string, string]));
    return { nonce: attrs.get('r') ?? '', salt: Buffer.from(attrs.get('s') ?? '', 'base64'), iterations: Number(attrs.get('i')) };
  }

  clientFinal(serverFirst: Buffer, over: FinalOverrides = {}): Buffer {
    this.serverFirst = serverFirst.toString('utf8');
    const { nonce, salt, iterations } = ScramTestClient.parseServerFirst(this.serverFirst);
    const salted = pbkdf2Sync(this.o.password, salt, iterations, this.size, this.digest);
    const clientKey = createHmac(this.digest, salted).update('Client Key').digest();
    const storedKey = createHash(this.digest).update(clientKey).digest();
    const cb = over.channelBinding ?? Buffer.from(this.gs2Header).toString('base64');
    const withoutProof = `c=${cb},r=${over.nonce ?? nonce}`;
    this.authMessage = `${this.bare},${this.serverFirst},${withoutProof}`;
    const signature = createHmac(this.digest, storedKey).update(this.authMessage).digest();
    const proof = Buffer.alloc(this.size);
    for (let i = 0; i < this.size; i++) proof[i] = clientKey[i] ^ signature[i];
    const serverKey = createHmac(this.digest, salted).update('Server Key').digest();
    this.serverSignature = createHmac(this.digest, serverKey).update(this.authMessage).digest();
    return Buffer.from(`${withoutProof},p=${(over.proof ?? proof).toString('base64')}`, 'utf8');
  }

  /** True if the server-final message carries the signature this client expects. */
  verifyServerFinal(msg: Buffer): boolean {
    return msg.toString('utf8') === `v=${this.serverSignature.toString('base64')}`;
  }
}
