import { pick, t } from '../../src/lib/i18n/index.js'
import { formatCstDate } from '../../src/lib/time.js'
import type { QueueSort } from '../../src/modules/cases/queue-labels.js'
import { Badge, UserData } from '../components/status.js'
import { Form } from '../components/form.js'
import { StatusBadge } from '../applications/pages.js'

export type QueueRow = {
  id: number
  ref: string
  serviceCode: string
  applicantName: string | null
  status: string
  channel: string
  assigneeStaffId: number | null
  submittedAt: string | null
  deadlineDate: string | null
  flag: 'overdue' | 'near' | null
  holder: string | null
  waitingDays: number
}

export function Flag({ flag }: { flag: 'overdue' | 'near' | null }) {
  if (flag === 'overdue') return <Badge tone="red">{t('已超期')}</Badge>
  if (flag === 'near') return <Badge tone="yellow">{t('即将到期')}</Badge>
  return null
}

/** `/staff/cases?` with the filters, the order replaced (or dropped with null), never a cursor. */
export function queueHref(filters: string, change: Record<string, string | null>) {
  const q = new URLSearchParams(filters)
  q.delete('after')
  for (const [k, v] of Object.entries(change)) {
    if (v === null || v === '') q.delete(k)
    else q.set(k, v)
  }
  const s = q.toString()
  return s ? `/staff/cases?${s}` : '/staff/cases'
}

/** A column heading that sorts the queue (a plain link keeping every filter); `aria-sort` says which order is on. */
function SortHeader(p: {
  label: string
  sort: QueueSort
  current: QueueSort
  filters: string
  toggle?: QueueSort
  dir: 'ascending' | 'descending'
}) {
  // Received and waiting are one order seen from two columns: each column's second click reverses it.
  const order: 'ascending' | 'descending' | undefined =
    p.current === p.sort ? p.dir : p.current === p.toggle ? (p.dir === 'ascending' ? 'descending' : 'ascending') : undefined
  const target = p.current === p.sort && p.toggle ? p.toggle : p.sort
  return (
    <th scope="col" aria-sort={order}>
      <a class="sort" href={queueHref(p.filters, { sort: target === 'received' ? null : target })} data-qa={`sort-${p.sort}`}>
        {p.label}
        <span aria-hidden="true">{order === 'ascending' ? ' ▲' : order === 'descending' ? ' ▼' : ' ↕'}</span>
      </a>
    </th>
  )
}

/** The cases table (queue and search results): bulk checkboxes for supervisors, claim buttons, flags. */
export function CaseTable(p: {
  items: QueueRow[]
  names: Record<string, string>
  me: number
  selectable?: boolean
  sort?: QueueSort
  filters?: string
  qa?: string
}) {
  const sortable = p.sort !== undefined && p.filters !== undefined
  const head = (label: string, sort: QueueSort, dir: 'ascending' | 'descending', toggle?: QueueSort) =>
    sortable ? (
      <SortHeader label={label} sort={sort} current={p.sort!} filters={p.filters!} toggle={toggle} dir={dir} />
    ) : (
      <th scope="col">{label}</th>
    )
  return (
    <div class="table-wrap">
      <table class="queue-table" data-qa={p.qa ?? 'queue-table'}>
        <thead>
          <tr>
            {p.selectable ? (
              <th scope="col" class="select">
                <span class="visually-hidden">{t('选择')}</span>
              </th>
            ) : null}
            <th scope="col">{t('办件编号')}</th>
            <th scope="col">{t('事项')}</th>
            <th scope="col">{t('申请人')}</th>
            {head(t('状态'), 'status', 'ascending')}
            {head(t('收件时间'), 'received', 'descending', 'waiting')}
            {head(t('已等待（工作日）'), 'waiting', 'descending', 'received')}
            {head(t('办结期限'), 'deadline', 'ascending')}
            <th scope="col">{t('办理人')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('操作')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {p.items.map((r) => (
            <tr class={r.flag ? `flag-${r.flag}` : ''} data-qa={`case-${r.ref}`}>
              {p.selectable ? (
                <td class="select">
                  <input
                    type="checkbox"
                    name="ref"
                    value={r.ref}
                    form="bulk-form"
                    id={`sel-${r.ref}`}
                    aria-label={t('选择办件 {ref}', { ref: r.ref })}
                    data-qa={`select-${r.ref}`}
                  />
                </td>
              ) : null}
              <td class="ref">
                <a href={`/staff/cases/${r.ref}`}>{r.ref}</a>
                {r.channel === 'counter' ? <Badge tone="grey">{t('窗口')}</Badge> : null}
              </td>
              <td>{p.names[r.serviceCode] ?? r.serviceCode}</td>
              <td>{r.applicantName ? <UserData>{r.applicantName}</UserData> : '—'}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td class="num">{r.submittedAt ? formatCstDate(r.submittedAt) : '—'}</td>
              <td class="num" data-qa="waiting">
                {r.waitingDays}
              </td>
              <td class="num">
                {r.deadlineDate ? <time datetime={r.deadlineDate}>{r.deadlineDate}</time> : t('未受理')} <Flag flag={r.flag} />
              </td>
              <td data-qa="holder">
                {r.assigneeStaffId === p.me ? (
                  <>
                    {pick('我（', 'Me (')}
                    <UserData>{r.holder}</UserData>
                    {pick('）', ')')}
                  </>
                ) : r.holder ? (
                  <UserData>{r.holder}</UserData>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {!r.assigneeStaffId && ['submitted', 'supplement', 'accepted'].includes(r.status) ? (
                  <Form action={`/staff/cases/${r.ref}/claim`} class="inline">
                    <button class="button small" type="submit" data-qa={`claim-${r.ref}`}>
                      {t('认领')}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The part htmx swaps when a filter changes: the table and the next-page link. */
export function QueueResults(p: {
  items: QueueRow[]
  next: string | null
  names: Record<string, string>
  filters: string
  sort: QueueSort
  me: number
  selectable: boolean
}) {
  return (
    <div id="queue-results" data-qa="queue-results">
      {p.sort === 'deadline' ? <p class="hint">{t('按办结期限排序时只列出已受理、正在计时的办件。')}</p> : null}
      {p.items.length === 0 ? (
        <p class="empty">{t('没有符合条件的办件。')}</p>
      ) : (
        <CaseTable items={p.items} names={p.names} me={p.me} selectable={p.selectable} sort={p.sort} filters={p.filters} />
      )}
      {p.next ? (
        <p class="pager">
          <a
            class="button secondary"
            href={`${queueHref(p.filters, {})}${p.filters ? '&' : '?'}after=${encodeURIComponent(p.next)}`}
            data-qa="next-page"
          >
            {t('下一页')}
          </a>
        </p>
      ) : null}
    </div>
  )
}
