// The EventStoreDB adapter's mapping, without a server: envelope ↔ event shapes, revisions, and
// which driver failures become StreamConflict, a missing stream, or StoreUnavailable.
import { describe, expect, it } from 'vitest';
import { ErrorType, MaxAppendSizeExceededError, StreamDeletedError, StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { StoreUnavailable, type EventMetadata } from '@rapport/core';
import {
  ESDB_NO_STREAM,
  checkNamespace,
  classifyFailure,
  conflictOf,
  endpointOf,
  esdbMetadata,
  expectedRevisionAt,
  logicalStream,
  physicalStream,
  rapportMetadata,
  toRecordedEvent,
  unavailable,
  versionOfRevision,
  type EsdbRecordedEvent,
} from '../src/mapping.js';

const metadata: EventMetadata = {
  occurredAt: '2024-03-01T09:30:00.000Z',
  recordedAt: '2024-03-01T09:30:01.000Z',
  actor: 'alice',
  commandId: 'cmd-1',
  correlationId: null,
  causationId: 'cmd-0',
  schemaVersion: 1,
  hash: 'a'.repeat(64),
};

const esdbEvent = (overrides: Partial<EsdbRecordedEvent> = {}): EsdbRecordedEvent => ({
  streamId: 'client-A',
  revision: 3n,
  type: 'ClientContacted',
  isJson: true,
  data: { clientId: 'A' },
  metadata: esdbMetadata(metadata),
  position: { commit: 1200n, prepare: 1100n },
  ...overrides,
});

describe('EventStoreDB mapping: revisions', () => {
  it.each([
    [-1, ESDB_NO_STREAM],
    [0, 0n],
    [41, 41n],
  ] as const)('a stream at version %s is appended to at revision %s', (version, revision) => {
    expect(expectedRevisionAt(version)).toBe(revision);
    expect(versionOfRevision(revision)).toBe(version);
  });

  it('reports a conflict with the actual version, no-stream when the stream is missing', () => {
    expect(conflictOf('client-A', 0, 2n)).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: 0, actual: 2 });
    expect(conflictOf('client-A', 3, ESDB_NO_STREAM)).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: 3, actual: 'no-stream' });
    expect(conflictOf('client-A', 'no-stream', 4)).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: 'no-stream', actual: 4 });
    expect(conflictOf('client-A', 'any', -1)).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: 'any', actual: 'no-stream' });
  });
});

describe('EventStoreDB mapping: streams and namespaces', () => {
  it.each([
    ['', 'client-A', 'client-A'],
    ['', 'salesperson-S', 'salesperson-S'],
    // The firm's settings (SPEC §2) live in one stream named exactly `firm`.
    ['', 'firm', 'firm'],
    ['t1.', 't1.firm', 'firm'],
    ['', 'firmware-1', null],
    ['', 'orders-1', null],
    ['', '$stats-127.0.0.1:2113', null],
    ['', '$$client-A', null],
    ['t1.', 't1.client-A', 'client-A'],
    ['t1.', 'client-A', null],
    ['t1.', 't2.client-A', null],
    ['t1.', 't1.other', null],
  ] as const)('namespace "%s": %s is Rapport stream %s', (namespace, streamId, stream) => {
    expect(logicalStream(namespace, streamId)).toBe(stream);
  });

  it('prefixes streams with the namespace and refuses one that would look like a system stream', () => {
    expect(physicalStream('t1.', 'client-A')).toBe('t1.client-A');
    expect(checkNamespace('t1.')).toBe('t1.');
    expect(() => checkNamespace('$t')).toThrow(RangeError);
  });
});

describe('EventStoreDB mapping: events', () => {
  it('keeps every metadata field, hash included, and reads it back', () => {
    const stored = esdbMetadata(metadata);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(metadata);
    expect(rapportMetadata(JSON.parse(JSON.stringify(stored)))).toEqual(metadata);
  });

  it.each([
    ['absent', undefined],
    ['binary', new Uint8Array([1, 2])],
    ['an array', [metadata]],
    ['without hash', { ...metadata, hash: undefined }],
    ['with a numeric actor', { ...metadata, actor: 7 }],
    ['with a non-string commandId', { ...metadata, commandId: 1 }],
    ['without schemaVersion', { ...metadata, schemaVersion: '1' }],
  ])('does not take metadata %s for Rapport metadata', (_label, raw) => {
    expect(rapportMetadata(raw)).toBeNull();
  });

  it('turns a Rapport event into a RecordedEvent: revision as streamVersion, commit and prepare as position', () => {
    expect(toRecordedEvent('', esdbEvent())).toEqual({
      stream: 'client-A',
      streamVersion: 3,
      position: { commit: 1200n, prepare: 1100n },
      type: 'ClientContacted',
      data: { clientId: 'A' },
      metadata,
    });
    expect(toRecordedEvent('t1.', esdbEvent({ streamId: 't1.client-A' }))?.stream).toBe('client-A');
  });

  it.each([
    ['a system stream', { streamId: '$settings' }],
    ['a stream of another application', { streamId: 'orders-1' }],
    ['another namespace', { streamId: 't2.client-A' }],
    ['a system event type', { type: '$metadata' }],
    ['binary data', { isJson: false, data: new Uint8Array([1]) }],
    ['data that is not an object', { data: [1, 2] }],
    ['no Rapport metadata', { metadata: { $correlationId: 'x' } }],
  ])('skips an event from %s', (_label, overrides) => {
    expect(toRecordedEvent('', esdbEvent(overrides))).toBeNull();
  });

  it('refuses an event without a log position (a server before 22.6)', () => {
    expect(() => toRecordedEvent('', esdbEvent({ position: undefined }))).toThrow(StoreUnavailable);
    expect(() => toRecordedEvent('', esdbEvent({ position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n } }))).toThrow(StoreUnavailable);
  });
});

describe('EventStoreDB mapping: failures', () => {
  it('reads a wrong expected version with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'client-A', expected: 0n, current: 2n });
    expect(error.type).toBe(ErrorType.WRONG_EXPECTED_VERSION);
    expect(classifyFailure(error)).toEqual({ kind: 'wrong-expected-version', actual: 2n });
    const missing = new WrongExpectedVersionError(undefined, { streamName: 'client-A', expected: 0n, current: 'no_stream' });
    expect(classifyFailure(missing)).toEqual({ kind: 'wrong-expected-version', actual: ESDB_NO_STREAM });
  });

  it('reads a missing stream', () => {
    expect(classifyFailure(new StreamNotFoundError(undefined, 'client-A'))).toEqual({ kind: 'stream-not-found' });
  });

  it.each([
    ['unavailable', new UnavailableError()],
    ['a deadline', { type: ErrorType.DEADLINE_EXCEEDED, message: 'deadline exceeded' }],
    ['not the leader', { type: ErrorType.NOT_LEADER, message: 'not leader' }],
    ['access denied', { type: ErrorType.ACCESS_DENIED, message: 'denied' }],
    ['a plain error', new Error('socket hang up')],
    ['a string', 'boom'],
  ])('makes %s a StoreUnavailable naming the endpoint, without its password', (_label, cause) => {
    expect(classifyFailure(cause)).toEqual({ kind: 'unavailable' });
    const error = unavailable(endpointOf('esdb://admin:changeit@db.example:2113?tls=false'), cause);
    expect(error).toBeInstanceOf(StoreUnavailable);
    expect(error.message).toContain('esdb://admin:***@db.example:2113');
    expect(error.message).not.toContain('changeit');
    expect(error.cause).toBe(cause);
  });

  it('names the kind of an error the driver gives no message (its batched appends)', () => {
    expect(unavailable('esdb://h', MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576)).message).toMatch(/^EventStoreDB event store esdb:\/\/h: maximum-append-size-exceeded \(\w+, no message\)$/);
    expect(unavailable('esdb://h', StreamDeletedError.fromStreamName('client-A')).message).toMatch(/: stream-deleted \(\w+, no message\)$/);
    expect(unavailable('esdb://h', new Error('')).message).toBe('EventStoreDB event store esdb://h: Error (no message)');
  });

  it('keeps a caller mistake (TypeError, RangeError) and an existing StoreUnavailable as they are', () => {
    const mistake = new TypeError('the data of Noted on client-A is not JSON');
    expect(classifyFailure(mistake)).toEqual({ kind: 'caller' });
    expect(unavailable('esdb://h', mistake)).toBe(mistake);
    const already = new StoreUnavailable('closed');
    expect(unavailable('esdb://h', already)).toBe(already);
  });
});
