import { say, Text, type Lang } from '../i18n/index.ts';

/**
 * Typed failures thrown by domain modules. One handler in app.ts maps them to a status and a
 * message the person can act on; the message must never contain internals. A message a visitor
 * may read is given as a Text (src/i18n), so it can be said in their language; `message` is
 * always the English.
 */
export class DomainError extends Error {
  readonly text: Text | null;
  constructor(readonly status: 400 | 403 | 404 | 409 | 413 | 429 | 503, message: string | Text) {
    super(String(message));
    this.text = message instanceof Text ? message : null;
  }

  /** The message in the reader's language (English when it has no translation). */
  say(lang: Lang): string {
    return this.text ? this.text.in(lang) : this.message;
  }
}

export class Invalid extends DomainError {
  /** field -> what to fix, for inline form errors (English). */
  readonly fields: Record<string, string>;
  private readonly texts: Record<string, string | Text>;

  constructor(message: string | Text, fields: Record<string, string | Text> = {}) {
    super(400, message);
    this.texts = fields;
    this.fields = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  }

  /** The inline form errors in the reader's language. */
  fieldsIn(lang: Lang): Record<string, string> {
    return Object.fromEntries(Object.entries(this.texts).map(([k, v]) => [k, say(lang, v)]));
  }

  // A message made of its fields' messages (throwIfInvalid) is said field by field.
  override say(lang: Lang): string {
    if (this.text || this.message !== Object.values(this.fields).join(' ')) return super.say(lang);
    return Object.values(this.fieldsIn(lang)).join(' ');
  }
}

export class NotFound extends DomainError {
  constructor(message: string | Text = new Text('error.notFoundShort')) { super(404, message); }
}

export class Conflict extends DomainError {
  constructor(message: string | Text) { super(409, message); }
}

export class Forbidden extends DomainError {
  constructor(message: string | Text = new Text('error.forbidden')) { super(403, message); }
}

export class TooManyRequests extends DomainError {
  constructor(message: string | Text, readonly retryAfterSeconds: number) { super(429, message); }
}

export class Unavailable extends DomainError {
  constructor(message: string | Text) { super(503, message); }
}
