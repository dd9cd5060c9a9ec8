/** Reading a JSON request body within a size limit. */
import { HttpProblem } from './problem.js';

function tooLarge(limit: number): HttpProblem {
  return new HttpProblem(413, 'validation', `The body is larger than ${limit} bytes.`, {
    limit,
  });
}

/**
 * The body of `request` parsed as a JSON object. A declared `Content-Length` over `limit` is
 * refused before reading, and a body that streams past it is refused as soon as it does (413);
 * anything but a JSON object is 400.
 */
export async function readJsonObject(
  request: Request,
  limit: number,
): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('Content-Length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new HttpProblem(400, 'validation', 'The body must be JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpProblem(400, 'validation', 'The body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}
