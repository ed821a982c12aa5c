/**
 * Where `streamward users add` gets a password: never from argv (other users of the machine
 * see argv in `ps`), but from the first line of a file (`--password-file`), from the first
 * line of piped stdin, or typed at a terminal without echo (asked twice). The line ending
 * (`\n` or `\r\n`) is not part of the password; everything else on the line is.
 */
import { readFile } from 'node:fs/promises';
import { readStdin } from './users-acl-files.js';

/** The first line of `text` without its line ending. */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function nonEmpty(password: string, source: string): string {
  if (password === '') throw new Error(`empty password (${source}); the password is the first line`);
  return password;
}

/** Reads one line from a terminal in raw mode without echoing it. */
function promptHidden(stdin: NodeJS.ReadStream, stderr: NodeJS.WritableStream, question: string): Promise<string> {
  stderr.write(question);
  return new Promise((resolvePassword, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolvePassword(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

export interface PasswordSource {
  /** `--password-file`; read instead of stdin when given. */
  file?: string;
  /** Names the user in the terminal prompt. */
  user: string;
}

/** The new password from the file, the terminal or piped stdin. */
export async function readNewPassword(source: PasswordSource): Promise<string> {
  if (source.file !== undefined) {
    let text: string;
    try {
      text = await readFile(source.file, 'utf8');
    } catch (e) {
      throw new Error(`cannot read the password file ${source.file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return nonEmpty(firstLine(text), `first line of ${source.file}`);
  }
  const stdin = process.stdin;
  if (stdin.isTTY) {
    const first = nonEmpty(await promptHidden(stdin, process.stderr, `Password for ${source.user}: `), 'typed');
    const again = await promptHidden(stdin, process.stderr, 'Repeat the password: ');
    if (again !== first) throw new Error('the two passwords differ; nothing changed');
    return first;
  }
  return nonEmpty(firstLine(await readStdin(stdin)), 'stdin');
}
