// clusters.<name>.sasl, the gateway's login to a backend with SASL: defaults, paths, the checks
// per identity mode and protocol, and the password never printed.
import t from 'tap';
import { parse, problemsOf } from './fixture.js';
import { formatConfig } from '../../../src/config/print.js';
import type { StreamCluster } from '../../../src/config/types.js';

const config = (sasl: string, protocol = 'kafka') => `clusters:
  k:
    protocol: ${protocol}
    bootstrap: [backend-0:9092]
    sasl: ${sasl}
listeners:
  - { name: l, cluster: k, bind: 127.0.0.1:0, nodePorts: auto }
`;

t.test('normalized: defaults PLAIN and service, paths absolute against the config folder', async (t) => {
  const c = parse(config('{ username: svc, passwordFile: secrets/pw }'));
  t.same((c.clusters.k as StreamCluster).sasl, { mechanism: 'PLAIN', identity: 'service', username: 'svc', password: null, passwordFile: '/cfg/secrets/pw', mapping: null });
  const m = parse(config('{ mechanism: SCRAM-SHA-512, identity: mapped, mapping: ids.yaml }'));
  t.same((m.clusters.k as StreamCluster).sasl?.mapping, '/cfg/ids.yaml');
  t.match(m.meta.warnings.join('\n'), /identity mapped without a service username/);
  t.equal((parse(config('{ username: a, password: "${P}" }'), { checkFiles: false, env: { P: 'x' } }).clusters.k as StreamCluster).sasl?.password, 'x');
});

t.test('refused combinations', async (t) => {
  t.match(problemsOf(config('{ mechanism: SCRAM-SHA-256, username: a, password: b }', 'fluss')).join('\n'), /Fluss servers implement SASL\/PLAIN only/);
  t.match(problemsOf(config('{ identity: service }')).join('\n'), /identity service needs username and password/);
  t.match(problemsOf(config('{ identity: mapped }')).join('\n'), /identity mapped needs a mapping file/);
  t.match(problemsOf(config('{ username: a, password: b, passwordFile: c }')).join('\n'), /password or passwordFile, not both/);
  t.match(problemsOf(config('{ username: a }')).join('\n'), /username and password \(or passwordFile\) go together/);
  t.match(problemsOf(config('{ username: a, password: b, mapping: m.yaml }')).join('\n'), /only read with identity mapped/);
  t.match(problemsOf(config('{ mechanism: GSSAPI, username: a, password: b }')).join('\n'), /mechanism/);
  t.match(problemsOf(config('{ username: a, password: b, user: c }')).join('\n'), /user/);
});

t.test('passthrough: warned about, and about listener logins that have no password', async (t) => {
  const text = `clusters:
  k: { protocol: kafka, bootstrap: [b:9092], sasl: { identity: passthrough } }
listeners:
  - { name: l, cluster: k, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN, SCRAM-SHA-256] } }
credentials: users.yaml
`;
  const warnings = parse(text).meta.warnings.join('\n');
  t.match(warnings, /keeps each PLAIN client's password in memory/);
  t.match(warnings, /SCRAM-SHA-256\) have no password to pass through/);
  t.match(problemsOf(config('{ identity: passthrough, mapping: m.yaml }')).join('\n'), /only read with identity mapped/);
});

t.test('the password is never printed; a literal one draws a warning', async (t) => {
  const literal = parse(config('{ username: svc, password: "literal-secret-1" }'));
  const printed = formatConfig(literal);
  t.notOk(printed.includes('literal-secret-1'));
  t.match(printed, /password: "\*\*\*"|password: '\*\*\*'/);
  t.match(literal.meta.warnings.join('\n'), /is written in the config file/);
  const fromEnv = parse(config('{ username: svc, password: "${BACKEND_PW}" }'), { checkFiles: false, env: { BACKEND_PW: 'env-secret-2' } });
  t.notOk(formatConfig(fromEnv).includes('env-secret-2'));
  t.notMatch(fromEnv.meta.warnings.join('\n'), /is written in the config file/);
  const reparsed = parse(formatConfig(parse(config('{ username: svc, passwordFile: pw }'))));
  t.same((reparsed.clusters.k as StreamCluster).sasl?.passwordFile, '/cfg/pw', 'the printed config parses again');
});
