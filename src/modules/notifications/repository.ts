import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Insertable } from 'kysely'
import type { MessagesTable, OutboxTable } from './table.js'
import { prepared, preparedInsert } from '../../db/prepared.js'

type Conn = Kysely<Database> | Transaction<Database>

// written with every notice (a submission sends one): prepared once (src/db/prepared.ts)
const outboxRow = preparedInsert('outbox')
const messageRow = preparedInsert('messages')
export const insertOutbox = (db: Conn, row: Insertable<OutboxTable>) => outboxRow(db, row)
export const insertMessage = (db: Conn, row: Insertable<MessagesTable>) => messageRow(db, row)

export async function dueOutboxIds(db: Conn, now: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('nextAttemptAt', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lockedUntil', '<', now)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** Optimistic claim: only one worker (on any node) wins a row. */
export async function claimOutbox(db: Conn, id: number, now: string, lockedUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'sending', lockedUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('nextAttemptAt', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lockedUntil', '<', now)]),
      ]),
    )
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export const getOutbox = (db: Conn, id: number) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

export const markSent = (db: Conn, id: number, now: string) =>
  db.updateTable('outbox').set({ status: 'sent', sentAt: now, lockedUntil: null, lastError: null }).where('id', '=', id).execute()

export const markRetry = (db: Conn, id: number, status: 'pending' | 'failed', nextAttemptAt: string, error: string) =>
  db
    .updateTable('outbox')
    .set({ status, nextAttemptAt, lockedUntil: null, lastError: error.slice(0, 500) })
    .where('id', '=', id)
    .execute()

export const listMessages = (db: Conn, userId: number, limit = 100) =>
  db.selectFrom('messages').selectAll().where('userId', '=', userId).orderBy('id', 'desc').limit(limit).execute()

/** Read on every signed-in citizen request (the header badge): prepared once, see src/db/prepared.ts. */
const unreadCountQuery = prepared((db, userId: number) =>
  db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null),
)
export async function unreadCount(db: Kysely<Database>, userId: number): Promise<number> {
  const [r] = await unreadCountQuery(db, userId)
  return Number(r?.n ?? 0)
}

export const markRead = (db: Conn, userId: number, id: number, now: string) =>
  db.updateTable('messages').set({ readAt: now }).where('userId', '=', userId).where('id', '=', id).where('readAt', 'is', null).execute()

/** Every unread message of the user that points at `link` (exactly, or with a query or fragment after it). */
export const markReadByLink = (db: Conn, userId: number, link: string, now: string) =>
  db
    .updateTable('messages')
    .set({ readAt: now })
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .where((eb) => eb.or([eb('link', '=', link), eb('link', 'like', `${link}?%`), eb('link', 'like', `${link}#%`)]))
    .execute()

/** Closure: in-site messages and any queued/sent mail or SMS to the person. */
export async function eraseForUser(db: Conn, userId: number, contacts: string[]) {
  await db.deleteFrom('messages').where('userId', '=', userId).execute()
  await db.deleteFrom('outbox').where('userId', '=', userId).execute()
  if (contacts.length) await db.deleteFrom('outbox').where('recipient', 'in', contacts).execute()
}
export const purgeSent = (db: Conn, before: string) =>
  db.deleteFrom('outbox').where('status', 'in', ['sent', 'failed']).where('createdAt', '<', before).execute()
