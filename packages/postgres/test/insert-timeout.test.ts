// An INSERT of many rows (an import's transaction of up to 100,000 events) may take longer than the
// pool's query time-out on a busy server, which then counted as unavailable and stopped the
// import: it gets half a millisecond more a row. pg honours a query's own query_timeout, though
// its types leave it out; the second test keeps that true across pg upgrades.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeWithService, serviceUrl } from '@rapport/core/testing';
import { insertTimeout } from '../src/appends.js';

describe('insertTimeout', () => {
  it('is the pool\'s for one row, and half a millisecond more for each further row', () => {
    expect(insertTimeout(10_000, 1)).toBe(10_000);
    expect(insertTimeout(10_000, 1001)).toBe(10_500);
    expect(insertTimeout(10_000, 100_001)).toBe(60_000);
  });
});

const suite = await describeWithService('postgres');

suite('a query\'s own query_timeout', () => {
  it('wins over the pool\'s, either way', async () => {
    const pool = new pg.Pool({ connectionString: serviceUrl('postgres'), query_timeout: 200, max: 1 });
    try {
      const longer: pg.QueryConfig & { query_timeout: number } = { text: 'SELECT pg_sleep(0.5)', query_timeout: 5000 };
      await expect(pool.query(longer)).resolves.toBeDefined();
      const shorter: pg.QueryConfig & { query_timeout: number } = { text: 'SELECT pg_sleep(0.5)', query_timeout: 50 };
      await expect(pool.query(shorter)).rejects.toThrow(/timeout/i);
    } finally {
      await pool.end();
    }
  });
});
