// The part of EventStoreDB's driver the store uses: EventStoreDBClient has it, and a test can
// stand in for it without a server.
import type { AllStreamResolvedEvent, AppendResult, AppendToStreamOptions, EventData, ReadAllOptions, ReadStreamOptions, ResolvedEvent, SubscribeToAllOptions } from '@eventstore/db-client';

/** A live subscription as the store uses it: the events, and a way to end it. */
export interface EsdbSubscription extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
}

export interface EsdbDriver {
  appendToStream(stream: string, events: EventData[], options: AppendToStreamOptions): Promise<AppendResult>;
  readStream(stream: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): EsdbSubscription;
  dispose(): Promise<void>;
}
