// Preloaded into both relays by `npm run bench` (NODE_OPTIONS), never into a real server: a
// full garbage collection on SIGUSR2, so that the idle-memory figures compare what each relay
// keeps per connection rather than how much garbage it happened to be carrying.
import process from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc');
process.on('SIGUSR2', () => collect());
