/** Port overlap: bind ports, node-port ranges and the admin port on the same or wildcard hosts. */
import t from 'tap';
import { parse, problemsOf } from './fixture.js';

const HEAD = 'clusters:\n  k: { protocol: kafka, bootstrap: ["b:9092"] }\nlisteners:\n';
const l = (name: string, bind: string, nodePorts: string): string => `  - { name: ${name}, cluster: k, bind: "${bind}", nodePorts: ${nodePorts} }\n`;

t.test('overlapping node-port maps on the same host clash', async (t) => {
  // kafka, maxId 3: brokers base..base+3, controllers base+4..base+7
  t.same(problemsOf(HEAD + l('a', '0.0.0.0:9092', '{ base: 9093, maxId: 3 }') + l('b', '10.0.0.1:9200', '{ base: 9100, maxId: 4 }')), [
    '/cfg/gw.yaml:5: listeners[1].nodePorts: ports 9100-9109 clash with listeners[0].nodePorts (ports 9093-9100 on 0.0.0.0)',
  ]);
  t.same(problemsOf(HEAD + l('a', '127.0.0.1:9095', '{ base: 9093, maxId: 3 }')), ['/cfg/gw.yaml:4: listeners[0].nodePorts: ports 9093-9100 clash with listeners[0].bind (port 9095)']);
  t.same(
    problemsOf(HEAD + l('a', '127.0.0.1:9092', '{ base: 9093, maxId: 1, overrides: { "broker:7": 9200 } }') + l('b', '127.0.0.1:9200', 'auto')),
    ['/cfg/gw.yaml:5: listeners[1].bind: port 9200 clashes with listeners[0].nodePorts (port 9200)'],
    'an override claims its port',
  );
  t.same(problemsOf(`${HEAD}${l('a', '127.0.0.1:9404', 'auto')}admin: { bind: "0.0.0.0:9404" }\n`), ['/cfg/gw.yaml:4: listeners[0].bind: port 9404 clashes with admin.bind (port 9404 on 0.0.0.0)']);
});

t.test('different specific hosts, port 0 and auto ranges do not clash', async (t) => {
  const c = parse(HEAD + l('a', '10.0.0.1:9092', '{ base: 9093 }') + l('b', '10.0.0.2:9092', '{ base: 9093 }') + l('c', '0.0.0.0:0', 'auto') + l('d', '0.0.0.0:0', 'auto'));
  t.equal(c.listeners.length, 4);
  t.same(c.listeners[2]!.bind, { host: '0.0.0.0', port: 0 });
});
