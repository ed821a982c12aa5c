/**
 * A per-principal view of one resource's LITERAL entry list, for the Flink and Fluss deciders: a
 * check by principal P can only be granted by entries whose principal is P, `*:*` or `User:*`, so
 * with many principals on one resource (10,000 entries, ~100 of them on `flink-cluster` or on one
 * Fluss database) a decision visits those few instead of the whole list.
 *
 * The view lists positions in the original list, so the entries are visited in the list's order
 * (the first granting entry is the one reported, as with a full scan). Views are built lazily and
 * kept per list array; any add or remove on the owning AclIndex (its revision) invalidates them.
 * Only exact (case-sensitive) principal matching can use a view; callers scan otherwise.
 */
import { FLUSS_WILDCARD_PRINCIPAL, KAFKA_WILDCARD_PRINCIPAL } from './codes.js';
import type { AclIndex } from './acl-index.js';
import type { AclEntry } from './types.js';

/** Below this many entries a plain scan is as cheap as a view. */
export const VIEW_MIN_ENTRIES = 16;

interface PrincipalView {
  revision: number;
  /** Positions of the entries per exact principal. */
  exact: Map<string, number[]>;
  /** Positions of the `*:*` and `User:*` entries. */
  wildcard: number[];
}

const views = new WeakMap<readonly AclEntry[], PrincipalView>();
const NONE: readonly number[] = [];

function build(list: readonly AclEntry[], revision: number): PrincipalView {
  const view: PrincipalView = { revision, exact: new Map(), wildcard: [] };
  list.forEach((e, i) => {
    if (e.principal === FLUSS_WILDCARD_PRINCIPAL || e.principal === KAFKA_WILDCARD_PRINCIPAL) view.wildcard.push(i);
    const own = view.exact.get(e.principal);
    if (own) own.push(i);
    else view.exact.set(e.principal, [i]);
  });
  return view;
}

/**
 * Visits, in list order and each once, the entries of `list` (a LITERAL list of `index`) whose
 * principal is `principal`, `*:*` or `User:*`; stops at the first for which `visit` is true and
 * returns that entry.
 */
export function firstOfPrincipal(index: AclIndex, list: readonly AclEntry[], principal: string, visit: (e: AclEntry) => boolean): AclEntry | undefined {
  let view = views.get(list);
  if (!view || view.revision !== index.revision) {
    view = build(list, index.revision);
    views.set(list, view);
  }
  const a = view.exact.get(principal) ?? NONE;
  const b = view.wildcard;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let pos: number;
    if (j >= b.length || (i < a.length && a[i] < b[j])) pos = a[i++];
    else if (i >= a.length || b[j] < a[i]) pos = b[j++];
    else {
      pos = a[i++];
      j++;
    }
    const e = list[pos];
    if (visit(e)) return e;
  }
  return undefined;
}

/**
 * The first entry of `list`, in list order, that `allows` grants to `principal`: through the view
 * when principals match exactly and the list is long enough to gain from it, by a scan otherwise
 * (case-insensitive matching cannot use the view). For deciders whose entries can only grant to
 * their own principal or a wildcard principal.
 */
export function firstGranting(index: AclIndex, list: readonly AclEntry[], principal: string, ignoreCase: boolean, allows: (e: AclEntry, ignoreCase: boolean) => boolean): AclEntry | undefined {
  if (!ignoreCase && list.length >= VIEW_MIN_ENTRIES) return firstOfPrincipal(index, list, principal, (e) => allows(e, false));
  for (const e of list) if (allows(e, ignoreCase)) return e;
  return undefined;
}
