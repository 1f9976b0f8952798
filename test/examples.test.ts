// The README points embedding developers at examples/embed.ts: it must keep running and keep
// printing what the README promises.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

describe('examples/embed.ts', () => {
  it('executes commands, rejects the rule violation and reads its own writes', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/embed.ts'], { cwd: root });
    expect(stdout).toContain('cmd-4 applied');
    expect(stdout).toContain('cmd-5 rejected ClientChurned');
    // 4,800,000 × 1.0 (competitor) × exp(−41/365): churned 2024-05-20T03:00Z, as of the end of
    // 2024-06-30 in Shanghai (15:59:59.999Z), i.e. 41 whole days.
    expect(stdout).toContain('"clientId":"c-001","action":"differentiated-offer","score":4290002');
    expect(stdout).toContain('attrition 2024-Q2: 1 lost 1 of 1');
    expect(stdout).toContain('ClientRegistered → ClientEngaged → ClientChurned | stage now: churned');
  }, 60_000);
});

describe('examples/telemetry.ts', () => {
  it('prints the spans and metrics an SDK registered before createRapport receives', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/telemetry.ts'], { cwd: root });
    expect(stdout).toContain('rapport.command {"rapport.command.name":"RegisterClient","rapport.command.outcome":"rejected","rapport.command.code":"ClientAlreadyRegistered","rapport.stream":"client-c-001"}');
    expect(stdout).toMatch(/rapport\.projection\.batch \{"rapport\.projection":"clients","rapport\.projection\.generation":\d+,"rapport\.projection\.events":3,/);
    expect(stdout).toContain('rapport.commands {"rapport.command.name":"RecordEngagement","rapport.command.outcome":"duplicate"} = 1');
    expect(stdout).toContain('rapport.projection.events {"rapport.projection":"clients"} = 3');
    expect(stdout).toContain('rapport.projection.lag {"rapport.projection":"clients"} = 0');
  }, 60_000);
});
