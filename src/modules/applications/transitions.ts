import { t } from '../../lib/i18n/index.js'
import type { Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import { today } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import * as repo from './repository.js'
import { plan, type Action, type ApplicationStatus, type CaseFacts } from './lifecycle.js'
import type { ApplicationRow } from './table.js'
import type { Actor, ApplicationContext, ApplicationDeps } from './context.js'

/** Statuses after which a subsidy claim's months may be claimed again. */
const RELEASES_CLAIM: ApplicationStatus[] = ['withdrawn', 'rejected', 'not_accepted']

/** What a step writes besides the status: its reason and detail in the history, other columns, the caller's additions. */
export type ActOpts = {
  reason?: string | null
  detail?: unknown
  set?: Partial<Omit<ApplicationRow, 'id' | 'status'>>
  also?: (trx: Transaction<Database>, to: ApplicationStatus) => Promise<void>
}

/** The facts the lifecycle rules read: the row, and whether the 一次性告知 was already sent. */
const factsFrom = (app: ApplicationRow) => ({
  status: app.status as ApplicationStatus,
  acceptedAt: app.acceptedAt,
  deadlineDate: app.deadlineDate,
  pausedAt: app.pausedAt,
  pausedDays: app.pausedDays,
})

/**
 * The one way any module changes an application's status: the lifecycle plans the step (409 when
 * impossible) outside the transaction — its calendar and catalog reads on `db` would wait forever for an
 * open SQLite transaction — then one transaction writes it, guarded on the status read, with the
 * history row and whatever the caller adds (`also`: audit, notifications).
 */
export function createTransitions(deps: ApplicationDeps, { now }: ApplicationContext) {
  const { db, clock, catalog, calendar } = deps

  async function factsOf(app: ApplicationRow): Promise<CaseFacts> {
    const events = await repo.events(db, app.id)
    return { ...factsFrom(app), noticeSent: events.some((e) => e.toStatus === 'supplement') }
  }

  /** Writes a planned step: guarded on the status read, with its history row and the caller's additions. */
  async function write(
    trx: Transaction<Database>,
    app: ApplicationRow,
    action: Action,
    to: ApplicationStatus,
    set: object,
    actor: Actor,
    opts: ActOpts,
  ) {
    const at = now()
    const from = app.status as ApplicationStatus
    const ok = await repo.updateIfStatus(trx, app.id, from, { ...opts.set, ...set, status: to, updatedAt: at })
    if (!ok) throw new AppError('conflict', t('办件状态已被他人更新，请刷新后重试'))
    // A withdrawn or rejected claim no longer holds its period (docs/decisions/0163-dates-and-claim-periods.md).
    if (RELEASES_CLAIM.includes(to)) await repo.releaseClaimMonths(trx, app.id)
    await repo.insertEvent(trx, {
      applicationId: app.id,
      fromStatus: from,
      toStatus: to,
      action,
      actorType: actor.type,
      actorId: actor.id,
      reason: opts.reason ?? null,
      detail: opts.detail ? JSON.stringify(opts.detail) : null,
      createdAt: at,
    })
    if (opts.also) await opts.also(trx, to)
  }

  /** Plans the step on `db`, then writes it in its own transaction; returns the new status. */
  async function act(app: ApplicationRow, action: Action, actor: Actor, opts: ActOpts = {}): Promise<ApplicationStatus> {
    const service = await catalog.get(app.serviceCode)
    const { to, set } = await plan(await factsOf(app), action, {
      now: now(),
      today: today(clock),
      limitDays: service?.timeLimitDays ?? 10,
      calendar,
    })
    await db.transaction().execute((trx) => write(trx, app, action, to, set, actor, opts))
    return to
  }

  /**
   * The same step inside the caller's transaction (every read on `trx`); returns the row as it now is.
   * `limitDays`: the service's time limit, which the caller read before opening the transaction.
   */
  async function actIn(
    trx: Transaction<Database>,
    app: ApplicationRow,
    action: Action,
    actor: Actor,
    limitDays: number,
    opts: ActOpts = {},
  ): Promise<ApplicationRow> {
    const events = await repo.events(trx, app.id)
    const { to, set } = await plan({ ...factsFrom(app), noticeSent: events.some((e) => e.toStatus === 'supplement') }, action, {
      now: now(),
      today: today(clock),
      limitDays,
      calendar: {
        addWorkingDays: (from, n) => calendar.addWorkingDays(from, n, trx),
        workingDaysBetween: (from, to) => calendar.workingDaysBetween(from, to, trx),
      },
    })
    await write(trx, app, action, to, set, actor, opts)
    return (await repo.byId(trx, app.id))!
  }

  return { act, actIn, factsOf }
}
