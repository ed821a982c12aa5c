/**
 * `streamward certs`: writes a development PKI (CA, server certificate, client certificates)
 * into a folder. An existing ca.pem/ca.key there is reused unless --new-ca, so client
 * certificates can be added later with the same CA.
 */
import { resolve } from 'node:path';
import { parseSan, writePki, type ClientCertOptions } from '../tls/certs.js';
import { EXIT_OK, UsageError, type Command } from './command.js';

/** `alice` or `app1,OU=apps,O=example` → client certificate options. */
export function parseClientSpec(spec: string): ClientCertOptions {
  const [cn, ...rest] = spec.split(',').map((s) => s.trim());
  if (!cn) throw new UsageError(`--client needs a CN, got "${spec}"`);
  const out: ClientCertOptions = { cn };
  for (const part of rest) {
    const m = /^(OU|O)=(.+)$/i.exec(part);
    if (!m) throw new UsageError(`--client "${spec}": expected CN[,OU=unit][,O=org], not "${part}"`);
    if (m[1]!.toUpperCase() === 'OU') out.ou = m[2];
    else out.o = m[2];
  }
  return out;
}

function list(v: string | boolean | string[] | undefined): string[] {
  if (v === undefined || typeof v === 'boolean') return [];
  return Array.isArray(v) ? v : [v];
}

export const certsCommand: Command = {
  name: 'certs',
  summary: 'Create a development CA, a server certificate and client certificates.',
  synopsis: '[--out <dir>] [--ca-cn <cn>] [--server-cn <cn>] [--san <list>] [--client <cn>]... [--days <n>] [--new-ca]',
  description:
    'Writes ca.pem, ca.key, server.pem, server.key and client-<cn>.pem/.key (keys mode 0600).\n' +
    'Example: streamward certs --out certs --san DNS:localhost,IP:127.0.0.1 --client alice --client "app1,OU=apps,O=example"',
  options: {
    out: { type: 'string', value: '<dir>', help: 'output folder (default: certs)' },
    'ca-cn': { type: 'string', value: '<cn>', help: 'CA common name (default: streamward dev CA)' },
    'server-cn': { type: 'string', value: '<cn>', help: 'server certificate common name (default: localhost)' },
    san: { type: 'string', multiple: true, value: '<list>', help: 'server SANs, comma-separated: DNS:name, IP:addr, URI:uri' },
    client: { type: 'string', multiple: true, value: '<cn>', help: 'issue a client certificate: CN[,OU=unit][,O=org]' },
    days: { type: 'string', value: '<n>', help: 'server/client certificate lifetime in days (default: 365)' },
    'new-ca': { type: 'boolean', help: 'create a new CA even if the folder already has one' },
  },
  async run(args, io) {
    const out = resolve(typeof args.values.out === 'string' ? args.values.out : 'certs');
    const sans = list(args.values.san)
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    for (const s of sans) {
      try {
        parseSan(s);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    }
    let days: number | undefined;
    if (typeof args.values.days === 'string') {
      days = Number(args.values.days);
      if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days must be a whole number of days, got "${args.values.days}"`);
    }
    const files = await writePki(out, {
      caCn: args.values['ca-cn'] as string | undefined,
      serverCn: args.values['server-cn'] as string | undefined,
      sans: sans.length > 0 ? sans : undefined,
      clients: list(args.values.client).map(parseClientSpec),
      days,
      reuseCa: !args.values['new-ca'],
    });
    const lines = [
      `${files.reusedCa ? 'kept   ' : 'wrote  '} ${files.ca}`,
      `${files.reusedCa ? 'kept   ' : 'wrote  '} ${files.caKey}`,
      `wrote   ${files.server.cert}`,
      `wrote   ${files.server.key}`,
      ...Object.values(files.clients).flatMap((c) => [`wrote   ${c.cert}`, `wrote   ${c.key}`]),
    ];
    io.stdout.write(lines.join('\n') + '\n');
    return EXIT_OK;
  },
};
