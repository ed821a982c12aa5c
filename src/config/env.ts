/**
 * `${VAR}` substitution in string values of the config (keys are never substituted).
 *   ${NAME}           the variable's value; unset → a problem naming the field
 *   ${NAME:-default}  the value, or `default` when the variable is unset or empty
 *   $${               a literal `${`
 * The paths of substituted values and their variable names are returned so that printing can
 * mask values from variables whose names look secret.
 */
import type { FieldPath, ProblemList } from './problems.js';

const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const NAME = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

export interface EnvSubstitution {
  value: unknown;
  envValues: Array<{ path: Array<string | number>; variables: string[] }>;
}

export function substituteEnv(input: unknown, env: NodeJS.ProcessEnv, problems: ProblemList): EnvSubstitution {
  const envValues: EnvSubstitution['envValues'] = [];

  function substitute(text: string, path: FieldPath): string {
    if (!text.includes('${')) return text;
    const variables: string[] = [];
    const out = text.replace(TOKEN, (match: string, inner: string | undefined) => {
      if (match === '$${') return '${';
      const m = inner === undefined ? null : NAME.exec(inner);
      if (!m) {
        problems.add(path, `malformed variable reference "${match}" (use \${NAME} or \${NAME:-default}; $\${ for a literal)`);
        return '';
      }
      const [, name, fallback] = m;
      variables.push(name!);
      const v = env[name!];
      if (v !== undefined && (v !== '' || fallback === undefined)) return v;
      if (fallback !== undefined) return fallback;
      problems.add(path, `environment variable ${name} is not set`);
      return '';
    });
    if (variables.length > 0) envValues.push({ path: [...path], variables });
    return out;
  }

  function walk(node: unknown, path: FieldPath): unknown {
    if (typeof node === 'string') return substitute(node, path);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return node;
  }

  return { value: walk(input, []), envValues };
}

/** True for variable names whose values must never be printed (PASSWORD, SECRET, TOKEN, KEY). */
export function isSecretVariable(name: string): boolean {
  return /PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL/i.test(name);
}
