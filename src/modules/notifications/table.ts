import type { Generated, Selectable } from 'kysely'

export interface OutboxTable {
  id: Generated<number>
  channel: 'mail' | 'sms'
  recipient: string
  subject: string | null
  body: string
  userId: number | null
  status: 'pending' | 'sending' | 'sent' | 'failed'
  attempts: Generated<number>
  nextAttemptAt: string
  lockedUntil: string | null
  lastError: string | null
  createdAt: string
  sentAt: string | null
}
export interface MessagesTable {
  id: Generated<number>
  userId: number
  title: string
  body: string
  link: string | null
  category: string
  readAt: string | null
  createdAt: string
  /** The message in English, JSON { title, body } (null: Chinese only); `title`/`body` are the Chinese. */
  en: string | null
}
export type OutboxRow = Selectable<OutboxTable>
export type MessageRow = Selectable<MessagesTable>
