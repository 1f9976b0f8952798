// One writer process for the multi-process test: appends `count` events to one stream, each at
// the exact expected revision, re-reading the stream after every conflict as the command path does.
import { isRight } from 'fp-ts/lib/Either.js';
import { openSqliteEventStore } from '../src/event-store.js';
import { newEvent } from '@rapport/core/testing';

const [file, stream, count, writer, startAt] = process.argv.slice(2);
if (file === undefined || stream === undefined || count === undefined || writer === undefined || startAt === undefined) {
  throw new Error('usage: sqlite-writer.fixture.ts FILE STREAM COUNT WRITER START_AT_MS');
}
const store = openSqliteEventStore(file, { busyTimeoutMs: 30_000 });
// Processes start at different speeds; a common start time makes their appends overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
let appended = 0;
let conflicts = 0;
while (appended < Number(count)) {
  const last = (await store.readStream(stream)).at(-1);
  const result = await store.append({
    stream,
    expected: last === undefined ? 'no-stream' : last.streamVersion,
    events: [newEvent('Written', { writer, n: appended })],
  });
  if (isRight(result)) appended++;
  else conflicts++;
}
await store.close();
process.stdout.write(JSON.stringify({ writer, appended, conflicts }));
