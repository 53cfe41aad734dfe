import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { Clock } from '../../lib/clock.js'
import { toTimestamp } from '../../db/time.js'
import { beijingDate, today as todayIn } from '../../lib/time.js'
import { AppError } from '../../lib/errors.js'
import { t } from '../../lib/i18n/index.js'
import type { AuditContext, AuditService } from '../audit/service.js'
import type { ApplicationService, QueueFilter } from '../applications/service.js'
import type { IdentityService } from '../identity/service.js'
import type { CalendarService } from '../calendar/service.js'
import type { StaffService } from '../identity/staff.js'
import { OPEN_STATUSES } from '../applications/lifecycle.js'
import * as repo from './repository.js'
import { QUEUE_SORTS, SEARCH_PURPOSES, SAVED_FILTER_KEYS, type QueueSort } from './queue-labels.js'
import { flagOf, staffLabel } from './service.js'

const PAGE = 20
/** At most this many cases in one bulk action, and saved filters per staff member. */
export const BULK_MAX = 50
export const SAVED_MAX = 20
const CASE_ROLES = ['clerk', 'reviewer', 'supervisor']

export interface QueueInput {
  status?: string
  service?: string
  assignee?: string
  channel?: string
  overdue?: boolean
  near?: boolean
  q?: string
  sort?: string
  after?: string
}

type Row = Awaited<ReturnType<ApplicationService['queuePage']>>[number]

/**
 * The queue half of the workbench (issue 18): the list in four orders with keyset paging, the search by
 * reference, ID number or applicant name (audited with a purpose, docs/decisions/0200), each staff
 * member's saved filters, and bulk claim / assign for supervisors. Every order is served by an index
 * (docs/queue-plans.md): when no status is chosen, the sorted orders run one index range per open status
 * and merge them, so no order ever sorts or scans the whole table.
 */
export function createQueueService(deps: {
  db: Kysely<Database>
  clock: Clock
  audit: AuditService
  applications: ApplicationService
  identity: IdentityService
  calendar: CalendarService
  staff: StaffService
}) {
  const { db, clock, audit, applications, identity, calendar, staff } = deps
  const today = () => todayIn(clock)
  let countsCache: { at: number; counts: Record<string, number> } | null = null

  /** Flag, holder (name and number) and working days waited for each row shown. */
  async function enrich(rows: Row[]) {
    const near = await calendar.addWorkingDays(today(), 2)
    const holders = new Map<number, string>()
    for (const id of new Set(rows.map((r) => r.assigneeStaffId).filter((x): x is number => x !== null)))
      holders.set(id, staffLabel(await staff.byId(id)))
    // One read of the calendar for the page's whole range of submission dates, not one per date.
    const dayOf = (r: Row) => (r.submittedAt ? beijingDate(r.submittedAt) : today())
    const waited = await calendar.workingDaysBetweenMany(rows.map(dayOf), today())
    return rows.map((r) => ({
      ...r,
      flag: flagOf(r.deadlineDate, r.status, today(), near),
      holder: r.assigneeStaffId ? (holders.get(r.assigneeStaffId) ?? null) : null,
      waitingDays: waited.get(dayOf(r)) ?? 0,
    }))
  }

  /** One index range per status (or the chosen one), merged in the order's terms. */
  async function merged(base: QueueFilter, statuses: string[], cmp: (a: Row, b: Row) => number, limit: number) {
    const parts = await Promise.all(statuses.map((status) => applications.queuePage({ ...base, status }, limit)))
    return parts.flat().sort(cmp).slice(0, limit)
  }

  async function page(filter: QueueFilter, sort: QueueSort, after: string | undefined): Promise<{ rows: Row[]; next: string | null }> {
    const limit = PAGE + 1
    const statuses = filter.status ? [filter.status] : [...OPEN_STATUSES]
    let rows: Row[]
    const cursor = (r: Row) =>
      sort === 'deadline' ? `${r.deadlineDate}.${r.id}` : sort === 'status' ? `${r.status}.${r.id}` : String(r.id)
    if (sort === 'received') {
      const afterId = after && /^\d{1,12}$/.test(after) ? Number(after) : undefined
      rows = await applications.queuePage({ ...filter, afterId }, limit)
    } else if (sort === 'waiting') {
      const afterId = after && /^\d{1,12}$/.test(after) ? Number(after) : undefined
      rows = await merged({ ...filter, dir: 'asc', afterId }, statuses, (a, b) => a.id - b.id, limit)
    } else if (sort === 'deadline') {
      const m = /^(\d{4}-\d{2}-\d{2})\.(\d{1,12})$/.exec(after ?? '')
      const key = (r: Row) => `${r.deadlineDate}.${String(r.id).padStart(12, '0')}`
      rows = await merged(
        { ...filter, sort: 'deadline', afterDeadline: m?.[1], afterId: m ? Number(m[2]) : undefined },
        statuses,
        (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
        limit,
      )
    } else {
      // By status in the order of the lifecycle, longest waiting first within each: one status at a time.
      const m = /^([a-z]+)\.(\d{1,12})$/.exec(after ?? '')
      let i = m ? statuses.indexOf(m[1]) : 0
      let afterId = m ? Number(m[2]) : undefined
      rows = []
      if (i < 0) i = statuses.length
      for (; i < statuses.length && rows.length < limit; i++, afterId = undefined)
        rows.push(...(await applications.queuePage({ ...filter, status: statuses[i], dir: 'asc', afterId }, limit - rows.length)))
    }
    const shown = rows.slice(0, PAGE)
    return { rows: shown, next: rows.length > PAGE ? cursor(shown[shown.length - 1]) : null }
  }

  function searchPurpose(purpose: string, note: string) {
    if (!SEARCH_PURPOSES.includes(purpose)) throw new AppError('invalid', t('请选择检索目的'), { purpose: t('请选择检索目的') })
    if (purpose.startsWith('其他') && note.trim().length < 4)
      throw new AppError('invalid', t('请说明检索目的'), { note: t('选择“其他”时须说明目的（至少4个字）') })
    return `${purpose}${note.trim() ? `：${note.trim().slice(0, 100)}` : ''}`
  }

  return {
    async queue(f: QueueInput, me: number) {
      const sort: QueueSort = QUEUE_SORTS.includes(f.sort as QueueSort) ? (f.sort as QueueSort) : 'received'
      const filter: QueueFilter = {
        status: f.status || undefined,
        service: f.service || undefined,
        assignee:
          f.assignee === 'me'
            ? me
            : f.assignee === 'none'
              ? 'none'
              : f.assignee && /^\d+$/.test(f.assignee)
                ? Number(f.assignee)
                : undefined,
        channel: f.channel === 'online' || f.channel === 'counter' ? f.channel : undefined,
        overdueBefore: f.overdue ? today() : undefined,
        dueBy: f.near ? await calendar.addWorkingDays(today(), 2) : undefined,
        q: f.q?.trim().toUpperCase() || undefined,
      }
      const { rows, next } = filter.q ? { rows: await applications.queuePage(filter, 1), next: null } : await page(filter, sort, f.after)
      // Counting a million rows by status takes ~75 ms (docs/quality.md): the counts are cached for 10 s.
      if (!countsCache || Date.now() - countsCache.at > 10_000)
        countsCache = { at: Date.now(), counts: await applications.countsByStatus() }
      return { items: await enrich(rows), next, counts: countsCache.counts, sort }
    },

    /**
     * Every case of one applicant, found by ID number (blind index, through the identity service) or by the
     * exact full name. A look-up of personal data: it needs a purpose and is an audit event with each
     * applicant found as subject (their access log), or none when nothing was found.
     */
    async search(ctx: AuditContext, input: { by: string; value: string; purpose: string; note: string }) {
      const value = input.value.trim().replace(/\s+/g, ' ')
      const errors: Record<string, string> = {}
      if (input.by === 'id_number' && !/^\d{17}[\dXx]$/.test(value)) errors.value = t('身份证号码应为18位')
      if (input.by === 'name' && (value.length < 2 || value.length > 60)) errors.value = t('请输入申请人的完整姓名（2至60个字）')
      if (input.by !== 'id_number' && input.by !== 'name') errors.by = t('请选择检索方式')
      let purpose = ''
      try {
        purpose = searchPurpose(input.purpose, input.note)
      } catch (e) {
        if (e instanceof AppError) Object.assign(errors, e.fields)
        else throw e
      }
      if (Object.keys(errors).length) throw new AppError('invalid', t('提交的信息有误，请按提示修改'), errors)
      let rows: Row[] = []
      if (input.by === 'id_number') {
        const u = await identity.userByIdNumber(value.toUpperCase())
        if (u) rows = await applications.queuePage({ applicantUserId: u.id }, 50)
        await audit.record(null, ctx, {
          action: 'case.searched',
          subjectType: 'citizen',
          subjectId: u?.id ?? null,
          purpose: `${purpose}（按身份证号检索办件）`,
          detail: { by: 'id_number', found: rows.length },
        })
      } else {
        rows = await applications.queuePage({ applicantName: value }, 50)
        const subjects = [...new Set(rows.map((r) => r.applicantUserId))]
        for (const subject of subjects.length ? subjects : [null])
          await audit.record(null, ctx, {
            action: 'case.searched',
            subjectType: 'citizen',
            subjectId: subject,
            purpose: `${purpose}（按申请人姓名检索办件）`,
            detail: { by: 'name', found: rows.length },
          })
      }
      return enrich(rows)
    },

    savedFilters: (staffId: number) => repo.savedFilters(db, staffId),

    /** Saves the filter set under a name (the same name replaces it); only known filter keys are kept. */
    async saveFilter(staffId: number, name: string, values: Record<string, string>) {
      const n = name.trim().replace(/\s+/g, ' ')
      if (!n) throw new AppError('invalid', t('请为筛选条件起一个名称'), { name: t('请为筛选条件起一个名称') })
      if (n.length > 40) throw new AppError('invalid', t('名称最多40个字'), { name: t('名称最多40个字') })
      const q = new URLSearchParams()
      for (const k of SAVED_FILTER_KEYS) if (values[k]) q.set(k, values[k].slice(0, 40))
      const query = q.toString()
      const existing = await repo.savedFilterByName(db, staffId, n)
      if (existing) return repo.updateSavedFilter(db, existing.id, query)
      if ((await repo.savedFilters(db, staffId)).length >= SAVED_MAX)
        throw new AppError('invalid', t('最多保存{n}个筛选条件，请先删除不用的', { n: SAVED_MAX }), {
          name: t('最多保存{n}个筛选条件，请先删除不用的', { n: SAVED_MAX }),
        })
      try {
        await repo.insertSavedFilter(db, { staffId, name: n, query, createdAt: toTimestamp(clock.now()) })
      } catch {
        // the same name saved at the same moment in another tab: keep the newer filter
        const again = await repo.savedFilterByName(db, staffId, n)
        if (again) await repo.updateSavedFilter(db, again.id, query)
      }
    },

    async deleteFilter(staffId: number, id: number) {
      if (!(await repo.deleteSavedFilter(db, staffId, id))) throw new AppError('not_found', t('未找到'))
    },

    /** Active staff who work cases, by name and number (the bulk-assign choice). */
    async assignees() {
      return (await staff.list())
        .filter((s) => s.status === 'active' && s.roles.some((r) => CASE_ROLES.includes(r)))
        .map((s) => ({ id: s.id, label: staffLabel(s) }))
    },

    /**
     * Claims (for me) or assigns (to `to`) each case that nobody else holds, race-safe per case (a conditional
     * update: two supervisors never both get one), each success audited. Cases already held are reported with
     * their holder; closed or unknown ones are skipped.
     */
    async bulk(ctx: AuditContext, me: number, input: { action: string; refs: string[]; to: number | null }) {
      if (input.action !== 'claim' && input.action !== 'assign')
        throw new AppError('invalid', t('请选择批量操作'), { action: t('请选择批量操作') })
      const refs = [...new Set(input.refs.map((r) => r.trim().toUpperCase()).filter((r) => /^[A-Z0-9]{6,32}$/.test(r)))]
      if (!refs.length) throw new AppError('invalid', t('请先勾选办件'), { refs: t('请先勾选办件') })
      if (refs.length > BULK_MAX)
        throw new AppError('invalid', t('一次最多处理{n}件', { n: BULK_MAX }), { refs: t('一次最多处理{n}件', { n: BULK_MAX }) })
      let target = me
      if (input.action === 'assign') {
        const s = input.to === null ? undefined : await staff.byId(input.to)
        const roles = s ? await staff.roles(s.id) : []
        if (!s || s.status !== 'active' || !roles.some((r) => CASE_ROLES.includes(r)))
          throw new AppError('invalid', t('请选择分派给哪位工作人员'), { assignee: t('请选择分派给哪位工作人员') })
        target = s.id
      }
      const done: string[] = []
      const taken: { ref: string; holder: string }[] = []
      const skipped: string[] = []
      for (const ref of refs) {
        const app = await applications.byRef(ref)
        if (!app || !(OPEN_STATUSES as string[]).includes(app.status)) {
          skipped.push(ref)
          continue
        }
        if (await applications.claim(app.id, target)) {
          done.push(ref)
          await audit.record(null, ctx, {
            action: input.action === 'claim' ? 'case.claimed' : 'case.assigned',
            subjectType: 'case',
            subjectId: ref,
            detail: { to: target, bulk: true },
          })
        } else {
          const now = await applications.byRef(ref)
          taken.push({ ref, holder: staffLabel(now?.assigneeStaffId ? await staff.byId(now.assigneeStaffId) : null) })
        }
      }
      return { done, taken, skipped }
    },
  }
}

export type QueueService = ReturnType<typeof createQueueService>
