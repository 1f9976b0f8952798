// After tsc: writes every help text to dist/help.json, so the bin answers `rapport --help` without
// loading the library (see src/main.ts and src/help-texts.ts).
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { COMMANDS } from '../dist/commands/table.js';
import { helpTexts } from '../dist/help-texts.js';

writeFileSync(new URL('../dist/help.json', import.meta.url), `${JSON.stringify(helpTexts(COMMANDS))}\n`);
