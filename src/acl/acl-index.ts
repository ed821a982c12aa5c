/**
 * The in-memory ACL store, indexed for decisions: per protocol and resource type, LITERAL
 * entries by exact name (hash map) and PREFIXED entries in a radix trie, so one decision
 * touches only the entries on its candidate resources, never the whole list.
 *
 * Entries are de-duplicated (adding an identical entry again is a no-op, as on both servers)
 * and kept as frozen copies; `entries()` lists them in insertion order. Protocols kafka, fluss
 * and flink are held side by side; a decision for one never sees another's entries.
 */
import { GatewayError } from '../errors.js';
import { ACL_PROTOCOLS } from './codes.js';
import { canonicalEntry, entryKey, validateEntry } from './entry.js';
import { matchesFilter, type AclFilter } from './filters.js';
import { PrefixTrie } from './prefix-trie.js';
import type { AclEntry, AclProtocol, TaggedAclEntry } from './types.js';

interface TypeSection {
  literal: Map<string, AclEntry[]>;
  prefixed: PrefixTrie<AclEntry>;
  count: number;
}

const EMPTY: readonly AclEntry[] = Object.freeze([]);

export class AclIndex {
  private readonly byKey: Record<AclProtocol, Map<string, AclEntry>> = { fluss: new Map(), kafka: new Map(), flink: new Map() };
  private readonly sections: Record<AclProtocol, Map<string, TypeSection>> = { fluss: new Map(), kafka: new Map(), flink: new Map() };
  #revision = 0;

  /** Changes on every add or remove (derived views of the lists, e.g. principal-view.ts, check it). */
  get revision(): number {
    return this.#revision;
  }

  /** An index holding `entries`; throws naming the index of the first invalid one. */
  static from(entries: readonly TaggedAclEntry[]): AclIndex {
    const index = new AclIndex();
    entries.forEach((e, i) => {
      const problem = validateEntry(e.protocol, e);
      if (problem) throw new GatewayError('SW_ERR_CONFIG_INVALID', `ACL entry ${i}: ${problem}`);
      index.add(e.protocol, e);
    });
    return index;
  }

  /** Adds a valid entry; false when an identical one was already there. Throws on an invalid entry. */
  add(protocol: AclProtocol, entry: AclEntry): boolean {
    const problem = validateEntry(protocol, entry);
    if (problem) throw new GatewayError('SW_ERR_CONFIG_INVALID', `invalid ${protocol} ACL entry: ${problem}`);
    const key = entryKey(entry);
    const keys = this.byKey[protocol];
    if (keys.has(key)) return false;
    const e = canonicalEntry(entry);
    keys.set(key, e);
    const section = this.section(protocol, e.resourceType, true) as TypeSection;
    if (e.patternType === 'PREFIXED') {
      section.prefixed.add(e.resourceName, e);
    } else {
      const list = section.literal.get(e.resourceName);
      if (list) list.push(e);
      else section.literal.set(e.resourceName, [e]);
    }
    section.count++;
    this.#revision++;
    return true;
  }

  /** Removes the entry equal to `entry`; false when there was none. */
  remove(protocol: AclProtocol, entry: AclEntry): boolean {
    const key = entryKey(entry);
    const stored = this.byKey[protocol].get(key);
    if (!stored) return false;
    this.byKey[protocol].delete(key);
    const section = this.section(protocol, stored.resourceType, false) as TypeSection;
    if (stored.patternType === 'PREFIXED') {
      section.prefixed.remove(stored.resourceName, (v) => v === stored);
    } else {
      const list = section.literal.get(stored.resourceName) as AclEntry[];
      list.splice(list.indexOf(stored), 1);
      if (list.length === 0) section.literal.delete(stored.resourceName);
    }
    section.count--;
    this.#revision++;
    return true;
  }

  has(protocol: AclProtocol, entry: AclEntry): boolean {
    return this.byKey[protocol].has(entryKey(entry));
  }

  size(protocol?: AclProtocol): number {
    return protocol ? this.byKey[protocol].size : ACL_PROTOCOLS.reduce((n, p) => n + this.byKey[p].size, 0);
  }

  /** All entries of one protocol, in insertion order. */
  entries(protocol: AclProtocol): AclEntry[] {
    return [...this.byKey[protocol].values()];
  }

  /** All entries of every protocol (fluss, kafka, flink), tagged (the store file's content). */
  tagged(): TaggedAclEntry[] {
    const out: TaggedAclEntry[] = [];
    for (const protocol of ACL_PROTOCOLS) {
      for (const e of this.byKey[protocol].values()) out.push({ protocol, ...e });
    }
    return out;
  }

  /** Entries matching an admin filter (the filter says its protocol). */
  match(filter: AclFilter): AclEntry[] {
    return this.entries(filter.protocol).filter((e) => matchesFilter(filter, e));
  }

  /** Removes and returns the entries matching `filter`. */
  removeMatching(filter: AclFilter): AclEntry[] {
    const hits = this.match(filter);
    for (const e of hits) this.remove(filter.protocol, e);
    return hits;
  }

  /**
   * Drops the entries matching any of `filters` (one DropAcls/DeleteAcls request) and returns,
   * per filter by position, the entries it removed. Kafka lists an entry under every filter
   * that matches it; Fluss (and Flink) only under the first one (DefaultAuthorizer.dropAcls).
   */
  removeMatchingAll(filters: readonly AclFilter[]): AclEntry[][] {
    const claimed = new Set<AclEntry>();
    const results = filters.map((f) =>
      this.match(f).filter((e) => {
        if (f.protocol !== 'kafka' && claimed.has(e)) return false;
        claimed.add(e);
        return true;
      }),
    );
    filters.forEach((f, i) => results[i].forEach((e) => this.remove(f.protocol, e)));
    return results;
  }

  /** LITERAL entries on exactly (type, name). */
  literal(protocol: AclProtocol, resourceType: string, name: string): readonly AclEntry[] {
    return this.section(protocol, resourceType, false)?.literal.get(name) ?? EMPTY;
  }

  /** Visits the PREFIXED entries of `resourceType` whose prefix starts `name` (equal included). */
  visitPrefixed(protocol: AclProtocol, resourceType: string, name: string, visit: (entries: readonly AclEntry[]) => void): void {
    this.section(protocol, resourceType, false)?.prefixed.visitPrefixesOf(name, visit);
  }

  /** Number of entries (any pattern) on one resource type. */
  countOfType(protocol: AclProtocol, resourceType: string): number {
    return this.section(protocol, resourceType, false)?.count ?? 0;
  }

  /** Every entry on one resource type (LITERAL first, then PREFIXED). */
  *ofType(protocol: AclProtocol, resourceType: string): Generator<AclEntry> {
    const section = this.section(protocol, resourceType, false);
    if (!section) return;
    for (const list of section.literal.values()) yield* list;
    for (const [, e] of section.prefixed.entries()) yield e;
  }

  /** An independent copy (for build-then-swap updates). */
  clone(): AclIndex {
    return AclIndex.from(this.tagged());
  }

  private section(protocol: AclProtocol, resourceType: string, create: boolean): TypeSection | undefined {
    let s = this.sections[protocol].get(resourceType);
    if (!s && create) {
      s = { literal: new Map(), prefixed: new PrefixTrie(), count: 0 };
      this.sections[protocol].set(resourceType, s);
    }
    return s;
  }
}
