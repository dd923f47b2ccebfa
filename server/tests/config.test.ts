/** Configuration from the environment (server/config.ts) and its documentation. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../config.ts';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** The integer variables with their bounds, read from the documented ranges (`min..max`). */
const INTEGER_VARIABLES = CONFIG_VARIABLES.flatMap(({ env, fallback, range }) => {
  const bounds = /^(\d+)\.\.(\d+)$/.exec(range);
  return bounds ? [{ env, fallback: Number(fallback), min: Number(bounds[1]), max: Number(bounds[2]) }] : [];
});

/** The variables that take one of a list of words (`a, b, c`). */
const ENUMERATED_VARIABLES = CONFIG_VARIABLES.flatMap(({ env, range }) =>
  /^[a-z]+(, [a-z]+)+$/.test(range) ? [{ env, values: range.split(', ') }] : [],
);

/** Loads a config from `env`, answering the ConfigError's message instead of throwing it. */
function problemsWith(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

describe('docs/configuration.md', () => {
  it.each(CONFIG_VARIABLES)('lists $env with its default and range', ({ env, fallback, range }) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${env}\``));
    expect(row, `no table row for ${env}`).toBeDefined();
    const [, , defaultCell, rangeCell, meaning] = (row ?? '').split('|').map((cell) => cell.trim());
    expect(defaultCell).toBe(`\`${fallback}\``);
    expect(rangeCell?.replaceAll('`', '')).toBe(range);
    expect(meaning?.length).toBeGreaterThan(20);
  });

  it('lists no variable the server does not read', () => {
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(CONFIG_VARIABLES.map(({ env }) => env).sort());
  });
});

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info' });
    expect(config).toMatchObject({
      maxRoomsPerConnection: 20,
      maxMembersPerRoom: 5000,
      joinMembersLimit: 200,
      joinHistoryLimit: 50,
      historyPerRoom: 500,
      historyMaxRooms: 10_000,
      sendBurst: 10,
      sendPerSecond: 2,
      idempotencyTtlMs: 86_400_000,
      idempotencyMaxKeys: 200_000,
      maxPayloadBytes: 49_152,
      pingIntervalMs: 20_000,
      shutdownTimeoutMs: 10_000,
    });
  });

  it('reads every variable, trimming spaces', () => {
    const config = loadConfig({
      HOST: ' 0.0.0.0 ',
      PORT: ' 8080 ',
      LOG_LEVEL: 'debug',
      SEND_BURST: '20',
      SEND_PER_SECOND: '5',
      MAX_PAYLOAD_BYTES: '65536',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      logLevel: 'debug',
      sendBurst: 20,
      sendPerSecond: 5,
      maxPayloadBytes: 65_536,
    });
  });

  it('takes an empty or blank value as the default', () => {
    expect(loadConfig({ PORT: '', HOST: '  ', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
    });
  });

  it.each(INTEGER_VARIABLES)('accepts $env from $min to $max and refuses just outside', ({ env, min, max }) => {
    expect(() => loadConfig({ [env]: String(min) })).not.toThrow();
    expect(() => loadConfig({ [env]: String(max) })).not.toThrow();
    expect(problemsWith({ [env]: String(max + 1) })).toContain(env);
    if (min > 0) expect(problemsWith({ [env]: String(min - 1) })).toContain(env);
  });

  it.each(['abc', '1e3', '0x10', '2.5', '12abc', '-1', '99999999999999999999'])(
    'refuses PORT=%j as not a whole number in range',
    (value) => {
      expect(problemsWith({ PORT: value })).toContain(`PORT must be a whole number from 0 to 65535 (got "${value}")`);
    },
  );

  it.each(ENUMERATED_VARIABLES)('accepts each of $values for $env, and nothing else', ({ env, values }) => {
    for (const value of values) expect(() => loadConfig({ [env]: value }), value).not.toThrow();
    expect(problemsWith({ [env]: 'loud' })).toContain(`${env} must be one of ${values.join(', ')} (got "loud")`);
    expect(problemsWith({ [env]: values[0]?.toUpperCase() ?? 'X' })).toContain(env);
  });

  it('keeps images under DATA_DIR unless IMAGE_DIR says otherwise', () => {
    expect(loadConfig({}).imageDir).toBe('data/images');
    expect(loadConfig({ DATA_DIR: '/var/lib/samepage' }).imageDir).toBe('/var/lib/samepage/images');
    expect(loadConfig({ DATA_DIR: '/var/lib/samepage', IMAGE_DIR: ' /mnt/shared/images ' }).imageDir).toBe(
      '/mnt/shared/images',
    );
  });

  it('refuses an upload budget smaller than one upload of the largest size', () => {
    expect(problemsWith({ UPLOAD_MB_PER_HOUR: '1', IMAGE_MAX_BYTES: '2097152' })).toContain(
      'UPLOAD_MB_PER_HOUR must allow at least one upload of IMAGE_MAX_BYTES (or be 0)',
    );
    expect(() => loadConfig({ UPLOAD_MB_PER_HOUR: '2', IMAGE_MAX_BYTES: '2097152' })).not.toThrow();
    expect(() => loadConfig({ UPLOAD_MB_PER_HOUR: '0', IMAGE_MAX_BYTES: '16777216' })).not.toThrow();
  });

  it('serves metrics only when METRICS_TOKEN or METRICS_PORT asks, and checks both', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: null, metricsPort: null });
    const token = 'a'.repeat(32);
    expect(loadConfig({ METRICS_TOKEN: ` ${token} `, METRICS_PORT: '9464' })).toMatchObject({
      metricsToken: token,
      metricsPort: 9464,
    });
    const short = problemsWith({ METRICS_TOKEN: 'short-secret' });
    expect(short).toContain('METRICS_TOKEN must be at least 32 characters');
    expect(short).not.toContain('short-secret');
    expect(problemsWith({ METRICS_PORT: '0' })).toContain('METRICS_PORT must be a whole number from 1 to 65535');
    expect(problemsWith({ METRICS_PORT: '9x' })).toContain('METRICS_PORT must be a whole number from 1 to 65535');
    expect(problemsWith({ PORT: '9464', METRICS_PORT: '9464' })).toContain('METRICS_PORT must differ from PORT');
  });

  it('lists every bad variable together, one per line, naming each', () => {
    const message = problemsWith({
      PORT: 'abc',
      SEND_BURST: '0',
      LOG_LEVEL: 'loud',
      MAX_PAYLOAD_BYTES: '1e6',
      SEND_PER_SECOND: '5',
    });
    const lines = message.split('\n').slice(1);
    expect(lines).toHaveLength(4);
    for (const [index, name] of ['PORT', 'SEND_BURST', 'MAX_PAYLOAD_BYTES', 'LOG_LEVEL'].entries()) {
      expect(lines[index]).toMatch(new RegExp(`^\\s+- ${name} `));
    }
    expect(message).not.toContain('SEND_PER_SECOND');
  });
});
