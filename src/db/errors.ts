/**
 * Is this error "the database cannot be reached right now" (as opposed to a bug or bad data)?
 * Such errors answer 503 with Retry-After instead of 500: the request did not happen, nothing was
 * half-written (every write runs in a transaction), and trying again in a few seconds is the right advice.
 * mysql2 reports a stopped or restarting server by network codes, its protocol codes, or the server's
 * own shutdown/kill errors, Galera a node outside the primary component; SQLite reports a database held by another writer past the busy timeout.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CON_COUNT_ERROR',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  // Galera: the node is not (yet) part of the primary component — joining, or cut off (1047)
  'ER_UNKNOWN_COM_ERROR',
  // a serialisation failure still there after the transaction runner's retries (src/db/transaction.ts)
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_LOCKED',
])
/** Client-side errors mysql2 raises without a code once a connection has died under it. */
const UNAVAILABLE_MESSAGES = [/connection is in closed state/i, /Pool is closed/i, /connect ETIMEDOUT/i]

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
    const message = (e as { message?: unknown }).message
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true
  }
  return false
}
