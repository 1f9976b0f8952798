// Standard output on a file writes every byte: write(2) may take only part of a chunk (a disk that
// is filling up), and Node's own stream for a file took that as done, leaving the answer cut short.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeAll } from '../src/output/standard-output.js';

afterEach(() => vi.restoreAllMocks());

describe('writeAll', () => {
  it('writes the rest of a chunk after a short write', () => {
    const taken: string[] = [];
    vi.spyOn(fs, 'writeSync').mockImplementation(((_fd: number, buffer: Buffer, offset: number, length: number) => {
      const n = Math.min(length, 3);
      taken.push(buffer.subarray(offset, offset + n).toString());
      return n;
    }) as typeof fs.writeSync);
    writeAll(1, Buffer.from('lifecycle,csv\n'));
    expect(taken.join('')).toBe('lifecycle,csv\n');
    expect(taken.length).toBe(5);
  });

  it('fails with ENOSPC when write(2) takes nothing, and passes on what write(2) throws', () => {
    vi.spyOn(fs, 'writeSync').mockReturnValue(0);
    expect(() => writeAll(1, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    });
    expect(() => writeAll(1, Buffer.from('x'))).toThrow('EIO');
  });
});
