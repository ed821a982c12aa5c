/**
 * Whether a partial descriptor (a "view": only the fields a reader needs) reads a body exactly
 * as a full descriptor does, so that a body already decoded with the full one can be handed to
 * the view's reader instead of being decoded again. True when every field of the view is in the
 * full descriptor under the same number and name, with the same repetition and the same scalar
 * type (or, for nested messages, a nested view of the full nested type), and every field the
 * view requires is required by the full descriptor too (so the full decode already refused a
 * body that lacks it). Answers are cached per pair of descriptors (descriptors are immutable).
 */
import type { MessageDescriptor } from './proto-message.js';

const cache = new WeakMap<MessageDescriptor, WeakMap<MessageDescriptor, boolean>>();

export function isViewOf(view: MessageDescriptor, full: MessageDescriptor): boolean {
  if (view === full) return true;
  let known = cache.get(view);
  if (!known) cache.set(view, (known = new WeakMap()));
  let answer = known.get(full);
  if (answer === undefined) {
    answer = compare(view, full);
    known.set(full, answer);
  }
  return answer;
}

function compare(view: MessageDescriptor, full: MessageDescriptor): boolean {
  for (const [no, { name, spec }] of view.byNo) {
    const other = full.byNo.get(no);
    if (!other || other.name !== name) return false;
    const o = other.spec;
    if ((spec.repeated ?? false) !== (o.repeated ?? false)) return false;
    if (spec.required && !spec.repeated && !o.required) return false;
    if (typeof spec.type === 'string' || typeof o.type === 'string') {
      if (spec.type !== o.type) return false;
    } else if (!isViewOf(spec.type, o.type)) return false;
  }
  return true;
}
