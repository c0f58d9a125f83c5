import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { systemClock } from './lib/clock.ts';
import { openDatabase } from './lib/db.ts';
import type { Deps } from './lib/deps.ts';
import { DomainError, Invalid } from './lib/errors.ts';
import { Text } from './i18n/index.ts';
import { Hub } from './realtime/hub.ts';
import { WalSync } from './lib/wal-sync.ts';
import { withinCommit } from './reactions.ts';
import { addSupporter, findSupporterByEmail, listSupporters, setSupporterEnabled } from './supporters/accounts.ts';
import { resetPassword } from './supporters/password-reset.ts';
import { inviteSupporter } from './supporters/account-links.ts';
import { isRequired, resetByAdmin } from './supporters/two-factor.ts';
import { backup, restore } from './ops/backup.ts';
import path from 'node:path';
import { accountLabel, auditNow } from './audit/audit.ts';

const USAGE = `Usage (the password comes on standard input, never as an argument):
  npm run cli -- add-supporter --email E --name N --role admin|supervisor|supporter [--invite]
      (--invite: no password now; an invitation by e-mail lets them choose one)
  npm run cli -- reset-password --email E
  npm run cli -- two-factor-off --email E (a lost phone and lost recovery codes)
  npm run cli -- disable --email E
  npm run cli -- enable --email E
  npm run cli -- list
  npm run cli -- backup DIR     (a consistent copy of the database and files, while Lineup runs)
  npm run cli -- restore FOLDER (into a stopped Lineup; the current data is moved aside)
Exit code 0: done; 1: refused (the reason is printed); 2: not a command as above.`;

/** A mistake in how the command was called (exit code 2), not a refusal by the rules (1). */
class Usage extends Error {}

interface Command {
  options: Record<string, { type: 'string' | 'boolean' }>;
  /** Takes one folder after the options (backup, restore). */
  folder?: true;
  /** Works on the files, not through an open database (restore: nothing may hold it open). */
  offline?: true;
  run(deps: Deps, values: Record<string, string | boolean | undefined>, folder: string): Promise<string>;
}

const email = { email: { type: 'string' } } as const;

/** Command-line administration, for scripting a set-up. */
const COMMANDS: Record<string, Command> = {
  'add-supporter': {
    options: { ...email, name: { type: 'string' }, role: { type: 'string' }, invite: { type: 'boolean' } },
    async run(deps, { invite, ...values }) {
      if (invite) {
        const invited = inviteSupporter(deps, values, deps.config.teamLanguage, null);
        auditNow(deps, { actor: null, action: 'supporterInvited', target: accountLabel(invited), detail: invited.role });
        return `Invited ${invited.role} ${invited.name} <${invited.email}> (id ${invited.id}). The invitation is in the outbox: Lineup sends it while running (admin page: Mail).`;
      }
      const added = await addSupporter(deps, { ...values, password: await readPassword() });
      auditNow(deps, { actor: null, action: 'supporterAdded', target: accountLabel(added), detail: added.role });
      return `Added ${added.role} ${added.name} <${added.email}> (id ${added.id}).`;
    },
  },
  'reset-password': {
    options: email,
    async run(deps, values) {
      const supporter = supporterWith(deps, values.email);
      await resetPassword(deps, supporter.id, await readPassword());
      auditNow(deps, { actor: null, action: 'passwordReset', target: accountLabel(supporter) });
      return `New password set for ${supporter.name} <${supporter.email}>; every session of theirs has ended.`;
    },
  },
  'two-factor-off': {
    options: email,
    async run(deps, values) {
      const supporter = supporterWith(deps, values.email);
      resetByAdmin(deps, supporter.id);
      auditNow(deps, { actor: null, action: 'twoFactorReset', target: accountLabel(supporter) });
      return `Two-factor sign-in is off for ${supporter.name} <${supporter.email}>: the password alone signs them in${isRequired(deps.db) ? ', and they set it up again at once (the team requires it)' : ''}.`;
    },
  },
  disable: {
    options: email,
    async run(deps, values) {
      const supporter = setSupporterEnabled(deps, 0, supporterWith(deps, values.email).id, false);
      auditNow(deps, { actor: null, action: 'supporterDisabled', target: accountLabel(supporter) });
      return `Disabled ${supporter.name} <${supporter.email}>: signed out everywhere, open tickets back in the line.`;
    },
  },
  enable: {
    options: email,
    async run(deps, values) {
      const supporter = setSupporterEnabled(deps, 0, supporterWith(deps, values.email).id, true);
      auditNow(deps, { actor: null, action: 'supporterEnabled', target: accountLabel(supporter) });
      return `Enabled ${supporter.name} <${supporter.email}>.`;
    },
  },
  backup: {
    options: {}, folder: true,
    async run(deps, _values, into) {
      const { folder, manifest } = await backup(deps.db, deps.config, path.resolve(into));
      return `${manifest.database.tickets} tickets, ${manifest.database.messages} messages, ${manifest.files.count} files.\nBacked up to ${folder}.`;
    },
  },
  restore: {
    options: {}, folder: true, offline: true,
    async run(deps, _values, from) {
      const manifest = restore(deps.config, path.resolve(from));
      return `Restored the backup of ${manifest.createdAt} (${manifest.database.tickets} tickets, ${manifest.database.messages} messages, ${manifest.files.count} files) into ${deps.config.databasePath}; the data there before is kept beside it as *.before-restore-*.`;
    },
  },
  list: {
    options: {},
    async run(deps) {
      // One supporter a line, tab-separated, for scripts: id, role, enabled, invited (no password yet) or disabled, e-mail, name.
      const state = (s: { enabled: boolean; invitedAt: number | null }) => (!s.enabled ? 'disabled' : s.invitedAt !== null ? 'invited' : 'enabled');
      return listSupporters(deps.db).map((s) => [s.id, s.role, state(s), s.email, s.name].join('\t')).join('\n');
    },
  },
};

function supporterWith(deps: Deps, address: string | boolean | undefined) {
  if (typeof address !== 'string' || !address) throw new Usage('--email is required.');
  const supporter = findSupporterByEmail(deps.db, address);
  if (!supporter) throw new Invalid(new Text('admin.supporters.noSuchEmail', { email: address.trim().toLowerCase() }));
  return supporter;
}

/**
 * The password, from standard input: typed at a prompt that does not show it, or the first line
 * of what is piped in. Never an argument: npm prints a command's arguments, shells keep them.
 */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (input.isTTY) {
    process.stderr.write('Password (not shown): ');
    input.setRawMode(true);
    const typed: string[] = [];
    try {
      for await (const chunk of input) {
        for (const ch of String(chunk)) {
          if (ch === '\r' || ch === '\n') return typed.join('');
          if (ch === '\u0003') throw new Usage('Cancelled.');
          if (ch === '\u007f') typed.pop();
          else typed.push(ch);
        }
      }
    } finally {
      input.setRawMode(false);
      process.stderr.write('\n');
    }
    return typed.join('');
  }
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.length > 10_000) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command || !Object.hasOwn(COMMANDS, name!)) {
    console.error(name ? `Unknown command "${name}".\n${USAGE}` : USAGE);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  let folder = '';
  try {
    if (rest.some((arg) => arg === '--password' || arg.startsWith('--password='))) {
      throw new Usage('Passwords are never taken as arguments: pipe it on standard input, or type it at the prompt.');
    }
    let positionals: string[];
    ({ values, positionals } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: Boolean(command.folder) }));
    if (command.folder && positionals.length !== 1) throw new Usage(`"${name}" takes one folder.`);
    folder = positionals[0] ?? '';
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  // A restore must not hold the database open (nor create it): it replaces the file.
  const db = command.offline ? null : openDatabase(config.databasePath);
  const deps = { db, clock: systemClock, hub: new Hub(), within: withinCommit, config, walSync: db ? new WalSync(config.databasePath) : null } as unknown as Deps;
  try {
    const said = await command.run(deps, values, folder);
    if (said) console.log(said);
    return 0;
  } catch (error) {
    if (error instanceof Usage) { console.error(`${error.message}\n${USAGE}`); return 2; }
    if (!(error instanceof DomainError)) throw error;
    const details = error instanceof Invalid ? Object.values(error.fields) : [];
    console.error(`Refused: ${details.length ? details.join(' ') : error.message}`);
    return 1;
  } finally {
    deps.walSync?.close();
    db?.close();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
  console.error('Unexpected error:', error);
  process.exitCode = 1;
});
