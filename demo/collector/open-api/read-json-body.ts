import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, readBody } from '../http-utils';
import { OpenApiError } from './open-api-error';

/**
 * Reads a request body as JSON. A body that is not JSON (the seed's tag example lacks a comma)
 * is refused with a 400 whose message says where: `the body is not valid JSON: Expected ','
 * or '}' after property value in JSON at position 1033 (line 44, column 15): …"TIMES" }⟨here⟩
 * "uceCalcuSymbol"…`. Too large a body is a 413.
 *
 * `whenEmpty` is the value of an empty body where one is allowed (the list's filter).
 *
 * @example const body = await readJsonBody(req, 8 * 1024 * 1024);
 */
export async function readJsonBody(req: IncomingMessage, limit: number, whenEmpty?: unknown): Promise<unknown> {
  let text: string;
  try {
    text = (await readBody(req, limit)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new OpenApiError(413, error.message);
    throw error;
  }
  if (!text.trim()) {
    if (whenEmpty !== undefined) return whenEmpty;
    throw new OpenApiError(400, 'the body is empty; expected a JSON object');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new OpenApiError(400, 'the body is not valid JSON: ' + describe(text, (error as Error).message));
  }
}

function describe(text: string, message: string): string {
  const match = /at position (\d+)/.exec(message);
  if (!match) return message;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const squeeze = (part: string) => part.replace(/\s+/g, ' ');
  const context = squeeze(text.slice(Math.max(0, position - 30), position)) + '⟨here⟩' + squeeze(text.slice(position, position + 30));
  return message.replace(/ \(line \d+ column \d+\)$/, '') + ' (line ' + line + ', column ' + column + '): …' + context + '…';
}
