// Events of one commit share their position on PostgreSQL: two of them parked are told apart by
// their logPosition (commit/prepare). A position that names both is refused, naming them, rather
// than skipping whichever comes first; a logPosition names exactly one.
import { afterAll, expect, it } from 'vitest';
import { createMemoryReadModelStore, createRapport } from '@rapport/core';
import { describeWithService, newEvent } from '@rapport/core/testing';
import { closeAdminPool, freshStore } from './fresh-store.js';

const suite = await describeWithService('postgres');
afterAll(closeAdminPool);

suite('parked events of one PostgreSQL commit', () => {
  it('are listed with their logPositions; a shared position is refused, a logPosition skips one', async () => {
    const { store, cleanup } = await freshStore();
    try {
      // Two events a newer Rapport might write, in one group commit.
      const future = (client: string) => ({ stream: `client-${client}`, expected: 'no-stream' as const, events: [newEvent('ClientTeleported', { clientId: client })] });
      const appended = await store.appendBatch([future('a'), future('b')]);
      expect(appended._tag).toBe('Right');
      const rapport = createRapport({ eventStore: store, readModelStore: createMemoryReadModelStore() });
      const parked = (await rapport.parked()).filter((p) => p.projection === 'clients');
      expect(parked.map((p) => p.stream)).toEqual(['client-a', 'client-b']);
      const [a, b] = parked as [(typeof parked)[number], (typeof parked)[number]];
      expect(a.position).toBe(b.position);
      expect(a.logPosition).not.toBe(b.logPosition);
      await expect(rapport.skipParked(a.position)).rejects.toMatchObject({ name: 'InvalidReportInput', option: 'position', message: expect.stringContaining(`names 2 parked events of one commit (${a.logPosition}, ${b.logPosition})`) });
      expect(await rapport.skipParked(b.logPosition)).toEqual(['clients', 'salespeople', 'firm', 'history']);
      expect((await rapport.parked()).map((p) => p.stream)).toEqual(['client-a', 'client-a', 'client-a', 'client-a']);
      await expect(rapport.skipParked('1/2/3')).rejects.toMatchObject({ name: 'InvalidReportInput', option: 'position' });
      await rapport.close();
    } finally {
      await cleanup();
    }
  });
});
