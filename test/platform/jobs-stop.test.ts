import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/context.js'
import { createJobService, type JobContext } from '../../src/modules/jobs/service.js'
import { systemClock } from '../../src/lib/clock.js'

/** Issue 22: a stopped worker arms no timer again, and a job it was running gives its lease back. */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const worker = () => createJobService({ db: ctx.deps.db, clock: systemClock, logger: ctx.deps.logger })

describe('job worker stop', () => {
  it('stop() during a periodic run: the run sees its signal aborted, and no tick is armed again', async () => {
    const jobs = worker()
    let runs = 0
    let release: (() => void) | null = null
    let sawAbort = false
    jobs.every('stop-test', 1, async (_now, signal) => {
      runs++
      if (runs === 3) {
        await new Promise<void>((r) => (release = r))
        sawAbort = signal.aborted
      }
    })
    jobs.start(5)
    for (let i = 0; i < 200 && !release; i++) await sleep(10)
    expect(release, 'the third run started').not.toBeNull()
    const stopped = jobs.stop()
    release!()
    await stopped
    expect(sawAbort).toBe(true)
    const after = runs
    await sleep(150)
    expect(runs).toBe(after)
    // start() after stop() works again (the CLI and tests reuse a service), and stop() ends it again
    jobs.start(5)
    for (let i = 0; i < 100 && runs === after; i++) await sleep(10)
    expect(runs).toBeGreaterThan(after)
    await jobs.stop()
    const final = runs
    await sleep(100)
    expect(runs).toBe(final)
  })

  it('a running job ends at its next saveProgress, its lease released and the attempt not counted; it resumes later', async () => {
    const jobs = worker()
    const seen: number[] = []
    let release: (() => void) | null = null
    const steps = async (_p: unknown, job: JobContext) => {
      const start = (job.progress as { next?: number } | null)?.next ?? 0
      for (let i = start; i < 5; i++) {
        seen.push(i)
        if (i === 1 && !release) await new Promise<void>((r) => (release = r))
        await job.saveProgress({ next: i + 1 })
      }
    }
    jobs.register('stop-steps', steps)
    await jobs.enqueue(ctx.deps.db, 'stop-steps', {})
    jobs.start(5)
    for (let i = 0; i < 300 && !release; i++) await sleep(10)
    expect(jobs.activeJobs().map((j) => j.kind)).toEqual(['stop-steps'])
    const stopped = jobs.stop()
    release!()
    await stopped
    expect(jobs.activeJobs()).toEqual([])
    const [row] = await jobs.jobsByKind('stop-steps')
    expect(row).toMatchObject({ status: 'queued', lockedBy: null, lockedUntil: null, attempts: 0 })
    expect(JSON.parse(row.progress!)).toEqual({ next: 2 })
    expect(seen).toEqual([0, 1])

    // the next worker (a restarted process or another node) takes it up at once, from step 2
    const next = worker()
    next.register('stop-steps', steps)
    await next.runDue()
    expect(seen).toEqual([0, 1, 2, 3, 4])
    expect((await jobs.jobsByKind('stop-steps'))[0].status).toBe('done')
  })

  it('the outbox pass stops claiming messages once its signal is aborted', async () => {
    const { notifications } = ctx.services
    await notifications.enqueue(ctx.deps.db, { channel: 'sms', recipient: '13900001111', body: 'a' })
    await notifications.enqueue(ctx.deps.db, { channel: 'sms', recipient: '13900001112', body: 'b' })
    const ac = new AbortController()
    ac.abort()
    expect(await notifications.deliverDue(50, ac.signal)).toEqual({ sent: 0, failed: 0 })
    expect(await notifications.deliverDue(50)).toEqual({ sent: 2, failed: 0 })
  })
})
