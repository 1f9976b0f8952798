// The CLI's version, read from its own package.json (beside src/ and dist/ alike) when asked for.
import { createRequire } from 'node:module';

export const cliVersion = (): string => {
  const manifest: unknown = createRequire(import.meta.url)('../package.json');
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
};
