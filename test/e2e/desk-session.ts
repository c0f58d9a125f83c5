import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, person } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporterByCli } from '../helpers/cli.ts';

export const PASSWORD = 'a long password';

/** Adds supporters straight into a server's database with the CLI, as an operator would. */
export async function addSupporters(databasePath: string, people: Array<[name: string, role: string]>): Promise<void> {
  for (const [name, role] of people) await addSupporterByCli(databasePath, { email: emailOf(name), name, role, password: PASSWORD });
}

export const emailOf = (name: string) => `${name.split(' ')[0]!.toLowerCase()}@example.com`;

/** A supporter signed in at their desk, in a window of their own (a phone's, if asked). */
export async function openDesk(browser: Browser, url: string, name: string, options: { phone?: boolean } = {}) {
  const who = await person(browser, options);
  await who.page.goto(`${url}/login`);
  await who.page.getByLabel('E-mail').fill(emailOf(name));
  await who.page.getByLabel('Password').fill(PASSWORD);
  await who.page.getByRole('button', { name: 'Sign in' }).click();
  // The desk may add the open tab to its address (#ticket-1) as soon as it runs, so only the path
  // is compared. A sign-in that fails says what the page showed instead.
  try {
    await who.page.waitForURL((at) => `${at.origin}${at.pathname}` === `${url}/desk`, { timeout: 20_000 });
  } catch (error) {
    const shown = await who.page.locator('body').innerText().catch(() => '');
    throw new Error(`${name} did not reach the desk (at ${who.page.url()}): ${shown.slice(0, 500)}`, { cause: error });
  }
  return who;
}

/** A visitor who joined the line, on their ticket page. */
export async function joinLine(browser: Browser, url: string, name: string, problem: string,
  options: { phone?: boolean; locale?: string; before?: (page: Page) => Promise<void> } = {}) {
  const who = await person(browser, options);
  await who.page.goto(url);
  await who.page.getByLabel('Name').fill(name);
  await who.page.getByLabel('Describe your problem').fill(problem);
  await options.before?.(who.page);
  await who.page.getByRole('button', { name: 'Join the line' }).click();
  await who.page.getByText(/Your place in line: \d+/).waitFor();
  return who;
}

/**
 * Claims a visitor's ticket from a desk's line and waits for the answer and its tab. A push may
 * redraw the row between the mouse going down and up (on a busy machine): the click then lands on
 * a row no longer on the page and nothing is sent, so a row still offering "Claim" is clicked again.
 */
export async function claim(desk: Awaited<ReturnType<typeof openDesk>>, visitorName: string) {
  const button = desk.page.locator('#line-list .line-row', { hasText: visitorName }).getByRole('button', { name: 'Claim' });
  const answer = desk.page.locator('#desk-notice', { hasText: `You claimed ${visitorName}'s ticket.` });
  for (let attempt = 1; ; attempt++) {
    await button.click();
    const answered = await answer.waitFor({ timeout: 5000 }).then(() => true, () => false);
    if (answered) break;
    if (attempt === 3 || await button.count() === 0) throw new Error(`no answer to claiming ${visitorName}'s ticket`);
  }
  await desk.page.getByRole('tab', { name: visitorName }).waitFor();
}

/**
 * A Lineup server with these supporters and a browser for one describe block: started before its
 * tests, stopped after. Read `world.server` and `world.browser` inside the tests.
 */
export function serverAndBrowser(people: Array<[name: string, role: string]>, env: Record<string, string> = {}) {
  const world = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    world.server = await startServer({ env });
    await addSupporters(world.server.databasePath, people);
    world.browser = await launchBrowser();
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.server?.stop();
  });
  return world;
}
