import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { createTestContext, type TestContext } from '../support/context.js'
import { createMailer } from '../../src/modules/notifications/transports.js'
import { createNotificationService } from '../../src/modules/notifications/service.js'
import * as identityRepo from '../../src/modules/identity/repository.js'
import { createLogger } from '../../src/lib/logger.js'

let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

/** A real SMTP receiver on loopback that can be stopped and started on the same port. */
class Receiver {
  received: string[] = []
  server: SMTPServer | null = null
  port = 0
  async start(port = 0) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, cb) => {
        let data = ''
        stream.on('data', (d) => (data += d))
        stream.on('end', () => {
          this.received.push(data)
          cb()
        })
      },
    })
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', () => r()))
    this.port = (this.server.server.address() as AddressInfo).port
  }
  async stop() {
    await new Promise<void>((r) => this.server!.close(() => r()))
  }
}

describe('outbox', () => {
  it('delivers mail written in a transaction through a real SMTP server, retrying while it is down, exactly once', async () => {
    const rx = new Receiver()
    await rx.start()
    const port = rx.port
    await rx.stop() // receiver down at first

    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailDir: '/nonexistent', from: 'test@hall.example' })
    const notifications = createNotificationService({
      db: ctx.deps.db,
      clock: ctx.clock,
      mailer,
      sms: ctx.sms,
      logger: createLogger('silent'),
      contactOf: identityRepo.contactOf,
    })

    await ctx.deps.db.transaction().execute(async (trx) => {
      await notifications.enqueue(trx, { channel: 'mail', recipient: 'a@example.com', subject: '办件通知', body: '您的申请已受理' })
      await notifications.enqueue(trx, { channel: 'mail', recipient: 'b@example.com', subject: '办件通知', body: '您的申请已办结' })
    })
    // A rolled-back change leaves no message behind.
    await ctx.deps.db.transaction().execute(async (trx) => {
      await notifications.enqueue(trx, { channel: 'mail', recipient: 'c@example.com', subject: 'x', body: 'x' })
      await trx.deleteFrom('outbox').where('recipient', '=', 'c@example.com').execute()
    })

    let r = await notifications.deliverDue()
    expect(r).toEqual({ sent: 0, failed: 2 })
    const pending = await ctx.deps.db.selectFrom('outbox').selectAll().execute()
    expect(pending.every((m) => m.status === 'pending' && m.attempts === 1 && m.lastError)).toBe(true)

    await rx.start(port)
    r = await notifications.deliverDue()
    expect(r.sent).toBe(0) // backoff not yet elapsed
    ctx.clock.advanceMinutes(1)
    r = await notifications.deliverDue()
    expect(r).toEqual({ sent: 2, failed: 0 })
    ctx.clock.advanceMinutes(10)
    expect(await notifications.deliverDue()).toEqual({ sent: 0, failed: 0 })
    expect(rx.received).toHaveLength(2)
    expect(rx.received.join('\n')).toContain('a@example.com')
    await rx.stop()
  })

  it('sends SMS through the gateway via the periodic outbox job', async () => {
    await ctx.services.notifications.enqueue(ctx.deps.db, {
      channel: 'sms',
      recipient: '13900000000',
      body: '【人才一站式网上办事大厅】测试',
    })
    ctx.clock.advanceMinutes(1)
    const r = await ctx.services.jobs.runDue()
    expect(r.periodic).toContain('outbox')
    expect(ctx.sms.sent.map((s) => s.to)).toContain('13900000000')
  })
})

describe('jobs', () => {
  it('resumes a job whose worker died, from its saved progress', async () => {
    const { jobs } = ctx.services
    const seen: number[] = []
    let crash = true
    jobs.register('test-steps', async (_payload, job) => {
      const start = (job.progress as { next?: number } | null)?.next ?? 0
      for (let i = start; i < 5; i++) {
        seen.push(i)
        await job.saveProgress({ next: i + 1 })
        if (i === 2 && crash) {
          crash = false
          // Simulate the process dying: the lease stays held, nothing is marked.
          throw Object.assign(new Error('killed'), { simulateDeath: true })
        }
      }
    })
    await jobs.enqueue(ctx.deps.db, 'test-steps', {}, { uniqueKey: 'steps-1' })
    await jobs.enqueue(ctx.deps.db, 'test-steps', {}, { uniqueKey: 'steps-1' }) // idempotent enqueue
    await jobs.runDue()
    // The failure put it back in the queue with a backoff; the next run after it resumes at step 3.
    ctx.clock.advanceMinutes(10)
    await jobs.runDue()
    expect(seen).toEqual([0, 1, 2, 3, 4])
    const rows = await jobs.jobsByKind('test-steps')
    expect(rows).toHaveLength(1)
    expect(rows[0].status).toBe('done')
  })

  it('takes over a job whose lease expired (worker killed mid-run)', async () => {
    const { jobs } = ctx.services
    const runs: string[] = []
    jobs.register('test-lease', () => {
      runs.push('ran')
      return Promise.resolve()
    })
    await jobs.enqueue(ctx.deps.db, 'test-lease', {})
    const [row] = await jobs.jobsByKind('test-lease')
    // Another worker claimed it and died: status running with a lease in the past.
    await ctx.deps.db
      .updateTable('jobs')
      .set({ status: 'running', lockedBy: 'dead-worker', lockedUntil: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', row.id)
      .execute()
    await jobs.runDue()
    expect(runs).toEqual(['ran'])
    expect((await jobs.jobsByKind('test-lease'))[0].status).toBe('done')
  })
})
