import type { Kysely, Transaction } from 'kysely'
import { retryConflicts } from '../../db/transaction.js'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import type { Logger } from '../../lib/logger.js'
import { addMs, toTimestamp } from '../../db/time.js'
import * as repo from './repository.js'
import type { Mailer, SmsGateway } from './transports.js'
import type { MessageRow } from './table.js'
import { currentLocale, parseLocale, runInLocale, t, type Locale } from '../../lib/i18n/index.js'

export interface Contact {
  phone: string | null
  email: string | null
  /** The person's language (users.locale): their SMS, mail and in-site message are written in it. */
  locale?: string | null
}

export interface Notice {
  /**
   * The text, or a function composing it. A function runs in each language (`t()`, `formatCst` inside
   * it answer in that locale): the SMS and mail go out in the recipient's language and the in-site
   * message is kept in Chinese and in English, so a message caused by someone else's action (an
   * invitation, a staff decision) reaches them in their own language whatever the actor's (decision 0255).
   * A plain string is stored as given, in Chinese only: use it only for text that has no English.
   */
  title: string | (() => string)
  body: string | (() => string)
  link?: string | null
  category?: string
  /** Which channels to use; in-site ('site') is always written when the user has an account. */
  channels?: ('site' | 'sms' | 'mail')[]
  /**
   * false: the message carries stored text that has no English (an incident published in Chinese only),
   * so no English copy is kept in-site; the SMS and mail are still framed in the recipient's language.
   */
  english?: boolean
}

/** An in-site message as a page shows it: in the reader's language when it exists, `lang` saying which. */
export interface ShownMessage extends MessageRow {
  lang: Locale
}

/** `row` in the current language: its English when the page is English and the message has one. */
export function shownMessage(row: MessageRow): ShownMessage {
  if (currentLocale() === 'en' && row.en) {
    const en = JSON.parse(row.en) as { title: string; body: string }
    return { ...row, title: en.title, body: en.body, lang: 'en' }
  }
  return { ...row, lang: 'zh-CN' }
}

const MAX_ATTEMPTS = 12
const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000)

/**
 * Messages to people. Everything except one-time codes goes through the outbox table, written in
 * the same transaction as the change that causes it and delivered by the `outbox` job with retries,
 * so nothing is lost when SMTP or the SMS gateway is down.
 * One-time codes are the exception (docs/decisions/0004-otp-sent-directly.md): they are sent
 * synchronously so the code is never stored in clear anywhere, and the user simply asks again if it fails.
 */
export function createNotificationService(deps: {
  db: Kysely<Database>
  clock: Clock
  mailer: Mailer
  sms: SmsGateway
  logger: Logger
  /** Looks up where to reach a user (wired to identity at composition). */
  contactOf: (db: Kysely<Database> | Transaction<Database>, userId: number) => Promise<Contact | null>
}) {
  const { db, clock, mailer, sms, logger } = deps
  const now = () => toTimestamp(clock.now())

  async function enqueue(
    trx: Kysely<Database> | Transaction<Database>,
    m: { channel: 'mail' | 'sms'; recipient: string; subject?: string | null; body: string; userId?: number | null },
  ) {
    await repo.insertOutbox(trx, {
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject ?? null,
      body: m.body,
      userId: m.userId ?? null,
      status: 'pending',
      nextAttemptAt: now(),
      lockedUntil: null,
      lastError: null,
      createdAt: now(),
      sentAt: null,
    })
  }

  return {
    enqueue,

    /** In-site message plus SMS/mail through the outbox, inside the caller's transaction. */
    async notifyUser(trx: Kysely<Database> | Transaction<Database>, userId: number, n: Notice) {
      const channels = n.channels ?? ['site', 'sms', 'mail']
      const c = await deps.contactOf(trx, userId)
      const locale: Locale = parseLocale(c?.locale) ?? 'zh-CN'
      const text = (l: Locale) =>
        runInLocale(l, () => ({
          title: typeof n.title === 'function' ? n.title() : n.title,
          body: typeof n.body === 'function' ? n.body() : n.body,
        }))
      const zh = text('zh-CN')
      const composed = typeof n.title === 'function' || typeof n.body === 'function'
      const en = composed ? text('en') : null
      const { title, body } = locale === 'en' && en ? en : zh
      const stored = n.english === false ? null : en
      const [sms, mail] = runInLocale(locale, () => {
        const portal = t('人才一站式网上办事大厅')
        return [
          t('【{portal}】{title}：{body}', { portal, title, body }).slice(0, 500),
          `${body}\n\n${n.link ? t('详情：{link}', { link: n.link }) + '\n' : ''}${t('{portal}（本邮件由系统发送，请勿直接回复）', { portal })}`,
        ]
      })
      if (channels.includes('site')) {
        // the Chinese is the text of record; the English beside it is what an English page shows
        await repo.insertMessage(trx, {
          userId,
          title: zh.title,
          body: zh.body,
          en: stored ? JSON.stringify(stored) : null,
          link: n.link ?? null,
          category: n.category ?? 'case',
          readAt: null,
          createdAt: now(),
        })
      }
      if (c?.phone && channels.includes('sms'))
        await enqueue(trx, {
          channel: 'sms',
          recipient: c.phone,
          body: sms,
          userId,
        })
      if (c?.email && channels.includes('mail'))
        await enqueue(trx, {
          channel: 'mail',
          recipient: c.email,
          subject: title,
          body: mail,
          userId,
        })
    },

    /** Sends a one-time code right away (never stored in clear). */
    /** A one-time link (staff activation): straight to the gateway like codes, never stored in the outbox. */
    async sendSecret(channel: 'sms' | 'mail', to: string, subject: string, text: string) {
      if (channel === 'sms') await sms.send(to, text)
      else await mailer.send({ to, subject, text })
    },

    /** `purposeLabel` is the Chinese label; the SMS is in the language of the page the code was asked from. */
    async sendCode(phone: string, code: string, purposeLabel: string) {
      await sms.send(
        phone,
        t('【{portal}】您的{purpose}验证码为{code}，5分钟内有效。如非本人操作，请忽略本短信。', {
          portal: t('人才一站式网上办事大厅'),
          // English reads "Your code to sign in is …": the purpose as a verb, looked up under its own key
          purpose: currentLocale() === 'en' ? t(`验证码用途：${purposeLabel}`) : purposeLabel,
          code,
        }),
      )
    },

    /** One pass of the outbox: claims due rows one at a time and delivers them. Returns how many were sent. */
    async deliverDue(limit = 50, signal?: AbortSignal): Promise<{ sent: number; failed: number }> {
      let sent = 0
      let failed = 0
      const t = now()
      for (const id of await repo.dueOutboxIds(db, t, limit)) {
        // worker stopping: leave the rest unclaimed for the next pass (or another node)
        if (signal?.aborted) break
        if (!(await retryConflicts(db, () => repo.claimOutbox(db, id, t, addMs(t, 120_000))))) continue
        const m = await repo.getOutbox(db, id)
        try {
          if (m.channel === 'mail')
            await mailer.send({ to: m.recipient, subject: m.subject ?? '通知', text: m.body, messageId: `<outbox-${m.id}@talent-hall>` })
          else await sms.send(m.recipient, m.body)
          await repo.markSent(db, id, now())
          sent++
        } catch (e) {
          const attempts = m.attempts
          const giveUp = attempts >= MAX_ATTEMPTS
          await repo.markRetry(db, id, giveUp ? 'failed' : 'pending', addMs(now(), backoffMs(attempts)), (e as Error).message)
          logger.warn(
            { outboxId: id, channel: m.channel, attempts, err: (e as Error).message },
            giveUp ? 'outbox delivery gave up' : 'outbox delivery failed, will retry',
          )
          failed++
        }
      }
      return { sent, failed }
    },

    /** The user's in-site messages in the current language (`shownMessage`). */
    messages: async (userId: number) => (await repo.listMessages(db, userId)).map(shownMessage),
    /** Closure erasure (privacy): messages and queued mail/SMS to the user's contacts go, in the caller's transaction. */
    eraseForUser: (trx: Transaction<Database>, userId: number, contacts: string[]) => repo.eraseForUser(trx, userId, contacts),
    /** Retention: sent and failed outbox rows older than `before`. */
    purgeSent: (before: string) => repo.purgeSent(db, before),
    unreadCount: (userId: number) => repo.unreadCount(db, userId),
    markRead: (userId: number, id: number) => repo.markRead(db, userId, id, now()),
    /** Opening what a message points at (a case page) reads the message: it need not be marked by hand. */
    markReadByLink: (userId: number, link: string) => repo.markReadByLink(db, userId, link, now()),
  }
}

export type NotificationService = ReturnType<typeof createNotificationService>
