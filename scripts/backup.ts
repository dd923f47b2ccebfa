/**
 * `npm run backup -- <file.tar>`: archives the relay's database and images while it runs
 * (server/backup.ts), read from the same environment as the relay (DATA_DIR, IMAGE_DIR,
 * STORAGE, REDIS_URL). Run it as the relay's user: SQLite may create files beside the
 * database, and the relay must be able to write them afterwards.
 */
import { backup, BackupError } from '../server/backup.ts';
import { ConfigError, loadConfig } from '../server/config.ts';

const [target, ...extra] = process.argv.slice(2);
if (target === undefined || extra.length > 0) {
  process.stderr.write('usage: npm run backup -- <file.tar>\n');
  process.exit(64); // EX_USAGE
}

try {
  const config = loadConfig();
  const { pages, files } = await backup(config, target);
  const database = pages === null ? 'no database (REDIS_URL: back Redis up by its own means)' : `${pages} pages`;
  process.stdout.write(`samepage backup ${target}: ${database}, ${files} image files\n`);
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof BackupError)) throw error;
  process.stderr.write(`samepage backup: ${error.message}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
}
