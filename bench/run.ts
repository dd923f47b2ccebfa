/**
 * `npm run bench`: measures the relay against a bare Socket.IO relay on this machine.
 *
 * Starts our server (server/main.ts, embedded defaults: the durable SQLite store in a temporary
 * DATA_DIR, as `npm start` runs it, unless --storage memory; --storage both measures the two,
 * LOG_LEVEL=warn, the send rate limit raised so it does not throttle the load) and the
 * reference relay (bench/reference-relay.ts) as child processes, and drives each in turn with
 * the same load from forked load generators (bench/load.ts, `--load-processes` of them, each
 * holding whole rooms). It reads the servers' memory, CPU and run-queue wait and the machine's
 * busy time from /proc, prints a table (each figure, ours against bare Socket.IO, the ratio and
 * issue #16's target where it has one; the bench never fails on a target) and writes bench/results/latest.json. Every loop is bounded,
 * everything listens on loopback, and every child is killed on exit, error or Ctrl-C.
 * docs/performance.md explains the figures and the flags.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, healthy, spawnServer, type ServerProcess } from '../server/tests/process.ts';
import type { ConnectResult, LoadCommand, LoadReply, LoadTrafficResult, Target } from './protocol.ts';
import {
  cpuMicros,
  formatNumber,
  formatTable,
  machineBusyPercent,
  machineTicks,
  ratio,
  rssBytes,
  runQueueWaitMicros,
  summarize,
  type Summary,
} from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'idle,room,dm' },
    full: { type: 'boolean', default: false },
    'idle-connections': { type: 'string' },
    connections: { type: 'string' },
    rooms: { type: 'string' },
    rate: { type: 'string' },
    duration: { type: 'string' },
    storage: { type: 'string', default: 'sqlite' },
    batch: { type: 'string', default: '250' },
    'load-processes': { type: 'string', default: '2' },
    out: { type: 'string', default: join(ROOT, 'bench/results/latest.json') },
    profile: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(`npm run bench -- [flags]
  --scenario idle,room,dm   which scenarios (default all three)
  --full                    the targets' sizes: idle at 1000,5000,10000; room and dm with
                            5000 connections in 500 rooms at 0.2 msg/s for 30 s
  --idle-connections LIST   idle tiers (default 1000)
  --connections N           connections for room and dm (default 1000)
  --rooms R                 rooms they are spread over (default N/10)
  --rate M                  messages per second per connection (default 1)
  --duration S              seconds of sending (default 10)
  --storage sqlite|memory|both
                            our server's storage (default sqlite, the server's own default;
                            both: each scenario measures the two against the same bare relay)
  --load-processes P        load generator processes, each holding whole rooms (default 2)
  --batch B                 connections each generator opens at once (default 250)
  --out FILE                JSON results (default bench/results/latest.json)
  --env KEY=VALUE           a setting for our server (repeatable), e.g. --env COMMIT_WINDOW_MS=5
  --profile DIR             V8 CPU profiles of every relay (ours and bare) into DIR, one per
                            scenario and server, to open in Chrome's DevTools
`);
  process.exit(0);
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const scenarios = flags.scenario.split(',').map((name) => name.trim());
for (const name of scenarios) if (!['idle', 'room', 'dm'].includes(name)) throw new Error(`unknown scenario ${name}`);
type Storage = 'sqlite' | 'memory';
if (!['sqlite', 'memory', 'both'].includes(flags.storage)) throw new Error('--storage is sqlite, memory or both');
/** Our server's storages to measure, the first the one the targets are stated for. */
const storages: Storage[] = flags.storage === 'both' ? ['sqlite', 'memory'] : [flags.storage as Storage];
const idleTiers = (flags['idle-connections'] ?? (flags.full ? '1000,5000,10000' : '1000'))
  .split(',')
  .map((tier) => Math.round(positive('idle-connections', tier, 1000)))
  .sort((a, b) => a - b);
const connections = Math.round(positive('connections', flags.connections, flags.full ? 5000 : 1000));
const rooms = Math.round(positive('rooms', flags.rooms, Math.max(1, Math.round(connections / 10))));
const rate = positive('rate', flags.rate, flags.full ? 0.2 : 1);
const durationMs = positive('duration', flags.duration, flags.full ? 30 : 10) * 1000;
const batch = Math.round(positive('batch', flags.batch, 250));
const loadProcesses = Math.round(positive('load-processes', flags['load-processes'], 2));

/** Each process holds one descriptor per connection, and a load generator may hold them all. */
function openFileLimit(): number {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return match?.[1] === undefined || match[1] === 'unlimited' ? Infinity : Number(match[1]);
}
const largest = Math.max(...(scenarios.includes('idle') ? idleTiers : [0]), connections);
if (largest + 200 > openFileLimit()) {
  throw new Error(
    `${largest} connections need more open files than this shell allows (${openFileLimit()}); raise it first, e.g. ulimit -n 20000`,
  );
}

// ---- children: every one is registered here and killed on the way out ----

const children = new Set<ChildProcess>();
const cleanups: Array<() => void> = [];
function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping\n`);
    killAll();
    process.exit(130);
  });
}
// A hard ceiling on the whole run, whatever happens.
const ceilingMs = 20 * 60_000;
setTimeout(() => {
  process.stderr.write('bench: the run took longer than its ceiling; stopping\n');
  killAll();
  process.exit(1);
}, ceilingMs).unref();

interface Servers {
  ours: Map<Storage, ServerProcess>;
  reference: ServerProcess;
}

/** `--env`: what our server runs with on top of the bench's own settings. */
const settings = Object.fromEntries(
  flags.env.map((pair) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (match === null) throw new Error(`--env ${pair}: expected KEY=VALUE`);
    return [match[1], match[2]];
  }),
);

const COLLECT_ON_SIGNAL = `--import=${join(ROOT, 'bench/collect-on-signal.mjs')}`;
/** The relays' NODE_OPTIONS: with `--profile`, each writes a CPU profile when it exits. */
const RELAY_NODE_OPTIONS =
  flags.profile === undefined
    ? COLLECT_ON_SIGNAL
    : `${COLLECT_ON_SIGNAL} --import=${join(ROOT, 'bench/cpu-profile.mjs')}`;
const profileDir = flags.profile === undefined ? undefined : resolve(flags.profile);
if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
function profileEnv(name: string): Record<string, string> {
  return profileDir === undefined ? {} : { BENCH_PROFILE_DIR: profileDir, BENCH_PROFILE_NAME: name };
}

/** RSS once a full collection has run: what the relay keeps, not the garbage it carries. */
async function settledRss(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  await sleep(1000);
  return rssBytes(pid);
}

async function startOurs(storage: Storage): Promise<ServerProcess> {
  const env: Record<string, string> = {
    STORAGE: storage,
    LOG_LEVEL: 'warn',
    // The bench offers far more than one person's sends; the rate limit is not what it measures.
    SEND_BURST: '10000',
    SEND_PER_SECOND: '10000',
    // Its thousands of users are all new and all come from 127.0.0.1: the per-address budgets
    // and the newcomer hold-back (issue #11) would refuse or slow them.
    MAX_CONNECTIONS_PER_IP: '0',
    NEW_IDENTITIES_PER_IP: '0',
    NEWCOMER_MINUTES: '0',
    NODE_OPTIONS: RELAY_NODE_OPTIONS,
    ...profileEnv(`ours-${storage}`),
    ...settings,
  };
  if (storage === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'samepage-bench-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    env.DATA_DIR = dataDir;
  }
  const ours = await spawnServer(env, (kill) => cleanups.push(kill));
  children.add(ours.child);
  return ours;
}

async function startServers(): Promise<Servers> {
  const ours = new Map<Storage, ServerProcess>();
  for (const storage of storages) ours.set(storage, await startOurs(storage));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/reference-relay.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DEBUG: '',
      NODE_OPTIONS: RELAY_NODE_OPTIONS,
      ...profileEnv('bare'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const reference: ServerProcess = {
    child,
    url: `http://127.0.0.1:${port}`,
    stdout: () => '',
    stderr: () => stderr,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  // A loaded machine may take a while to start three servers at once.
  await Promise.all([...ours.values(), reference].map((server) => healthy(server, 120_000)));
  return { ours, reference };
}

/** A profiled relay is stopped gently, so that V8 writes its profile on the way out. */
async function stopServers({ ours, reference }: Servers): Promise<void> {
  for (const server of [...ours.values(), reference]) {
    if (flags.profile !== undefined) {
      server.child.kill('SIGTERM');
      await Promise.race([server.exited, sleep(30_000)]);
    }
    server.child.kill('SIGKILL');
    children.delete(server.child);
  }
}

// ---- the load generators ----

interface Load {
  /** Sends each generator its command (`command(part)`) and waits for all their answers. */
  ask<R extends LoadReply>(command: (part: number) => LoadCommand, timeoutMs: number): Promise<R[]>;
  stop(): void;
}

function askOne<R extends LoadReply>(child: ChildProcess, command: LoadCommand, timeoutMs: number): Promise<R> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`load generator: no answer to ${command.type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: LoadReply): void => {
      cleanup();
      if (message.type === 'error') reject(new Error(`load generator: ${message.message}`));
      else resolve(message as R);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`load generator exited (${code}) during ${command.type}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(command);
  });
}

/**
 * One generator's event loop receiving every delivery is part of what is measured: its own
 * delay adds to every latency. Several processes share that work, as receivers would.
 */
function startLoad(): Load {
  const generators = Array.from({ length: loadProcesses }, () => {
    const child = fork(join(ROOT, 'bench/load.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, DEBUG: '' },
      // Latencies travel back as typed arrays.
      serialization: 'advanced',
    });
    children.add(child);
    return child;
  });
  return {
    ask<R extends LoadReply>(command: (part: number) => LoadCommand, timeoutMs: number): Promise<R[]> {
      return Promise.all(generators.map((child, part) => askOne<R>(child, command(part), timeoutMs)));
    },
    stop() {
      for (const child of generators) {
        child.kill('SIGKILL');
        children.delete(child);
      }
    },
  };
}

const total = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0);

function mergeConnected(results: readonly ConnectResult[]): ConnectResult {
  const firstError = results.find((result) => result.firstError !== undefined)?.firstError;
  return {
    type: 'connected',
    connections: total(results.map((result) => result.connections)),
    failed: total(results.map((result) => result.failed)),
    ms: Math.max(...results.map((result) => result.ms)),
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/** The load generators' results merged. */
interface TrafficResult {
  sent: number;
  accepted: number;
  refused: Record<string, number>;
  expected: number;
  delivered: number;
  sendSeconds: number;
  /** Send phase plus the wait for the last deliveries and acknowledgements. */
  windowSeconds: number;
  fanout: Summary;
  ack: Summary;
  /** The load generators' CPU over the window, summed, in percent of one core. */
  loadCpuPercent: number;
  /** The worst of the load generators' event-loop delays. */
  loadLoopDelayP99Ms: number;
  loadLoopDelayMaxMs: number;
}

function mergeTraffic(results: readonly LoadTrafficResult[]): TrafficResult {
  const refused: Record<string, number> = {};
  for (const result of results) {
    for (const [code, count] of Object.entries(result.refused)) refused[code] = (refused[code] ?? 0) + count;
  }
  const concat = (pick: (result: LoadTrafficResult) => Float64Array): number[] =>
    results.flatMap((result) => Array.from(pick(result)));
  return {
    sent: total(results.map((result) => result.sent)),
    accepted: total(results.map((result) => result.accepted)),
    refused,
    expected: total(results.map((result) => result.expected)),
    delivered: total(results.map((result) => result.delivered)),
    sendSeconds: Math.max(...results.map((result) => result.sendSeconds)),
    windowSeconds: Math.max(...results.map((result) => result.windowSeconds)),
    fanout: summarize(concat((result) => result.fanoutMs)),
    ack: summarize(concat((result) => result.ackMs)),
    loadCpuPercent: total(results.map((result) => result.cpuPercent)),
    loadLoopDelayP99Ms: Math.max(...results.map((result) => result.loopDelayP99Ms)),
    loadLoopDelayMaxMs: Math.max(...results.map((result) => result.loopDelayMaxMs)),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` connections over `roomCount` rooms, shared among the generators; fails if any did not open. */
async function connectAll(
  load: Load,
  server: ServerProcess,
  target: Target,
  count: number,
  roomCount: number,
): Promise<ConnectResult> {
  const command = (part: number): LoadCommand => ({
    type: 'connect',
    url: server.url,
    target,
    total: count,
    rooms: roomCount,
    batch,
    part,
    parts: loadProcesses,
  });
  const result = mergeConnected(await load.ask<ConnectResult>(command, 60_000 + count * 20));
  if (result.connections < count) {
    throw new Error(
      `${target}: only ${result.connections} of ${count} connections opened (${result.failed} failed: ${result.firstError})`,
    );
  }
  return result;
}

// ---- scenarios ----

interface IdleFigures {
  connections: number;
  rssBaseMiB: number;
  rssMiB: number;
  bytesPerConnection: number;
  connectSeconds: number;
}

async function idle(server: ServerProcess, target: Target, name: string = target): Promise<IdleFigures[]> {
  const pid = server.child.pid ?? 0;
  const base = await settledRss(pid);
  const load = startLoad();
  const figures: IdleFigures[] = [];
  try {
    const idleRooms = Math.max(1, Math.round((idleTiers.at(-1) ?? 1000) / 10));
    for (const tier of idleTiers) {
      const result = await connectAll(load, server, target, tier, idleRooms);
      await sleep(2000);
      const rss = await settledRss(pid);
      figures.push({
        connections: tier,
        rssBaseMiB: base / 2 ** 20,
        rssMiB: rss / 2 ** 20,
        bytesPerConnection: (rss - base) / tier,
        connectSeconds: result.ms / 1000,
      });
      process.stderr.write(`  ${name}: ${tier} idle connections, RSS ${(rss / 2 ** 20).toFixed(1)} MiB\n`);
    }
    await load.ask(() => ({ type: 'close' }), 30_000);
  } finally {
    load.stop();
  }
  return figures;
}

interface TrafficFigures extends TrafficResult {
  connections: number;
  rooms: number;
  perConnectionPerSecond: number;
  deliveredPerSecond: number;
  deliveryRatio: number;
  serverCpuPercent: number;
  serverCpuMicrosPerDelivered: number;
  /** Of the window, how long the server's event loop was ready to run but had no CPU. */
  serverRunQueueWaitPercent: number;
  /** Every process on the machine, ours or not, in percent of all its CPUs. */
  machineBusyPercent: number;
  serverRssMiB: number;
}

async function traffic(
  server: ServerProcess,
  target: Target,
  mode: 'room' | 'dm',
  name: string = target,
): Promise<TrafficFigures> {
  const pid = server.child.pid ?? 0;
  const load = startLoad();
  try {
    await connectAll(load, server, target, connections, rooms);
    await sleep(2000);
    const cpuBefore = cpuMicros(pid);
    const waitBefore = runQueueWaitMicros(pid);
    const machineBefore = machineTicks();
    const run = mergeTraffic(
      await load.ask<LoadTrafficResult>(
        () => ({ type: 'traffic', mode, perConnectionPerSecond: rate, durationMs, drainMs: 10_000 }),
        durationMs + 60_000,
      ),
    );
    const cpu = cpuMicros(pid) - cpuBefore;
    const wait = runQueueWaitMicros(pid) - waitBefore;
    const machineBusy = machineBusyPercent(machineBefore, machineTicks());
    const figures: TrafficFigures = {
      ...run,
      connections,
      rooms,
      perConnectionPerSecond: rate,
      deliveredPerSecond: run.delivered / run.sendSeconds,
      deliveryRatio: run.expected === 0 ? Number.NaN : run.delivered / run.expected,
      serverCpuPercent: (cpu / 1e6 / run.windowSeconds) * 100,
      serverCpuMicrosPerDelivered: cpu / run.delivered,
      serverRunQueueWaitPercent: (wait / 1e6 / run.windowSeconds) * 100,
      machineBusyPercent: machineBusy,
      serverRssMiB: rssBytes(pid) / 2 ** 20,
    };
    process.stderr.write(
      `  ${name} ${mode}: ${run.delivered}/${run.expected} delivered, p99 ${run.fanout.p99.toFixed(1)} ms, ` +
        `${figures.serverCpuMicrosPerDelivered.toFixed(1)} µs CPU per delivery\n`,
    );
    await load.ask(() => ({ type: 'close' }), 30_000);
    return figures;
  } finally {
    load.stop();
  }
}

// ---- the run ----

/** A scenario's figures for each of our storages (`sqlite`, `memory`) and the bare relay (`reference`). */
type Measured<T> = Partial<Record<Storage, T>> & { reference: T };

interface Results {
  idle?: Measured<IdleFigures[]>;
  room?: Measured<TrafficFigures>;
  dm?: Measured<TrafficFigures>;
}

async function main(): Promise<void> {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
  process.stderr.write(
    `bench: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `scenarios ${scenarios.join(', ')}; storage ${storages.join(' and ')}\n`,
  );
  const results: Results = {};
  for (const scenario of scenarios) {
    process.stderr.write(`bench: ${scenario}\n`);
    const servers = await startServers();
    try {
      if (scenario === 'idle') {
        const measured: Measured<IdleFigures[]> = { reference: await idle(servers.reference, 'reference') };
        for (const [storage, server] of servers.ours) measured[storage] = await idle(server, 'ours', `ours ${storage}`);
        results.idle = measured;
      } else {
        const mode = scenario as 'room' | 'dm';
        const measured: Measured<TrafficFigures> = {
          reference: await traffic(servers.reference, 'reference', mode),
        };
        for (const [storage, server] of servers.ours)
          measured[storage] = await traffic(server, 'ours', mode, `ours ${storage}`);
        results[mode] = measured;
      }
    } finally {
      await stopServers(servers);
    }
  }

  process.stdout.write(`\n${render(results)}\n`);
  const settings = {
    scenarios,
    storages,
    idleTiers,
    connections,
    rooms,
    rate,
    durationMs,
    batch,
    loadProcesses,
  };
  mkdirSync(join(flags.out, '..'), { recursive: true });
  writeFileSync(
    flags.out,
    `${JSON.stringify({ at: new Date().toISOString(), machine, settings, results }, null, 2)}\n`,
  );
  process.stdout.write(`\nresults: ${flags.out}\n`);
}

/** Issue #16's targets, as the largest ratio to bare Socket.IO, stated for the durable default. */
const TARGETS: Record<string, number> = {
  'KB per connection': 1.1,
  'fan-out p99 ms': 2,
  'server CPU µs/delivered': 1.2,
};

function targetOf(label: string): number | undefined {
  const key = Object.keys(TARGETS).find((figure) => label.endsWith(`: ${figure}`));
  return key === undefined ? undefined : TARGETS[key];
}

/** "≤ 1.2x met" or "≤ 1.2x missed" for the first storage measured; never a failure. */
function verdict(target: number | undefined, value: number): string {
  if (target === undefined) return '';
  if (!Number.isFinite(value)) return `≤ ${target}x`;
  return `≤ ${target}x ${value <= target ? 'met' : 'missed'}`;
}

function render(results: Results): string {
  const rows: string[][] = [];
  const row = (label: string, pick: (storage: Storage | 'reference') => number | undefined): void => {
    const reference = pick('reference');
    const ours = storages.map((storage) => pick(storage));
    const ratios = ours.map((value) => ratio(value, reference));
    rows.push([
      label,
      ...ours.map((value) => formatNumber(value)),
      formatNumber(reference),
      ...ratios.map((value) => formatNumber(value)),
      verdict(targetOf(label), ratios[0] ?? Number.NaN),
    ]);
  };
  if (results.idle) {
    const idleResults = results.idle;
    idleResults.reference.forEach((reference, index) => {
      const at = (storage: Storage | 'reference'): IdleFigures | undefined => idleResults[storage]?.[index];
      row(`idle ${reference.connections}: KB per connection`, (s) => {
        const figures = at(s);
        return figures && figures.bytesPerConnection / 1024;
      });
      row(`idle ${reference.connections}: server RSS MiB`, (s) => at(s)?.rssMiB);
    });
    row('idle: server RSS MiB before', (s) => idleResults[s]?.[0]?.rssBaseMiB);
  }
  for (const mode of ['room', 'dm'] as const) {
    const figures = results[mode];
    if (!figures) continue;
    const { reference } = figures;
    const label = `${mode} ${reference.connections}/${reference.rooms} rooms @${reference.perConnectionPerSecond}/s`;
    const each = (name: string, pick: (figures: TrafficFigures) => number): void =>
      row(`${label}: ${name}`, (s) => {
        const measured = figures[s];
        return measured && pick(measured);
      });
    each('sent/s', (f) => f.sent / f.sendSeconds);
    each('delivered/s', (f) => f.deliveredPerSecond);
    each('delivery ratio', (f) => f.deliveryRatio);
    each('refused sends', (f) => sumValues(f.refused));
    each('fan-out p50 ms', (f) => f.fanout.p50);
    each('fan-out p99 ms', (f) => f.fanout.p99);
    each('fan-out max ms', (f) => f.fanout.max);
    each('ack p50 ms', (f) => f.ack.p50);
    each('ack p99 ms', (f) => f.ack.p99);
    each('server CPU µs/delivered', (f) => f.serverCpuMicrosPerDelivered);
    each('server CPU %', (f) => f.serverCpuPercent);
    each('server waiting for a CPU %', (f) => f.serverRunQueueWaitPercent);
    each('load generators CPU %', (f) => f.loadCpuPercent);
    each('load generator loop delay p99 ms', (f) => f.loadLoopDelayP99Ms);
    each('machine busy % (all processes)', (f) => f.machineBusyPercent);
  }
  const header = [
    'figure',
    ...storages.map((storage) => `ours ${storage}`),
    'bare',
    ...storages.map((storage) => `${storage}/bare`),
    `target (${storages[0]})`,
  ];
  return formatTable(header, rows);
}

const sumValues = (record: Record<string, number>): number => total(Object.values(record));

main().then(
  () => {
    killAll();
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAll();
    process.exit(1);
  },
);
