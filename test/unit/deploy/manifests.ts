/**
 * Reading the Kubernetes manifests of deploy/kubernetes/ for tests: every document of every
 * file, the streamward containers of each workload, the gateway config each one carries (from
 * the ConfigMap mounted where its `-c` argument points), and where a file path of that config
 * comes from (which volume, which key).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../../src/config/parse.js';
import type { Config } from '../../../src/config/types.js';
import { planSlots } from '../../../src/config/node-port-map.js';

export const DEPLOY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../deploy/kubernetes');

/** A manifest document: untyped YAML that tests walk freely (any is deliberate here). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped YAML, walked freely by the tests
export type Doc = Record<string, any>;

export interface Manifest {
  file: string;
  docs: Doc[];
}

export function loadManifests(): Manifest[] {
  return fs
    .readdirSync(DEPLOY_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const parsed = parseAllDocuments(fs.readFileSync(path.join(DEPLOY_DIR, file), 'utf8'));
      const docs = parsed
        .map((d) => {
          if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0].message}`);
          return d.toJSON() as Doc;
        })
        .filter((d) => d !== null);
      return { file, docs };
    });
}

export const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export interface StreamwardContainer {
  workload: Doc;
  pod: Doc;
  container: Doc;
  configPath: string;
  config: Config;
}

export function find(docs: Doc[], kind: string, name: string): Doc | undefined {
  return docs.find((d) => d.kind === kind && d.metadata?.name === name);
}

/** The volume mounted at exactly `dir` in `container`, with its mount. */
export function volumeAt(pod: Doc, container: Doc, dir: string): { mount: Doc; volume: Doc } | undefined {
  const mount = (container.volumeMounts ?? []).find((m: Doc) => m.mountPath === dir);
  if (!mount) return undefined;
  const volume = (pod.volumes ?? []).find((v: Doc) => v.name === mount.name);
  return volume ? { mount, volume } : undefined;
}

/** The keys a volume offers: ConfigMap/Secret data in these manifests, or a cert-manager Secret's. */
export function volumeKeys(volume: Doc, docs: Doc[]): string[] | undefined {
  if (volume.configMap) {
    const cm = find(docs, 'ConfigMap', volume.configMap.name);
    return cm ? Object.keys(cm.data ?? {}) : undefined;
  }
  if (volume.secret) {
    const s = find(docs, 'Secret', volume.secret.secretName);
    if (s) return [...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})];
    const cert = docs.find((d) => d.kind === 'Certificate' && d.spec?.secretName === volume.secret.secretName);
    return cert ? ['tls.crt', 'tls.key', 'ca.crt'] : undefined;
  }
  return undefined;
}

export function streamwardContainers(docs: Doc[]): StreamwardContainer[] {
  const out: StreamwardContainer[] = [];
  for (const workload of docs.filter((d) => WORKLOADS.has(d.kind))) {
    const pod = workload.spec.template.spec;
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      if (!String(container.image).includes('streamward')) continue;
      const args: string[] = container.args ?? [];
      const configPath = args[args.indexOf('-c') + 1];
      const at = volumeAt(pod, container, path.dirname(configPath));
      const cm = at?.volume.configMap ? find(docs, 'ConfigMap', at.volume.configMap.name) : undefined;
      const text = cm?.data?.[path.basename(configPath)];
      if (typeof text !== 'string') throw new Error(`${workload.metadata.name}/${container.name}: no ConfigMap carries ${configPath}`);
      out.push({ workload, pod, container, configPath, config: parseConfig(text, configPath, { checkFiles: false, env: {} }) });
    }
  }
  return out;
}

/** Every file a config names, with the field it comes from. */
export function configFiles(c: Config): Array<{ field: string; file: string }> {
  const out: Array<{ field: string; file: string }> = [];
  const add = (field: string, file: string | null | undefined) => {
    if (file) out.push({ field, file });
  };
  for (const l of c.listeners) {
    if (l.mode === 'gateway' && l.tls) {
      add(`${l.name}.tls.cert`, l.tls.cert);
      add(`${l.name}.tls.key`, l.tls.key);
      add(`${l.name}.tls.clientCa`, l.tls.clientCa);
    }
    if (l.mode === 'client-sidecar') {
      add(`${l.name}.upstream.tls.ca`, l.upstream.tls.ca);
      add(`${l.name}.upstream.tls.cert`, l.upstream.tls.cert);
      add(`${l.name}.upstream.tls.key`, l.upstream.tls.key);
    }
  }
  for (const cl of Object.values(c.clusters))
    if (cl.tls) {
      add(`${cl.name}.tls.ca`, cl.tls.ca);
      add(`${cl.name}.tls.cert`, cl.tls.cert);
      add(`${cl.name}.tls.key`, cl.tls.key);
    }
  add('credentials', c.credentials);
  add('acls.store', c.acls.store);
  if (c.audit.file !== 'stdout') add('audit.file', c.audit.file);
  return out;
}

/** The ports a listener serves: its bind port and every node port. */
export function listenerPorts(l: Config['listeners'][number]): number[] {
  const ports = [l.bind.port];
  if (l.nodePorts?.kind === 'ids') for (const s of planSlots(l.nodePorts)) ports.push(s.port);
  return ports;
}

/** A container port by number or name. */
export function resolvePort(container: Doc, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return (container.ports ?? []).find((p: Doc) => p.name === port)?.containerPort;
}
