// Turns untrusted input into a typed command, or an InvalidCommand that names the field and the rule.
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { COMMAND_TYPES, CommandCodecs, type Command, type CommandType } from './commands.js';
import { domainError, type DomainError } from './errors.js';
import { fastDecodeCommand } from './fast-command.js';
import { firmSettingsProblem } from './firm/decide.js';
import { showValue as show } from './show-value.js';

const isCommandType = (value: unknown): value is CommandType =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(CommandCodecs, value);

/** The first failure, named by its field: io-ts paths also hold intersection indexes ('0', '1'). */
const describe = (error: t.ValidationError): DomainError => {
  const fields = error.context.map((entry) => entry.key).filter((key) => key !== '' && !/^\d+$/.test(key));
  const field = fields.join('.') || 'command';
  const rule = error.context[error.context.length - 1]?.type.name ?? 'valid';
  const message =
    error.value === undefined
      ? `${field} is required: ${rule}`
      : `${field} must be ${rule}, got ${show(error.value)}`;
  return domainError('InvalidCommand', message, field);
};

/**
 * The commandId an input carries, as a rejection reports it: a string, else null (also when a
 * getter of the caller's throws, for which parseCommand refuses the input).
 */
export const commandIdOf = (input: unknown): string | null => {
  try {
    const id = typeof input === 'object' && input !== null ? (input as { commandId?: unknown }).commandId : undefined;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
};

export const parseCommand = (input: unknown): Either<DomainError, Command> => {
  try {
    return parseInput(input);
  } catch (error) {
    // A getter or a Proxy trap of the caller's that throws: no JSON object does that.
    const why = error instanceof Error ? error.message : String(error);
    return left(domainError('InvalidCommand', `a command must be a plain JSON object: reading it threw ${show(why)}`, 'command'));
  }
};

const parseInput = (input: unknown): Either<DomainError, Command> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return left(domainError('InvalidCommand', `a command must be a JSON object, got ${show(input)}`, 'command'));
  }
  // Fields are read as own properties only: one inherited from a prototype is no JSON field.
  const prototype: unknown = Object.getPrototypeOf(input);
  if (prototype !== Object.prototype && prototype !== null) {
    return left(domainError('InvalidCommand', 'a command must be a plain JSON object (an object literal or JSON.parse result), not an instance of a class', 'command'));
  }
  const type: unknown = (input as { type?: unknown }).type;
  if (type === undefined || type === null) {
    return left(domainError('InvalidCommand', `type is required: one of ${COMMAND_TYPES.join(', ')}`, 'type'));
  }
  if (!isCommandType(type)) {
    return left(domainError('InvalidCommand', `type ${show(type)} is not a command; expected one of ${COMMAND_TYPES.join(', ')}`, 'type'));
  }
  const fast = fastDecodeCommand(type, input);
  return fast === undefined ? decodeWithCodec(type, input) : acrossFields(fast);
};

/** The one shape rule across fields (SPEC §2), part of the shape so it comes before duplicates (§3). */
const acrossFields = (command: Command): Either<DomainError, Command> => {
  const problem = command.type === 'ConfigureFirm' ? firmSettingsProblem(command) : null;
  return problem === null ? right(command) : left(problem);
};

/** The reference: io-ts's decode, which names the first failing field (and the fast path's judge). */
export const decodeWithCodec = (type: CommandType, input: unknown): Either<DomainError, Command> => {
  const decoded = (CommandCodecs[type] as t.Decoder<unknown, Command>).decode(input);
  if (isLeft(decoded)) {
    const [first] = decoded.left;
    return left(first === undefined ? domainError('InvalidCommand', `not a valid ${type}`) : describe(first));
  }
  // io-ts hands back the input itself when nothing needed changing; a copy keeps the caller's later
  // edits out of a command in flight, as the fast path's new object does.
  return acrossFields(decoded.right === input ? { ...decoded.right } : decoded.right);
};
