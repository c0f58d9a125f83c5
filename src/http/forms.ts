import type { Context } from 'hono';
import { Text } from '../i18n/index.ts';
import { DomainError, Invalid } from '../lib/errors.ts';
import type { AppEnv } from './env.ts';

/** The largest form body (not an upload) Lineup reads; larger ones get 413 before they are read. */
export const MAX_BODY_BYTES = 64 * 1024;

const readForms = new WeakMap<object, Record<string, string>>();

/** A form body as plain strings; files and repeated fields are ignored. A body that is not a form reads as empty. */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type)) return {};
  const known = readForms.get(c.req);
  if (known) return known;
  const incoming = c.env?.incoming;
  // The hot path (every message a page sends): a plain form read straight from Node's request,
  // without building a web Request around it. Anything else goes through Hono.
  if (incoming && type.startsWith('application/x-www-form-urlencoded') && incoming.readableFlowing === null && !incoming.readableEnded) {
    const fields = await readUrlEncoded(incoming);
    readForms.set(c.req, fields);
    return fields;
  }
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new Invalid(new Text('error.formUnreadable'));
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/**
 * The `file` field of a multipart form as bytes (the body is already bounded by the upload limit
 * in app.ts); Invalid with `missing` when there is none.
 */
export async function uploadedFile(c: Context<AppEnv>, missing: Text): Promise<Uint8Array> {
  if (!/^multipart\/form-data/i.test(c.req.header('Content-Type') ?? '')) throw new Invalid(missing);
  const file = (await c.req.parseBody().catch(() => null))?.file;
  if (!(file instanceof File)) throw new Invalid(missing);
  return new Uint8Array(await file.arrayBuffer());
}

/** Like Hono's reading: the last of repeated fields wins, and `name[]` fields (lists) are left out. */
async function readUrlEncoded(incoming: NodeJS.ReadableStream): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of incoming) {
      size += (chunk as Buffer).length;
      // Content-Length was checked before; a body sent in chunks is counted here.
      if (size > MAX_BODY_BYTES) throw new DomainError(413, new Text('error.bodyTooLarge', { size: MAX_BODY_BYTES / 1024 }));
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new Invalid(new Text('error.formUnreadable'));
  }
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks, size).toString('utf8'))) {
    if (!key.endsWith('[]')) out[key] = value;
  }
  return out;
}
