/**
 * Which store file a `users` or `acl` subcommand works on: the one a gateway config names
 * (`-c gateway.yaml`: its `credentials` / `acls.store`) or one given directly (`--file`).
 * Also small file readers shared by the subcommands, with error texts that name the file and
 * the failure but never its content.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import type { EtcdStoreConfig } from '../config/types.js';
import { UsageError, type CliIO, type OptionSpec, type ParsedArgs } from './command.js';
import { loadConfigOrReport } from './load.js';

export interface StoreFile {
  /** Absolute path of the store file, or (with etcd) where the store is, for messages. */
  path: string;
  /** The store is on etcd (the config's `acls: {etcd}` / `credentials: {etcd}`); null: a file. */
  etcd: EtcdStoreConfig | null;
  /** The loaded config when -c was given. */
  config: Config | null;
}

/** The `-c` / `--file` pair for a group's common options. */
export function storeFileOptions(what: string, configField: string): Record<string, OptionSpec> {
  return {
    config: { type: 'string', short: 'c', value: '<config>', help: `gateway config; its ${configField} is the ${what}` },
    file: { type: 'string', value: '<path>', help: `the ${what} itself (instead of -c)` },
  };
}

/**
 * Resolves the store file. Returns null when the config could not be loaded (its problems are
 * already on stderr); throws UsageError for a missing or doubled choice, Error when the config
 * names no such file.
 */
export async function resolveStoreFile(
  args: ParsedArgs,
  io: CliIO,
  field: { what: string; configField: string; pick: (c: Config) => string | null; pickEtcd?: (c: Config) => EtcdStoreConfig | null },
): Promise<StoreFile | null> {
  const configPath = typeof args.values.config === 'string' ? args.values.config : undefined;
  const filePath = typeof args.values.file === 'string' ? args.values.file : undefined;
  if (configPath !== undefined && filePath !== undefined) throw new UsageError('give either -c/--config or --file, not both');
  if (filePath !== undefined) {
    if (filePath === '') throw new UsageError('--file needs a path');
    return { path: resolve(filePath), etcd: null, config: null };
  }
  if (configPath === undefined || configPath === '') {
    throw new UsageError(`missing -c/--config <config> or --file <path> (the ${field.what})`);
  }
  const config = await loadConfigOrReport(configPath, io);
  if (!config) return null;
  const etcd = field.pickEtcd?.(config) ?? null;
  if (etcd) return { path: `etcd ${etcd.prefix}/document`, etcd, config };
  const path = field.pick(config);
  if (path === null) throw new Error(`${config.meta.source} sets no ${field.configField}; give the ${field.what} with --file`);
  return { path, etcd: null, config };
}

/** Reads a text file the user named, or stdin for `-`. */
export async function readInputFile(path: string, what: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Largest stdin the CLI reads (a password or a JAAS file; anything bigger is a mistake). */
const MAX_STDIN_BYTES = 4 * 1024 * 1024;

/** All of stdin as UTF-8. */
export async function readStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_STDIN_BYTES) throw new Error(`stdin is larger than ${MAX_STDIN_BYTES} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
