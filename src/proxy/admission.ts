/**
 * Connection admission for one listener: every accepted socket counts from accept until it
 * closes, TLS handshakes and the first-bytes sniff included, so a flood of handshakes that never
 * finish cannot slip past limits.maxConnections. An optional per-client-address limit
 * (limits.maxConnectionsPerAddress, 0 = off) keeps one address from taking every slot.
 */
import type net from 'node:net';
import { GatewayError } from '../errors.js';

export interface AdmissionLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
}

export class ConnectionAdmission {
  #open = 0;
  readonly #byAddress = new Map<string, number>();

  constructor(private readonly limits: AdmissionLimits) {}

  /** Sockets admitted and not yet closed (handshakes in progress included). */
  get open(): number {
    return this.#open;
  }

  /** Null when the socket is admitted (and counted until it closes); else why it is refused. */
  admit(socket: net.Socket): GatewayError | null {
    const address = socket.remoteAddress ?? '';
    if (this.#open >= this.limits.maxConnections) return new GatewayError('SW_ERR_MAX_CONNECTIONS', `limit ${this.limits.maxConnections}`);
    const perAddress = this.limits.maxConnectionsPerAddress;
    const mine = this.#byAddress.get(address) ?? 0;
    if (perAddress > 0 && mine >= perAddress) return new GatewayError('SW_ERR_MAX_CONNECTIONS_PER_ADDRESS', `${address} has ${mine} (limit ${perAddress})`);
    this.#open++;
    this.#byAddress.set(address, mine + 1);
    socket.once('close', () => {
      this.#open--;
      const left = (this.#byAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.#byAddress.delete(address);
      else this.#byAddress.set(address, left);
    });
    return null;
  }
}
