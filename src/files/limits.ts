/** A file may be this large; a request that carries one may be a little larger (the form around it). */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;
export const UPLOAD_BODY_BYTES = FILE_MAX_BYTES + 64 * 1024;
/** A conversation holds at most this many files; past it the visitor should open a new ticket. */
export const FILES_PER_TICKET_MAX = 50;
/**
 * What visitors from one address may upload per hour, across all their tickets: the per-ticket
 * limit alone would let one script fill the disk by opening ticket after ticket.
 */
export const VISITOR_UPLOAD_BYTES_PER_HOUR = 200 * 1024 * 1024;

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
