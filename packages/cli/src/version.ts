// The CLI's version, read from its own package.json when asked for. By the package's own name (its
// exports list ./package.json), not a relative path: the bundled commands live one folder deeper
// (dist/bundle/) than src/ and dist/.
import { createRequire } from 'node:module';

export const cliVersion = (): string => {
  const manifest: unknown = createRequire(import.meta.url)('@rapport/cli/package.json');
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
};
