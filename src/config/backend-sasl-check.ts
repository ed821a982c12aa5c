/**
 * Checks of `clusters.<name>.sasl`, the gateway's own login to a backend with SASL: the settings
 * each identity mode needs, what the backend's protocol supports (Fluss servers implement PLAIN
 * only), and a warning when the password is written into the file instead of `${VAR}` or
 * `passwordFile`.
 */
import type { FieldPath } from './problems.js';
import type { Config, StreamCluster } from './types.js';

type Report = (path: FieldPath, message: string) => void;

export function checkBackendSasl(config: Config, name: string, c: StreamCluster, problem: Report, warn: Report): void {
  const s = c.sasl;
  if (!s) return;
  const at: FieldPath = ['clusters', name, 'sasl'];
  if (c.protocol === 'fluss' && s.mechanism !== 'PLAIN') problem([...at, 'mechanism'], `Fluss servers implement SASL/PLAIN only, not ${s.mechanism}`);
  if (s.password !== null && s.passwordFile !== null) problem(at, 'give password or passwordFile, not both');
  const hasPassword = s.password !== null || s.passwordFile !== null;
  if ((s.username === null) !== !hasPassword) problem(at, 'username and password (or passwordFile) go together');
  if (s.identity === 'service' && s.username === null) problem(at, 'identity service needs username and password (or passwordFile)');
  if (s.identity === 'mapped' && s.mapping === null) problem([...at, 'mapping'], 'identity mapped needs a mapping file (principal -> backend username and password)');
  if (s.identity !== 'mapped' && s.mapping !== null) problem([...at, 'mapping'], 'is only read with identity mapped');
  if (s.identity !== 'service' && s.username === null) {
    warn(at, `identity ${s.identity} without a service username: the gateway's own backend connections (node discovery, Fluss table lookups) cannot log in`);
  }
  if (s.identity === 'passthrough') {
    warn([...at, 'identity'], "passthrough keeps each PLAIN client's password in memory for its connection and sends it to the backend; clients that log in otherwise are refused");
    for (const l of config.listeners) {
      if (l.mode !== 'gateway' || l.cluster !== name) continue;
      const others = (l.sasl?.mechanisms ?? []).filter((m) => m !== 'PLAIN');
      if (l.authentication.includes('mtls') || others.length > 0) {
        warn(
          ['listeners', config.listeners.indexOf(l), 'authentication'],
          `clients of this listener that log in without SASL/PLAIN (${[...(l.authentication.includes('mtls') ? ['mtls'] : []), ...others].join(', ')}) have no password to pass through and are refused`,
        );
      }
    }
  }
  if (s.password !== null) {
    const fromVariable = config.meta.envValues.some((e) => e.path.length === 4 && e.path[0] === 'clusters' && e.path[1] === name && e.path[3] === 'password');
    if (!fromVariable) warn([...at, 'password'], 'is written in the config file; use ${VARIABLE} or passwordFile so the secret stays out of it');
  }
}
