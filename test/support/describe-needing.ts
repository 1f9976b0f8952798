// A suite that needs a tool of the machine's (util-linux `script`, a `/dev/full` device): skipped,
// with its reason printed and in its name, where the tool is missing; under
// RAPPORT_REQUIRE_SERVICES=1 (CI) a missing tool fails the run instead, as a missing service does.
import { describe } from 'vitest';
import { servicesRequired, type Suite } from '@rapport/core/testing';

/** `describe` when `problem` is null; else skipped saying why, or failing under RAPPORT_REQUIRE_SERVICES=1. */
export const describeNeeding = (problem: string | null): Suite => {
  if (problem === null) return describe;
  if (servicesRequired()) throw new Error(`RAPPORT_REQUIRE_SERVICES=1 but ${problem}`);
  process.stderr.write(`skipping tests: ${problem}\n`);
  return (name, body) => describe.skip(`[skipped: ${problem}] ${name}`, body);
};
