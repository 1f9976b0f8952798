// The options the demo's "Try next" hints carry: what a pasted hint needs to reach the demo's firm
// in the shell that ran it, never a password.
import { describe, expect, it } from 'vitest';
import { parseReadModelUrl, parseStoreUrl } from '../src/config/store-url.js';
import { againOptions } from '../src/demo/again.js';

const cwd = '/home/firm';
const globals = (store: string, readModels?: string) => {
  const location = parseStoreUrl(store, cwd);
  return {
    store: location,
    readModels: readModels === undefined ? (location.kind === 'sqlite' ? location : ({ kind: 'memory' } as const)) : parseReadModelUrl(readModels, cwd),
  };
};

describe('againOptions', () => {
  it('says nothing for the default store, and names another store file by its path from here', () => {
    expect(againOptions(globals('sqlite:.rapport/rapport.db'), cwd, {})).toEqual({ options: '', passwordHidden: false });
    expect(againOptions(globals('sqlite:other.db'), cwd, {})).toEqual({ options: ' --store sqlite:other.db', passwordHidden: false });
    expect(againOptions(globals('memory:'), cwd, {})).toBeNull();
  });

  it('leaves out what RAPPORT_STORE and RAPPORT_READ_MODELS already say, so no password is needed', () => {
    const env = { RAPPORT_STORE: 'sqlite:envfirm.db', RAPPORT_READ_MODELS: 'redis://:pw2@127.0.0.1:6451/4' };
    expect(againOptions(globals('sqlite:envfirm.db', 'redis://:pw2@127.0.0.1:6451/4'), cwd, env)).toEqual({ options: '', passwordHidden: false });
  });

  it('names the store when a variable points elsewhere, even the default one given as an option', () => {
    const env = { RAPPORT_STORE: 'sqlite:elsewhere.db' };
    expect(againOptions(globals('sqlite:.rapport/rapport.db'), cwd, env)?.options).toBe(' --store sqlite:.rapport/rapport.db');
  });

  it('shows a password given as an option as ***, and says so', () => {
    const again = againOptions(globals('postgres://u:secret@db.example:5432/firm'), cwd, {});
    expect(again).toEqual({ options: " --store 'postgres://u:***@db.example:5432/firm'", passwordHidden: true });
    expect(JSON.stringify(again)).not.toContain('secret');
  });
});
