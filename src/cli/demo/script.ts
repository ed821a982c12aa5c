/**
 * What the demo sets up and tells the user: demo users, demo ACLs, the exact kcat commands for
 * the running gateway, and a self-test that runs those commands and checks their results.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TaggedAclEntry } from '../../acl/types.js';

/** Demo-only accounts (printed on screen; never use these anywhere real). */
export const DEMO_USERS: Record<string, string> = { admin: 'admin-secret', alice: 'alice-secret' };

export function demoAcls(): TaggedAclEntry[] {
  const allow = { host: '*', permission: 'ALLOW' as const };
  return [
    { protocol: 'kafka', principal: 'User:alice', resourceType: 'TOPIC', resourceName: 'demo-', patternType: 'PREFIXED', operation: 'ALL', ...allow },
    { protocol: 'kafka', principal: 'User:alice', resourceType: 'GROUP', resourceName: '*', patternType: 'LITERAL', operation: 'READ', ...allow },
    { protocol: 'fluss', principal: 'User:alice', resourceType: 'DATABASE', resourceName: 'demo_db', patternType: 'LITERAL', operation: 'ALL', ...allow },
  ];
}

export interface DemoCommands {
  text: string;
  produce: string[];
  consume: string[];
  denied: string[];
  mtls: string[];
}

const q = (s: string) => (/^[\w./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

export function demoCommands(o: { ports: Record<string, number>; ca: string; client: { cert: string; key: string }; dataDir: string }): DemoCommands {
  const kafka = `127.0.0.1:${o.ports['kafka-tls']}`;
  const sasl = ['-X', 'security.protocol=sasl_ssl', '-X', `ssl.ca.location=${o.ca}`, '-X', 'sasl.mechanisms=SCRAM-SHA-256', '-X', 'sasl.username=alice', '-X', `sasl.password=${DEMO_USERS.alice}`];
  const produce = ['kcat', '-b', kafka, ...sasl, '-t', 'demo-orders', '-P'];
  const consume = ['kcat', '-b', kafka, ...sasl, '-t', 'demo-orders', '-C', '-o', 'beginning', '-e'];
  const denied = ['kcat', '-b', kafka, ...sasl, '-t', 'payroll', '-P'];
  const mtls = ['kcat', '-b', kafka, '-X', 'security.protocol=ssl', '-X', `ssl.ca.location=${o.ca}`, '-X', `ssl.certificate.location=${o.client.cert}`, '-X', `ssl.key.location=${o.client.key}`, '-L'];
  const line = (cmd: string[]) => cmd.map(q).join(' ');
  const text = [
    '',
    'streamward demo is running (Ctrl-C stops everything).',
    '',
    `  Kafka: 3 plaintext brokers behind the TLS listener kafka-tls at ${kafka}`,
    `  Fluss: 1 coordinator + 3 tablet servers behind fluss-sasl at 127.0.0.1:${o.ports['fluss-sasl']} (SASL/PLAIN)`,
    `         and fluss-mtls at 127.0.0.1:${o.ports['fluss-mtls']} (client certificates)`,
    `  Users: alice / ${DEMO_USERS.alice} (ACLs: ALL on topics demo-*, READ on groups; ALL on Fluss database demo_db)`,
    `         admin / ${DEMO_USERS.admin} (super user)`,
    `  Files: certificates in ${path.dirname(o.ca)}, users and ACLs in ${o.dataDir}`,
    '',
    'Produce (type lines, then Ctrl-D):',
    `  ${line(produce)}`,
    'Consume:',
    `  ${line(consume)}`,
    'Denied (alice has no ACL on topic payroll):',
    `  echo x | ${line(denied)}`,
    'Authenticate with a client certificate instead (CN=alice):',
    `  ${line(mtls)}`,
    '',
  ].join('\n');
  return { text, produce, consume, denied, mtls };
}

/** Runs a command asynchronously (the gateway runs in this process: never block its loop). */
function run(cmd: string[], input?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
    child.stdin.end(input ?? '');
  });
}

/** Runs the printed commands and checks what they print; throws on the first surprise. */
export async function runDemoSelfTest(c: DemoCommands): Promise<void> {
  const stamp = `demo-${Date.now()}`;
  const produced = await run(c.produce, `${stamp}-1\n${stamp}-2\n`);
  if (produced.code !== 0) throw new Error(`demo produce failed: ${produced.err.slice(-400)}`);
  const consumed = await run(c.consume);
  if (consumed.code !== 0 || !consumed.out.includes(`${stamp}-2`)) throw new Error(`demo consume failed: ${consumed.err.slice(-400)}`);
  const denied = await run(c.denied, 'x\n');
  if (!/authoriz/i.test(denied.err)) throw new Error(`demo: the denied example was not refused: ${denied.err.slice(-300)}`);
  const md = await run(c.mtls);
  if (md.code !== 0 || !/3 brokers/.test(md.out)) throw new Error(`demo mTLS metadata failed: ${md.err.slice(-400)}`);
  process.stdout.write(`demo self-test passed: produced and consumed through TLS+SCRAM, a topic without ACL refused, metadata over mTLS\n`);
}
