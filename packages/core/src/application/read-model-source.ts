// Reports read the read-model store directly: clients streamed in clientId order a page at a time,
// documents by key. Nothing here holds a whole read model, so a report over a firm of any size
// needs memory for its answer only.
import { samePosition } from '../domain/envelope.js';
import { scanPages, streamCollection, keyAfter, type GenerationHead, type ReadModelStore } from '../ports/read-model-store.js';
import { clientsProjection } from '../projections/clients/projection.js';
import { META_KEY, type ClientDoc, type MetaDoc } from '../projections/clients/documents.js';
import { firmProjection, FIRM_SETTINGS_KEY } from '../projections/firm/projection.js';
import { initialFirmState, type FirmSettings } from '../domain/firm/state.js';
import { contactBucketKey, utcDayBounds } from '../projections/salespeople/contacts.js';
import type { ContactBucket, SalespersonDoc } from '../projections/salespeople/documents.js';
import { salespeopleProjection } from '../projections/salespeople/projection.js';
import type { ReportSource } from '../reports/report-views.js';

/** The live generation of each projection reports read, as the store had them when a report began. */
export interface LiveHeads {
  readonly clients: GenerationHead;
  readonly salespeople: GenerationHead;
  readonly firm: GenerationHead;
}

/** The store's live heads; null when a projection has none yet (never built). */
export const liveHeads = async (store: ReadModelStore): Promise<LiveHeads | null> => {
  const [clients, salespeople, firm] = await Promise.all([clientsProjection, salespeopleProjection, firmProjection].map((p) => store.head(p.name)));
  return clients == null || salespeople == null || firm == null ? null : { clients, salespeople, firm };
};

/**
 * The projections reports read whose live generation was built by another version of their code
 * (a projector not yet upgraded, or a store left behind): their documents may have another shape,
 * and reading them as this version's would misread them, so a report must not (the runner rebuilds
 * such a generation when it catches up).
 */
export const foreignVersions = (heads: LiveHeads): string[] =>
  [clientsProjection, salespeopleProjection, firmProjection]
    .filter((projection) => heads[projection.name as keyof LiveHeads].version !== projection.version)
    .map((projection) => `${projection.name} (version ${heads[projection.name as keyof LiveHeads].version}; this code reads ${projection.version})`);

const sameHead = (a: GenerationHead, b: GenerationHead): boolean => a.generation === b.generation && samePosition(a.checkpoint, b.checkpoint);

/** The read models did not move: what was read between the two is one state of the log. */
export const sameHeads = (a: LiveHeads, b: LiveHeads | null): boolean =>
  b !== null && sameHead(a.clients, b.clients) && sameHead(a.salespeople, b.salespeople) && sameHead(a.firm, b.firm);

/**
 * Pages of a collection's documents. They are what the projections wrote (their collections hold
 * exactly what `handle` returned), so asserting their type here, in one place, is safe; a page at a
 * time keeps a report's loop synchronous.
 */
const docPages = async function* <T>(pages: AsyncIterable<readonly { readonly doc: unknown }[]>): AsyncGenerator<readonly T[]> {
  for await (const page of pages) yield page.map(({ doc }) => doc as T);
};

/**
 * Clients a page holds, unless the store prefers otherwise (ReadModelStore.scanPageSize). A hundred
 * documents (a few hundred KB of JSON over a long log) are parsed, read and dropped while V8's
 * young generation still holds them; pages of 500 outlived it and were promoted, and a cold report
 * over the 1,000,000-event W3 firm peaked about 20 MB higher (bench W5). Over Redis, where each
 * page is a round trip, pages of 100 made the same cold KPI report 0.77–0.93 s against 0.65–0.88 s.
 */
const CLIENT_PAGE = 100;

export const storeSource = (store: ReadModelStore, heads: LiveHeads): ReportSource => {
  return {
    clients: () => docPages<ClientDoc>(scanPages(store, clientsProjection.name, heads.clients.generation, 'clients', { limit: store.scanPageSize ?? CLIENT_PAGE })),
    salespeople: async () => {
      const all: SalespersonDoc[] = [];
      for await (const page of docPages<SalespersonDoc>(scanPages(store, salespeopleProjection.name, heads.salespeople.generation, 'salespeople'))) all.push(...page);
      return all;
    },
    contacts: async (salespersonId, start, end) => {
      const buckets = new Map<string, ContactBucket>();
      const days = utcDayBounds(start, end);
      if (days === undefined) return buckets;
      const { first, last } = days;
      // One key range: a salesperson's buckets sort by day. Another salesperson whose id extends
      // this one's with ':' could fall inside it, hence the check of each bucket's owner.
      const range = { from: contactBucketKey(salespersonId, first), to: keyAfter(contactBucketKey(salespersonId, last)) };
      for await (const { key, doc } of streamCollection(store, salespeopleProjection.name, heads.salespeople.generation, 'contacts', range)) {
        const bucket = doc as ContactBucket;
        if (bucket.salespersonId === salespersonId) buckets.set(key, bucket);
      }
      return buckets;
    },
    meta: async () => (await store.get(clientsProjection.name, heads.clients.generation, 'meta', [META_KEY])).get(META_KEY) as MetaDoc | undefined,
  };
};

/** The firm's settings as the firm read model has them (null fields where never set). */
export const storedFirmSettings = async (store: ReadModelStore, heads: LiveHeads): Promise<FirmSettings> => {
  const found = await store.get(firmProjection.name, heads.firm.generation, 'settings', [FIRM_SETTINGS_KEY]);
  return (found.get(FIRM_SETTINGS_KEY) as FirmSettings | undefined) ?? initialFirmState;
};

/**
 * Parsed documents kept between reports while the read models stand still: a long-lived process
 * (a dashboard, a service answering many reports) then scans and parses each collection once per
 * checkpoint instead of once per report. It holds the clients and salespeople collections in
 * memory, so a one-shot process (the CLI) goes without it.
 */
export interface DocumentCache {
  heads: LiveHeads | null;
  clients: readonly ClientDoc[] | null;
  salespeople: readonly SalespersonDoc[] | null;
  /**
   * A salesperson's contact buckets over a span, by salesperson and span: a KPI report reads
   * every salesperson's for its period, and over a long log those scans were most of its time.
   * At most CONTACT_SPANS spans are kept (a dashboard asks for a few periods, not thousands).
   */
  readonly contacts: Map<string, ReadonlyMap<string, ContactBucket>>;
}

/** Contact spans a document cache keeps before it starts again (see DocumentCache.contacts). */
const CONTACT_SPANS = 2000;

export const emptyDocumentCache = (): DocumentCache => ({ heads: null, clients: null, salespeople: null, contacts: new Map() });

/** `source` read through `cache`: served from memory when the heads are the cached ones. */
export const cachedSource = (source: ReportSource, heads: LiveHeads, cache: DocumentCache): ReportSource => {
  if (cache.heads === null || !sameHeads(cache.heads, heads)) {
    cache.heads = heads;
    cache.clients = null;
    cache.salespeople = null;
    cache.contacts.clear();
  }
  // What was read under these heads may be kept only while the cache still stands for the same
  // state of the read models (another report may have moved it on meanwhile); an equal head read
  // by an earlier report counts as the same.
  const current = (): boolean => cache.heads !== null && sameHeads(heads, cache.heads);
  return {
    ...source,
    clients: async function* () {
      if (cache.clients !== null) {
        yield cache.clients;
        return;
      }
      const all: ClientDoc[] = [];
      for await (const page of source.clients()) {
        for (const doc of page) all.push(doc);
        yield page;
      }
      // Only a whole scan is kept; a report that stopped early leaves the cache as it was.
      if (current()) cache.clients = all;
    },
    salespeople: async () => {
      if (cache.salespeople === null) {
        const all = await source.salespeople();
        if (current()) cache.salespeople = all;
        return all;
      }
      return [...cache.salespeople];
    },
    contacts: async (salespersonId, start, end) => {
      const key = `${salespersonId}\u0000${start}\u0000${end}`;
      const known = cache.contacts.get(key);
      if (known !== undefined) return known;
      const buckets = await source.contacts(salespersonId, start, end);
      if (current()) {
        if (cache.contacts.size >= CONTACT_SPANS) cache.contacts.clear();
        cache.contacts.set(key, buckets);
      }
      return buckets;
    },
  };
};
