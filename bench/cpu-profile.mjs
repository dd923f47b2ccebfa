// Preloaded into both relays by `npm run bench -- --profile DIR`, never into a real server.
// `--cpu-prof` is refused in NODE_OPTIONS, so the profiler is driven through the inspector: it
// starts before the relay's code runs, and the profile is written when the process exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir !== undefined) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  // The inspector answers a session of the main thread synchronously, so this works in 'exit'.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error === null) {
        const name = `${process.env.BENCH_PROFILE_NAME ?? 'relay'}-${process.pid}.cpuprofile`;
        writeFileSync(join(dir, name), JSON.stringify(result.profile));
      }
    });
  });
}
