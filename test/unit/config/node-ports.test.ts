// nodePorts config: the deterministic map's defaults per protocol, its checks, and the old range
// form refused with the map to write instead (file:line: field in every message).
import t from 'tap';
import { parse, problemsOf } from './fixture.js';

const HEAD = 'clusters:\n  k: { protocol: kafka, bootstrap: ["b:9092"] }\n  f: { protocol: fluss, bootstrap: ["c:9123"] }\nlisteners:\n';
const l = (cluster: string, nodePorts: string): string => `  - { name: a, cluster: ${cluster}, bind: "127.0.0.1:9000", nodePorts: ${nodePorts} }\n`;

t.test('defaults: kafka brokers then controllers; fluss coordinator then tablets', async (t) => {
  t.same(parse(HEAD + l('k', '{ base: 9100, maxId: 9 }')).listeners[0]!.nodePorts, { kind: 'ids', base: 9100, minId: 0, maxId: 9, offsets: { broker: 0, controller: 10 }, overrides: {} });
  t.same(parse(HEAD + l('f', '{ base: 9100 }')).listeners[0]!.nodePorts, { kind: 'ids', base: 9100, minId: 0, maxId: 31, offsets: { coordinator: 0, tablet: 1 }, overrides: {} });
  t.same(parse(HEAD + l('k', '{ base: 9100, minId: 1001 }')).listeners[0]!.nodePorts, { kind: 'ids', base: 9100, minId: 1001, maxId: 1032, offsets: { broker: 0, controller: 32 }, overrides: {} });
});

t.test('the old range form is refused with the deterministic form in the message', async (t) => {
  t.same(problemsOf(HEAD + l('k', '9094-9099')), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts: the range form hands out ports in the order nodes are discovered, so replicas and restarts disagree about which port is which node; write nodePorts: { base: 9094, maxId: 2 } (broker N gets 9094+N, controller N gets 9097+N; add overrides: { "broker:1001": <port> } for ids beyond maxId)',
  ]);
  t.same(problemsOf(HEAD + l('f', '9124-9129')), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts: the range form hands out ports in the order nodes are discovered, so replicas and restarts disagree about which port is which node; write nodePorts: { base: 9124, maxId: 4 } (the coordinator gets 9124, tablet server N gets 9125+N; add overrides: { "tablet:1001": <port> } for ids beyond maxId)',
  ]);
});

t.test('map checks', async (t) => {
  t.same(problemsOf(HEAD + l('k', '{ base: 9100, minId: 5, maxId: 2 }')), ['/cfg/gw.yaml:5: listeners[0].nodePorts.maxId: 2 is below minId 5']);
  t.same(problemsOf(HEAD + l('k', '{ base: 9100, offsets: { broker: 0, tablet: 40 } }')), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts.offsets.tablet: kafka clusters have no tablet nodes (kinds: broker, controller)',
  ]);
  t.same(problemsOf(HEAD + l('f', '{ base: 9100, overrides: { "broker:1": 9300 } }')), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts.overrides.broker:1: fluss clusters have no broker nodes (kinds: coordinator, tablet)',
  ]);
  t.same(problemsOf(HEAD + l('k', '{ base: 9100, maxId: 9, offsets: { broker: 0, controller: 5 } }')), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts.offsets: controller:0 and broker:5 would both get port 9105; give each kind its own run of ports',
  ]);
  t.same(problemsOf(HEAD + l('k', '{ base: 9100, maxId: 9, overrides: { "broker:42": 9103 } }')), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts.overrides.broker:42: broker:42 and broker:3 would both get port 9103; give each kind its own run of ports',
  ]);
  t.same(problemsOf(HEAD + l('k', '{ base: 65530, maxId: 9 }')), ['/cfg/gw.yaml:5: listeners[0].nodePorts: broker:6 would get port 65536, above 65535; lower base or maxId']);
  t.same(problemsOf(HEAD + l('k', '{ base: 1000, maxId: 100000 }')), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts.maxId: ids 0-100000 make about 200003 ports (at most 4096 per listener); narrow minId-maxId and use overrides for outliers',
  ]);
  t.same(problemsOf(HEAD + l('k', '{ base: 9100, overrides: { "brokr:1": 9300 } }')), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts.overrides: "brokr:1" is not a node such as broker:7, controller:1, tablet:3 or coordinator',
  ]);
});

t.test('sni: needs tls and $(nodeId); replaces nodePorts', async (t) => {
  const sni = (cluster: string, extra: string) => `${HEAD}  - { name: a, cluster: ${cluster}, bind: "127.0.0.1:9000", ${extra} }\n`;
  const tlsPart = 'tls: { cert: /x.pem, key: /x.key }';
  const c = parse(sni('k', `${tlsPart}, sni: { bootstrap: kafka.example.com, node: "broker-$(nodeId).kafka.example.com" }`));
  const l = c.listeners[0]!;
  t.same(l.mode === 'gateway' && l.sni, { bootstrap: 'kafka.example.com', node: 'broker-$(nodeId).kafka.example.com' });
  t.equal(l.nodePorts, null);
  t.same(problemsOf(sni('k', 'sni: { bootstrap: k.example.com, node: "b-$(nodeId).example.com" }')), [
    '/cfg/gw.yaml:5: listeners[0].sni: needs a tls section: the node is chosen from the TLS host name',
  ]);
  t.same(problemsOf(sni('k', `${tlsPart}, sni: { bootstrap: k.example.com, node: "b.example.com" }`)), [
    '/cfg/gw.yaml:5: listeners[0].sni.node: must contain $(nodeId), e.g. broker-$(nodeId).kafka.example.com',
  ]);
  t.same(problemsOf(sni('f', `${tlsPart}, sni: { bootstrap: f.example.com, node: "t-$(nodeId).example.com" }`)), [
    '/cfg/gw.yaml:5: listeners[0].sni.node: must contain $(kind) for fluss (coordinator and tablet servers), e.g. $(kind)-$(nodeId).fluss.example.com',
  ]);
  t.same(problemsOf(sni('k', `${tlsPart}, nodePorts: auto, sni: { bootstrap: k.example.com, node: "b-$(nodeId).example.com" }`)), [
    '/cfg/gw.yaml:5: listeners[0].nodePorts: is not used with sni (every node is served on the bind port); remove it',
  ]);
});
