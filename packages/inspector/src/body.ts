/** Reading a form POST's body, bounded, or taking the one a host framework already parsed. */
import type { IncomingMessage } from 'node:http';

/** The largest form body read (1 MiB): a case file edit fits many times over. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Thrown for a body over the limit or not a form. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The fields of an `application/x-www-form-urlencoded` body, in a null-prototype record. */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  // Express, Fastify and others may have consumed and parsed the body already.
  const parsed = (req as { body?: unknown }).body;
  if (parsed !== undefined && parsed !== null && typeof parsed === 'object' && !Buffer.isBuffer(parsed)) {
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'string') fields[k] = v;
    return fields;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new BodyError(415, 'the inspector accepts form posts only');
  const chunks: Buffer[] = [];
  let size = 0;
  const text =
    typeof parsed === 'string'
      ? parsed
      : await new Promise<string>((resolve, reject) => {
          let tooLarge = false;
          req.on('data', (chunk: Buffer) => {
            if (tooLarge) return; // the rest is read and dropped; the answer closes the connection
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
              tooLarge = true;
              chunks.length = 0;
              reject(new BodyError(413, 'the form is too large'));
              return;
            }
            chunks.push(chunk);
          });
          req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          req.on('error', reject);
        });
  for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
  return fields;
}
