/** `--name value` command-line options of the bench's Node tools, with integer checks. */

export function parseOptions(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key.startsWith('--') || value === undefined) throw new Error(`expected --name value, got ${key}`);
    out.set(key.slice(2), value);
  }
  return out;
}

export function stringOption(o: Map<string, string>, name: string, fallback?: string): string {
  const v = o.get(name) ?? fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

export function intOption(o: Map<string, string>, name: string, fallback: number, min = 0): number {
  const raw = o.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
  return v;
}
