// Config keys of HTTP listeners and clusters for browser safety and answer filtering:
// listeners[].allowedOrigins (normalised web origins) and clusters.<http>.configValues.
import t from 'tap';
import { parseConfig } from '../../../src/config/parse.js';
import { formatConfig } from '../../../src/config/print.js';

const base = (cluster: string, listener: string) => `
clusters:
  flink: { protocol: http, url: "http://127.0.0.1:8081"${cluster} }
  kafka: { protocol: kafka, bootstrap: ["127.0.0.1:9092"] }
listeners:
${listener}
`;
const parse = (text: string) => parseConfig(text, 'gw.yaml', { checkFiles: false });

t.test('allowedOrigins: normalised, printed back, default empty', async (t) => {
  const c = parse(base('', `  - { name: ui, cluster: flink, bind: 127.0.0.1:0, allowedOrigins: ["https://Flink.Example.com:443", "http://ui.example:8080"] }`));
  const l = c.listeners[0];
  if (l.mode !== 'gateway') throw new Error('gateway listener expected');
  t.same(l.allowedOrigins, ['https://flink.example.com', 'http://ui.example:8080']);
  const again = parse(formatConfig(c)).listeners[0];
  t.same(again.mode === 'gateway' ? again.allowedOrigins : null, l.allowedOrigins, 'round-trips');
  const d = parse(base('', `  - { name: ui, cluster: flink, bind: 127.0.0.1:0 }`)).listeners[0];
  t.same(d.mode === 'gateway' ? d.allowedOrigins : null, []);
});

t.test('allowedOrigins: a path, a non-web scheme or a kafka listener is an error', async (t) => {
  t.throws(() => parse(base('', `  - { name: ui, cluster: flink, bind: 127.0.0.1:0, allowedOrigins: ["https://a.example/ui"] }`)), /allowedOrigins/);
  t.throws(() => parse(base('', `  - { name: ui, cluster: flink, bind: 127.0.0.1:0, allowedOrigins: ["file://x"] }`)), /allowedOrigins/);
  t.throws(() => parse(base('', `  - { name: k, cluster: kafka, bind: 127.0.0.1:0, nodePorts: auto, allowedOrigins: ["https://a.example"] }`)), /allowedOrigins/);
});

t.test('configValues on an http cluster: default rewrite, other values kept, unknown refused', async (t) => {
  const d = parse(base('', `  - { name: ui, cluster: flink, bind: 127.0.0.1:0 }`)).clusters.flink;
  t.equal(d.protocol === 'http' ? d.configValues : null, 'rewrite');
  const c = parse(base(', configValues: redact', `  - { name: ui, cluster: flink, bind: 127.0.0.1:0 }`));
  const r = c.clusters.flink;
  t.equal(r.protocol === 'http' ? r.configValues : null, 'redact');
  const again = parse(formatConfig(c)).clusters.flink;
  t.equal(again.protocol === 'http' ? again.configValues : null, 'redact', 'round-trips');
  t.throws(() => parse(base(', configValues: hide', `  - { name: ui, cluster: flink, bind: 127.0.0.1:0 }`)), /configValues/);
});
