// Every manifest in deploy/kubernetes/ parses; each streamward container's config (from its
// ConfigMap) is valid; every file it names comes from a mounted volume that has that key (no
// subPath, so Kubernetes updates reach the gateway); every listener and node port is a container
// port and exposed by the pod's Service; probes hit the admin server on a reachable bind; the
// drain fits in the grace period; the client sidecar and its edge agree on address and TLS.
import path from 'node:path';
import t from 'tap';
import { parseDuration } from '../../../src/config/units.js';
import { parseCredentials } from '../../../src/sasl/credentials-model.js';
import { parseAclStore } from '../../../src/acl/store-schema.js';
import { configFiles, listenerPorts, loadManifests, resolvePort, streamwardContainers, volumeAt, volumeKeys, WORKLOADS, type Doc } from './manifests.js';

const manifests = loadManifests();
const all = manifests.flatMap((m) => m.docs);

t.test('every document parses and names itself', async (t) => {
  t.same(
    manifests.map((m) => m.file),
    ['certificates.yaml', 'client-sidecar.yaml', 'edge-gateway-etcd.yaml', 'edge-gateway.yaml', 'server-sidecar.yaml'],
  );
  for (const d of all) t.ok(d.apiVersion && d.kind && d.metadata?.name, `${d.kind}/${d.metadata?.name}`);
  t.ok(
    all.some((d) => d.kind === 'Certificate' && d.apiVersion === 'cert-manager.io/v1'),
    'a cert-manager Certificate',
  );
});

for (const { file, docs } of manifests) {
  const containers = streamwardContainers(docs);
  for (const sw of containers) {
    const name = `${file}: ${sw.workload.metadata.name}/${sw.container.name}`;
    t.test(name, async (t) => {
      const { pod, container, config } = sw;
      t.ok(config.listeners.length > 0, 'its config parses');

      t.test('files come from mounted volumes that hold them', async (t) => {
        for (const mount of container.volumeMounts ?? []) t.notOk(mount.subPath, `${mount.mountPath}: no subPath (updates would not arrive)`);
        for (const { field, file: f } of configFiles(config)) {
          const at = volumeAt(pod, container, path.dirname(f));
          if (!t.ok(at, `${field}: ${path.dirname(f)} is a volume mount`)) continue;
          const keys = volumeKeys(at!.volume, all);
          t.ok(keys?.includes(path.basename(f)), `${field}: volume ${at!.volume.name} has key ${path.basename(f)} (has ${keys})`);
        }
      });

      t.test('ports and probes', async (t) => {
        const containerPorts = new Set((container.ports ?? []).map((p: Doc) => p.containerPort));
        for (const l of config.listeners) {
          if (l.bind.host === '127.0.0.1') continue; // localhost only: reached from inside the pod
          for (const p of listenerPorts(l)) t.ok(containerPorts.has(p), `${l.name}: port ${p} is a container port`);
        }
        const admin = config.admin.bind;
        t.ok(containerPorts.has(admin.port), `admin port ${admin.port} is a container port`);
        t.not(admin.host, '127.0.0.1', 'admin bound where kubelet probes can reach it');
        const probes: Array<[string, string]> = [
          ['readinessProbe', '/readyz'],
          ['livenessProbe', '/healthz'],
          ['startupProbe', '/readyz'],
        ];
        t.ok(container.readinessProbe && container.livenessProbe, 'readiness and liveness probes');
        for (const [probe, wanted] of probes) {
          if (!container[probe]) continue;
          t.equal(container[probe].httpGet.path, wanted, `${probe} path`);
          t.equal(resolvePort(container, container[probe].httpGet.port), admin.port, `${probe} hits the admin port`);
        }
      });

      t.test('runs as non-root, drains within the grace period', async (t) => {
        const nonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        t.equal(nonRoot, true, 'runAsNonRoot');
        t.not(container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser, 0);
        const args: string[] = container.args;
        const drain = parseDuration(args[args.indexOf('--drain-timeout') + 1] ?? '30s')!;
        t.ok((pod.terminationGracePeriodSeconds ?? 30) * 1000 > drain, `grace ${pod.terminationGracePeriodSeconds}s > drain ${drain}ms`);
      });

      const services = docs.filter((d) => d.kind === 'Service' && Object.entries(d.spec.selector ?? {}).every(([k, v]) => sw.workload.spec.template.metadata.labels[k] === v));
      const external = config.listeners.filter((l) => l.bind.host !== '127.0.0.1');
      if (external.length > 0) {
        t.test('the Service exposes every listener and node port, not the admin port', async (t) => {
          t.ok(services.length > 0, 'a Service selects the pod');
          const exposed = new Set(services.flatMap((s) => s.spec.ports.map((p: Doc) => resolvePort(container, p.targetPort ?? p.port))));
          for (const l of external) for (const p of listenerPorts(l)) t.ok(exposed.has(p), `${l.name}: ${p} exposed`);
          t.notOk(exposed.has(config.admin.bind.port), 'admin stays off the Service');
          for (const s of services) for (const p of s.spec.ports) t.equal(resolvePort(container, p.targetPort), p.port, `${s.metadata.name}: ${p.name} keeps its number`);
        });
      }
    });
  }
}

t.test('data files the manifests carry are valid', async (t) => {
  const users = all.filter((d) => d.kind === 'Secret' && d.stringData?.['users.yaml']);
  t.ok(users.length > 0);
  for (const s of users) t.doesNotThrow(() => parseCredentials(s.stringData['users.yaml']), `${s.metadata.name}: credentials file`);
  const acls = all.filter((d) => d.kind === 'ConfigMap' && d.data?.['acls.yaml']);
  t.ok(acls.length >= 2);
  for (const c of acls) t.ok(parseAclStore(c.data['acls.yaml'], c.metadata.name).length > 0, `${c.metadata.name}: ACL store`);
});

t.test('the client sidecar and the edge agree', async (t) => {
  const sidecars = manifests.flatMap((m) => streamwardContainers(m.docs)).flatMap((s) => s.config.listeners.filter((l) => l.mode === 'client-sidecar').map((l) => ({ s, l })));
  const edges = streamwardContainers(manifests.find((m) => m.file === 'edge-gateway.yaml')!.docs);
  t.ok(sidecars.length > 0 && edges.length === 1);
  const edge = edges[0].config;
  for (const { s, l } of sidecars) {
    if (l.mode !== 'client-sidecar') continue;
    t.equal(l.bind.host, '127.0.0.1', 'the sidecar listens on localhost only');
    t.equal(s.container.restartPolicy, 'Always', 'a native sidecar (starts before, stops after the app)');
    const target = edge.listeners.find((e) => e.mode === 'gateway' && e.advertise === l.upstream.address.host && e.bind.port === l.upstream.address.port);
    if (!t.ok(target, `${l.upstream.address.host}:${l.upstream.address.port} is an edge listener`) || target?.mode !== 'gateway') continue;
    t.equal(target.protocol, l.protocol, 'same protocol');
    t.equal(target.tls?.clientAuth, 'required', 'the edge requires the client certificate');
    t.ok(target.authentication.includes('mtls'), 'and takes the principal from it');
    const app = s.pod.containers.find((c: Doc) => !String(c.image).includes('streamward'));
    t.ok(
      (app.env ?? []).some((e: Doc) => e.value === `127.0.0.1:${l.bind.port}`),
      'the application bootstraps from the sidecar',
    );
    const certSecret = volumeAt(s.pod, s.container, path.dirname(l.upstream.tls.cert!))!.volume.secret.secretName;
    const cert = all.find((d) => d.kind === 'Certificate' && d.spec.secretName === certSecret);
    t.ok(cert?.spec.usages.includes('client auth'), 'the sidecar certificate is a client certificate');
  }
  const edgeSecret = volumeAt(edges[0].pod, edges[0].container, '/etc/streamward/tls')!.volume.secret.secretName;
  const serverCert = all.find((d) => d.kind === 'Certificate' && d.spec.secretName === edgeSecret);
  for (const l of edge.listeners) if (l.mode === 'gateway' && l.tls) t.ok(serverCert?.spec.dnsNames.includes(l.advertise), `${l.advertise} is in the edge certificate`);
});

t.test('workloads only', async (t) => {
  for (const d of all.filter((x) => WORKLOADS.has(x.kind))) t.ok(d.spec.template.metadata.labels, `${d.metadata.name} labels its pods`);
});
