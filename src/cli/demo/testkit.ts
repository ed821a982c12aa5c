/**
 * Where `streamward demo` finds its backends: the test kit (testkit/ at the top of a source
 * checkout, compiled to dist/testkit/ by `npm run build`). The test kit is not part of the
 * product: nothing in src/ imports it statically, and the container image does not carry it,
 * so an installation without it gets one clear line instead of a stack trace. This is the one
 * computed import in src/ (test/unit/layering.test.ts allows only this file to have one).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEMO_NEEDS_CHECKOUT =
  'streamward: the demo needs a source checkout (its test backends, testkit/, are not part of this installation or image): clone the repository and run `npm run demo`';

/** A running demo backend. */
export interface DemoBackend {
  bootstrap: string;
  stop(): Promise<void>;
}

/** The part of testkit/index.ts the demo uses. */
export interface DemoTestkit {
  startMockCluster(opts: { brokers: number; flavor: '2.0' | 'new'; topics: Array<{ name: string; partitions: number }> }): Promise<DemoBackend>;
  startFlussCluster(opts: { tabletServers: number }): Promise<DemoBackend>;
}

/** testkit/index beside src/ in the same tree: three folders up, from the checkout and from dist/. */
export function defaultTestkitEntry(): string {
  return fileURLToPath(new URL('../../../testkit/index.js', import.meta.url));
}

/** Loads the test kit, or null when this installation has none. */
export async function loadTestkit(entry: string = defaultTestkitEntry()): Promise<DemoTestkit | null> {
  // from dist/ the compiled .js is there; from a checkout run through tsx, the .ts source
  const file = [entry, entry.replace(/\.js$/, '.ts')].find((f) => existsSync(f));
  if (!file) return null;
  return (await import(pathToFileURL(file).href)) as DemoTestkit;
}
