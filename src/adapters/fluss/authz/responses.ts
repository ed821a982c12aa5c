/**
 * Response side of the rules: what the stage does with the backend's SUCCESS answer to a
 * request it let through (error answers pass unchanged). Filtering rewrites only the entries it
 * drops and copies every other byte (rewrite.ts); a table id nobody can map to a path is dropped.
 *   learn-id              table_id (field 1) of GET_TABLE_INFO & co. -> directory
 *   metadata              learn (path, id) of table_metadata (3); keep tables and partitions (4)
 *                         the principal may DESCRIBE
 *   list-databases        database_name (1) and database_summary (2) by DESCRIBE on DATABASE
 *   list-tables           table_name (1) by DESCRIBE on TABLE db.t
 *   producer-offsets      table_offsets (3) by READ on the table
 *   append-fetch-errors   the denied tables' bucket errors appended to tables_resp (1)
 */
import { decodeMessage } from '../../../protocol/fluss/proto-message.js';
import { readResponseHeader, frameBody, replaceResponseBody, ResponseType } from '../../../protocol/fluss/frame.js';
import { filterRepeatedField } from '../../../protocol/fluss/rewrite.js';
import { walkFields } from '../../../protocol/fluss/proto-wire.js';
import type { FlussAccess } from './access.js';
import type { ResponseAction } from './call.js';
import { tableRef } from './texts.js';
import { DatabaseSummaryName, EntryTableId, MetadataTablesView, TableIdField1, TableMetadataRef } from './views.js';

/** Applies `edit` to the body of a SUCCESS frame; other frames and unchanged bodies pass as they are. */
async function editBody(frame: Buffer, edit: (body: Buffer) => Buffer | undefined | Promise<Buffer | undefined>): Promise<Buffer> {
  const h = readResponseHeader(frame);
  if (h.type !== ResponseType.SUCCESS) return frame;
  const body = await edit(frameBody(frame, h));
  return body ? replaceResponseBody(frame, h, body) : frame;
}

/** Table ids of the entries of repeated field `fieldNo` (each with table_id in its field 1). */
function entryTableIds(body: Buffer, fieldNo: number): bigint[] {
  return walkFields(body)
    .filter((f) => f.no === fieldNo)
    .map((f) => decodeMessage(EntryTableId, body, f.valueStart, f.end).table_id);
}

/** Drops entries of `fieldNo` whose table the principal may not `operation` (unknown ids too). */
async function filterByTableId(access: FlussAccess, body: Buffer, fieldNo: number, operation: string): Promise<Buffer | undefined> {
  const ids = [...new Set(entryTableIds(body, fieldNo))];
  if (ids.length === 0) return undefined;
  const paths = await access.tables.lookupAll(ids);
  const keep = new Map(
    ids.map((id) => {
      const t = paths.get(id);
      return [id, t !== undefined && access.visible(operation, 'TABLE', t.name)] as const;
    }),
  );
  return filterRepeatedField(body, fieldNo, (entry) => keep.get(decodeMessage(EntryTableId, entry).table_id) === true);
}

function learnMetadata(access: FlussAccess, body: Buffer): void {
  for (const t of decodeMessage(MetadataTablesView, body).table_metadata) {
    access.tables.learn(t.table_id, tableRef(t.table_path.database_name, t.table_path.table_name));
  }
}

export function applyResponseAction(action: ResponseAction, frame: Buffer, access: FlussAccess): Promise<Buffer> {
  switch (action.kind) {
    case 'learn-id':
      return editBody(frame, (body) => {
        access.tables.learn(decodeMessage(TableIdField1, body).table_id, action.table);
        return undefined;
      });
    case 'metadata':
      return editBody(frame, async (body) => {
        learnMetadata(access, body);
        const tables = filterRepeatedField(body, 3, (entry) => {
          const p = decodeMessage(TableMetadataRef, entry).table_path;
          return access.visible('DESCRIBE', 'TABLE', tableRef(p.database_name, p.table_name).name);
        });
        return (await filterByTableId(access, tables ?? body, 4, 'DESCRIBE')) ?? tables;
      });
    case 'list-databases':
      return editBody(frame, (body) => {
        const names = filterRepeatedField(body, 1, (entry) => access.visible('DESCRIBE', 'DATABASE', entry.toString('utf8')));
        const summaries = filterRepeatedField(names ?? body, 2, (entry) => access.visible('DESCRIBE', 'DATABASE', decodeMessage(DatabaseSummaryName, entry).database_name));
        return summaries ?? names;
      });
    case 'list-tables':
      return editBody(frame, (body) => filterRepeatedField(body, 1, (entry) => access.visible('DESCRIBE', 'TABLE', tableRef(action.database, entry.toString('utf8')).name)));
    case 'producer-offsets':
      return editBody(frame, (body) => filterByTableId(access, body, 3, 'READ'));
    case 'append-fetch-errors':
      return editBody(frame, (body) => Buffer.concat([body, action.entries]));
    case 'scan-kv':
      throw new Error('scan-kv answers are handled by the scan tracker');
  }
}
