/**
 * Reads the config text as a YAML document and keeps the node positions, so any field path can be
 * turned back into the line it was written on (or, for a missing field, the line of its nearest
 * written ancestor).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import type { FieldPath } from './problems.js';

export interface ParsedYaml {
  /** The plain JS value of the document (null for an empty file). */
  value: unknown;
  /** YAML syntax errors with their lines; when non-empty, `value` is not to be trusted. */
  syntaxErrors: Array<{ line: number; message: string }>;
  /** 1-based line of the field (a key's line for map entries), or of its nearest present ancestor. */
  lineOf(path: FieldPath): number;
}

export function parseYaml(text: string): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => counter.linePos(offset).line;
  const syntaxErrors = doc.errors.map((e) => ({ line: lineAt(e.pos[0]), message: e.message.split('\n')[0]! }));

  function lineOf(path: FieldPath): number {
    let node: unknown = doc.contents;
    let line = node && (node as Node).range ? lineAt((node as Node).range![0]) : 1;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return line;
        const key = pair.key as Node;
        if (key.range) line = lineAt(key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) return line;
        if (item.range) line = lineAt(item.range[0]);
        node = item;
      } else {
        return line;
      }
    }
    return line;
  }

  let value: unknown = null;
  if (syntaxErrors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // an alias to an anchor never set, or an alias bomb: the library throws ReferenceError
      syntaxErrors.push({ line: aliasLine(), message: (e as Error).message.split('\n')[0]! });
    }
  }
  /** Line of the first alias that resolves to nothing, else of the first alias (else 1). */
  function aliasLine(): number {
    let first: number | undefined;
    let unresolved: number | undefined;
    visit(doc, {
      Alias(_, node) {
        const line = node.range ? lineAt(node.range[0]) : 1;
        first ??= line;
        if (unresolved === undefined && node.resolve(doc) === undefined) unresolved = line;
      },
    });
    return unresolved ?? first ?? 1;
  }
  return { value, syntaxErrors, lineOf };
}
