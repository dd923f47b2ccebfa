/**
 * Backup and restore as an operator does them (docs/operations.md), with real processes: the
 * relay runs on a DATA_DIR and takes messages, an image and a DM's encrypted picture;
 * `npm run backup` archives it while it goes on taking messages; the relay is killed (SIGKILL);
 * the archive is unpacked into a new DATA_DIR, and a relay started there has it all.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientEvent, type BlobUploadAnswer, type ImageUploadAnswer } from '../../protocol/index.ts';
import { backup } from '../backup.ts';
import { CONFIG_VARIABLES } from '../config.ts';
import { disconnectAll, joined, newClientId, newRoom, newToken, sleep, type Client } from './harness.ts';
import { healthy, spawnServer } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

let workDir = '';
afterEach(() => {
  disconnectAll();
  rmSync(workDir, { recursive: true, force: true });
});

/** `npm run backup -- <file>` as the operator runs it, with only DATA_DIR configured. */
async function backupCommand(dataDir: string, file: string): Promise<string> {
  const configured = new Set(CONFIG_VARIABLES.map(({ env }) => env));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !configured.has(name)));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', file], {
    cwd: ROOT,
    env: { ...env, DATA_DIR: dataDir },
  });
  return stdout;
}

async function say(socket: Client, room: string, text: string): Promise<void> {
  const answer = await socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text });
  if (!answer.ok) throw new Error(`send refused: ${answer.error.code}`);
}

async function post(url: string, body: Buffer, token: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: new Uint8Array(body),
  });
  expect(response.status).toBe(201);
  return response.json();
}

async function served(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** The room's history, oldest first, page by page. */
async function wholeHistory(socket: Client, room: string): Promise<string[]> {
  const texts: string[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await socket.emitWithAck(ClientEvent.RoomHistory, { room, ...(before ? { before } : {}) });
    if (!page.ok) throw new Error(`history refused: ${page.error.code}`);
    texts.unshift(...page.messages.map((message) => message.text));
    if (!page.hasMore || page.messages[0] === undefined) return texts;
    before = page.messages[0].id;
  }
}

describe('a backup of a running relay', () => {
  it(
    'restores into a new DATA_DIR with its history, images and blobs',
    { timeout: 90_000 },
    async ({ onTestFinished }) => {
      workDir = mkdtempSync(join(tmpdir(), 'samepage-backup-'));
      // Room for a steady stream of messages while the backup runs.
      const budgets = { SEND_BURST: '10000', SEND_PER_SECOND: '10000' };
      const first = await spawnServer(
        { STORAGE: 'sqlite', DATA_DIR: join(workDir, 'data'), ...budgets },
        onTestFinished,
      );
      await healthy(first);
      const room = newRoom();
      const token = newToken();
      const { socket } = await joined(first.url, room, { token, name: 'Alice' });
      const before = ['one', 'two', 'three'];
      for (const text of before) await say(socket, room, text);
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c81e1e' } })
        .png()
        .toBuffer();
      const image = (await post(`${first.url}/images?room=${room}`, png, token)) as ImageUploadAnswer;
      if (!image.ok) throw new Error('image refused');
      const imageBytes = await served(`${first.url}/images/${image.image.id}`);
      const ciphertext = randomBytes(4000);
      const blob = (await post(`${first.url}/blobs?room=${room}`, ciphertext, token)) as BlobUploadAnswer;
      if (!blob.ok) throw new Error('blob refused');

      // The relay goes on taking messages while the backup runs.
      const archive = join(workDir, 'backup.tar');
      let talking = true;
      const during: string[] = [];
      const chatter = (async () => {
        for (let n = 0; talking; n++) {
          await say(socket, room, `during ${n}`);
          during.push(`during ${n}`);
          await sleep(20);
        }
      })();
      expect(await backupCommand(join(workDir, 'data'), archive)).toMatch(/pages, [1-9]\d* image files/);
      talking = false;
      await chatter;
      expect(during.length).toBeGreaterThan(0);
      first.child.kill('SIGKILL');
      await first.exited;

      const restored = join(workDir, 'restored');
      mkdirSync(restored);
      await run('tar', ['-xf', archive, '-C', restored]);
      const second = await spawnServer({ STORAGE: 'sqlite', DATA_DIR: restored }, onTestFinished);
      await healthy(second);
      const texts = await wholeHistory((await joined(second.url, room, { name: 'Bob' })).socket, room);
      // Everything acknowledged before the backup began, then a consistent prefix of the rest.
      expect(texts.slice(0, before.length)).toEqual(before);
      expect(texts.slice(before.length)).toEqual(during.slice(0, texts.length - before.length));
      expect(await served(`${second.url}/images/${image.image.id}`)).toEqual(imageBytes);
      expect(await served(`${second.url}/blobs/${blob.blob.id}`)).toEqual(ciphertext);
    },
  );
});

describe('npm run backup', () => {
  const config = (dir: string) => ({ dataDir: dir, imageDir: join(dir, 'images'), redisUrl: null });

  it('says there is nothing to back up with STORAGE=memory', async () => {
    workDir = mkdtempSync(join(tmpdir(), 'samepage-backup-'));
    await expect(backup({ ...config(workDir), storage: 'memory' }, join(workDir, 'b.tar'))).rejects.toThrow(
      'STORAGE=memory keeps nothing on disk',
    );
  });

  it('says so when DATA_DIR holds no database, and writes nothing', async () => {
    workDir = mkdtempSync(join(tmpdir(), 'samepage-backup-'));
    const target = join(workDir, 'b.tar');
    await expect(backup({ ...config(join(workDir, 'empty')), storage: 'sqlite' }, target)).rejects.toThrow(
      /cannot open the database .*empty\/samepage\.db \(is DATA_DIR the relay's\?\)/,
    );
    expect(readdirSync(workDir)).toEqual([]);
  });
});
