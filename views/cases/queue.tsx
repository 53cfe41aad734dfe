import type { CatalogService } from '../../src/modules/catalog/types.js'
import { statusLabel, STATUSES, OPEN_STATUSES } from '../../src/modules/applications/lifecycle.js'
import { Badge, Notice } from '../components/status.js'
import { Form } from '../components/form.js'
import { StatusBadge } from '../applications/pages.js'
import { KeyLegend } from './keys.js'

type Row = {
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
  if (flag === 'overdue') return <Badge tone="red">已超期</Badge>
  if (flag === 'near') return <Badge tone="yellow">即将到期</Badge>
  return null
}

export function QueueResults({
  items,
  next,
  names,
  query,
  me,
}: {
  items: Row[]
  next: number | null
  names: Record<string, string>
  query: string
  me: number
}) {
  return (
    <div id="queue-results" data-qa="queue-results">
      {items.length === 0 ? (
        <p>没有符合条件的办件。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>办件编号</th>
                <th>事项</th>
                <th>申请人</th>
                <th>状态</th>
                <th>已等待（工作日）</th>
                <th>办结期限</th>
                <th>办理人</th>
                <th>
                  <span class="visually-hidden">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr class={r.flag ? `flag-${r.flag}` : ''} data-qa={`case-${r.ref}`}>
                  <td>
                    <a href={`/staff/cases/${r.ref}`}>{r.ref}</a>
                    {r.channel === 'counter' ? <Badge tone="grey">窗口</Badge> : null}
                  </td>
                  <td>{names[r.serviceCode] ?? r.serviceCode}</td>
                  <td>{r.applicantName ?? '—'}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td data-qa="waiting">{r.waitingDays}</td>
                  <td>
                    {r.deadlineDate ?? '未受理'} <Flag flag={r.flag} />
                  </td>
                  <td>{r.assigneeStaffId === me ? `我（${r.holder ?? ''}）` : (r.holder ?? '—')}</td>
                  <td>
                    {!r.assigneeStaffId ? (
                      <Form action={`/staff/cases/${r.ref}/claim`} class="inline">
                        <button class="button small" type="submit" data-qa={`claim-${r.ref}`}>
                          认领
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <p>
          <a href={`/staff/cases?${query}${query ? '&' : ''}after=${next}`} data-qa="next-page">
            下一页
          </a>
        </p>
      ) : null}
    </div>
  )
}

export function QueuePage(p: {
  items: Row[]
  next: number | null
  counts: Record<string, number>
  names: Record<string, string>
  services: CatalogService[]
  f: Record<string, string>
  query: string
  me: number
  notice?: string
  error?: string
  alerts?: string[]
}) {
  const { f } = p
  return (
    <section>
      <h1>办件队列</h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      {p.alerts?.length ? (
        <Notice kind="warning" title="今日期限提醒">
          <ul data-qa="alerts">
            {p.alerts.map((a) => (
              <li>{a}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <p class="counts" data-qa="counts">
        {OPEN_STATUSES.map((s) => (
          <a class="count" href={`/staff/cases?status=${s}`} aria-current={f.status === s ? 'true' : undefined} data-qa={`count-${s}`}>
            {statusLabel(s)} <strong>{p.counts[s] ?? 0}</strong>
          </a>
        ))}
      </p>
      <form
        method="get"
        action="/staff/cases"
        class="filters queue-filters"
        hx-get="/staff/cases"
        hx-trigger="change, submit"
        hx-target="#queue-results"
        hx-select="#queue-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        data-qa="queue-filters"
      >
        <label>
          状态{' '}
          <select name="status">
            <option value="">全部在办</option>
            {STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          事项{' '}
          <select name="service">
            <option value="">全部事项</option>
            {p.services.map((s) => (
              <option value={s.code} selected={f.service === s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          办理人{' '}
          <select name="assignee">
            <option value="">全部</option>
            <option value="me" selected={f.assignee === 'me'}>
              我
            </option>
            <option value="none" selected={f.assignee === 'none'}>
              未认领
            </option>
          </select>
        </label>
        <label>
          渠道{' '}
          <select name="channel">
            <option value="">全部</option>
            <option value="online" selected={f.channel === 'online'}>
              网上
            </option>
            <option value="counter" selected={f.channel === 'counter'}>
              窗口
            </option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="overdue" value="1" checked={f.overdue === '1'} /> 仅超期
        </label>
        <label class="check">
          <input type="checkbox" name="near" value="1" checked={f.near === '1'} /> 即将到期
        </label>
        <label>
          办件编号 <input type="search" name="q" value={f.q ?? ''} />
        </label>
        <button class="button" type="submit">
          筛选
        </button>
      </form>
      <QueueResults items={p.items} next={p.next} names={p.names} query={p.query} me={p.me} />
      <KeyLegend page="queue" />
    </section>
  )
}
