// The dashboard's gate (serve/auth.ts): which hosts need a token, how a request presents it, and
// that only the token itself lets a request in.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/exit-codes.js';
import { gateFor, isLoopback, presentedToken, tokenGate } from '../src/serve/auth.js';

const TOKEN = 'c0ffee-0123456789abcdef';
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

describe('the dashboard gate', () => {
  it('reads the token from a Bearer header, or from the password of a Basic one (any user name, colons kept)', () => {
    expect(presentedToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(presentedToken(`bearer   ${TOKEN}  `)).toBe(TOKEN);
    expect(presentedToken(basic('manager', TOKEN))).toBe(TOKEN);
    expect(presentedToken(basic('', 'a:b:c'))).toBe('a:b:c');
    for (const header of [undefined, '', 'Bearer', `Bearer ${TOKEN} extra`, `Token ${TOKEN}`, `Basic ${Buffer.from('no-colon').toString('base64')}`]) {
      expect(presentedToken(header), String(header)).toBeUndefined();
    }
  });

  it('lets in the token and nothing else', () => {
    const gate = tokenGate(TOKEN);
    expect(gate(`Bearer ${TOKEN}`)).toBe(true);
    expect(gate(basic('anyone', TOKEN))).toBe(true);
    for (const header of [undefined, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}0`, `Bearer ${TOKEN.toUpperCase()}`, basic(TOKEN, 'wrong')]) {
      expect(gate(header), String(header)).toBe(false);
    }
  });

  it('knows the addresses only this machine reaches', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '0:0:0:0:0:0:0:1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'example.com', '::ffff:127.0.0.1x']) expect(isLoopback(host), host).toBe(false);
  });

  it('serves this machine without a token, and refuses another host without a token or --no-auth', () => {
    expect(gateFor({}, '127.0.0.1', false)).toBeNull();
    expect(gateFor({ RAPPORT_SERVE_TOKEN: '' }, '::1', false)).toBeNull();
    expect(gateFor({}, '0.0.0.0', true)).toBeNull();
    expect(() => gateFor({}, '0.0.0.0', false)).toThrow(UsageError);
    expect(() => gateFor({}, '0.0.0.0', false)).toThrow(/--host 0\.0\.0\.0 would let anyone who can reach it read the firm's clients: set RAPPORT_SERVE_TOKEN .*or add --no-auth/);
  });

  it('with a token, gates every host; a short token, or a token with --no-auth, is a usage error', () => {
    for (const host of ['127.0.0.1', '0.0.0.0']) {
      const gate = gateFor({ RAPPORT_SERVE_TOKEN: TOKEN }, host, false);
      expect(gate?.(`Bearer ${TOKEN}`)).toBe(true);
      expect(gate?.(undefined)).toBe(false);
    }
    expect(() => gateFor({ RAPPORT_SERVE_TOKEN: 'short' }, '127.0.0.1', false)).toThrow(/RAPPORT_SERVE_TOKEN must be at least 16 characters/);
    for (const token of [' '.repeat(16), `${TOKEN} ${TOKEN}`, `${TOKEN}\t`, `${TOKEN}\n`, `${TOKEN}\u0000`]) {
      expect(() => gateFor({ RAPPORT_SERVE_TOKEN: token }, '127.0.0.1', false), JSON.stringify(token)).toThrow(/RAPPORT_SERVE_TOKEN must not contain spaces or control characters/);
    }
    expect(() => gateFor({ RAPPORT_SERVE_TOKEN: TOKEN }, '0.0.0.0', true)).toThrow(/--no-auth and RAPPORT_SERVE_TOKEN contradict each other/);
  });
});
