/**
 * The end-to-end suite's own little web site, on loopback. Chromium maps every host to
 * 127.0.0.1 (see browser.ts), so the same page can be reached as `samepage.test` and
 * `www.samepage.test`, as on the real web.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SITE_HOST = 'samepage.test';

const page = (title: string, body: string, head = ''): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

const PAGES: Record<string, { html: string; headers?: Record<string, string> }> = {
  '/article': { html: page('An article', '<h1>An article</h1><p>Something worth talking about.</p>') },
  '/other': { html: page('Another article', '<h1>Another article</h1>') },
  // Long enough to scroll, with one sentence twice: near the top and far down, told apart by
  // the words around each.
  '/long-article': {
    html: page(
      'A long article',
      `<h1>A long article</h1>
       <p>At the start of the story, the village slept.</p>
       <p id="early">The keeper lit the lamp at dusk.</p>
       ${Array.from({ length: 40 }, (_, index) => `<p>Filler paragraph ${index + 1}, about the sea and the rocks.</p>`).join('')}
       <p>Years later, the storm came in from the west.</p>
       <p id="target">The keeper lit the lamp at dusk.</p>
       <p>Ships passed the rocks safely that night.</p>
       ${Array.from({ length: 10 }, (_, index) => `<p>Closing paragraph ${index + 1}.</p>`).join('')}`,
    ),
  },
  '/spa': {
    html: page(
      'A single-page app',
      `<h1 id="route">home</h1>
       <button id="go" onclick="history.pushState({}, '', '/spa/inbox' + location.search); document.getElementById('route').textContent = 'inbox'">Inbox</button>`,
    ),
  },
  // Resets every element, hides the panel's element and every iframe, covers the page with an
  // overlay on the highest z-index, and forces shadow roots open before any extension runs.
  '/hostile': {
    html: page(
      'A hostile page',
      `<div id="overlay"></div><p>Nothing to see here.</p>
       <script>
         const captured = [];
         const attachShadow = Element.prototype.attachShadow;
         Element.prototype.attachShadow = function (init) {
           const root = attachShadow.call(this, { ...init, mode: 'open' });
           captured.push(root);
           return root;
         };
         window.probe = (secret) => {
           const host = document.querySelector('samepage-panel');
           const out = {
             hostFound: !!host,
             shadowRoot: host ? (host.shadowRoot === null ? null : 'open') : 'no host',
             capturedRoots: captured.length,
             frameDocument: 'unreachable',
           };
           for (let index = 0; index < window.frames.length; index++) {
             try {
               if (window.frames[index].document) out.frameDocument = 'READ';
             } catch {
               out.frameDocument = 'blocked';
             }
           }
           out.textVisible = document.documentElement.textContent.includes(secret) || document.body.innerText.includes(secret);
           return out;
         };
       </script>`,
      `<style>
         *, *::before, *::after { all: unset !important; }
         head, script, style, title { display: none !important; }
         samepage-panel, samepage-panel * { display: none !important; visibility: hidden !important; opacity: 0 !important; width: 0 !important; height: 0 !important; }
         iframe { display: none !important; width: 0 !important; height: 0 !important; }
         [popover], :popover-open { display: none !important; }
         #overlay { display: block !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; background: rgba(200, 0, 0, 0.4) !important; }
       </style>`,
    ),
  },
  // A site's usual furniture: a fixed header whose Login link sits at the top right, a fixed
  // sidebar on the right edge, an article, a field to type in and a popover the page can show.
  '/docked': {
    html: page(
      'A page with fixed parts',
      `<header id="bar"><span>Docked News</span><a id="login" href="#login">Login</a></header>
       <aside id="sidebar"><p>Trending</p></aside>
       <main id="article"><h1>A page with fixed parts</h1>
         ${Array.from({ length: 12 }, (_, index) => `<p>Paragraph ${index + 1} of an article that reflows when the window narrows.</p>`).join('')}
         <input id="search" aria-label="Search the page"></main>
       <div id="promo" popover="manual">A popover the page shows later</div>`,
      `<style>
         body { margin: 0; font: 16px/1.5 sans-serif; }
         #bar { position: fixed; top: 0; left: 0; right: 0; height: 48px; display: flex; justify-content: space-between; align-items: center; padding: 0 16px; background: #123; color: #fff; }
         #bar a { color: #fff; }
         #sidebar { position: fixed; top: 48px; right: 0; bottom: 0; width: 200px; background: #eef; }
         #article { margin: 64px 216px 0 16px; }
         #promo { position: fixed; inset: 0; margin: 0; width: 100vw; height: 100vh; background: rgba(255, 0, 0, 0.5); }
       </style>`,
    ),
  },
  '/optout': { html: page('Opted out', '<h1>No chat here, please</h1>', '<meta name="samepage" content="off">') },
  '/strict-csp': {
    // The inline script must not run: it shows that the policy is in force.
    html: page('Strict CSP', '<h1>Locked down</h1><script>document.documentElement.dataset.scripted = "yes"</script>'),
    headers: { 'content-security-policy': "default-src 'none'; frame-src 'none'; script-src 'none'; style-src 'none'" },
  },
};

export interface Site {
  port: number;
  /** An absolute URL on the site; `host` defaults to SITE_HOST. */
  url(path: string, host?: string): string;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const entry = PAGES[path] ?? (path.startsWith('/spa/') ? PAGES['/spa'] : undefined);
    if (!entry) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...entry.headers }).end(entry.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path, host = SITE_HOST) => `http://${host}:${port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
