import type { Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import * as repo from './repository.js'
import { createApplicationContext, type ApplicationDeps } from './context.js'
import { createTransitions } from './transitions.js'
import { createDrafts } from './drafts.js'
import { createSubmission } from './submit.js'
import { createApplicantReads } from './reads.js'
import { createFollowUp } from './follow-up.js'

export type { QueueFilter } from './repository.js'
export type { Upload, Actor, ApplicationDeps } from './context.js'

/**
 * The citizen side of cases: drafts (drafts.ts), submission idempotent per form_token (submit.ts),
 * following progress and the files (reads.ts), supplements, withdrawal and rating (follow-up.ts).
 * `act` / `actIn` (transitions.ts) are the one way any module changes an application's status; the
 * staff side reads the queue, counts and history through the pass-throughs below.
 */
export function createApplicationService(deps: ApplicationDeps) {
  const { db, catalog } = deps
  const ctx = createApplicationContext(deps)
  const transitions = createTransitions(deps, ctx)
  const reads = createApplicantReads(deps, ctx)
  const { now } = ctx

  return {
    eligibility: ctx.eligibility,
    canSee: ctx.canSee,
    ...transitions,
    /** One application by reference inside the caller's transaction. */
    byRefIn: (trx: Transaction<Database>, ref: string) => repo.byRef(trx, ref),
    ...createSubmission(deps, ctx),
    ...createDrafts(deps, ctx),
    ...reads,
    ...createFollowUp(deps, ctx, reads, transitions),

    byRef: (ref: string) => repo.byRef(db, ref),
    events: (id: number) => repo.events(db, id),
    attachmentsOf: (id: number) => repo.attachmentsOf(db, id),
    ratingOf: (id: number) => repo.ratingOf(db, id),
    openApplicationsOf: (userId: number) => repo.openForUser(db, userId),
    queuePage: (f: repo.QueueFilter, limit: number) => repo.queuePage(db, f, limit),
    statsRows: (from: string, to: string) => repo.statsRows(db, from, to),
    countsByStatus: () => repo.countsByStatus(db),
    countsByStatusScan: () => repo.countsByStatusScan(db),
    claim: (id: number, staffId: number) => repo.claim(db, id, staffId, now()),
    overdueOpen: (before: string) => repo.overdueOpen(db, before),
    setAssignee: (id: number, staffId: number | null) => repo.update(db, id, { assigneeStaffId: staffId, updatedAt: now() }),
    openApplicationsOfEnterprise: (enterpriseId: number) => repo.openForEnterprise(db, enterpriseId),
    async pendingPaymentsOf(userId: number) {
      const codes = (await catalog.list()).filter((s) => s.isSubsidy).map((s) => s.code)
      return repo.pendingPaymentForUser(db, userId, codes)
    },
  }
}

export type ApplicationService = ReturnType<typeof createApplicationService>
