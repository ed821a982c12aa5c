/**
 * Shared by commands that read a config file: load it, or print why not (every problem, one per
 * line) to stderr and return null.
 */
import { loadConfig, type Config } from '../config.js';
import { isGatewayError } from '../errors.js';
import type { CliIO } from './command.js';

export async function loadConfigOrReport(path: string, io: CliIO): Promise<Config | null> {
  try {
    return await loadConfig(path, { env: io.env });
  } catch (e) {
    if (!isGatewayError(e)) throw e;
    io.stderr.write(`streamward: ${e.message}\n`);
    return null;
  }
}
