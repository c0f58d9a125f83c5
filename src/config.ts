import path from 'node:path';
import { isLanguage, type Lang } from './i18n/index.ts';
import { parseRate, type Rate } from './lib/rate-limit.ts';

/** Runtime settings, read once from the environment. Every value has a default that runs Lineup locally. */
export interface Config {
  port: number;
  host: string;
  databasePath: string;
  publicUrl: string;
  /** Cookies get the Secure flag when Lineup is served over https. */
  secureCookies: boolean;
  /**
   * Reverse proxies in front of Lineup that append the client's address to X-Forwarded-For (0:
   * none, and the header is ignored, since anyone could send it). Behind a proxy every request
   * would otherwise come from the proxy, and blocking one visitor's address would block all.
   */
  trustedProxies: number;
  /** Live pages (SSE streams) one address may hold open at once. */
  streamsPerAddress: number;
  /** Where "Escalate to meeting" sends both sides; `{room}` becomes an unguessable room name. */
  meetingUrlTemplate: string;
  /** Optional link to the visitor in an external customer system; placeholders such as {visitor.email}. Empty: no link. */
  customerCardUrl: string;
  /** nodemailer's SMTP URL (smtp://user:pass@host:587); empty: mail is written as .eml files to mailDir. */
  smtpUrl: string;
  /** The service's own sender address ("Lineup <help@example.com>"); never a supporter's. */
  mailFrom: string;
  /** Where offline messages go (the team's address); empty: nowhere but the desk. */
  teamEmail: string;
  /** The language of mail to the team (offline messages): en, ru or da. */
  teamLanguage: Lang;
  /** Where mail is written when no SMTP server is configured (default db/mail next to the database). */
  mailDir: string;
  /** Where uploaded files are kept (default db/files next to the database). */
  filesDir: string;
  /** When nobody is available during opening hours: 'offline' (leave a message) or 'line' (join and wait). */
  whenNobody: 'offline' | 'line';
  /** How often the public side may repeat things, per client address, visitor or ticket (see LIMITS). */
  limits: Limits;
  /** Seconds the intake form must have been open before it is sent (0: no minimum): quicker is a script. */
  intakeMinSeconds: number;
  /** The bearer token /metrics asks for; empty: no /metrics at all. */
  metricsToken: string;
}

/** What the public side may repeat: new tickets (and offline messages), messages, and asking for what does not exist. */
export interface Limits {
  ticketsPerAddress: Rate;
  ticketsPerVisitor: Rate;
  messagesPerTicket: Rate;
  messagesPerAddress: Rate;
  /** Requests for ticket tokens or files that do not exist: guessing. Past half of it answers are slowed. */
  unknownPerAddress: Rate;
}

/**
 * The defaults never refuse a real office of 100 people behind one address: 20 new requests in
 * 10 minutes from one address is far above what a team sees from one office.
 */
export const LIMITS: Record<keyof Limits, [variable: string, fallback: string]> = {
  ticketsPerAddress: ['LIMIT_TICKETS_PER_ADDRESS', '20/10m'],
  ticketsPerVisitor: ['LIMIT_TICKETS_PER_VISITOR', '10/10m'],
  messagesPerTicket: ['LIMIT_MESSAGES_PER_TICKET', '30/1m'],
  messagesPerAddress: ['LIMIT_MESSAGES_PER_ADDRESS', '300/1m'],
  unknownPerAddress: ['LIMIT_UNKNOWN_PER_ADDRESS', '100/10m'],
};

function limitsFrom(env: NodeJS.ProcessEnv): Limits {
  const entries = Object.entries(LIMITS).map(([name, [variable, fallback]]) => {
    const rate = parseRate(env[variable] || fallback);
    if (!rate) throw new Error(`${variable} must be COUNT/WINDOW with the window in s, m or h (for example ${fallback}), got "${env[variable]}"`);
    return [name, rate];
  });
  return Object.fromEntries(entries) as Limits;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`);
  }
  const host = env.HOST || '127.0.0.1';
  const databasePath = path.resolve(env.DATABASE_PATH || 'db/lineup.sqlite');
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const streamsPerAddress = env.STREAMS_PER_ADDRESS ? Number(env.STREAMS_PER_ADDRESS) : 100;
  if (!Number.isInteger(streamsPerAddress) || streamsPerAddress < 1) {
    throw new Error(`STREAMS_PER_ADDRESS must be a whole number of at least 1, got "${env.STREAMS_PER_ADDRESS}"`);
  }
  const trustedProxies = env.TRUSTED_PROXIES ? Number(env.TRUSTED_PROXIES) : 0;
  if (!Number.isInteger(trustedProxies) || trustedProxies < 0 || trustedProxies > 10) {
    throw new Error(`TRUSTED_PROXIES must be a whole number from 0 to 10, got "${env.TRUSTED_PROXIES}"`);
  }
  const meetingUrlTemplate = env.MEETING_URL_TEMPLATE || 'https://meet.jit.si/{room}';
  if (!/^https?:\/\/[^\s]*\{room\}/.test(meetingUrlTemplate)) {
    throw new Error(`MEETING_URL_TEMPLATE must be an http(s) URL containing {room}, got "${meetingUrlTemplate}"`);
  }
  const customerCardUrl = env.CUSTOMER_CARD_URL || '';
  if (customerCardUrl && !/^https?:\/\/\S+$/.test(customerCardUrl)) {
    throw new Error(`CUSTOMER_CARD_URL must be an http(s) URL, got "${customerCardUrl}"`);
  }
  const smtpUrl = env.SMTP_URL || '';
  if (smtpUrl && !/^smtps?:\/\/\S+$/.test(smtpUrl)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const mailFrom = env.MAIL_FROM || 'Lineup <lineup@localhost>';
  const teamEmail = env.TEAM_EMAIL || '';
  const teamLanguage = env.TEAM_LANGUAGE || 'en';
  if (!isLanguage(teamLanguage)) throw new Error(`TEAM_LANGUAGE must be en, ru or da, got "${teamLanguage}"`);
  const dataDir = path.dirname(databasePath);
  const whenNobody = env.WHEN_NOBODY || 'offline';
  if (whenNobody !== 'offline' && whenNobody !== 'line') throw new Error(`WHEN_NOBODY must be "offline" or "line", got "${whenNobody}"`);
  const intakeMinSeconds = env.INTAKE_MIN_SECONDS ? Number(env.INTAKE_MIN_SECONDS) : 0;
  if (!Number.isInteger(intakeMinSeconds) || intakeMinSeconds < 0 || intakeMinSeconds > 60) {
    throw new Error(`INTAKE_MIN_SECONDS must be a whole number from 0 to 60, got "${env.INTAKE_MIN_SECONDS}"`);
  }
  const metricsToken = env.METRICS_TOKEN || '';
  if (metricsToken && !/^[\x21-\x7e]{32,200}$/.test(metricsToken)) {
    throw new Error('METRICS_TOKEN must be 32 to 200 visible characters (for example: openssl rand -hex 32)');
  }
  return {
    port, host, databasePath, publicUrl, secureCookies: publicUrl.startsWith('https://'), trustedProxies, streamsPerAddress,
    meetingUrlTemplate, customerCardUrl, smtpUrl, mailFrom, teamEmail, teamLanguage, whenNobody,
    mailDir: path.resolve(env.MAIL_DIR || path.join(dataDir, 'mail')),
    filesDir: path.resolve(env.FILES_DIR || path.join(dataDir, 'files')),
    limits: limitsFrom(env), intakeMinSeconds, metricsToken,
  };
}
