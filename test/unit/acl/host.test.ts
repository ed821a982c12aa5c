import t from 'tap';
import { javaHostAddress } from '../../../src/acl/host.js';

t.test('Node addresses in Java getHostAddress form', async (t) => {
  t.equal(javaHostAddress('10.0.0.1'), '10.0.0.1');
  t.equal(javaHostAddress('::1'), '0:0:0:0:0:0:0:1');
  t.equal(javaHostAddress('::'), '0:0:0:0:0:0:0:0');
  t.equal(javaHostAddress('::ffff:10.0.0.1'), '10.0.0.1', 'IPv4-mapped becomes IPv4');
  t.equal(javaHostAddress('::FFFF:a00:1'), '10.0.0.1');
  t.equal(javaHostAddress('2001:DB8::0001'), '2001:db8:0:0:0:0:0:1');
  t.equal(javaHostAddress('fe80::1%eth0'), 'fe80:0:0:0:0:0:0:1%eth0');
  t.equal(javaHostAddress('1:2:3:4:5:6:7:8'), '1:2:3:4:5:6:7:8');
  t.equal(javaHostAddress('64:ff9b::192.0.2.33'), '64:ff9b:0:0:0:0:c000:221');
  t.equal(javaHostAddress('not-an-ip'), 'not-an-ip');
});
