/* global document, sessionStorage, fetch, URLSearchParams, confirm */
// The operator console (docs/moderation.md): plain DOM, no framework, talking only to
// /admin/api on this origin with the token the operator typed, which stays in this tab.
const API = '/admin/api';
const TOKEN_KEY = 'samepage-admin-token';
const NAME_KEY = 'samepage-admin-name';
const PAGE = 30;
const BAN_CHOICES = [
  [60, '1 hour'],
  [1440, '1 day'],
  [10080, '1 week'],
  [43200, '30 days'],
  [525600, '1 year'],
];
const REASONS = { spam: 'Spam', harassment: 'Harassment', hate: 'Hate', sexual: 'Sexual content', other: 'Other' };

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; text is always text, never markup. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) element.append(child);
  return element;
}

const when = (ms) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const clock = (ms) => new Date(ms).toLocaleTimeString(undefined, { timeStyle: 'short' });
const short = (id) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);
const idCode = (id) => h('code', { title: id }, short(id));

function say(text, isError = false) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

class Unauthorized extends Error {}

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` };
  const name = sessionStorage.getItem(NAME_KEY);
  if (name) headers['X-Operator'] = name;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (response.status === 401) throw new Unauthorized('The relay refused this token.');
  if (!response.ok) throw new Error(answer.error?.message ?? `The relay answered ${response.status}.`);
  return answer;
}

/** Runs an action, says how it went, and signs out when the token stops working. */
async function act(action, done) {
  try {
    const result = await action();
    if (done) say(done);
    return result;
  } catch (error) {
    if (error instanceof Unauthorized) signOut(error.message);
    else say(error.message, true);
    return undefined;
  }
}

// Sign-in

function signOut(reason = '') {
  sessionStorage.removeItem(TOKEN_KEY);
  $('app').hidden = true;
  $('who').hidden = true;
  $('sign-out').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = reason;
  say('');
  $('token').focus();
}

async function signIn() {
  try {
    await api('GET', '/bans');
  } catch (error) {
    signOut(error.message);
    return;
  }
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').hidden = false;
  $('who').textContent = `Signed in as ${sessionStorage.getItem(NAME_KEY) || 'operator'}`;
  $('sign-out').hidden = false;
  await showTab('reports');
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  if (token === '') {
    $('login-error').textContent = 'Type the token first.';
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(NAME_KEY, $('operator').value.trim());
  $('token').value = '';
  void signIn();
});
$('sign-out').addEventListener('click', () => signOut());

// Tabs

const TABS = { reports: loadReports, people: loadPeople, bans: loadBans, audit: loadAudit };

async function showTab(name) {
  for (const button of document.querySelectorAll('[data-tab]')) {
    const current = button.dataset.tab === name;
    if (current) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
    $(button.dataset.tab).hidden = !current;
  }
  await TABS[name]();
}
for (const button of document.querySelectorAll('[data-tab]'))
  button.addEventListener('click', () => void showTab(button.dataset.tab));

// Reports

let filter = '';
let oldest;

$('filter').addEventListener('submit', (event) => {
  event.preventDefault();
  filter = $('reported').value.trim();
  void loadReports();
});
$('clear-filter').addEventListener('click', () => {
  filter = '';
  $('reported').value = '';
  void loadReports();
});
$('more-reports').addEventListener('click', () => void loadReports(oldest));

async function loadReports(before) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (filter) query.set('reported', filter);
  if (before) query.set('before', before);
  const answer = await act(() => api('GET', `/reports?${query}`));
  if (!answer) return;
  const list = $('report-list');
  if (!before) list.replaceChildren();
  const modes = new Map();
  for (const report of answer.reports) list.append(reportItem(report, modes));
  if (!before && answer.reports.length === 0)
    list.append(h('li', { class: 'empty' }, filter ? 'No reports about this user.' : 'No reports. All quiet.'));
  oldest = answer.reports.at(-1)?.id;
  $('more-reports').hidden = answer.reports.length < PAGE;
}

function messageBody(message) {
  if (message.deletedAt !== undefined)
    return h(
      'em',
      { class: 'removed' },
      message.deletedBy === 'moderator' ? 'removed by a moderator' : 'deleted by its author',
    );
  if (message.kind === 'image') return h('em', {}, `[image${message.body.alt ? `: ${message.body.alt}` : ''}]`);
  return message.body.text;
}

function messageLine(message, highlighted) {
  return h(
    'li',
    { class: highlighted ? 'message reported-message' : 'message' },
    h('span', { class: 'from' }, message.from.name),
    h('time', { datetime: new Date(message.at).toISOString(), title: when(message.at) }, clock(message.at)),
    h('span', { class: 'text' }, messageBody(message)),
  );
}

function reportItem(report, modes) {
  const article = h('article', { class: 'card report', 'aria-label': `${REASONS[report.reason]} report` });
  const reported = report.message?.from.name;
  article.append(
    h(
      'header',
      {},
      h('span', { class: `reason reason-${report.reason}` }, REASONS[report.reason] ?? report.reason),
      report.dm ? h('span', { class: 'tag' }, 'DM') : null,
      h('span', {}, 'about ', reported ? h('strong', {}, reported) : null, ' ', idCode(report.reported)),
      h('span', { class: 'hint' }, 'by ', idCode(report.reporter)),
      h('time', { datetime: new Date(report.at).toISOString() }, when(report.at)),
    ),
  );
  if (report.note) article.append(h('blockquote', { class: 'note' }, report.note));
  const context = h('ol', { class: 'messages', 'aria-label': 'Messages' });
  if (report.message) context.append(messageLine(report.message, true));
  else if (report.text)
    context.append(
      h(
        'li',
        { class: 'message reported-message' },
        h('span', { class: 'from' }, 'DM text'),
        h('span', { class: 'text' }, report.text),
      ),
    );
  else
    context.append(
      h(
        'li',
        { class: 'message hint' },
        report.messageId
          ? 'The message was not included or is gone from history.'
          : 'A report about the person, no message.',
      ),
    );
  article.append(context);

  const actions = h('div', { class: 'actions' });
  if (report.messageId && !report.dm) {
    actions.append(
      h('button', { type: 'button', onclick: () => void showContext(report, context) }, 'Show surrounding messages'),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          disabled: report.message?.deletedAt !== undefined,
          onclick: (event) => void deleteMessage(report, context, event.currentTarget),
        },
        'Delete message',
      ),
    );
  }
  actions.append(banForm(report.reported, reported ?? short(report.reported)), roomControls(report.room, modes));
  article.append(actions);
  return h('li', {}, article);
}

async function showContext(report, context) {
  const query = new URLSearchParams({ around: report.messageId, limit: '5' });
  const answer = await act(() => api('GET', `/rooms/${report.room}/messages?${query}`));
  if (!answer) return;
  context.replaceChildren(...answer.messages.map((message) => messageLine(message, message.id === report.messageId)));
}

async function deleteMessage(report, context, button) {
  if (!confirm('Remove this message for everyone in the room?')) return;
  const answer = await act(
    () => api('POST', `/rooms/${report.room}/messages/${report.messageId}/delete`),
    'Message removed for everyone.',
  );
  if (!answer) return;
  button.disabled = true;
  await showContext(report, context);
}

let formCount = 0;

function banForm(user, label) {
  const n = ++formCount;
  const minutes = h(
    'select',
    { id: `ban-minutes-${n}` },
    BAN_CHOICES.map(([value, text]) => h('option', { value }, text)),
  );
  const reason = h('input', { id: `ban-reason-${n}`, type: 'text', maxlength: 200, placeholder: 'shown to them' });
  const form = h(
    'form',
    { class: 'inline', 'aria-label': `Ban ${label}` },
    h('label', { for: minutes.id }, 'Ban for'),
    minutes,
    h('label', { for: reason.id }, 'Reason'),
    reason,
    h('button', { type: 'submit', class: 'danger' }, 'Ban user'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!confirm(`Ban ${label} and disconnect them now?`)) return;
    const body = {
      user,
      minutes: Number(minutes.value),
      ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
    };
    void act(async () => {
      const answer = await api('POST', '/bans', body);
      say(`Banned until ${when(answer.ban.until)}; connections closed: ${answer.disconnected}.`);
    });
  });
  return form;
}

function roomControls(room, modes) {
  const n = ++formCount;
  const seconds = h('input', {
    id: `slow-${n}`,
    type: 'number',
    min: 0,
    max: 3600,
    step: 1,
    value: 0,
    inputmode: 'numeric',
  });
  const readOnly = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Read-only');
  const form = h(
    'form',
    { class: 'inline', 'aria-label': `Mode of room ${short(room)}` },
    h('span', { class: 'hint' }, 'Room ', idCode(room)),
    h('label', { for: seconds.id }, 'Slow mode (s)'),
    seconds,
    h('button', { type: 'submit' }, 'Set'),
    readOnly,
  );
  const show = (mode) => {
    seconds.value = String(mode.slowModeSeconds);
    readOnly.setAttribute('aria-pressed', String(mode.readOnly));
    readOnly.textContent = mode.readOnly ? 'Read-only: on' : 'Read-only: off';
  };
  if (!modes.has(room))
    modes.set(
      room,
      act(() => api('GET', `/rooms/${room}/mode`)),
    );
  void modes.get(room).then((answer) => answer && show(answer.mode));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(async () => {
      const answer = await api('PUT', `/rooms/${room}/slow-mode`, { seconds: Number(seconds.value) });
      show(answer.mode);
      say(
        answer.mode.slowModeSeconds
          ? `Slow mode: one message every ${answer.mode.slowModeSeconds} s.`
          : 'Slow mode off.',
      );
    });
  });
  readOnly.addEventListener('click', () => {
    const next = readOnly.getAttribute('aria-pressed') !== 'true';
    void act(async () => {
      const answer = await api('PUT', `/rooms/${room}/read-only`, { readOnly: next });
      show(answer.mode);
      say(next ? 'The room is read-only.' : 'The room is open again.');
    });
  });
  return form;
}

// People reported

async function loadPeople() {
  const answer = await act(() => api('GET', '/reports/by-user'));
  if (!answer) return;
  const rows = answer.users.map((user) =>
    h(
      'tr',
      {},
      h('td', {}, idCode(user.reported)),
      h('td', {}, String(user.count)),
      h('td', {}, String(user.reporters)),
      h(
        'td',
        {},
        Object.entries(user.reasons)
          .map(([reason, count]) => `${REASONS[reason] ?? reason} ${count}`)
          .join(', '),
      ),
      h('td', {}, when(user.latestAt)),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              filter = user.reported;
              $('reported').value = user.reported;
              void showTab('reports');
            },
          },
          'Show reports',
        ),
      ),
    ),
  );
  $('people-rows').replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'Nobody reported.'))]),
  );
}

// Bans

async function loadBans() {
  const answer = await act(() => api('GET', '/bans'));
  if (!answer) return;
  const rows = answer.bans.map((ban) => {
    const path = ban.user ? `/bans/${ban.user}` : `/bans/address/${encodeURIComponent(ban.address)}`;
    return h(
      'tr',
      {},
      h('td', {}, ban.user ? idCode(ban.user) : h('code', {}, ban.address)),
      h('td', {}, when(ban.until)),
      h('td', {}, ban.reason ?? ''),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            onclick: () => void act(() => api('DELETE', path), 'Ban lifted.').then((done) => done && loadBans()),
          },
          'Lift',
        ),
      ),
    );
  });
  $('ban-rows').replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 4, class: 'empty' }, 'No bans in force.'))]),
  );
}

// Audit

async function loadAudit() {
  const answer = await act(() => api('GET', '/audit?limit=200'));
  if (!answer) return;
  const rows = answer.entries.map((entry) =>
    h(
      'tr',
      {},
      h('td', {}, when(entry.at)),
      h('td', {}, entry.actor),
      h('td', {}, h('code', {}, entry.action)),
      h('td', {}, idCode(entry.target)),
      h(
        'td',
        { class: 'detail' },
        entry.detail
          ? Object.entries(entry.detail)
              .map(([key, value]) => `${key}: ${key === 'until' ? when(value) : value}`)
              .join(', ')
          : '',
      ),
    ),
  );
  $('audit-rows').replaceChildren(
    ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'Nothing yet.'))]),
  );
}

if (sessionStorage.getItem(TOKEN_KEY)) void signIn();
else $('token').focus();
