import { t } from '../../lib/i18n/index.js'
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { AppError } from '../../lib/errors.js'
import { toTimestamp } from '../../db/time.js'
import { addDays, beijingDate, beijingDayStart, today, weekStart } from '../../lib/time.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { Prefill } from '../registries/prefill.js'
import { PREFILL } from '../registries/prefill.js'
import type { Evaluation, Facts } from './engine.js'
import type { RuleService } from './service.js'
import * as repo from './repository.js'

interface Deps {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  rules: RuleService
  /** Share of instant approvals drawn for a supervisor's check (0–1). */
  samplingRate: number
  /** The first instant approvals under a new rule-set version are always checked. */
  firstSamples: number
  random?: () => number
  /** Records 受理 and 审核通过 by the system in the caller's transaction (the cases module owns the lifecycle). */
  approve(trx: Transaction<Database>, ctx: AuditContext, ref: string, reason: string, limitDays: number): Promise<void>
}

/** Values the citizen typed for data a registry did not (or, disputed, may not) provide: self-declared, trust D. */
function selfDeclared(serviceCode: string, answers: Record<string, string>, known: Facts): Facts {
  const out: Facts = {}
  for (const [source, fields] of Object.entries(PREFILL[serviceCode] ?? {}))
    for (const [registryField, formField] of Object.entries(fields ?? {})) {
      const key = `${source}.${registryField}`
      const v = answers[formField]
      if (known[key] || v === undefined || v === '') continue
      out[key] = { value: /^\d+$/.test(v) ? Number(v) : v, trust: 'D', source: 'applicant', fetchedAt: null }
    }
  return out
}

/**
 * 秒批: after a submission, the service's rule set in force decides on the data with its provenance.
 * Every rule met on A-level data → approved at once by the system, with a share drawn for a human check;
 * otherwise the case goes to staff with the unmet and unknown rules named. The trace is kept either way.
 */
export function createDecisionService(d: Deps) {
  const { db, clock, audit, rules } = d
  const random = d.random ?? Math.random
  const now = () => toTimestamp(clock.now())

  return {
    async afterSubmit(
      ctx: AuditContext,
      input: { ref: string; serviceCode: string; limitDays: number; answers: Record<string, string>; prefill: Prefill | null },
    ) {
      const facts = { ...(input.prefill?.facts ?? {}) }
      Object.assign(facts, selfDeclared(input.serviceCode, input.answers, facts))
      const ev = rules.evaluate(input.serviceCode, today(clock), facts)
      if (!ev) return null
      await db.transaction().execute(async (trx) => {
        if (await repo.evaluationOf(trx, input.ref)) return // a retried submit: decided once
        const drawn =
          ev.instant && ((await repo.instantCountForVersion(trx, ev.service, ev.version)) < d.firstSamples || random() < d.samplingRate)
        await repo.insertEvaluation(trx, {
          applicationRef: input.ref,
          serviceCode: ev.service,
          ruleVersion: ev.version,
          outcome: ev.instant ? 'instant' : 'manual',
          trace: JSON.stringify(ev),
          sampleStatus: drawn ? 'pending' : null,
          sampleReason: null,
          sampledBy: null,
          sampledAt: null,
          createdAt: now(),
        })
        await audit.record(trx, ctx, {
          action: ev.instant ? 'rules.instant_approval' : 'rules.evaluated',
          subjectType: 'case',
          subjectId: input.ref,
          detail: { version: ev.version, unmet: ev.unmet, unknown: ev.unknown, sampled: drawn },
        })
        if (ev.instant)
          await d.approve(
            trx,
            ctx,
            input.ref,
            `秒批：全部${ev.rules.length}项条件经政务数据核验符合（规则版本 ${ev.version}）`,
            input.limitDays,
          )
      })
      return ev
    },

    /** The stored decision trace of a case, for the applicant's and the staff's case pages. */
    async evaluationOf(ref: string) {
      const r = await repo.evaluationOf(db, ref)
      return r
        ? {
            outcome: r.outcome,
            sampleStatus: r.sampleStatus,
            sampleReason: r.sampleReason,
            at: r.createdAt,
            trace: JSON.parse(r.trace) as Evaluation,
          }
        : null
    },

    /** /staff/sampling: the instant approvals drawn for a supervisor's check, oldest first. */
    samplingQueue: () => repo.sampled(db, 'pending'),

    async confirmSample(ctx: AuditContext, staffId: number, ref: string) {
      const r = await repo.evaluationOf(db, ref)
      if (!r || r.sampleStatus !== 'pending') throw new AppError('conflict', t('该办件不在待抽查列表中'))
      await db.transaction().execute(async (trx) => {
        await repo.setSample(trx, ref, { sampleStatus: 'confirmed', sampledBy: staffId, sampledAt: now() })
        await audit.record(trx, ctx, { action: 'rules.sample_confirmed', subjectType: 'case', subjectId: ref })
      })
    },

    /** Called in the revoking transaction: the sample (drawn or not) records the revocation (no evaluation, no row to update). */
    async markRevoked(trx: Transaction<Database>, ref: string, staffId: number | null, reason: string) {
      await repo.setSample(trx, ref, { sampleStatus: 'revoked', sampleReason: reason, sampledBy: staffId, sampledAt: now() })
    },

    /**
     * Statistics (issue 19, "instant versus manual"; the one count of rule_evaluations, read by the supervisor's
     * statistics page through cases.stats): per service,
     * `instant` = approved at once by the rules (秒批), `manual` = sent to staff by the rules, `sampled` = instant
     * approvals drawn for a supervisor's check, `confirmed`/`revoked` = the outcome of that check (a revocation
     * outside the sample counts too), `revocationRate` = revoked ÷ instant (0–1, null without instant approvals).
     * With `from`/`to` (China-local dates, inclusive) only decisions made in that period count, each in the week
     * (Monday, China-local) it was made in — a later revocation is counted against the week of the approval.
     * A case the rules sent to staff has no sample: its later revocation is a staff decision's, not counted here.
     */
    async stats(range: { from?: string; to?: string } = {}) {
      const empty = (): RuleStats => ({ instant: 0, manual: 0, sampled: 0, confirmed: 0, revoked: 0, revocationRate: null })
      const services: Record<string, RuleStats> = {}
      const weeks = new Map<string, RuleStats & { week: string; service: string }>()
      const total = empty()
      // China-local days as instants: from 00:00 of `from` up to 00:00 of the day after `to` (Beijing time).
      const rows = await repo.outcomes(db, {
        from: range.from && beijingDayStart(range.from),
        to: range.to && beijingDayStart(addDays(range.to, 1)),
      })
      for (const r of rows) {
        const week = weekStart(beijingDate(r.createdAt))
        const w = weeks.get(`${week}|${r.serviceCode}`) ?? { week, service: r.serviceCode, ...empty() }
        weeks.set(`${week}|${r.serviceCode}`, w)
        for (const s of [(services[r.serviceCode] ??= empty()), w, total]) {
          if (r.outcome !== 'instant') {
            s.manual++
            continue
          }
          s.instant++
          if (r.sampleStatus) s.sampled++
          if (r.sampleStatus === 'confirmed') s.confirmed++
          if (r.sampleStatus === 'revoked') s.revoked++
        }
      }
      const rate = (s: RuleStats) => (s.revocationRate = s.instant ? s.revoked / s.instant : null)
      ;[...Object.values(services), ...weeks.values(), total].forEach(rate)
      return {
        services,
        weeks: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week) || a.service.localeCompare(b.service)),
        total,
      }
    },
  }
}

export interface RuleStats {
  instant: number
  manual: number
  sampled: number
  confirmed: number
  revoked: number
  revocationRate: number | null
}

export type DecisionService = ReturnType<typeof createDecisionService>
