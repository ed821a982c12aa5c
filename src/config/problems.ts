/**
 * Config problems and the error that carries them. A problem is a field path (in the file's own
 * shape) plus what is wrong; the line is looked up in the YAML document when the error is built,
 * so every message reads `file:line: field.path: what is wrong`.
 */
import { GatewayError } from '../errors.js';

export type FieldPath = ReadonlyArray<string | number>;

export interface ConfigProblem {
  path: FieldPath;
  message: string;
  /** 1-based line in the file; 0 when unknown (e.g. a config built in code). */
  line: number;
}

/** `listeners[1].tls.clientAuth`; `(top level)` for the empty path. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(top level)' : out;
}

export function formatProblem(file: string, p: ConfigProblem): string {
  const where = p.line > 0 ? `${file}:${p.line}` : file;
  return `${where}: ${formatFieldPath(p.path)}: ${p.message}`;
}

/** SW_ERR_CONFIG_INVALID with every problem, one per line, in file order. */
export class ConfigError extends GatewayError {
  readonly problems: ConfigProblem[];
  readonly file: string;
  constructor(file: string, problems: ConfigProblem[]) {
    const sorted = [...problems].sort((a, b) => a.line - b.line);
    const lines = sorted.map((p) => `  ${formatProblem(file, p)}`);
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    super('SW_ERR_CONFIG_INVALID', `${count}\n${lines.join('\n')}`);
    this.problems = sorted;
    this.file = file;
  }
}

/** Collects problems while a stage runs; `line` is filled in later by the document locator. */
export class ProblemList {
  readonly items: Array<{ path: FieldPath; message: string; line?: number }> = [];
  add(path: FieldPath, message: string, line?: number): void {
    const dup = this.items.some((p) => p.message === message && formatFieldPath(p.path) === formatFieldPath(path));
    if (!dup) this.items.push({ path, message, line });
  }
  get size(): number {
    return this.items.length;
  }
}
