import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run on the sources: each package name points at its src entry, as tsconfig.json's paths do.
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@rapport\/core\/store-kit$/, replacement: source('./packages/core/src/store-kit.ts') },
      { find: /^@rapport\/core\/testing$/, replacement: source('./packages/core/src/testing/index.ts') },
      { find: /^@rapport\/core$/, replacement: source('./packages/core/src/index.ts') },
      { find: /^@rapport\/(sqlite|postgres|redis|esdb|cli)$/, replacement: source('./packages/$1/src/index.ts') },
    ],
  },
  test: {
    globalSetup: ['test/support/build.ts'],
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
