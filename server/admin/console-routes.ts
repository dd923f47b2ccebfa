/**
 * The console's three files, read once at start: a page that works only with the API it
 * calls on this origin, under a policy that allows nothing else (no inline script or style,
 * no other origin, no framing).
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

const CONSOLE_DIR = new URL('./console/', import.meta.url);

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const FILES = [
  { path: '', file: 'index.html', type: 'text/html; charset=utf-8' },
  { path: '/console.js', file: 'console.js', type: 'text/javascript; charset=utf-8' },
  { path: '/console.css', file: 'console.css', type: 'text/css; charset=utf-8' },
] as const;

export async function consoleRoutes(fastify: FastifyInstance) {
  for (const { path, file, type } of FILES) {
    const body = await readFile(new URL(file, CONSOLE_DIR));
    fastify.get(path, async (_request, reply) =>
      reply.header('Content-Security-Policy', CONSOLE_CSP).type(type).send(body),
    );
  }
}
