/**
 * Typed failures thrown by domain modules. One handler in app.ts maps them to a status and a
 * message the person can act on; the message must never contain internals.
 */
export class DomainError extends Error {
  constructor(readonly status: 400 | 403 | 404 | 409 | 413 | 429 | 503, message: string) {
    super(message);
  }
}

export class Invalid extends DomainError {
  /** field -> what to fix, for inline form errors. */
  constructor(message: string, readonly fields: Record<string, string> = {}) {
    super(400, message);
  }
}

export class NotFound extends DomainError {
  constructor(message = 'Not found.') { super(404, message); }
}

export class Conflict extends DomainError {
  constructor(message: string) { super(409, message); }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do that.') { super(403, message); }
}

export class TooManyRequests extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) { super(429, message); }
}

export class Unavailable extends DomainError {
  constructor(message: string) { super(503, message); }
}
