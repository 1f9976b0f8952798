// Every command the CLI knows. To add one, write a module next to apply.ts that exports a
// `defineCommand({...})` and list it here; parsing, help and exit codes come with the table.
import { applyCommand } from './apply.js';
import type { CliCommand } from './command.js';

export const COMMANDS: readonly CliCommand[] = [applyCommand];
