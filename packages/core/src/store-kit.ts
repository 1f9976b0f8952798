// @rapport/core/store-kit: what every event-store and read-model-store adapter shares, for the
// store packages of this repository and for third-party adapters: the SPEC §6 sealing of appends,
// the expected-revision check, readAll batching, the checkpoint decision and URL redaction.
export { NO_STREAM, conflictAt, firstConflict, type StreamVersion } from './stores/kit/expected-revision.js';
export { DEFAULT_BATCH_SIZE, batchSizeOf } from './stores/kit/read-all.js';
export { redactUrl } from './stores/kit/redact-url.js';
export { redisDatabaseProblem } from './stores/kit/redis-url.js';
export { createWaiters, delay, pollForAppends } from './stores/kit/wake-up.js';
export { recordingInstant, sealEvent, sealNext, sealRequests, type ChainHead, type SealedEvent } from './stores/kit/seal.js';
export { metadataProblem, parseStoredPage, parseStoredRow, type StoredRow } from './stores/kit/stored-row.js';
export { canonicalJson } from './integrity/canonical-json.js';
export { canonicalEventJson, encodeFields, encodedEventHash, eventHash, hashedFieldsOf, verifyChain, type EncodedFields, type HashedFields } from './integrity/hash.js';
export { checkpointDecision, documentJson, fenceHolds, leaseDecision } from './ports/read-model-store.js';
