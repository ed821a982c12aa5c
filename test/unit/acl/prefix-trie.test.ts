import t from 'tap';
import fc from 'fast-check';
import { PrefixTrie } from '../../../src/acl/prefix-trie.js';

function prefixesOf(trie: PrefixTrie<number>, name: string): number[] {
  const out: number[] = [];
  trie.visitPrefixesOf(name, (values) => out.push(...values));
  return out.sort((a, b) => a - b);
}

t.test('finds every stored key that is a prefix of the name', async (t) => {
  const trie = new PrefixTrie<number>();
  trie.add('foo', 1);
  trie.add('foobar', 2);
  trie.add('fo', 3);
  trie.add('bar', 4);
  trie.add('foo', 5);
  t.same(prefixesOf(trie, 'foobarbaz'), [1, 2, 3, 5]);
  t.same(prefixesOf(trie, 'foo'), [1, 3, 5], 'a key equal to the name counts');
  t.same(prefixesOf(trie, 'fob'), [3]);
  t.same(prefixesOf(trie, 'f'), []);
  t.equal(trie.size, 5);
});

t.test('remove prunes and merges, keeping other keys reachable', async (t) => {
  const trie = new PrefixTrie<number>();
  trie.add('abc', 1);
  trie.add('abd', 2);
  trie.add('ab', 3);
  t.equal(
    trie.remove('ab', (v) => v === 3),
    true,
  );
  t.equal(
    trie.remove('ab', (v) => v === 3),
    false,
    'already gone',
  );
  t.equal(
    trie.remove('abx', () => true),
    false,
    'absent key',
  );
  t.same(prefixesOf(trie, 'abcd'), [1]);
  t.equal(
    trie.remove('abc', () => true),
    true,
  );
  t.same(prefixesOf(trie, 'abd'), [2]);
  t.same([...trie.entries()], [['abd', 2]]);
});

t.test('agrees with a linear scan for random keys (property)', async (t) => {
  const key = fc.stringMatching(/^[ab.]{0,5}$/);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), key), { maxLength: 40 }), fc.array(key, { maxLength: 8 }), (ops, names) => {
      const trie = new PrefixTrie<number>();
      const live: Array<[string, number]> = [];
      ops.forEach(([add, k], i) => {
        if (add || live.length === 0) {
          trie.add(k, i);
          live.push([k, i]);
        } else {
          const [rk, rv] = live.splice(i % live.length, 1)[0];
          if (!trie.remove(rk, (v) => v === rv)) throw new Error('remove failed');
        }
      });
      for (const name of names) {
        const want = live
          .filter(([k]) => name.startsWith(k))
          .map(([, v]) => v)
          .sort((a, b) => a - b);
        if (JSON.stringify(prefixesOf(trie, name)) !== JSON.stringify(want)) return false;
      }
      return trie.size === live.length && [...trie.entries()].length === live.length;
    }),
    { numRuns: 800 },
  );
  t.pass('800 random add/remove sequences agree');
});
