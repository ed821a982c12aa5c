/**
 * Helpers for config tests: a minimal valid config text and a way to collect the formatted
 * problems of an invalid one.
 */
import { ConfigError, parseConfig, type ParseOptions } from '../../../src/config.js';
import { formatProblem } from '../../../src/config/problems.js';

export const MINIMAL = `clusters:
  k:
    protocol: kafka
    bootstrap: [kafka-0:9092]
listeners:
  - name: plain
    cluster: k
    bind: 127.0.0.1:0
    nodePorts: auto
`;

/** The formatted problem lines of `text`, or a failure when it parses. */
export function problemsOf(text: string, options: ParseOptions = { checkFiles: false, env: {} }, file = '/cfg/gw.yaml'): string[] {
  try {
    parseConfig(text, file, options);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => formatProblem(e.file, p));
    throw e;
  }
  throw new Error('expected the config to be invalid');
}

export const parse = (text: string, options: ParseOptions = { checkFiles: false, env: {} }, file = '/cfg/gw.yaml') => parseConfig(text, file, options);
