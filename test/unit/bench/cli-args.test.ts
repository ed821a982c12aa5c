import t from 'tap';
import { intOption, parseOptions, stringOption } from '../../../bench/common/cli-args.js';

t.test('--name value pairs, required strings and bounded integers', async (t) => {
  const o = parseOptions(['--url', 'http://x', '--concurrency', '8']);
  t.equal(stringOption(o, 'url'), 'http://x');
  t.equal(stringOption(o, 'path', '/a'), '/a');
  t.throws(() => stringOption(o, 'missing'), /--missing is required/);
  t.equal(intOption(o, 'concurrency', 16, 1), 8);
  t.equal(intOption(o, 'latency', 500), 500);
  t.throws(() => intOption(parseOptions(['--n', '0']), 'n', 1, 1), /integer ≥ 1/);
  t.throws(() => intOption(parseOptions(['--n', '1.5']), 'n', 1), /integer/);
  t.throws(() => parseOptions(['--dangling']), /expected --name value/);
  t.throws(() => parseOptions(['positional', 'x']), /expected --name value/);
});
