import { currentLocale, t } from '../../lib/i18n/index.js'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { AppError } from '../../lib/errors.js'
import { isUniqueViolation } from '../../db/helpers.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { NotificationService } from '../notifications/service.js'
import type { JobService } from '../jobs/service.js'
import * as policyRepo from './repository.js'
import type { UserDirectory } from '../identity/directory.js'
import type { ConsentService } from '../privacy/consents.js'
import { checkDate, dateMessage } from '../../lib/dates.js'
import { storedText } from '../../lib/i18n/stored.js'
import type { PolicyEnglish, PolicyVersionRow } from './table.js'
import { BoundedMap } from '../../lib/bounded-map.js'

/**
 * A policy version as a page shows it: in English where an English version was published with it,
 * else the Chinese (`lang` zh-CN, `fallback` on an English page). The Chinese is always the binding text.
 */
export function shownPolicy(row: PolicyVersionRow) {
  const s = storedText({ title: row.title, summary: row.summary, body: row.body }, row.en)
  return { ...row, ...s.text, lang: s.lang, fallback: s.fallback }
}
export type ShownPolicy = ReturnType<typeof shownPolicy>

/** The English fields of the publish form: all empty (none), or all filled. */
function englishErrors(en: PolicyEnglish | undefined): Record<string, string> {
  if (!en || (!en.title.trim() && !en.summary.trim() && !en.body.trim())) return {}
  const errors: Record<string, string> = {}
  if (!en.title.trim()) errors.title_en = t('请填写英文标题（或清空全部英文内容）')
  if (en.summary.trim().length < 5) errors.summary_en = t('请填写英文变更摘要（或清空全部英文内容）')
  if (en.body.trim().length < 20) errors.body_en = t('请填写英文全文（或清空全部英文内容）')
  return errors
}

/**
 * Privacy-policy versions: publishing (a material change is announced ahead and every active
 * citizen is told through a resumable job), the version in force, and citizens' acceptance of it.
 */
export function createPolicyService(deps: {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  notifications: NotificationService
  jobs: JobService
  directory: UserDirectory
  consents: ConsentService
}) {
  const { db, clock, audit, notifications, jobs, directory, consents } = deps
  const now = () => toTimestamp(clock.now())

  let noticeCache: { at: number; row: { version: string; publishedAt: string; effectiveAt: string } | null } | null = null
  let policyCache: { at: number; row: Awaited<ReturnType<typeof policyRepo.currentPolicy>> } | null = null
  /** userId:version pairs known to have accepted (see needsReconsent). */
  const accepted = new BoundedMap<string, true>(50_000)

  /** Notify many users in batches through a resumable job. */
  jobs.register(
    'notify-users',
    async (
      p: {
        userIds: number[]
        link: string | null
        category: string
        /** a policy change, composed in each recipient's language (jobs queued before this carried title/body) */
        policy?: { version: string; effectiveDate: string; summary: string; summaryEn: string | null }
        title?: string
        body?: string
      },
      job,
    ) => {
      const pol = p.policy
      const notice = pol
        ? {
            title: () => t('隐私政策将更新'),
            body: () =>
              t(
                '隐私政策 {version} 将于 {effectiveDate} 生效。变更摘要：{x}。生效后须您确认同意；如不同意，可在生效前导出数据并注销账号。',
                {
                  version: pol.version,
                  effectiveDate: pol.effectiveDate,
                  x: currentLocale() === 'en' && pol.summaryEn ? pol.summaryEn : pol.summary,
                },
              ),
            english: !!pol.summaryEn,
          }
        : { title: p.title ?? '', body: p.body ?? '' }
      const start = (job.progress as { next?: number } | null)?.next ?? 0
      for (let i = start; i < p.userIds.length; i += 200) {
        await db.transaction().execute(async (trx) => {
          for (const id of p.userIds.slice(i, i + 200))
            await notifications.notifyUser(trx, id, { ...notice, link: p.link, category: p.category })
        })
        await job.saveProgress({ next: i + 200 })
      }
    },
  )

  return {
    policies: () => policyRepo.allPolicies(db),
    currentPolicy: () => policyRepo.currentPolicy(db, now()),
    /** The upcoming material version for the site-wide notice (cached 5 s of clock time per node). */
    async upcomingNotice() {
      const t = clock.now().getTime()
      if (!noticeCache || t - noticeCache.at > 5_000 || t < noticeCache.at) {
        const all = await policyRepo.allPolicies(db)
        const u = all.find((p) => p.material === 1 && p.effectiveAt > now()) ?? null
        noticeCache = { at: t, row: u ? { version: u.version, publishedAt: u.publishedAt, effectiveAt: u.effectiveAt } : null }
      }
      return noticeCache.row
    },
    async upcomingMaterial() {
      const all = await policyRepo.allPolicies(db)
      return all.find((p) => p.material === 1 && p.effectiveAt > now()) ?? null
    },
    async publishPolicy(
      ctx: AuditContext,
      actorId: number,
      input: {
        version: string
        title: string
        body: string
        summary: string
        effectiveDate: string
        material: boolean
        /** optional English version (a convenience translation; the Chinese stays binding) */
        en?: PolicyEnglish
      },
    ) {
      const errors: Record<string, string> = englishErrors(input.en)
      const en =
        input.en && input.en.body.trim()
          ? { title: input.en.title.trim(), summary: input.en.summary.trim(), body: input.en.body.trim() }
          : null
      if (!/^[0-9A-Za-z.-]{1,20}$/.test(input.version)) errors.version = t('版本号如 2026.2')
      if (!input.title.trim()) errors.title = t('请填写标题')
      if (input.body.trim().length < 20) errors.body = t('请填写政策全文')
      if (input.summary.trim().length < 5) errors.summary = t('请填写变更摘要')
      const effProblem = checkDate(input.effectiveDate, { min: '2000-01-01' })
      const eff = effProblem ? null : new Date(`${input.effectiveDate}T00:00:00+08:00`)
      if (!eff)
        errors.effective_date =
          effProblem === 'format' ? t('请填写生效日期') : dateMessage(t('生效日期'), effProblem!, { min: '2000-01-01' })
      else if (input.material && eff.getTime() <= clock.now().getTime()) errors.effective_date = t('重大变更须提前公告：生效日期须晚于今天')
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      const userIds = input.material ? (await directory.activeUserIds(null)).map((u) => u.id) : []
      policyCache = null
      noticeCache = null
      try {
        await db.transaction().execute(async (trx) => {
          await policyRepo.insertPolicy(trx, {
            version: input.version,
            title: input.title.trim(),
            body: input.body.trim(),
            summary: input.summary.trim(),
            material: input.material ? 1 : 0,
            publishedAt: now(),
            effectiveAt: toTimestamp(eff!),
            publishedBy: actorId,
            en: en ? JSON.stringify(en) : null,
          })
          await audit.record(trx, ctx, {
            action: 'policy.published',
            subjectType: 'policy',
            subjectId: input.version,
            detail: { material: input.material },
          })
          if (userIds.length)
            await jobs.enqueue(
              trx,
              'notify-users',
              {
                userIds,
                policy: {
                  version: input.version,
                  effectiveDate: input.effectiveDate,
                  summary: input.summary.trim(),
                  summaryEn: en?.summary ?? null,
                },
                link: '/privacy-policy',
                category: 'policy',
              },
              { uniqueKey: `policy:${input.version}` },
            )
        })
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('invalid', t('该版本号已存在'), { version: t('该版本号已存在') })
        throw e
      }
    },
    /** Has the citizen accepted the policy version in force? (The version in force is cached 5 s of clock time.) */
    async needsReconsent(userId: number) {
      const t = clock.now().getTime()
      if (!policyCache || t - policyCache.at > 5_000 || t < policyCache.at)
        policyCache = { at: t, row: await policyRepo.currentPolicy(db, now()) }
      const current = policyCache.row
      if (!current) return null
      // Acceptance of a version is never taken back (closing the account ends its sessions), so a
      // positive answer can be remembered per node; a new version in force misses the memo by key.
      const key = `${userId}:${current.version}`
      if (accepted.has(key)) return null
      const c = (await consents.current(userId)).privacy_policy
      if (c?.granted && c.policyVersion === current.version) {
        accepted.set(key, true)
        return null
      }
      return current
    },
    async acceptPolicy(ctx: AuditContext, userId: number, version: string) {
      await db.transaction().execute(async (trx) => {
        await consents.record(trx, {
          userId,
          consent: 'privacy_policy',
          granted: true,
          policyVersion: version,
          channel: 'web',
          ip: ctx.ip,
        })
        await audit.record(trx, ctx, { action: 'policy.accepted', subjectType: 'citizen', subjectId: userId, detail: { version } })
      })
    },
  }
}
export type PolicyService = ReturnType<typeof createPolicyService>
