// SCRAM message parsing is bounded: a message over MAX_SCRAM_MESSAGE_CHARS or with more than
// MAX_SCRAM_ATTRIBUTES attributes is refused (null) without splitting it into millions of parts.
import t from 'tap';
import { MAX_SCRAM_ATTRIBUTES, MAX_SCRAM_MESSAGE_CHARS, parseClientFinal, parseClientFirst } from '../../../src/sasl/scram-messages.js';

t.test('client-first: attribute and length bounds', async (t) => {
  t.ok(parseClientFirst('n,,n=alice,r=abc'), 'a normal message parses');
  const exts = Array.from({ length: MAX_SCRAM_ATTRIBUTES - 2 }, (_, i) => `x${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}=v`).join(',');
  t.ok(parseClientFirst(`n,,n=alice,r=abc,${exts}`), `${MAX_SCRAM_ATTRIBUTES} attributes are fine`);
  t.equal(parseClientFirst(`n,,n=alice,r=abc,${exts},y=v`), null, 'one more is refused');
  t.equal(parseClientFirst(`n,,n=alice,r=${'a'.repeat(MAX_SCRAM_MESSAGE_CHARS)}`), null, 'over the length bound');
  const commas = `n,,n=alice,r=abc${','.repeat(8_000_000)}`;
  const s = performance.now();
  t.equal(parseClientFirst(commas), null, '8 million commas');
  t.ok(performance.now() - s < 200, 'refused without splitting');
});

t.test('client-final: attribute and length bounds', async (t) => {
  t.ok(parseClientFinal('c=biws,r=abc,p=AAAA'));
  t.equal(parseClientFinal(`c=biws,r=abc${',x=1'.repeat(MAX_SCRAM_ATTRIBUTES)},p=AAAA`), null);
  t.equal(parseClientFinal(`c=biws,r=abc,p=${'A'.repeat(MAX_SCRAM_MESSAGE_CHARS)}`), null);
});
