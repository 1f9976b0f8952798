// The read models in a sqlite: file this user may only read (an auditor given read access to the
// firm's database). They answer as they stand when nothing has to be written: the projections are
// current, or the command reads them as they stand (--catch-up never, status). A command that would
// have to write (catch up, build, lease) stops with ReadModelsNeedWriting before touching the file,
// and is run again over read models folded in memory (open-rapport.ts).
import type { ReadModelStore } from '@rapport/core';

/** A write the read-only read models were asked for; never reaches the user. */
export class ReadModelsNeedWriting extends Error {
  constructor(readonly step: string) {
    super(`the read models may only be read, and ${step} would write to them`);
    this.name = 'ReadModelsNeedWriting';
  }
}

const refuse = (step: string) => (): Promise<never> => Promise.reject(new ReadModelsNeedWriting(step));

export const readOnlyReadModels = (store: ReadModelStore): ReadModelStore => ({
  ...(store.scanPageSize === undefined ? {} : { scanPageSize: store.scanPageSize }),
  head: (projection) => store.head(projection),
  get: (projection, generation, collection, keys) => store.get(projection, generation, collection, keys),
  scan: (projection, generation, collection, range) => store.scan(projection, generation, collection, range),
  leaseState: (name) => store.leaseState(name),
  applyBatch: refuse('a batch'),
  beginGeneration: refuse('a build'),
  activate: refuse('an activation'),
  discardGeneration: refuse('a discard'),
  lease: refuse('a lease'),
  releaseLease: refuse('a lease release'),
  close: () => store.close(),
});
