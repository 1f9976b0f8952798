// Splits a command file into its physical lines as it streams in, without holding the file: a line
// ends at "\n" only (readline would also end one at a lone "\r", and shift every line number after).
export type SourceLine =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly problem: string };

export interface ReadLinesOptions {
  /** A longer line is reported as a problem and skipped, so one runaway line cannot exhaust memory. */
  readonly maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

/** The most finish() drops of a line before its length is judged: a byte-order mark and a "\r". */
const DROPPED_BYTES = BOM.length + 1;
const hasBom = (bytes: Buffer): boolean => bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];

/**
 * The lines that hold something, each with its 1-based physical line number: a UTF-8 byte-order
 * mark at the start and a trailing "\r" are dropped, and lines empty or white space only skipped.
 */
export async function* readLines(input: AsyncIterable<Buffer | string>, options: ReadLinesOptions = {}): AsyncGenerator<SourceLine> {
  for await (const lines of readLineGroups(input, options)) yield* lines;
}

/**
 * readLines, the lines of each chunk of input together: one step of an async iteration per chunk
 * rather than per line, which cost `apply` a promise and a microtask for every line.
 */
export async function* readLineGroups(
  input: AsyncIterable<Buffer | string>,
  options: ReadLinesOptions = {},
): AsyncGenerator<readonly SourceLine[]> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pieces: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;

  const take = (piece: Buffer): void => {
    if (tooLong || piece.length === 0) return;
    size += piece.length;
    // Room for what finish() drops (a BOM, a "\r"), so a CRLF file's lines count as its LF twin's.
    if (size > maxLineBytes + DROPPED_BYTES) {
      tooLong = true;
      pieces = [];
    } else pieces.push(piece);
  };

  const finish = (): SourceLine | undefined => {
    line += 1;
    const wasTooLong = tooLong;
    let bytes = pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
    pieces = [];
    size = 0;
    tooLong = false;
    if (wasTooLong) return { line, problem: `line is longer than ${maxLineBytes} bytes` };
    if (bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    if (line === 1 && hasBom(bytes)) bytes = bytes.subarray(BOM.length);
    if (bytes.length > maxLineBytes) return { line, problem: `line is longer than ${maxLineBytes} bytes` };
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return { line, problem: 'line is not valid UTF-8' };
    }
    return text.trim() === '' ? undefined : { line, text };
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const lines: SourceLine[] = [];
    let start = 0;
    for (let end = buffer.indexOf(LF, start); end !== -1; end = buffer.indexOf(LF, start)) {
      take(buffer.subarray(start, end));
      const finished = finish();
      if (finished !== undefined) lines.push(finished);
      start = end + 1;
    }
    take(buffer.subarray(start));
    if (lines.length > 0) yield lines;
  }
  // A last line without "\n" still counts; an empty remainder after a final "\n" is not a line.
  if (size > 0 || tooLong) {
    const finished = finish();
    if (finished !== undefined) yield [finished];
  }
}
