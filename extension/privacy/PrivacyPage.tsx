/**
 * The privacy page (issue #15): what the relay receives, what it never receives, what a room
 * key does not hide, who can link a person across rooms, what each thing is kept for, and what
 * stays in the browser. docs/privacy.md says the same for operators and reviewers; the two
 * change together. Retention figures are the relay's defaults (docs/configuration.md).
 */

import { MAILBOX_MAX_PER_RECIPIENT, MAILBOX_MAX_PER_SENDER, MAILBOX_TTL_MS } from '../../protocol/index.ts';

const DAY_MS = 86_400_000;

/** `relayHost`: the relay this browser uses now (its host, as the panel shows it). */
export function PrivacyPage({ relayHost }: { relayHost: string }) {
  return (
    <main class="privacy-page">
      <h1>What the relay can and cannot see</h1>
      <p>
        samepage passes everything through a <strong>relay</strong>: a server that connects the people on the same page.
        You are using the relay at{' '}
        <strong class="privacy-relay" data-testid="privacy-relay">
          {relayHost}
        </strong>
        . Whoever runs it could read its memory, its database and its disks. Here is what they would find.
      </p>

      <section aria-labelledby="receives">
        <h2 id="receives">What the relay receives</h2>
        <ul>
          <li>
            <strong>Room keys</strong>, not addresses: for each page you open samepage on, a SHA-256 fingerprint of its
            tidied-up address (tracking parameters and the <code>#</code> part removed), and the site’s key when you
            switch to Site. On a site you keep samepage open on, the key of every page you load there.
          </li>
          <li>
            <strong>Your display name</strong>, and which rooms you are in while you are there.
          </li>
          <li>
            <strong>Room messages</strong>, as everyone in the room sees them: their words, replies, quotes from the
            page, reactions, edits and deletions, and pictures (re-encoded without location or camera data, by your
            browser and again by the relay).
          </li>
          <li>
            <strong>Your IP address</strong>, as any server you connect to sees it. The relay uses it to limit how many
            connections and new people one network may bring, and an operator may ban an address.
          </li>
          <li>
            <strong>Direct messages only as ciphertext.</strong> The relay sees that one person in a room sent a DM to
            another, when, and about how long it is; not its words, nor your reactions, replies, edits or deletions in
            it. A picture in a DM reaches it as encrypted bytes only, which it cannot open.
          </li>
          <li>
            <strong>A public key per room</strong>, which lets others encrypt DMs to you. It is public by design.
          </li>
          <li>
            <strong>Your block list and who may DM you</strong>, as lists of ids, so that the relay can refuse those
            DMs.
          </li>
          <li>
            <strong>Reports you send</strong>: the reason, your note, the room message as the room’s history holds it,
            and a DM’s words only if you tick “Include the message”.
          </li>
          <li>
            <strong>A credential for this relay</strong>, derived in your browser from your install’s secret and this
            relay’s address. It tells the relay you are the same person as last time.
          </li>
        </ul>
      </section>

      <section aria-labelledby="never">
        <h2 id="never">What the relay never receives</h2>
        <ul>
          <li>The address (URL) or the title of any page.</li>
          <li>
            The contents of your DMs: their words, reactions, replies, edits and deletions are encrypted in your browser
            for the other person’s browser (HPKE with X25519 and AES-256-GCM), and only it can open them. Their pictures
            are encrypted before they are uploaded, each with a key of its own that travels inside the encrypted DM.
            (Two older versions of samepage still DM each other unencrypted; the relay refuses such a DM to you.)
          </li>
          <li>
            Your install’s secret and your private keys. They are made in your browser and never leave it: the secret is
            kept as keys the browser will not hand back, not even to samepage’s own pages. Each relay gets only its own
            credential, so a relay (or anyone who reads its traffic) holds nothing it could present to another relay as
            you.
          </li>
          <li>Your mutes, the messages you hid, your word filter, your drafts and what you have read.</li>
        </ul>
      </section>

      <section aria-labelledby="room-keys">
        <h2 id="room-keys">What a room key does not hide</h2>
        <p>
          A room key cannot be turned back into an address. But anyone who knows or guesses an address can compute its
          key: to join its room, or to tell which page a room is about. A room is as private as its address is secret. A
          popular page’s room is easy to find; a page whose address only a few people have (a shared document’s link) is
          private only from those who do not have it, and the relay’s operator can test addresses they suspect.
        </p>
      </section>

      <section aria-labelledby="linking">
        <h2 id="linking">Who can tell it is you in two rooms</h2>
        <p>
          In each room you have a different id and a different public key, derived for that room. Other people in two
          rooms you are in cannot tell from them that you are the same person (a display name you use everywhere still
          can). The relay itself can: it maps each room’s id back to you, so that a block or a DM works in every room. A
          conversation keeps the ids of the room where it began.
        </p>
        <p>
          What others are told is chosen not to link your rooms either. Someone you blocked is not told: their DMs show
          delivered on their side, as if you read them and did not answer, and reach nothing (only, they always show
          delivered at once). “People I wrote to” holds in the room where you wrote to them, not in others. And someone
          you have a conversation with who is not on the page with you is not told whether you are online.
        </p>
        <p>
          What can still tell on you: your DM setting (“nobody”, or “people I wrote to” for someone you did not write to
          there) is told to everyone alike, in every room, like your name; your display name is the same in every room
          until you change it; and someone you have a conversation with sees when your browser picks their DM up, so
          when your browser is on.
        </p>
      </section>

      <section aria-labelledby="safety">
        <h2 id="safety">Safety numbers</h2>
        <p>
          Each DM conversation shows a safety number made from both people’s keys, the same on both sides. Compare it
          with the other person another way (in person, on a call) and mark the conversation verified. Until then it is
          <strong> unverified</strong>: nobody who only reads the relay’s memory or disks can read it, but a relay that
          hands each of you a key of its own instead of the other person’s could read and change your messages
          unnoticed. Comparing the numbers is what would show such a swap. When the other person’s key changes (a new
          browser, a new install), the conversation says so and is unverified again.
        </p>
      </section>

      <section aria-labelledby="retention">
        <h2 id="retention">How long the relay keeps things</h2>
        <p class="note">The relay’s default settings; its operator may choose others.</p>
        <table class="privacy-table">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">For how long</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Room messages and pictures</th>
              <td>
                The newest 500 messages of each room, none older than 30 days. A deleted message’s words go at once, and
                its picture with it.
              </td>
            </tr>
            <tr>
              <th scope="row">DMs (ciphertext)</th>
              <td>
                Until the other person’s browser confirms it has them, at most {MAILBOX_TTL_MS / DAY_MS} days (
                {MAILBOX_MAX_PER_RECIPIENT} waiting per person, {MAILBOX_MAX_PER_SENDER} from one sender); then deleted.
              </td>
            </tr>
            <tr>
              <th scope="row">Pictures in DMs (encrypted)</th>
              <td>
                As long as room pictures, at most 30 days, so a conversation keeps its pictures; the relay cannot open
                them, and they name no DM.
              </td>
            </tr>
            <tr>
              <th scope="row">That two people talked in a room</th>
              <td>30 days after their last DM (the room key and two ids, no words), so a conversation can go on.</td>
            </tr>
            <tr>
              <th scope="row">A record of each message you sent</th>
              <td>1 day, so a retry is not delivered twice: a hash of its content, never its words.</td>
            </tr>
            <tr>
              <th scope="row">Your credential’s id, and when it was first seen</th>
              <td>90 days after you last connected.</td>
            </tr>
            <tr>
              <th scope="row">Your block list and who may DM you</th>
              <td>90 days after your browser last sent them (it sends them on every connection).</td>
            </tr>
            <tr>
              <th scope="row">Your presence: name, rooms, public keys</th>
              <td>While you are in the room. Your name also stays on your room messages.</td>
            </tr>
            <tr>
              <th scope="row">Reports</th>
              <td>Until 10,000 newer ones have come in.</td>
            </tr>
            <tr>
              <th scope="row">Bans</th>
              <td>Until they end (at most a year); the operator’s log of actions keeps its last 10,000.</td>
            </tr>
            <tr>
              <th scope="row">IP addresses</th>
              <td>
                For the per-network limits, minutes; in an address ban, until it ends. Written to the relay’s logs only
                for a connection it cuts for not reading what it asked for.
              </td>
            </tr>
            <tr>
              <th scope="row">Logs</th>
              <td>
                No message, DM, token or picture id at any level; a line per connection with its id only when the
                operator turns on debug logging. How long logs are kept is up to the operator.
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="browser">
        <h2 id="browser">What stays in your browser</h2>
        <p>
          In the extension’s own storage on this device, never sent: your install’s secret (from which your keys and
          credentials are made; kept as keys that cannot be exported), your id in each room you opened the panel in (the
          last 1000 rooms: so a record of those pages, on this device), your name and settings, your DM conversations
          (the newest 200 messages of each, for 30 days after the last one), who you blocked and muted, and the verified
          safety numbers. Drafts and messages waiting to be sent are kept only until the browser closes.
        </p>
      </section>

      <section aria-labelledby="choose">
        <h2 id="choose">Choosing another relay</h2>
        <p>
          Anyone can run a relay. To use another, enter its address under “Server address” in the{' '}
          <a href="/options.html">options</a>. It must use TLS (<code>https://</code> or <code>wss://</code>), unless it
          runs on this computer. A new relay knows nothing of the old one: you are a new person there, with new ids, and
          your conversations on the old relay stay on this device.
        </p>
      </section>
    </main>
  );
}
