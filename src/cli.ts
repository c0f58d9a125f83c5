import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { systemClock } from './lib/clock.ts';
import { openDatabase } from './lib/db.ts';
import { DomainError, Invalid } from './lib/errors.ts';
import { Hub } from './realtime/hub.ts';
import { WalSync } from './lib/wal-sync.ts';
import { withinCommit } from './reactions.ts';
import { addSupporter } from './supporters/accounts.ts';

const USAGE = `Usage:
  npm run cli -- add-supporter --email E --name N --password P --role admin|supervisor|supporter`;

/** Command-line administration, for scripting a set-up. Exit code 0 only on success. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'add-supporter') {
    console.error(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
    return 2;
  }
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  try {
    const added = await addSupporter({ db, clock: systemClock, hub: new Hub(), within: withinCommit, config, walSync: new WalSync(config.databasePath) }, values);
    console.log(`Added ${added.role} ${added.name} <${added.email}> (id ${added.id}) to ${config.databasePath}.`);
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const details = error instanceof Invalid ? Object.values(error.fields) : [];
    console.error(`Could not add the supporter: ${details.length ? details.join(' ') : error.message}`);
    return 1;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
  console.error('Unexpected error:', error);
  process.exitCode = 1;
});
