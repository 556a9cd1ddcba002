import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import type { SqlSession } from '../../libs/event-store/index.js';

const blockSize = 8192;

/** Where a stream's event lies on disk: the events table's file (relative to the data directory) and its block. */
export const locateEvent = async (
  db: SqlSession,
  streamId: string,
  revision: number,
): Promise<{ file: string; block: number }> => {
  const [row] = await db.query<{ file: string; ctid: string }>(
    `select pg_relation_filepath('events') as file, ctid::text from events where stream_id = $1 and revision = $2`,
    [streamId, revision],
  );
  return { file: row!.file, block: Number(/^\((\d+),/.exec(row!.ctid)![1]) };
};

/** The revisions of each stream stored in one block of the events table. */
export const revisionsInBlock = async (db: SqlSession, block: number): Promise<Map<string, number[]>> => {
  const rows = await db.query<{ stream_id: string; revision: number }>(
    `select stream_id, revision from events where ctid >= $1::tid and ctid < $2::tid order by stream_id, revision`,
    [`(${block},0)`, `(${block + 1},0)`],
  );
  const found = new Map<string, number[]>();
  for (const row of rows) found.set(row.stream_id, [...(found.get(row.stream_id) ?? []), Number(row.revision)]);
  return found;
};

/** One byte inverted in the middle of a block, as a failing disk or a stray write would leave it. */
export const flipByteInBlock = (path: string, block: number): void => {
  const fd = openSync(path, 'r+');
  try {
    const offset = block * blockSize + blockSize / 2;
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, offset);
    byte[0] = byte[0]! ^ 0xff;
    writeSync(fd, byte, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
};
