import { describe, expect, it } from 'vitest';
import { applyCommand } from '../src/commands/apply.js';
import { defineCommand, type CliCommand } from '../src/commands/command.js';
import { COMMANDS } from '../src/commands/table.js';
import { EXIT, UsageError } from '../src/exit-codes.js';
import { allOptions, parseInvocation } from '../src/invocation.js';

const noop = async () => EXIT.ok;
const lifecycle = defineCommand({
  name: 'report lifecycle',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'lifecycle',
  description: '',
  options: { 'as-of': { type: 'string', valueName: 'T', description: 'as of' } },
  run: noop,
});
const winback = defineCommand({
  name: 'report winback',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'winback',
  description: '',
  options: {
    'as-of': { type: 'string', valueName: 'T', description: 'as of' },
    all: { type: 'boolean', description: 'all' },
  },
  run: noop,
});
// A small table of its own, so the parser's tests do not move when the real one grows.
const commands: readonly CliCommand[] = [applyCommand, lifecycle, winback];

const run = (args: string[]) => {
  const invocation = parseInvocation(args, commands);
  if (invocation.kind !== 'run') throw new Error(`expected a run, got ${invocation.kind}`);
  return { name: invocation.command.name, operands: invocation.operands, values: { ...invocation.values } };
};

describe('parseInvocation', () => {
  it('accepts global options before, between and after the command and its operands', () => {
    const expected = { name: 'apply', operands: ['f.jsonl'], values: { store: 'memory:', format: 'json' } };
    expect(run(['--store', 'memory:', '--format', 'json', 'apply', 'f.jsonl'])).toEqual(expected);
    expect(run(['apply', 'f.jsonl', '--store', 'memory:', '--format=json'])).toEqual(expected);
    expect(run(['--store=memory:', 'apply', '--format', 'json', 'f.jsonl'])).toEqual(expected);
  });

  it('takes - and anything after -- as operands', () => {
    expect(run(['apply', '-']).operands).toEqual(['-']);
    expect(run(['apply', '--', '--odd-name.jsonl']).operands).toEqual(['--odd-name.jsonl']);
  });

  it('finds two-word commands with their own options, wherever the options stand', () => {
    expect(run(['--as-of', '2025-01-01', 'report', 'winback', '--all'])).toEqual({
      name: 'report winback',
      operands: [],
      values: { 'as-of': '2025-01-01', all: true },
    });
    expect(run(['report', 'lifecycle', '--as-of', '2025-01-01']).name).toBe('report lifecycle');
  });

  it('refuses an option that belongs to another command', () => {
    expect(() => parseInvocation(['report', 'lifecycle', '--all'], commands)).toThrow(/unknown option --all for report lifecycle/);
    expect(() => parseInvocation(['apply', 'f', '--as-of', 'x'], commands)).toThrow(/unknown option --as-of for apply/);
  });

  it('turns parseArgs failures into usage errors without its advice about --', () => {
    expect(() => parseInvocation(['apply', 'f', '--store'], commands)).toThrow(UsageError);
    expect(() => parseInvocation(['apply', 'f', '--help=yes'], commands)).toThrow(UsageError);
    expect(() => parseInvocation(['apply', 'f', '-x'], commands)).toThrow(/^unknown option -x for apply/);
    expect(() => parseInvocation(['apply', 'f', '--constructor'], commands)).toThrow(/unknown option --constructor/);
  });

  it('says each kind of option mistake in one line naming the option, never parseArgs\' own text', () => {
    const refusal = (args: string[]) => {
      try {
        parseInvocation(args, commands);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        expect(error.message).not.toContain('\n');
        expect(error.message).not.toMatch(/ambiguous|argument missing|does not take an argument/);
        return error.message;
      }
      throw new Error(`${args.join(' ')} was accepted`);
    };
    expect(refusal(['report', 'lifecycle', '--as-of'])).toBe('--as-of: needs a value, as in --as-of T; run rapport report lifecycle --help');
    expect(refusal(['apply', 'f', '--store'])).toMatch(/^--store: needs a value, as in --store URL/);
    // An option where the value was due is a missing value, not the value.
    expect(refusal(['report', 'winback', '--as-of', '--all'])).toMatch(/^--as-of: needs a value/);
    expect(refusal(['report', 'winback', '--as-of', '-h'])).toMatch(/^--as-of: needs a value/);
    expect(refusal(['report', 'winback', '--all=false'])).toBe('--all is a switch and takes no value, got "--all=false"; give --all alone or leave it out');
    expect(refusal(['apply', 'f', '--help=yes'])).toMatch(/^--help is a switch and takes no value/);
  });

  it('passes a value that starts with a dash but is no option to the option, whose own check judges it', () => {
    expect(run(['report', 'winback', '--as-of', '-1']).values).toEqual({ 'as-of': '-1' });
    expect(run(['apply', '--tz', '-1', 'f.jsonl'])).toEqual({ name: 'apply', operands: ['f.jsonl'], values: { tz: '-1' } });
    expect(run(['--tz', '-x', 'report', 'winback']).values).toEqual({ tz: '-x' });
  });

  it('checks the number of operands', () => {
    expect(() => parseInvocation(['apply'], commands)).toThrow(/apply needs FILE\|-/);
    expect(() => parseInvocation(['apply', 'a', 'b'], commands)).toThrow(/apply takes FILE\|-, got "a" "b"/);
    expect(() => parseInvocation(['report', 'lifecycle', 'extra'], commands)).toThrow(/takes no operands/);
    // parked lists; parked retry|skip POSITION act: a stray word names both forms.
    expect(() => parseInvocation(['parked', 'frob'], COMMANDS)).toThrow(
      /^parked takes no operands, or one of: retry POSITION, skip POSITION; got "frob"$/,
    );
  });

  it('names the members of a group when the second word is missing or wrong', () => {
    expect(() => parseInvocation(['report'], commands)).toThrow(/report needs one of: lifecycle, winback/);
    expect(() => parseInvocation(['report', 'churn'], commands)).toThrow(/report has no "churn"; it takes one of: lifecycle, winback/);
    expect(() => parseInvocation(['frobnicate'], commands)).toThrow(/unknown command "frobnicate"/);
    expect(() => parseInvocation([], commands)).toThrow(/no command given/);
  });

  it('answers --help, -h and help, for the shell or one command', () => {
    expect(parseInvocation(['--help'], commands)).toEqual({ kind: 'help' });
    expect(parseInvocation(['help'], commands)).toEqual({ kind: 'help' });
    expect(parseInvocation(['-h', 'apply'], commands)).toMatchObject({ kind: 'help', command: { name: 'apply' } });
    expect(parseInvocation(['apply', '--help', '--bogus'], commands)).toMatchObject({ kind: 'help', command: { name: 'apply' } });
    expect(parseInvocation(['help', 'report', 'winback'], commands)).toMatchObject({ kind: 'help', command: { name: 'report winback' } });
  });
});

describe('version and group help', () => {
  it('--version and -V alone ask for the version', () => {
    expect(parseInvocation(['--version'], commands)).toEqual({ kind: 'version' });
    expect(parseInvocation(['-V'], commands)).toEqual({ kind: 'version' });
  });

  it('--version and -V with a command answer the version instead of running it, as --help does', () => {
    expect(parseInvocation(['apply', 'f.jsonl', '--version', '--store', 'sqlite:v.db'], commands)).toEqual({ kind: 'version' });
    expect(parseInvocation(['-V', 'report', 'winback', '--all'], commands)).toEqual({ kind: 'version' });
    expect(parseInvocation(['report', '--version'], commands)).toEqual({ kind: 'version' });
  });

  it('rapport report --help lists the group members (exit 0); rapport report alone is still a usage error', () => {
    const help = parseInvocation(['report', '--help'], commands);
    expect(help.kind).toBe('group-help');
    expect(help.kind === 'group-help' && help.commands.map((c) => c.name)).toEqual(['report lifecycle', 'report winback']);
    expect(() => parseInvocation(['report'], commands)).toThrow(UsageError);
    expect(parseInvocation(['report', 'winback', '--help'], commands)).toMatchObject({ kind: 'help', command: { name: 'report winback' } });
  });

  it('rapport help report lists the group members as rapport report --help does', () => {
    expect(parseInvocation(['help', 'report'], commands)).toEqual(parseInvocation(['report', '--help'], commands));
    expect(parseInvocation(['help', 'apply'], commands)).toMatchObject({ kind: 'help', command: { name: 'apply' } });
  });
});

describe('allOptions', () => {
  it('holds every option of the table once', () => {
    expect(Object.keys(allOptions(commands)).sort()).toEqual(['all', 'as-of', 'catch-up', 'format', 'help', 'read-models', 'store', 'tz', 'version']);
  });

  it('refuses one name declared as two kinds of option, which would make the first pass guess', () => {
    const clash = defineCommand({ ...lifecycle, name: 'report cohorts', options: { all: { type: 'string', description: 'x' } }, run: noop });
    expect(() => allOptions([...commands, clash])).toThrow(/option --all of report cohorts is declared differently/);
  });

  it('is consistent for the real command table (one kind of option per name)', () => {
    expect(Object.keys(allOptions(COMMANDS))).toEqual(
      expect.arrayContaining(['all', 'as-of', 'format', 'from', 'help', 'key-account-threshold', 'known-at', 'limit', 'period', 'read-models', 'store', 'to', 'tz', 'version']),
    );
  });
});
