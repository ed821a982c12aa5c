/**
 * The etcd backend of a DocumentStore (npm `etcd3`, etcd's v3 gRPC API). The document is one key,
 * `<prefix>/document`, holding the same YAML as the file store (so export/import is a copy).
 *
 * No lost update: update() reads the key with its mod_revision, applies the change, and writes in
 * a transaction `if mod_revision(key) == seen then put`; a failed compare means another replica
 * wrote meanwhile, so the change runs again on the newer text (bounded, then SW_ERR_STORE_CONFLICT).
 *
 * Following it: a watch on the key delivers changes at once; a poll every `pollMs` (default
 * 500 ms) re-reads the key, which also detects an outage (a read that fails or times out) and
 * resyncs when etcd answers again. Texts are applied in revision order only, so a slow poll
 * never rolls back what the watch delivered. During an outage nothing changes locally: the last
 * state seen stays in force (never an empty or permissive one).
 *
 *   healthy --read fails--> unreachable (onHealth false) --read ok--> healthy (onHealth true, onText)
 */
import { readFileSync } from 'node:fs';
import type { Etcd3, IOptions, Watcher } from 'etcd3';
import { ExponentialBackoff, noop, type IBackoff } from 'cockatiel';
import { GatewayError } from '../errors.js';
import type { EtcdStoreConfig } from '../config/types.js';
import type { DocumentChange, DocumentStore, DocumentWatch } from './document.js';

const MAX_ATTEMPTS = 20;

/** etcd3 (gRPC under it) is loaded only where etcd is used: loading it costs every process start. */
let etcd3Module: Promise<typeof import('etcd3')> | null = null;

/** etcd3 calls next() on it first (its own default is a factory too), despite the declared type. */
function watchBackoff(): IBackoff<unknown> {
  return new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }) as unknown as IBackoff<unknown>;
}

function clientOptions(c: EtcdStoreConfig, callTimeoutMs: number): IOptions {
  const options: IOptions = {
    hosts: c.endpoints,
    dialTimeout: callTimeoutMs,
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
    faultHandling: { host: () => noop, global: noop, watchBackoff: watchBackoff() },
  };
  if (c.tls) {
    options.credentials = {
      rootCertificate: readFileSync(c.tls.ca),
      ...(c.tls.cert ? { certChain: readFileSync(c.tls.cert) } : {}),
      ...(c.tls.key ? { privateKey: readFileSync(c.tls.key) } : {}),
    };
  }
  if (c.auth) options.auth = { username: c.auth.username, password: c.auth.password };
  return options;
}

function unavailable(where: string, e: unknown): GatewayError {
  return new GatewayError('SW_ERR_STORE_UNAVAILABLE', `${where}: ${(e as Error).message ?? String(e)}`, { cause: e });
}

export interface EtcdDocumentOptions {
  pollMs?: number;
  callTimeoutMs?: number;
  /** Close the connection after each read/update (the CLI: the process can end by itself). */
  oneShot?: boolean;
}

export class EtcdDocumentStore implements DocumentStore {
  readonly where: string;
  private connection: Etcd3 | null = null;
  private readonly key: string;
  private watcher: Watcher | null = null;
  private poller: NodeJS.Timeout | null = null;
  private lastRevision = -1n;
  private healthy = true;
  private closed = false;

  constructor(
    readonly config: EtcdStoreConfig,
    private readonly options: EtcdDocumentOptions = {},
  ) {
    this.key = `${config.prefix.replace(/\/+$/, '')}/document`;
    this.where = `etcd ${this.key}`;
  }

  private async client(): Promise<Etcd3> {
    if (!this.connection) {
      const { Etcd3 } = await (etcd3Module ??= import('etcd3'));
      this.connection ??= new Etcd3(clientOptions(this.config, this.options.callTimeoutMs ?? 2000));
    }
    return this.connection;
  }

  private done(): void {
    if (!this.options.oneShot) return;
    this.connection?.close();
    this.connection = null;
  }

  private async readWithRevision(): Promise<{ text: string | null; modRevision: string; revision: bigint }> {
    const res = await (await this.client()).get(this.key).exec();
    const kv = res.kvs[0];
    return { text: kv ? kv.value.toString('utf8') : null, modRevision: kv ? kv.mod_revision : '0', revision: BigInt(res.header.revision) };
  }

  async read(): Promise<string | null> {
    try {
      return (await this.readWithRevision()).text;
    } catch (e) {
      throw unavailable(this.where, e);
    } finally {
      this.done();
    }
  }

  async update<T>(change: (text: string | null) => Promise<DocumentChange<T>>): Promise<T> {
    try {
      return await this.updateOnce(change);
    } finally {
      this.done();
    }
  }

  private async updateOnce<T>(change: (text: string | null) => Promise<DocumentChange<T>>): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let seen: { text: string | null; modRevision: string };
      try {
        seen = await this.readWithRevision();
      } catch (e) {
        throw unavailable(this.where, e);
      }
      const next = await change(seen.text);
      if (next.text === null || next.text === seen.text) return next.result;
      let ok: boolean;
      try {
        const client = await this.client();
        const txn = await client.if(this.key, 'Mod', '==', seen.modRevision).then(client.put(this.key).value(next.text)).commit();
        ok = txn.succeeded;
      } catch (e) {
        throw unavailable(this.where, e);
      }
      if (ok) return next.result;
    }
    throw new GatewayError('SW_ERR_STORE_CONFLICT', `${this.where}: ${MAX_ATTEMPTS} attempts`);
  }

  async watch(handlers: DocumentWatch): Promise<void> {
    const deliver = (text: string | null, revision: bigint) => {
      if (revision <= this.lastRevision) return;
      this.lastRevision = revision;
      handlers.onText(text);
    };
    const setHealth = (healthy: boolean, error?: GatewayError) => {
      if (this.healthy === healthy) return;
      this.healthy = healthy;
      handlers.onHealth(healthy, error);
    };
    const poll = async () => {
      try {
        const r = await this.readWithRevision();
        setHealth(true);
        deliver(r.text, r.modRevision === '0' ? r.revision : BigInt(r.modRevision));
      } catch (e) {
        if (!this.closed) setHealth(false, unavailable(this.where, e));
      }
    };
    this.watcher = await (
      await this.client()
    )
      .watch()
      .key(this.key)
      .create()
      .catch(() => null);
    this.watcher?.on('put', (kv) => deliver(kv.value.toString('utf8'), BigInt(kv.mod_revision)));
    this.watcher?.on('delete', (kv) => deliver(null, BigInt(kv.mod_revision)));
    this.watcher?.on('error', () => undefined); // the poll reports reachability
    await poll();
    const every = this.options.pollMs ?? 500;
    const loop = () => {
      if (this.closed) return;
      this.poller = setTimeout(() => void poll().finally(loop), every);
      this.poller.unref();
    };
    loop();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poller) clearTimeout(this.poller);
    await this.watcher?.cancel().catch(() => undefined);
    this.connection?.close();
    this.connection = null;
  }
}
