export * from './primitives.js';
export * from './vocabulary.js';
export * from './commands.js';
export * from './events.js';
export * from './errors.js';
export * from './envelope.js';
export * from './streams.js';
export * from './store/event-store.js';
