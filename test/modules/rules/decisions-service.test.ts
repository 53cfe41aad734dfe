import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transaction } from 'kysely'
import { createTestContext, type TestContext } from '../../support/context.js'
import type { Database } from '../../../src/db/database.js'
import type { AuditContext } from '../../../src/modules/audit/service.js'
import { createDecisionService } from '../../../src/modules/rules/decisions.js'
import { createRuleService } from '../../../src/modules/rules/service.js'
import type { Datum, Evaluation, Facts } from '../../../src/modules/rules/engine.js'
import type { RuleSet } from '../../../src/modules/rules/language.js'
import type { Prefill } from '../../../src/modules/registries/prefill.js'

/**
 * The 秒批 decision service called directly (no HTTP): what it stores, audits and counts. Fast enough for
 * the mutation run of src/modules/rules/decisions.ts (stryker/decisions.conf.json, issue 23); the
 * portal-level journeys stay in decisions.test.ts and instant.test.ts.
 */
let ctx: TestContext
beforeAll(async () => {
  ctx = await createTestContext()
})
afterAll(() => ctx.close())

const CITIZEN: AuditContext = { actorType: 'citizen', actorId: '41', actorRole: null, ip: null, userAgent: null, requestId: 'r-1' }
const SERVICE = 'talent-registration'
let seq = 0
/** A fresh reference and rule-set version per call, so no test depends on another's rows. */
const fresh = () => {
  seq++
  return { ref: `DS${String(seq).padStart(6, '0')}`, version: `9.${seq}` }
}

const ruleSet = (version: string, service = SERVICE): RuleSet => ({
  service,
  version,
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  rules: [
    {
      id: 'degree',
      title: '硕士及以上',
      basis: '目录E类',
      condition: { fact: 'education.education', op: 'in', value: ['硕士研究生', '博士研究生'] },
    },
    {
      id: 'months',
      title: '社保满1个月',
      basis: '办法第八条',
      condition: { fact: 'social-insurance.insurance_months', op: 'gte', value: 1 },
    },
  ],
})
const A = (value: Datum['value']): Datum => ({ value, trust: 'A', source: 'education', fetchedAt: '2026-11-23T01:00:00.000Z' })
const prefill = (facts: Facts): Prefill => ({ values: {}, provenance: {}, facts, waived: [], sources: [] })
const ON_A: Facts = { 'education.education': A('博士研究生'), 'social-insurance.insurance_months': A(12) }

function service(version: string, opts: { firstSamples?: number; samplingRate?: number; random?: () => number; sets?: RuleSet[] } = {}) {
  const approvals: { ref: string; reason: string; limitDays: number; ctx: AuditContext; inTrx: boolean }[] = []
  const decisions = createDecisionService({
    db: ctx.deps.db,
    clock: ctx.clock,
    audit: ctx.services.audit,
    rules: createRuleService(opts.sets ?? [ruleSet(version)]),
    samplingRate: opts.samplingRate ?? 0,
    firstSamples: opts.firstSamples ?? 0,
    random: opts.random ?? (() => 0.5),
    approve: async (trx: Transaction<Database>, c, ref, reason, limitDays) => {
      // the approval runs in the deciding transaction, which already holds the evaluation
      const seen = await trx.selectFrom('ruleEvaluations').select('outcome').where('applicationRef', '=', ref).executeTakeFirst()
      approvals.push({ ref, reason, limitDays, ctx: c, inTrx: trx.isTransaction && seen?.outcome === 'instant' })
    },
  })
  return { decisions, approvals }
}

const row = (ref: string) => ctx.deps.db.selectFrom('ruleEvaluations').selectAll().where('applicationRef', '=', ref).executeTakeFirst()
const audits = (ref: string) =>
  ctx.deps.db
    .selectFrom('auditLog')
    .select(['action', 'actorType', 'actorId', 'subjectType', 'subjectId', 'detail'])
    .where('subjectId', '=', ref)
    .orderBy('seq')
    .execute()
const datum = (ev: Evaluation, fact: string) => ev.rules.flatMap((r) => r.data).find((d) => d.fact === fact)

describe('afterSubmit: the decision, its record and its audit entry', () => {
  it('approves at once on A-level data: stores the trace, audits it, and approves in the same transaction with the reason', async () => {
    const { ref, version } = fresh()
    const { decisions, approvals } = service(version)
    const ev = await decisions.afterSubmit(CITIZEN, { ref, serviceCode: SERVICE, limitDays: 15, answers: {}, prefill: prefill(ON_A) })
    expect(ev).toMatchObject({ service: SERVICE, version, instant: true, unmet: [], unknown: [] })
    expect(await row(ref)).toEqual({
      id: expect.any(Number) as number,
      applicationRef: ref,
      serviceCode: SERVICE,
      ruleVersion: version,
      outcome: 'instant',
      trace: JSON.stringify(ev),
      sampleStatus: null,
      sampleReason: null,
      sampledBy: null,
      sampledAt: null,
      createdAt: ctx.clock.now().toISOString(),
    })
    const [entry, ...more] = await audits(ref)
    expect(more).toEqual([])
    expect(entry).toMatchObject({
      action: 'rules.instant_approval',
      actorType: 'citizen',
      actorId: '41',
      subjectType: 'case',
      subjectId: ref,
    })
    expect(JSON.parse(entry.detail!)).toEqual({ version, unmet: [], unknown: [], sampled: false })
    expect(approvals).toEqual([
      { ref, reason: `秒批：全部2项条件经政务数据核验符合（规则版本 ${version}）`, limitDays: 15, ctx: CITIZEN, inTrx: true },
    ])
  })

  it('sends the case to staff when a rule fails or lacks data: stored as manual, audited as evaluated, no approval', async () => {
    const { ref, version } = fresh()
    const { decisions, approvals } = service(version, { samplingRate: 1, random: () => 0 })
    const ev = await decisions.afterSubmit(CITIZEN, {
      ref,
      serviceCode: SERVICE,
      limitDays: 15,
      answers: {},
      prefill: prefill({ 'education.education': A('大学本科') }),
    })
    expect(ev).toMatchObject({ instant: false, unmet: ['degree'], unknown: ['months'] })
    // never drawn for the sample, however the dice fall: only instant approvals are
    expect(await row(ref)).toMatchObject({ outcome: 'manual', sampleStatus: null, trace: JSON.stringify(ev) })
    const [entry] = await audits(ref)
    expect(entry).toMatchObject({ action: 'rules.evaluated', subjectType: 'case' })
    expect(JSON.parse(entry.detail!)).toEqual({ version, unmet: ['degree'], unknown: ['months'], sampled: false })
    expect(approvals).toEqual([])
  })

  it('decides once: a retried submit writes no second record, audit entry or approval', async () => {
    const { ref, version } = fresh()
    const { decisions, approvals } = service(version)
    const input = { ref, serviceCode: SERVICE, limitDays: 15, answers: {}, prefill: prefill(ON_A) }
    await decisions.afterSubmit(CITIZEN, input)
    const again = await decisions.afterSubmit(CITIZEN, input)
    expect(again).toMatchObject({ instant: true })
    expect(await audits(ref)).toHaveLength(1)
    expect(approvals).toHaveLength(1)
  })

  it('without a rule set in force there is no decision: null, and nothing stored or audited', async () => {
    const { ref, version } = fresh()
    const { decisions, approvals } = service(version)
    expect(
      await decisions.afterSubmit(CITIZEN, { ref, serviceCode: 'no-such-service', limitDays: 15, answers: {}, prefill: null }),
    ).toBeNull()
    expect(await row(ref)).toBeUndefined()
    expect(await audits(ref)).toEqual([])
    expect(approvals).toEqual([])
  })

  it('a failing approval rolls the record and its audit entry back', async () => {
    const { ref, version } = fresh()
    const decisions = createDecisionService({
      db: ctx.deps.db,
      clock: ctx.clock,
      audit: ctx.services.audit,
      rules: createRuleService([ruleSet(version)]),
      samplingRate: 0,
      firstSamples: 0,
      approve: () => Promise.reject(new Error('lifecycle refused')),
    })
    await expect(
      decisions.afterSubmit(CITIZEN, { ref, serviceCode: SERVICE, limitDays: 15, answers: {}, prefill: prefill(ON_A) }),
    ).rejects.toThrow('lifecycle refused')
    expect(await row(ref)).toBeUndefined()
    expect(await audits(ref)).toEqual([])
  })
})

describe('self-declared data: what the citizen typed, where no registry answered', () => {
  it('is kept as trust D from the applicant, numbers (digits only) as numbers, and the registry value wins', async () => {
    const { ref, version } = fresh()
    const { decisions } = service(version)
    const ev = (await decisions.afterSubmit(CITIZEN, {
      ref,
      serviceCode: SERVICE,
      limitDays: 15,
      answers: { education: '硕士研究生', insurance_months: '36' },
      prefill: null,
    }))!
    expect(datum(ev, 'education.education')).toEqual({
      fact: 'education.education',
      value: '硕士研究生',
      trust: 'D',
      source: 'applicant',
      fetchedAt: null,
    })
    expect(datum(ev, 'social-insurance.insurance_months')).toEqual({
      fact: 'social-insurance.insurance_months',
      value: 36,
      trust: 'D',
      source: 'applicant',
      fetchedAt: null,
    })
    // every rule passes, but on the applicant's word: no 秒批
    expect(ev).toMatchObject({ instant: false, unmet: [], unknown: [] })

    const mixed = fresh()
    const typedOver = (await service(mixed.version).decisions.afterSubmit(CITIZEN, {
      ref: mixed.ref,
      serviceCode: SERVICE,
      limitDays: 15,
      answers: { education: '大学本科', insurance_months: '12' },
      prefill: prefill({ 'education.education': A('博士研究生') }),
    }))!
    expect(datum(typedOver, 'education.education')).toMatchObject({ value: '博士研究生', trust: 'A' })
    expect(datum(typedOver, 'social-insurance.insurance_months')).toMatchObject({ value: 12, trust: 'D' })
  })

  it('only whole strings of digits become numbers', async () => {
    for (const [typed, value] of [
      ['12', 12],
      ['7', 7],
      ['12个月', '12个月'],
      ['约12', '约12'],
      ['1.5', '1.5'],
    ] as const) {
      const { ref, version } = fresh()
      const ev = (await service(version).decisions.afterSubmit(CITIZEN, {
        ref,
        serviceCode: SERVICE,
        limitDays: 15,
        answers: { insurance_months: typed },
        prefill: null,
      }))!
      expect(datum(ev, 'social-insurance.insurance_months')?.value, typed).toBe(value)
    }
  })

  it('a field left empty or not on the form is no datum at all (listed as missing, with no provenance)', async () => {
    const { ref, version } = fresh()
    const ev = (await service(version).decisions.afterSubmit(CITIZEN, {
      ref,
      serviceCode: SERVICE,
      limitDays: 15,
      answers: { education: '' },
      prefill: null,
    }))!
    for (const fact of ['education.education', 'social-insurance.insurance_months'])
      expect(datum(ev, fact)).toEqual({ fact, value: null, trust: null, source: null, fetchedAt: null })
    expect(ev.unknown).toEqual(['degree', 'months'])
  })

  it('a service without a prefill map reads only the registry data it was given', async () => {
    const { ref, version } = fresh()
    const ev = (await service(version, { sets: [ruleSet(version, 'other-service')] }).decisions.afterSubmit(CITIZEN, {
      ref,
      serviceCode: 'other-service',
      limitDays: 15,
      answers: { education: '博士研究生', insurance_months: '12' },
      prefill: null,
    }))!
    expect(ev.unknown).toEqual(['degree', 'months'])
  })
})

describe('drawing instant approvals for a supervisor’s check', () => {
  const submit = (decisions: ReturnType<typeof service>['decisions'], ref: string) =>
    decisions.afterSubmit(CITIZEN, { ref, serviceCode: SERVICE, limitDays: 15, answers: {}, prefill: prefill(ON_A) })

  it('the first `firstSamples` instant approvals of a version are always drawn, then only by chance', async () => {
    const { version } = fresh()
    const { decisions } = service(version, { firstSamples: 2, samplingRate: 0.5, random: () => 0.9 })
    const refs = [fresh().ref, fresh().ref, fresh().ref]
    for (const ref of refs) await submit(decisions, ref)
    const statuses = await Promise.all(refs.map(async (r) => (await row(r))!.sampleStatus))
    expect(statuses).toEqual(['pending', 'pending', null])
    expect(JSON.parse((await audits(refs[0]))[0].detail!)).toMatchObject({ sampled: true })
    expect(JSON.parse((await audits(refs[2]))[0].detail!)).toMatchObject({ sampled: false })
    // another version starts its own count
    const next = fresh()
    const other = service(next.version, { firstSamples: 1, samplingRate: 0, random: () => 0.9 })
    await submit(other.decisions, next.ref)
    expect((await row(next.ref))!.sampleStatus).toBe('pending')
  })

  it('after the first ones, a draw below the sampling rate is checked, one at or above it is not', async () => {
    for (const [draw, status] of [
      [0.29, 'pending'],
      [0.3, null],
      [0.31, null],
    ] as const) {
      const { ref, version } = fresh()
      await submit(service(version, { firstSamples: 0, samplingRate: 0.3, random: () => draw }).decisions, ref)
      expect((await row(ref))!.sampleStatus, String(draw)).toBe(status)
    }
  })
})

describe('the record of a case and the supervisor’s check', () => {
  async function drawn() {
    const { ref, version } = fresh()
    const { decisions } = service(version, { firstSamples: 1 })
    const ev = await decisions.afterSubmit(CITIZEN, { ref, serviceCode: SERVICE, limitDays: 15, answers: {}, prefill: prefill(ON_A) })
    return { ref, decisions, ev: ev! }
  }

  it('evaluationOf gives the outcome, the sample, when, and the trace; null for a case never evaluated', async () => {
    const { ref, decisions, ev } = await drawn()
    expect(await decisions.evaluationOf(ref)).toEqual({
      outcome: 'instant',
      sampleStatus: 'pending',
      sampleReason: null,
      at: ctx.clock.now().toISOString(),
      trace: ev,
    })
    expect(await decisions.evaluationOf('DS-NEVER')).toBeNull()
  })

  it('the sampling queue lists the pending ones, and a confirmation records who and when, is audited and takes it off', async () => {
    const { ref, decisions } = await drawn()
    expect((await decisions.samplingQueue()).map((r) => r.applicationRef)).toContain(ref)
    ctx.clock.advanceMinutes(5)
    const staff: AuditContext = { ...CITIZEN, actorType: 'staff', actorId: '7', actorRole: 'supervisor' }
    await decisions.confirmSample(staff, 7, ref)
    expect(await row(ref)).toMatchObject({ sampleStatus: 'confirmed', sampledBy: 7, sampledAt: ctx.clock.now().toISOString() })
    expect((await audits(ref)).map((e) => [e.action, e.actorType, e.subjectType])).toEqual([
      ['rules.instant_approval', 'citizen', 'case'],
      ['rules.sample_confirmed', 'staff', 'case'],
    ])
    expect((await decisions.samplingQueue()).map((r) => r.applicationRef)).not.toContain(ref)
    await expect(decisions.confirmSample(staff, 7, ref)).rejects.toMatchObject({ code: 'conflict', message: '该办件不在待抽查列表中' })
  })

  it('a case never drawn, or never evaluated, cannot be confirmed', async () => {
    const { ref, version } = fresh()
    const { decisions } = service(version)
    await decisions.afterSubmit(CITIZEN, { ref, serviceCode: SERVICE, limitDays: 15, answers: {}, prefill: prefill(ON_A) })
    await expect(decisions.confirmSample(CITIZEN, 7, ref)).rejects.toMatchObject({ code: 'conflict' })
    expect((await row(ref))!.sampleStatus).toBeNull()
    await expect(decisions.confirmSample(CITIZEN, 7, 'DS-NEVER')).rejects.toMatchObject({ code: 'conflict' })
    expect(await audits('DS-NEVER')).toEqual([])
  })

  it('a revocation is recorded on the sample, drawn or not, with the reason, who and when', async () => {
    const { ref, decisions } = await drawn()
    const other = fresh()
    await service(other.version).decisions.afterSubmit(CITIZEN, {
      ref: other.ref,
      serviceCode: SERVICE,
      limitDays: 15,
      answers: {},
      prefill: prefill(ON_A),
    })
    ctx.clock.advanceMinutes(3)
    await ctx.deps.db.transaction().execute(async (trx) => {
      await decisions.markRevoked(trx, ref, 7, '学历证书系伪造')
      await decisions.markRevoked(trx, other.ref, null, '系统撤销')
    })
    const at = ctx.clock.now().toISOString()
    expect(await row(ref)).toMatchObject({ sampleStatus: 'revoked', sampleReason: '学历证书系伪造', sampledBy: 7, sampledAt: at })
    expect(await row(other.ref)).toMatchObject({ sampleStatus: 'revoked', sampleReason: '系统撤销', sampledBy: null, sampledAt: at })
  })
})

describe('statistics: instant versus manual, per service and per week', () => {
  let stats: TestContext
  beforeAll(async () => {
    stats = await createTestContext()
    let n = 0
    const add = (serviceCode: string, outcome: 'instant' | 'manual', sampleStatus: string | null, createdAt: string) =>
      stats.deps.db
        .insertInto('ruleEvaluations')
        .values({
          applicationRef: `ST${++n}`,
          serviceCode,
          ruleVersion: '1',
          outcome,
          trace: '{}',
          sampleStatus: sampleStatus as 'pending' | null,
          sampleReason: null,
          sampledBy: null,
          sampledAt: null,
          createdAt,
        })
        .execute()
    // week of Monday 2026-11-02 (China-local; 2026-11-01T16:30Z is Monday 00:30 in Beijing)
    await add('b-service', 'instant', 'pending', '2026-11-01T16:30:00.000Z')
    await add('a-service', 'instant', 'confirmed', '2026-11-04T03:00:00.000Z')
    await add('a-service', 'instant', 'revoked', '2026-11-08T15:00:00.000Z') // Sunday 23:00 in Beijing
    // week of Monday 2026-10-26 (inserted after, listed before)
    await add('a-service', 'manual', null, '2026-10-31T02:00:00.000Z')
    await add('a-service', 'instant', null, '2026-10-26T01:00:00.000Z')
    await add('a-service', 'instant', 'revoked', '2026-10-27T01:00:00.000Z')
    // the next week: a manual case only
    await add('b-service', 'manual', null, '2026-11-09T02:00:00.000Z')
  })
  afterAll(() => stats.close())
  const decisions = () =>
    createDecisionService({
      db: stats.deps.db,
      clock: stats.clock,
      audit: stats.services.audit,
      rules: createRuleService([]),
      samplingRate: 0,
      firstSamples: 0,
      approve: () => Promise.resolve(),
    })
  const counts = (instant: number, manual: number, sampled: number, confirmed: number, revoked: number, revocationRate: number | null) => ({
    instant,
    manual,
    sampled,
    confirmed,
    revoked,
    revocationRate,
  })

  it('counts each outcome and sample status per service, per week (from Monday, China-local) and in total', async () => {
    const s = await decisions().stats()
    expect(s.services).toEqual({
      'a-service': counts(4, 1, 3, 1, 2, 0.5),
      'b-service': counts(1, 1, 1, 0, 0, 0),
    })
    expect(s.total).toEqual(counts(5, 2, 4, 1, 2, 0.4))
    expect(s.weeks).toEqual([
      { week: '2026-10-26', service: 'a-service', ...counts(2, 1, 1, 0, 1, 0.5) },
      { week: '2026-11-02', service: 'a-service', ...counts(2, 0, 2, 1, 1, 0.5) },
      { week: '2026-11-02', service: 'b-service', ...counts(1, 0, 1, 0, 0, 0) },
      { week: '2026-11-09', service: 'b-service', ...counts(0, 1, 0, 0, 0, null) },
    ])
  })

  it('a period counts only decisions made on its days, both ends included (China-local dates)', async () => {
    const s = await decisions().stats({ from: '2026-11-02', to: '2026-11-08' })
    expect(s.total).toEqual(counts(3, 0, 3, 1, 1, 1 / 3))
    expect(s.weeks.map((w) => `${w.week} ${w.service}`)).toEqual(['2026-11-02 a-service', '2026-11-02 b-service'])
    expect((await decisions().stats({ from: '2026-11-09' })).total).toEqual(counts(0, 1, 0, 0, 0, null))
    expect((await decisions().stats({ to: '2026-10-26' })).total).toEqual(counts(1, 0, 0, 0, 0, 0))
    expect((await decisions().stats({ from: '2026-10-27', to: '2026-10-27' })).services).toEqual({ 'a-service': counts(1, 0, 1, 0, 1, 1) })
  })
})
