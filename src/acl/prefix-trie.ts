/**
 * A compressed (radix) trie from string keys to lists of values, used for PREFIXED ACLs.
 *
 * visitPrefixesOf(name) reaches every key that is a prefix of `name` (the key equal to `name`
 * included) in one walk down the tree: O(length of name), independent of how many keys are
 * stored. Keys and names are compared by UTF-16 code unit, like Java's String.startsWith.
 */

interface TrieNode<V> {
  /** Edge label from the parent (empty only for the root). */
  label: string;
  children: Map<string, TrieNode<V>> | null;
  values: V[] | null;
}

function newNode<V>(label: string): TrieNode<V> {
  return { label, children: null, values: null };
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export class PrefixTrie<V> {
  private readonly root: TrieNode<V> = newNode('');
  private count = 0;

  /** Number of values stored. */
  get size(): number {
    return this.count;
  }

  add(key: string, value: V): void {
    let node = this.root;
    let rest = key;
    for (;;) {
      if (rest.length === 0) {
        (node.values ??= []).push(value);
        this.count++;
        return;
      }
      const children = (node.children ??= new Map());
      const child = children.get(rest[0]);
      if (!child) {
        const leaf = newNode<V>(rest);
        leaf.values = [value];
        children.set(rest[0], leaf);
        this.count++;
        return;
      }
      const common = commonPrefixLength(child.label, rest);
      if (common < child.label.length) {
        const mid = newNode<V>(child.label.slice(0, common));
        child.label = child.label.slice(common);
        mid.children = new Map([[child.label[0], child]]);
        children.set(mid.label[0], mid);
        node = mid;
      } else {
        node = child;
      }
      rest = rest.slice(common);
    }
  }

  /** Removes the first value under exactly `key` that `match` accepts; true when one was removed. */
  remove(key: string, match: (v: V) => boolean): boolean {
    const path: TrieNode<V>[] = [this.root];
    let node = this.root;
    let pos = 0;
    while (pos < key.length) {
      const child = node.children?.get(key[pos]);
      if (!child || !key.startsWith(child.label, pos)) return false;
      pos += child.label.length;
      node = child;
      path.push(node);
    }
    const i = node.values ? node.values.findIndex(match) : -1;
    if (i < 0 || !node.values) return false;
    node.values.splice(i, 1);
    if (node.values.length === 0) node.values = null;
    this.count--;
    this.prune(path);
    return true;
  }

  /** Calls `visit` with the values of every stored key that is a prefix of `name`. */
  visitPrefixesOf(name: string, visit: (values: readonly V[], key: string) => void): void {
    let node = this.root;
    let pos = 0;
    if (node.values) visit(node.values, '');
    while (pos < name.length) {
      const child = node.children?.get(name[pos]);
      if (!child || !name.startsWith(child.label, pos)) return;
      pos += child.label.length;
      node = child;
      if (node.values) visit(node.values, name.slice(0, pos));
    }
  }

  /** Every stored value with its key, in no particular order. */
  *entries(): Generator<[string, V]> {
    const stack: Array<[TrieNode<V>, string]> = [[this.root, '']];
    while (stack.length > 0) {
      const [node, prefix] = stack.pop() as [TrieNode<V>, string];
      const key = prefix + node.label;
      if (node.values) for (const v of node.values) yield [key, v];
      if (node.children) for (const c of node.children.values()) stack.push([c, key]);
    }
  }

  /** Drops empty leaves and merges value-less single-child nodes up the removal path. */
  private prune(path: TrieNode<V>[]): void {
    for (let i = path.length - 1; i > 0; i--) {
      const node = path[i];
      const parent = path[i - 1];
      const childCount = node.children?.size ?? 0;
      if (node.values) return;
      if (childCount === 0) {
        parent.children?.delete(node.label[0]);
        if (parent.children?.size === 0) parent.children = null;
        continue;
      }
      if (childCount === 1 && node.children) {
        const only = node.children.values().next().value as TrieNode<V>;
        only.label = node.label + only.label;
        parent.children?.set(only.label[0], only);
      }
      return;
    }
  }
}
