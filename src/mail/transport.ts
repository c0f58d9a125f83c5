import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { parseMailFrom, type Mailbox } from './addresses.ts';
import type { OutboxRow } from './outbox.ts';

/** What the outbox hands over: a stored mail, and for some kinds whom a reply should go to. */
export type OutgoingMail = Pick<OutboxRow, 'id' | 'kind' | 'toAddress' | 'toName' | 'subject' | 'text' | 'html' | 'createdAt'> & {
  replyTo?: Mailbox;
};

export interface MailTransport {
  /** Resolves once the mail server (or the mail folder) has the message; rejects with nodemailer's error otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * Where mail goes: the SMTP server in SMTP_URL, or without one, .eml files in MAIL_DIR (db/mail/
 * by default) so a newcomer sees what would have been sent. From is always MAIL_FROM, the
 * service's own address, never a supporter's.
 *
 * @example
 * await mailTransport(config).send(row);
 */
export function mailTransport(config: Config): MailTransport {
  const from = parseMailFrom(config.mailFrom);
  return config.smtpUrl ? smtpTransport(config.smtpUrl, from) : folderTransport(config.mailDir, from);
}

const message = (from: Mailbox, mail: OutgoingMail) => ({
  from,
  to: { name: mail.toName, address: mail.toAddress },
  ...(mail.replyTo && { replyTo: mail.replyTo }),
  subject: mail.subject,
  text: mail.text,
  html: mail.html,
  // Machine-sent: vacation responders and the like should not answer it.
  headers: { 'Auto-Submitted': 'auto-generated' },
});

// Nothing in a mail refers to files or URLs to fetch; the transport refuses them outright.
const SAFE = { disableFileAccess: true, disableUrlAccess: true, logger: false, debug: false } as const;

function smtpTransport(url: string, from: Mailbox): MailTransport {
  // Short timeouts: a silent server costs one round a few seconds, then the mail waits for its retry.
  const transporter = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, ...SAFE });
  return {
    async send(mail) { await transporter.sendMail(message(from, mail)); },
    close() { transporter.close(); },
  };
}

function folderTransport(dir: string, from: Mailbox): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix', ...SAFE });
  return {
    async send(mail) {
      const info = await builder.sendMail(message(from, mail));
      // The name is made here from the time, the outbox id and the kind: nothing anyone typed.
      const stamp = new Date(mail.createdAt).toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${mail.id}-${mail.kind.replace(/[^a-z]/g, '')}.eml`);
      try {
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(`${file}.tmp`, info.message as Buffer);
        await fs.rename(`${file}.tmp`, file);
      } catch {
        throw Object.assign(new Error('could not write the mail file'), { code: 'EMAILFILE' });
      }
    },
    close() {},
  };
}
