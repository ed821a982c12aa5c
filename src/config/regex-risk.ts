/**
 * A warning for operator-written regular expressions that can backtrack exponentially: a group
 * that itself repeats something and is then repeated, e.g. `(a+)+`, `(.*,)*` or `(x|y*){2,}`.
 * JavaScript's engine backtracks, so such a rule run on a long attacker-chosen certificate
 * subject can take seconds per connection (the DN length cap in src/tls/principal-dn.ts bounds
 * it, but not to microseconds). A heuristic, not a proof: it finds the common shapes and says so.
 *
 * Scans once, left to right: escapes are skipped, character classes are skipped whole, each
 * group remembers whether its body repeats something; a group closed by `)` and followed by a
 * quantifier that allows more than one repetition (`*`, `+`, `{n,}` or `{n,m}` with m > 1) is
 * nested when its body repeats.
 */

/** Length of the quantifier at `i` that allows more than one repetition, or 0. */
function repeatingQuantifier(re: string, i: number): number {
  const c = re[i];
  if (c === '*' || c === '+') return 1;
  if (c !== '{') return 0;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(re.slice(i));
  if (!m) return 0;
  const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
  return max > 1 ? m[0].length : 0;
}

/** True when `re` (the source of a regular expression) repeats a group whose body repeats. */
export function hasNestedQuantifier(re: string): boolean {
  const groups: boolean[] = [];
  let repeats = false; // whether the current group's body (or the top level) repeats something
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      for (i++; i < re.length && re[i] !== ']'; i++) if (re[i] === '\\') i++;
      continue;
    }
    if (c === '(') {
      groups.push(repeats);
      repeats = false;
      continue;
    }
    if (c === ')') {
      const inner: boolean = repeats;
      repeats = (groups.pop() ?? false) || inner;
      if (inner && repeatingQuantifier(re, i + 1) > 0) return true;
      continue;
    }
    const q = repeatingQuantifier(re, i);
    if (q > 0) {
      repeats = true;
      i += q - 1;
    }
  }
  return false;
}
