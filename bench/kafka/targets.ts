/**
 * The four things the Kafka benchmark measures, each started fresh around its own backend:
 *   direct        the load tool talks to the mock broker itself (plaintext)
 *   gateway-plain streamward, plaintext listener
 *   gateway-tls   streamward, TLS listener
 *   haproxy-tls   haproxy terminating TLS in TCP mode (protocol-unaware baseline)
 */
import { startBackend } from './backend.js';
import type { BenchEnv } from '../common/env.js';
import { startGatewayProcess, type GatewayShape } from '../common/gateway-target.js';
import { haproxyPorts, startHaproxy } from './haproxy.js';

export type TargetId = 'direct' | 'gateway-plain' | 'gateway-tls' | 'haproxy-tls';

export const TARGET_IDS: TargetId[] = ['direct', 'gateway-plain', 'gateway-tls', 'haproxy-tls'];

export const TARGET_LABELS: Record<TargetId, string> = {
  direct: 'direct to the mock broker (plaintext)',
  'gateway-plain': 'streamward, plaintext listener',
  'gateway-tls': 'streamward, TLS listener',
  'haproxy-tls': 'haproxy TCP mode, TLS termination',
};

export interface RunningTarget {
  bootstrap: string;
  tls: boolean;
  /** More load tool arguments (e.g. `-X sasl.username=...`); never printed in error messages. */
  clientArgs?: string[];
  /** The proxy process between load tool and backend (none for direct). */
  proxyPid: number | null;
  /** The backend (mock broker) process. */
  backendPid?: number | null;
  /** Stops the proxy (if any) and the backend. */
  stop(): Promise<void>;
}

/** Room for many clients (many-connections suite): the gateway's `limits` and haproxy's maxconn. */
export interface TargetCapacity {
  gatewayLimits: Record<string, number>;
  haproxyMaxconn: number;
}

export async function startTarget(env: BenchEnv, id: TargetId, profileFile?: string, capacity?: TargetCapacity): Promise<RunningTarget> {
  if (id === 'haproxy-tls') {
    const ports = await haproxyPorts(env.workload.brokers);
    const backend = await startBackend(
      env,
      ports.map((p) => `127.0.0.1:${p}`),
    );
    const haproxy = await startHaproxy(env, backend, ports, capacity?.haproxyMaxconn).catch(async (e: unknown) => {
      await backend.child.stop();
      throw e;
    });
    return {
      bootstrap: `127.0.0.1:${ports[0]}`,
      tls: true,
      proxyPid: haproxy.proc.pid ?? null,
      backendPid: backend.child.proc.pid ?? null,
      stop: async () => {
        await haproxy.stop();
        await backend.child.stop();
      },
    };
  }
  const backend = await startBackend(env);
  const backendPid = backend.child.proc.pid ?? null;
  if (id === 'direct') return { bootstrap: backend.bootstrap, tls: false, proxyPid: null, backendPid, stop: () => backend.child.stop() };
  const tls = id === 'gateway-tls';
  const shape: GatewayShape = {
    name: tls ? 'tls' : 'plain',
    backend: { protocol: 'kafka', bootstrap: backend.bootstrap.split(',') },
    tls,
    auth: { kind: 'none' },
    allowIfNoAcl: true,
    limits: capacity?.gatewayLimits,
  };
  const gateway = await startGatewayProcess(env, shape, profileFile).catch(async (e: unknown) => {
    await backend.child.stop();
    throw e;
  });
  return {
    bootstrap: `127.0.0.1:${gateway.port}`,
    tls,
    proxyPid: gateway.child.proc.pid ?? null,
    backendPid,
    stop: async () => {
      await gateway.child.stop();
      await backend.child.stop();
    },
  };
}
