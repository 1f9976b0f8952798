// @rapport/core/testing: the contract suites every store adapter owes Rapport (run with vitest), for
// this repository's store packages and for third-party adapters, plus the fixtures they use.
export { eventStoreContract } from './event-store-contract.js';
export { appendBatchContract, propertyContract } from './event-store-batch-contract.js';
export {
  T0, conflict, events, newEvent, raceTwoWriters, readAllEvents, readAllUntilFailure, steppingClock, stored, withStore,
  type ContractStoreOptions, type EventStoreFactory,
} from './event-store-fixtures.js';
export { readModelStoreContract, snapshot, type ReadModelStoreFactory, type ReadModelStoreFixture } from './read-model-contract.js';
export { describeWithService, serviceAvailable, serviceProblem, serviceUrl, servicesRequired, uniqueName, type Service, type Suite } from './services.js';
