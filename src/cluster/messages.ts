/**
 * The IPC messages between the primary and its workers in `workers: N` mode. Everything crossing
 * the channel is checked with isClusterMessage before use (a worker is our own code, but a
 * malformed message must never crash the primary).
 *
 *   primary → worker: request (metrics | readiness, answered by reply), reload, drain, close,
 *                     node (a node endpoint assigned for every worker)
 *   worker → primary: ready (gateway started), reply, claim (which port for this node?)
 */
import type { BackendNode } from '../proxy/protocol.js';

export type ToWorker =
  | { sw: 'request'; id: number; what: 'metrics' | 'readiness' }
  | { sw: 'reload' }
  | { sw: 'drain'; timeoutMs: number }
  | { sw: 'close' }
  | { sw: 'node'; listener: string; node: BackendNode; port: number };

export type ToPrimary = { sw: 'ready' } | { sw: 'reply'; id: number; body: unknown } | { sw: 'claim'; id: number; listener: string; node: BackendNode };

export type ClaimAnswer = { sw: 'claimed'; id: number; port: number } | { sw: 'claimed'; id: number; error: string };

const KINDS = new Set(['request', 'reload', 'drain', 'close', 'node', 'ready', 'reply', 'claim', 'claimed']);

export function isClusterMessage(m: unknown): m is { sw: string } & Record<string, unknown> {
  return typeof m === 'object' && m !== null && KINDS.has((m as { sw?: unknown }).sw as string);
}

export function isNode(n: unknown): n is BackendNode {
  const v = n as BackendNode | null;
  return typeof v === 'object' && v !== null && typeof v.key === 'string' && typeof v.host === 'string' && Number.isInteger(v.port);
}
