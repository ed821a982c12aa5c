/**
 * Fuzz target: the config loader (src/config: YAML text -> document -> ${VAR} substitution ->
 * JSON schema -> normalize -> semantic and port checks), with file checks off.
 *
 * Input: valid configs (minimal Kafka, Fluss SASL, HTTP with TLS, client sidecar, and the
 * commented reference examples/gateway.yaml), structure-aware edits of their parsed form (a
 * field deleted, set to any JSON value, an unknown key added, a list entry duplicated) written
 * back as YAML, text mutations, YAML-hostile tokens (anchors, aliases, tags, flow brackets,
 * tabs, duplicate keys), and raw text.
 *
 * Crash: anything but ConfigError with at least one problem (a TypeError from a value of the
 * wrong shape reaching normalize, a RangeError, a YAML exception); more than 100 ms on one
 * input; a valid seed refused.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import YAML from 'yaml';
import { ConfigError, parseConfig } from '../../src/config.js';
import { mutateText, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

const SEEDS: readonly string[] = [
  `clusters:\n  k:\n    protocol: kafka\n    bootstrap: [kafka-0:9092]\nlisteners:\n  - name: plain\n    cluster: k\n    bind: 127.0.0.1:0\n    nodePorts: auto\n`,
  `clusters:\n  f:\n    protocol: fluss\n    bootstrap: [coord:9123]\nlisteners:\n  - name: fs\n    cluster: f\n    bind: 127.0.0.1:0\n    nodePorts: { base: 19124, maxId: 5 }\n    authentication: [sasl]\n    sasl: { mechanisms: [PLAIN] }\ncredentials: users.yaml\nlimits:\n  maxFrameBytes: 1MiB\n  failedAuth: { delay: 1s, maxDelay: 30s, closeAfter: 5 }\nprincipals:\n  superUsers: [User:admin]\n`,
  `clusters:\n  h:\n    protocol: http\n    url: http://flink:8081\nlisteners:\n  - name: ui\n    cluster: h\n    bind: 127.0.0.1:0\n    tls: { cert: s.pem, key: s.key, clientCa: ca.pem, clientAuth: requested }\n    authentication: [basic, mtls]\nprincipals:\n  mtls:\n    rules: ['RULE:^CN=([^,]+),OU=apps,.*$/$1/L', DEFAULT]\ncredentials: users.yaml\nadmin: { bind: 127.0.0.1:0 }\nlog: { level: info }\n`,
  `listeners:\n  - name: side\n    mode: client-sidecar\n    protocol: fluss\n    bind: 127.0.0.1:0\n    nodePorts: { base: 19124, maxId: 74 }\n    upstream:\n      address: gw:9223\n      tls: { cert: c.pem, key: c.key, ca: ca.pem }\n`,
  readFileSync(new URL('../../examples/gateway.yaml', import.meta.url), 'utf8'),
];
const PARSED: readonly unknown[] = SEEDS.map((s) => YAML.parse(s));

type Edit = { at: number; op: 'delete' | 'set' | 'unknown' | 'dup'; value: unknown };
const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete' as const, 'set' as const, 'unknown' as const, 'dup' as const),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('0', '-1', '1e400', '99999999999', '1KiB', '${X}', '${SECRET_PW}', 'a:b:c', '0.0.0.0:70000', '', null, [], {})),
});

/** Every (container, key) in a parsed YAML value, depth first. */
function slots(root: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v))
      v.forEach((x, i) => {
        out.push([v, i]);
        walk(x);
      });
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push([v as Record<string, unknown>, k]);
        walk(x);
      }
  };
  walk(root);
  return out;
}

function edited(seed: unknown, edits: readonly Edit[]): string {
  const doc = structuredClone(seed);
  for (const e of edits) {
    const all = slots(doc);
    if (all.length === 0) break;
    const [c, k] = all[e.at % all.length];
    if (Array.isArray(c)) {
      const i = k as number;
      if (e.op === 'delete') c.splice(i, 1);
      else if (e.op === 'dup') c.push(structuredClone(c[i]));
      else c[i] = e.value;
    } else if (e.op === 'delete') delete c[k as string];
    else if (e.op === 'unknown') c[`x${e.at % 7}`] = e.value;
    else if (e.op === 'dup') c[`${String(k)}2`] = structuredClone(c[k as string]);
    else c[k as string] = e.value;
  }
  return YAML.stringify(doc);
}

const TOKENS = ['&a ', '*a', '!!binary ', '!!js/function ', '{', '[', '\t', ': ', '- ', '<<: *a\n', '? ', '|\n', '%YAML 1.1\n', '---\n', '...\n', 'listeners: []\n', '${', '\u0000', '\ufeff'];
const tokensArb = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)), { maxLength: 3 });

function insertTokens(text: string, tokens: ReadonlyArray<[number, string]>): string {
  let out = text;
  for (const [at, tok] of tokens) {
    const p = at % (out.length + 1);
    out = out.slice(0, p) + tok + out.slice(p);
  }
  return out;
}

function load(text: string): void {
  try {
    parseConfig(text, '/fuzz/gw.yaml', { checkFiles: false, env: { X: 'x', SECRET_PW: 'hunter2' } });
  } catch (e) {
    if (e instanceof ConfigError) oracle(e.problems.length > 0, 'ConfigError without problems');
    throw e;
  }
}

export const configTarget = target({
  name: 'config-loader',
  crash: 'parseConfig: anything but ConfigError with problems; > 100 ms on one input; a valid seed refused',
  arbitrary: fc.tuple(fc.nat({ max: 4 * SEEDS.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 3 }), tokensArb, variantsArb(16), fc.string({ maxLength: 60 })),
  expected: (e) => e instanceof ConfigError,
  check([pick, edits, tokens, variants, raw], probe) {
    // the small seeds four times as often as the long reference file
    const i = pick % SEEDS.length === SEEDS.length - 1 && pick >= SEEDS.length ? pick % (SEEDS.length - 1) : pick % SEEDS.length;
    const seed = SEEDS[i];
    probe(seed, () => {
      try {
        load(seed);
      } catch (e) {
        throw new TypeError(`valid seed ${i} refused: ${(e as Error).message}`);
      }
    });
    const structured = edited(PARSED[i], edits);
    probe(structured, () => load(structured));
    const tokened = insertTokens(seed, tokens);
    probe(tokened, () => load(tokened));
    for (const muts of variants) {
      const m = mutateText(i === SEEDS.length - 1 ? SEEDS[0] : seed, muts);
      probe(m, () => load(m));
    }
    probe(raw, () => load(raw));
  },
});
