/**
 * isViewOf: when a body decoded with an api's full descriptor may be handed to a reader of a
 * partial view (same numbers, names, repetition, types, presence), and when not.
 */
import t from 'tap';
import { isViewOf } from '../../../../src/protocol/fluss/message-views.js';
import { message } from '../../../../src/protocol/fluss/proto-message.js';
import { FetchLogRequest, ListOffsetsRequest, ProduceLogRequest } from '../../../../src/protocol/fluss/messages/log.js';
import { LookupRequest, PrefixLookupRequest } from '../../../../src/protocol/fluss/messages/kv.js';
import { FetchLogView, ListOffsetsView, LookupView, TableIdField1, TableIdField2 } from '../../../../src/adapters/fluss/authz/views.js';

t.test('the authorizer views read the api bodies they are used on as the full descriptors do', async (t) => {
  t.ok(isViewOf(FetchLogView, FetchLogRequest), 'nested views of nested messages');
  t.ok(isViewOf(LookupView, LookupRequest));
  t.ok(isViewOf(ListOffsetsView, ListOffsetsRequest));
  t.ok(isViewOf(TableIdField2, ProduceLogRequest));
  t.ok(isViewOf(FetchLogRequest, FetchLogRequest), 'a descriptor is a view of itself');
});

t.test('a view that reads otherwise is not one', async (t) => {
  t.notOk(isViewOf(TableIdField1, ProduceLogRequest), 'field 1 is acks there, not table_id');
  t.notOk(isViewOf(LookupView, PrefixLookupRequest), 'fields the full descriptor lacks');
  const renamed = message('Renamed', { id: { no: 2, type: 'int64', required: true } });
  t.notOk(isViewOf(renamed, ProduceLogRequest), 'same number, another name');
  const retyped = message('Retyped', { table_id: { no: 2, type: 'int32', required: true } });
  t.notOk(isViewOf(retyped, ProduceLogRequest), 'same name, another type');
  const repeated = message('Repeated', { table_id: { no: 2, type: 'int64', repeated: true } });
  t.notOk(isViewOf(repeated, ProduceLogRequest), 'repeated where the full one is single');
  const optional = message('Optional', { x: { no: 1, type: 'string' } });
  const required = message('Required', { x: { no: 1, type: 'string', required: true } });
  t.notOk(isViewOf(required, optional), 'the view requires what the full decode let be absent');
  t.ok(isViewOf(optional, required), 'the other way round is fine');
  t.equal(isViewOf(required, optional), false, 'cached answers stay the same');
});
