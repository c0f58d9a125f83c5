import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { DomainError, Invalid, NotFound, TooManyRequests } from '../lib/errors.ts';
import { HourlyAllowance } from '../lib/allowance.ts';
import { parseId } from '../lib/ids.ts';
import { clientAddress } from '../http/address.ts';
import { takesUpload } from '../http/declared.ts';
import { isHtmx } from '../http/htmx.ts';
import { redirect } from '../http/responses.ts';
import type { AppContext, AppEnv } from '../http/env.ts';
import { table } from '../http/table.ts';
import { ticketGuards } from '../line/guards.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { sendFile, supporterFile, visitorFile, type FileSender, type StoredFile } from './attachments.ts';
import { VISITOR_UPLOAD_BYTES_PER_HOUR } from './limits.ts';
import { contentDisposition } from './names.ts';
import { isInlineSafe } from './sniff.ts';
import { Text } from '../i18n/index.ts';
import type { PublicLimits } from '../visitor/limits.ts';

/**
 * Files in conversations. Uploads are multipart forms (`file`, optional `caption` and `nonce`);
 * the stream shows the message. Files are served to the ticket's own visitor and to supporters,
 * never as anything a browser would run.
 */
export function fileRoutes(deps: Deps, { limits }: { limits: PublicLimits }) {
  const { visitor, ticket } = ticketGuards(deps);
  const { supporter } = supporterGuards(deps);
  const visitorUploads = new HourlyAllowance(deps.clock, VISITOR_UPLOAD_BYTES_PER_HOUR);

  return [
    table('/t/:token', [
      ['POST', '/files',     visitor, takesUpload, receiveFromVisitor],
      ['GET',  '/files/:id', visitor,              serveToVisitor],
    ]),
    table('/desk', [
      ['POST', '/tickets/:id/files', supporter, ticket, takesUpload, receiveFromSupporter],
      ['GET',  '/files/:id',         supporter,                      serveToSupporter],
    ]),
  ];

  function receiveFromVisitor(c: AppContext) {
    return upload(c, c.get('ticket').id, { kind: 'visitor' }, `/t/${encodeURIComponent(c.req.param('token') ?? '')}`);
  }

  function receiveFromSupporter(c: AppContext) {
    const { id } = c.get('ticket');
    return upload(c, id, { kind: 'supporter', supporterId: c.get('supporter').id }, `/desk#ticket-${id}`);
  }

  function serveToVisitor(c: AppContext) {
    return serve(c, visitorFile(deps, c.get('ticket').id, parseId(c.req.param('id'))));
  }

  function serveToSupporter(c: AppContext) {
    return serve(c, supporterFile(deps, parseId(c.req.param('id'))));
  }

  async function upload(c: AppContext, ticketId: number, sender: FileSender, back: string) {
    const address = clientAddress(c);
    try {
      if (sender.kind === 'visitor' && !visitorUploads.has(address)) {
        throw new TooManyRequests(new Text('files.hourlyLimit'), visitorUploads.secondsLeft());
      }
      // A file is a message too: it counts towards the visitor's messages a minute.
      if (sender.kind === 'visitor') limits.message(address, ticketId);
      const form = await readUpload(c);
      await sendFile(deps, ticketId, sender, form);
      if (sender.kind === 'visitor') visitorUploads.spend(address, form.bytes.length);
    } catch (error) {
      // Pages that send with script show the reason beside the form, in the reader's language.
      if (!(error instanceof DomainError) || !isHtmx(c) || error.status === 404) throw error;
      if (error instanceof TooManyRequests) c.header('Retry-After', String(error.retryAfterSeconds));
      return c.text(error.say(c.get('lang')), error.status);
    }
    return isHtmx(c) ? c.body(null, 204) : redirect(c, back);
  }
}

/** The multipart form of an upload (the body is already bounded by the upload limit in app.ts). */
async function readUpload(c: Context) {
  if (!/^multipart\/form-data/i.test(c.req.header('Content-Type') ?? '')) throw new Invalid(new Text('files.choose'));
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new Invalid(new Text('files.unreadable'));
  }
  const file = body.file;
  if (!(file instanceof File)) throw new Invalid(new Text('files.choose'));
  return {
    name: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    caption: typeof body.caption === 'string' ? body.caption : '',
    nonce: typeof body.nonce === 'string' ? body.nonce : undefined,
  };
}

/**
 * Pictures, sound and video are shown inline under their own type; everything else (PDF, text,
 * SVG, HTML, unknown bytes) is a download of plain bytes. Whatever a file holds, the browser may
 * neither guess another type nor run it (nosniff, and a sandbox with nothing allowed).
 */
async function serve(c: Context<AppEnv>, file: StoredFile) {
  const stream = await openFile(file.path);
  const inline = isInlineSafe(file.mime);
  c.header('Content-Type', inline ? file.mime : 'application/octet-stream');
  c.header('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name));
  c.header('Content-Length', String(file.size));
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', "default-src 'none'; sandbox");
  c.header('Cache-Control', 'private, max-age=3600');
  return c.body(stream, 200);
}

async function openFile(file: string): Promise<ReadableStream> {
  const handle = await fs.promises.open(file, 'r').catch(() => null);
  if (!handle) throw new NotFound(new Text('files.noSuchFile'));
  return Readable.toWeb(handle.createReadStream()) as ReadableStream;
}
