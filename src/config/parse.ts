/**
 * Config loading pipeline: YAML text → document with line numbers → `${VAR}` substitution →
 * JSON schema → resolved `Config` → semantic, port and file checks. Every stage collects all of
 * its problems; the first stage with problems throws one ConfigError listing them all as
 * `file:line: field.path: what is wrong`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { checkSemantics } from './checks.js';
import { parseYaml } from './document.js';
import { isSecretVariable, substituteEnv } from './env.js';
import { checkFiles } from './files.js';
import { normalize } from './normalize.js';
import { checkPorts } from './ports.js';
import { ConfigError, ProblemList, formatFieldPath, formatProblem, type FieldPath } from './problems.js';
import type { RawConfig } from './raw.js';
import type { Config } from './types.js';
import { checkSchema } from './validate-schema.js';

export interface ParseOptions {
  /** Variables for `${VAR}` (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Check that referenced files exist and hold valid PEM (default true). */
  checkFiles?: boolean;
}

/** Reads and validates a config file; throws ConfigError (SW_ERR_CONFIG_INVALID). */
export async function loadConfig(path: string, options: ParseOptions = {}): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new ConfigError(path, [{ path: [], line: 0, message: `cannot read the config file (${code})` }]);
  }
  return parseConfig(text, path, options);
}

/** Validates config text; `fileName` names the file in errors and anchors relative paths. */
export function parseConfig(text: string, fileName: string, options: ParseOptions = {}): Config {
  const yaml = parseYaml(text);
  if (yaml.syntaxErrors.length > 0) {
    const lines = text.split('\n');
    // `[${HOST}:9092]`: inside [ ] or { } a `{` opens a YAML map, so such values need quotes
    const hint = (line: number): string => (/[[{].*\$\{/.test(lines[line - 1] ?? '') ? ' (quote values with ${...} inside [ ] or { })' : '');
    throw new ConfigError(
      fileName,
      yaml.syntaxErrors.map((e) => ({ path: [], line: e.line, message: `YAML: ${e.message}${hint(e.line)}` })),
    );
  }
  if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    throw new ConfigError(fileName, [{ path: [], line: 1, message: 'must be a map with at least `listeners` (and `clusters`)' }]);
  }
  const problems = new ProblemList();
  const warnings = new ProblemList();
  const fail = (): ConfigError =>
    new ConfigError(
      fileName,
      problems.items.map((p) => ({ path: p.path, message: p.message, line: yaml.lineOf(p.path) })),
    );

  const { value, envValues } = substituteEnv(yaml.value, options.env ?? process.env, problems);
  const envProblemPaths = new Set(problems.items.map((p) => formatFieldPath(p.path)));
  const secretPaths = new Set(envValues.filter((v) => v.variables.some(isSecretVariable)).map((v) => formatFieldPath(v.path)));
  const schemaProblems = new ProblemList();
  checkSchema(value, schemaProblems, (path: FieldPath) => !secretPaths.has(formatFieldPath(path)));
  for (const p of schemaProblems.items) if (!envProblemPaths.has(formatFieldPath(p.path))) problems.add(p.path, p.message);
  if (problems.size > 0) throw fail();

  const raw = value as RawConfig;
  const config = normalize(raw, dirname(resolve(fileName)), { source: resolve(fileName), envValues, warnings: [] });
  const warn = (path: FieldPath, message: string): void => warnings.add(path, message);
  checkSemantics(raw, config, problems, warn);
  checkPorts(config, problems);
  if (options.checkFiles !== false) checkFiles(config, problems, warn);
  if (problems.size > 0) throw fail();
  config.meta.warnings = warnings.items
    .map((w) => ({ path: w.path, message: w.message, line: yaml.lineOf(w.path) }))
    .sort((a, b) => a.line - b.line)
    .map((w) => formatProblem(fileName, w));
  return config;
}
