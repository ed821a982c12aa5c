/**
 * Helpers for operations tests: a gateway started from a real config file (as `streamward run`
 * does, minus signals) with its log kept in memory, Prometheus text read from the admin server,
 * and small file utilities.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/parse.js';
import { createMemoryLogger } from '../../../src/log.js';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../../src/gateway.js';

export interface OpsGateway {
  gw: RunningGateway;
  lines: Array<Record<string, unknown>>;
  configFile: string;
  /** `http://127.0.0.1:<admin port>` */
  admin: string;
  port(listener: string): number;
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

export function tempDir(prefix = 'sw-ops-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `config.yaml` (and nothing else) into `dir` and starts the gateway on it. */
export async function startOpsGateway(dir: string, configText: string, opts: GatewayOptions = {}): Promise<OpsGateway> {
  const configFile = path.join(dir, 'config.yaml');
  fs.writeFileSync(configFile, configText);
  const config = await loadConfig(configFile, { env: {} });
  const { log, lines } = createMemoryLogger('debug');
  const gw = await startGateway(config, { log, reload: { debounceMs: 50 }, probe: { intervalMs: 200, timeoutMs: 500 }, ...opts });
  const admin = `http://127.0.0.1:${gw.admin?.port ?? 0}`;
  return {
    gw,
    lines,
    configFile,
    admin,
    port: (name) => gw.listeners.get(name)!.boundPort,
    scrape: async () => (await fetch(`${admin}/metrics`)).text(),
    stop: () => gw.close(),
  };
}

/** Escapes a label value the way the Prometheus text format does. */
const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The value of one sample in Prometheus text (labels must match exactly the given subset), or 0. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${esc(v)}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
    found = true;
  }
  return found ? total : 0;
}

export async function waitFor(pred: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Audit records from a JSON-lines file (empty when the file does not exist yet). */
export function auditRecords(file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
