// A stream's commandIds (idempotency) as its successive snapshots see them. Copying the map for every
// command made a stream's commands quadratic and was the largest source of garbage in `apply`;
// instead the snapshots of one line of history share a log of entries, each snapshot seeing those
// recorded at or before its own revision. Only the newest snapshot of a log adds to it in place;
// any other (a snapshot advanced twice, a batch that failed) gets its own copy first, so a branch
// that was never committed is never seen by another.
import type { LogPosition, RecordedEvent } from '../domain/envelope.js';
import { EntriesMap } from '../domain/entries-map.js';

interface Entry {
  readonly version: number;
  /** null while pending in a group commit; set once when the commit lands. */
  position: LogPosition | null;
}

interface CommandLog {
  readonly entries: Map<string, Entry>;
  /** The revision of the newest snapshot built on this log: the one allowed to extend it. */
  tip: number;
}

export class CommandIds extends EntriesMap<LogPosition | null> {
  private constructor(
    private readonly log: CommandLog,
    private readonly revision: number,
  ) {
    super();
  }

  /** The commandIds of a stream at `revision`, from its events' (commandId, streamVersion, position). */
  static of(revision: number, recorded: Iterable<readonly [commandId: string, version: number, position: LogPosition | null]>): CommandIds {
    const entries = new Map<string, Entry>();
    for (const [commandId, version, position] of recorded) entries.set(commandId, { version, position });
    return new CommandIds({ entries, tip: revision }, revision);
  }

  private entry(commandId: string): Entry | undefined {
    const found = this.log.entries.get(commandId);
    return found !== undefined && found.version <= this.revision ? found : undefined;
  }

  has(commandId: string): boolean {
    return this.entry(commandId) !== undefined;
  }

  get(commandId: string): LogPosition | null | undefined {
    return this.entry(commandId)?.position;
  }

  /** These commandIds after the event at `version` (with `commandId`, if any) was recorded. */
  advancedTo(version: number, commandId: string | null, position: LogPosition | null): CommandIds {
    const { log } = this;
    const inPlace = log.tip === this.revision && version > this.revision && (commandId === null || !log.entries.has(commandId));
    const target = inPlace ? log : this.copy();
    if (commandId !== null) target.entries.set(commandId, { version, position });
    target.tip = version;
    return new CommandIds(target, version);
  }

  /** Gives pending entries the positions the events that recorded them got. */
  settle(committed: Iterable<Pick<RecordedEvent, 'streamVersion' | 'position' | 'metadata'>>): void {
    for (const { streamVersion, position, metadata } of committed) {
      if (metadata.commandId === null) continue;
      const found = this.entry(metadata.commandId);
      if (found !== undefined && found.version === streamVersion && found.position === null) found.position = position;
    }
  }

  private copy(): CommandLog {
    const entries = new Map<string, Entry>();
    for (const [commandId, e] of this.log.entries) if (e.version <= this.revision) entries.set(commandId, { version: e.version, position: e.position });
    return { entries, tip: this.revision };
  }

  get size(): number {
    let count = 0;
    for (const e of this.log.entries.values()) if (e.version <= this.revision) count++;
    return count;
  }

  *entries(): IterableIterator<[string, LogPosition | null]> {
    for (const [commandId, e] of this.log.entries) if (e.version <= this.revision) yield [commandId, e.position];
  }

}
