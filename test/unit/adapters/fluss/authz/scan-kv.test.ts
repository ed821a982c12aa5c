/**
 * SCAN_KV: READ checked when a scan is opened, errors in the ScanKvResponse body; a connection
 * may continue or close only the scanners it was given itself.
 */
import t from 'tap';
import { ApiKey } from '../../../../../src/protocol/fluss/api-keys.js';
import { ScanKvRequest, ScanKvResponse } from '../../../../../src/protocol/fluss/messages/kv.js';
import { harness, grant, okOf, backendOk, DENY_TEXT } from './fixtures.js';

t.test('opening a scan needs READ; the denial is in the body', async (t) => {
  const h = harness('User:r', [grant('User:r', 'READ', 'TABLE', 'db.u')]);
  const open = (table_id: bigint) => h.send(ApiKey.SCAN_KV, ScanKvRequest, { bucket_scan_req: { table_id, bucket_id: 0 }, call_seq_id: 0, batch_size_bytes: 100 });
  t.same(okOf((await open(7n)).verdict, ScanKvResponse), { error_code: 48, error_message: DENY_TEXT('r', 'READ', 'TABLE', 'db.t') });
  t.equal(okOf((await open(70n)).verdict, ScanKvResponse).error_code, 21);
  t.equal((await open(8n)).verdict, null);
});

t.test('continuations only for scanners this connection was given', async (t) => {
  const h = harness('User:r', [grant('User:r', 'READ', 'TABLE', 'db.u')]);
  const opened = await h.send(ApiKey.SCAN_KV, ScanKvRequest, { bucket_scan_req: { table_id: 8n, bucket_id: 0 }, call_seq_id: 0, batch_size_bytes: 100 });
  const mine = Buffer.from('a1b2', 'hex');
  await h.stage.responses.finish(opened.info, backendOk(opened.info, ScanKvResponse, { scanner_id: mine, has_more_results: true }));
  const next = (scanner_id: Buffer, close = false) => h.send(ApiKey.SCAN_KV, ScanKvRequest, { scanner_id, call_seq_id: 1, batch_size_bytes: 100, close_scanner: close || undefined });
  const cont = await next(mine);
  t.equal(cont.verdict, null, 'own scanner continues');
  const foreign = await next(Buffer.from('ffff', 'hex'));
  t.same(okOf(foreign.verdict, ScanKvResponse), { error_code: 67, error_message: 'Unknown scanner ID. The session may have expired or never existed.' });
  const foreignClose = await next(Buffer.from('ffff', 'hex'), true);
  t.same(okOf(foreignClose.verdict, ScanKvResponse), { scanner_id: Buffer.from('ffff', 'hex'), has_more_results: false });
  await h.stage.responses.finish(cont.info, backendOk(cont.info, ScanKvResponse, { scanner_id: mine, has_more_results: false }));
  t.equal(okOf((await next(mine)).verdict, ScanKvResponse).error_code, 67, 'a finished scanner is gone');
});
