import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Lang } from '../i18n/index.ts';

/**
 * What a request carries from middleware to its handler. The HTTP shell sets these; a domain's
 * route guards add their own by declaring them on this interface from their guards.ts (the
 * ticket in line/guards.ts), and supporters/guards.ts says what `SignedIn` is, so this folder
 * names no domain.
 */
export interface RequestVariables {
  /** The double-submit CSRF secret (csrf.ts). */
  csrf: string;
  /**
   * The reader's language (the switcher's cookie, else Accept-Language); a visitor's ticket page
   * may say otherwise (its ticket's language).
   */
  lang: Lang;
  /** The client's address (address.ts). */
  address: string;
  /** The request changed nothing on disk, so its answer need not wait for a disk sync. */
  nothingStored?: boolean;
  /** Origins that may frame this response (widget pages); none by default. */
  frameAncestors?: string;
  /** The signed-in supporter, once a sign-in guard let the request through (supporters/guards.ts). */
  supporter: SignedIn;
  /** How the team presents itself on every page: name, colour, logo, notices (branding/routes.ts). */
  brand: PageBrand;
}

/** What branding/routes.ts says the team's look is (a Brand). */
export interface PageBrand {}

/** Whoever a sign-in guard lets through; supporters/guards.ts says who that is (a PublicSupporter). */
export interface SignedIn {}

/** Hono's environment: per-request values, and the Node request and response when served by a real server. */
export type AppEnv = {
  Variables: RequestVariables;
  Bindings: Partial<HttpBindings>;
};

/** A request's context in Lineup's routes. */
export type AppContext = Context<AppEnv>;
