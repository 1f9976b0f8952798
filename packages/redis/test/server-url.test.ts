// A single server's redis:// URL through the library (no CLI in front): a path that is no database
// number, or a database given as ?db=, is refused as the CLI refuses it, before ioredis connects:
// ioredis would SELECT database NaN (an unhandled error that killed the caller's process after
// its report had failed) or quietly open database 0.
import { describe, expect, it } from 'vitest';
import { InvalidStoreLocation } from '@rapport/core';
import { openRedisReadModelStore } from '../src/index.js';

describe('openRedisReadModelStore with a single server URL', () => {
  it.each([
    ['redis://127.0.0.1:1/abc', /the path of a redis:\/\/ URL is the database number, .* not "abc": redis:\/\/127\.0\.0\.1:1\/abc/],
    ['redis://127.0.0.1:1/0/1', /not "0\/1"/],
    ['redis://127.0.0.1:1/?db=2', /not as \?db=/],
    ['redis://127.0.0.1:1/', null],
    ['redis://127.0.0.1:1/7', null],
  ])('%s', async (url, refusal) => {
    if (refusal === null) {
      const store = openRedisReadModelStore(url);
      await store.close();
      return;
    }
    expect(() => openRedisReadModelStore(url)).toThrow(InvalidStoreLocation);
    expect(() => openRedisReadModelStore(url)).toThrow(refusal);
  });
});
