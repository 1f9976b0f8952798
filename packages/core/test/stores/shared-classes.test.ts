// Classes that cross package boundaries keep `instanceof` true across two copies of core in one
// install (shared-classes.ts), without making unrelated classes, or a parent and its subclass, alike.
import { describe, expect, it } from 'vitest';
import {
  CheckpointConflict,
  DivergedReadModels,
  ForeignReadModels,
  InvalidStoreLocation,
  JsonText,
  LeaseLost,
  StoreUnavailable,
} from '../../src/index.js';
import { documentJson } from '../../src/ports/read-model-store.js';
import { classMark } from '../../src/ports/shared-classes.js';

/** An instance of another copy of core's class `name`: its own prototype, carrying the registered mark. */
const fromAnotherCopy = (name: string): Error => Object.create(Error.prototype, { [classMark(name)]: { value: true } }) as Error;

describe('classes shared across copies of core', () => {
  it('recognises another copy\'s errors by their registered mark', () => {
    const other = fromAnotherCopy('StoreUnavailable');
    expect(Object.getPrototypeOf(other)).not.toBe(StoreUnavailable.prototype);
    expect(other instanceof StoreUnavailable).toBe(true);
    expect(other instanceof CheckpointConflict).toBe(false);
    expect(new Error('plain') instanceof StoreUnavailable).toBe(false);
    expect((null as unknown as object) instanceof StoreUnavailable).toBe(false);
  });

  it('keeps a parent and its subclasses apart as the prototype chain does', () => {
    const foreign = new ForeignReadModels('clients', 'a', 'b');
    expect(foreign instanceof InvalidStoreLocation).toBe(true);
    expect(foreign instanceof ForeignReadModels).toBe(true);
    expect(foreign instanceof DivergedReadModels).toBe(false);
    expect(new InvalidStoreLocation('x') instanceof ForeignReadModels).toBe(false);
    expect(new LeaseLost({ lease: 'l', holder: 'h', token: 1 }, null) instanceof LeaseLost).toBe(true);
    expect(new StoreUnavailable('x') instanceof Error).toBe(true);
  });

  it('keeps another copy\'s JsonText as its text, where JSON.stringify would write {}', () => {
    class OtherJsonText {
      readonly #json = '[1,2]';
      get json(): string {
        return this.#json;
      }
    }
    Object.defineProperty(OtherJsonText.prototype, classMark('JsonText'), { value: true });
    expect(documentJson({ collection: 'c', key: 'k', doc: new OtherJsonText() })).toBe('[1,2]');
    expect(documentJson({ collection: 'c', key: 'k', doc: new JsonText('{"a":1}') })).toBe('{"a":1}');
    expect(documentJson({ collection: 'c', key: 'k', doc: { a: 1 } })).toBe('{"a":1}');
  });
});
