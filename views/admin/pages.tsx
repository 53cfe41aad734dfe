import { formatCst } from '../../src/lib/time.js'
import { STAFF_ROLES, ROLE_LABELS, type StaffRole } from '../../src/modules/identity/roles.js'
import { SETTINGS } from '../../src/modules/security-settings/settings.js'
import type { IncidentRow } from '../../src/modules/admin/table.js'
import type { AuditRow } from '../../src/modules/audit/table.js'
import { AUDIT_ACTIONS } from '../../src/modules/audit/events.js'
import { Form, TextField, TextArea, Checkbox, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { Notice, Badge } from '../components/status.js'
import { t } from '../../src/lib/i18n/index.js'
import { displayIp } from '../../src/lib/user-agent.js'

type StaffItem = {
  id: number
  username: string
  displayName: string
  staffNo: string
  department: string
  status: string
  roles: string[]
  /** The holder's own phone or mail, masked (where activation links go). */
  contact: string | null
}
type Props = { values?: FormValues; errors?: FieldErrors; message?: string; notice?: string }

export function AdminHomePage(
  p: Props & {
    roles: string[]
    me: number
    staff: StaffItem[]
    settings: Record<string, number>
    policies: { version: string; title: string; material: number; publishedAt: string; effectiveAt: string }[]
    incidents: IncidentRow[]
    announcements: { title: string; startsAt: string; endsAt: string }[]
  },
) {
  const { values = {}, errors = {} } = p
  const sys = p.roles.includes('sysadmin')
  const sec = p.roles.includes('secadmin')
  return (
    <section data-qa="admin-home">
      <h1>系统管理</h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      <h2>工作人员</h2>
      <div class="table-wrap">
        <table data-qa="staff-list">
          <thead>
            <tr>
              <th>工号</th>
              <th>用户名</th>
              <th>姓名</th>
              <th>部门</th>
              <th>本人联系方式</th>
              <th>角色</th>
              <th>状态</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {p.staff.map((s) => (
              <tr>
                <td>{s.staffNo}</td>
                <td>{s.username}</td>
                <td>{s.displayName}</td>
                <td>{s.department}</td>
                <td>{s.contact ?? '未登记'}</td>
                <td>{s.roles.map((r) => ROLE_LABELS[r as StaffRole] ?? r).join('、')}</td>
                <td>
                  {s.status === 'active' ? (
                    <Badge tone="green">启用</Badge>
                  ) : s.status === 'pending' ? (
                    <Badge tone="yellow">待本人激活</Badge>
                  ) : (
                    <Badge tone="grey">停用</Badge>
                  )}
                </td>
                <td class="actions">
                  {sys && s.id !== p.me ? (
                    <>
                      <Form action={`/admin/staff/${s.id}/${s.status === 'active' ? 'disable' : 'enable'}`} class="inline">
                        <button class="button secondary small" type="submit">
                          {s.status === 'active' ? '停用' : '启用'}
                        </button>
                      </Form>
                      <Form action={`/admin/staff/${s.id}/reset-password`} class="inline">
                        <button class="button secondary small" type="submit">
                          {s.status === 'pending' ? '重发激活链接' : '发送重置链接'}
                        </button>
                      </Form>
                    </>
                  ) : null}
                  {sec && s.id !== p.me ? (
                    <Form action={`/admin/staff/${s.id}/roles`} class="inline">
                      <select name="role" aria-label="角色">
                        {STAFF_ROLES.map((r) => (
                          <option value={r}>{ROLE_LABELS[r]}</option>
                        ))}
                      </select>
                      <button class="button secondary small" type="submit" name="op" value="grant">
                        授予
                      </button>
                      <button class="button secondary small" type="submit" name="op" value="revoke">
                        撤销
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sys ? (
        <Form action="/admin/staff" class="panel" data-qa="staff-form">
          <h3>新增工作人员</h3>
          <TextField name="username" label="用户名" value={values.username} error={errors.username} />
          <TextField name="name" label="姓名" value={values.name} error={errors.name} />
          <TextField name="staff_no" label="工号" value={values.staff_no} error={errors.staff_no} />
          <TextField name="department" label="部门" value={values.department} error={errors.department} />
          <TextField
            name="phone"
            label="本人手机号"
            inputmode="numeric"
            value={values.phone}
            error={errors.phone}
            hint="激活链接只发给账号持有人本人（手机号或邮箱至少填一项），不能填写您自己的"
          />
          <TextField name="email" label="本人邮箱（选填）" type="email" value={values.email} error={errors.email} />
          <p class="muted">账号由持有人本人通过链接设置密码（管理员角色同时绑定动态口令）后启用；角色由安全管理员授予。</p>
          <SubmitButton>创建</SubmitButton>
        </Form>
      ) : null}
      {sec ? (
        <>
          <h2>安全策略</h2>
          <Form action="/admin/settings" class="panel" data-qa="settings-form">
            {Object.entries(SETTINGS).map(([k, d]) => (
              <TextField
                name={k}
                label={`${d.label}（${d.min}–${d.max}）`}
                value={values[k] ?? String(p.settings[k])}
                error={errors[k]}
                inputmode="numeric"
              />
            ))}
            <SubmitButton secondary>保存</SubmitButton>
          </Form>
          <h2>隐私政策版本</h2>
          <ul>
            {p.policies.map((x) => (
              <li>
                {x.version} {x.title} · 发布 {formatCst(x.publishedAt)} · 生效 {formatCst(x.effectiveAt)}{' '}
                {x.material ? <Badge tone="yellow">重大变更</Badge> : null}
              </li>
            ))}
          </ul>
          <Form action="/admin/policies" class="panel" data-qa="policy-form">
            <h3>发布新版本</h3>
            <TextField name="version" label="版本号" value={values.version} error={errors.version} />
            <TextField name="title" label="标题" value={values.title ?? '人才一站式网上办事大厅隐私政策'} error={errors.title} />
            <TextArea name="summary" label="变更摘要" value={values.summary} error={errors.summary} />
            <TextArea name="body" label="政策全文" rows={8} value={values.body} error={errors.body} />
            <TextField name="effective_date" label="生效日期" type="date" value={values.effective_date} error={errors.effective_date} />
            <Checkbox
              name="material"
              label="重大变更（目的、数据类别、权利、共享、负责部门或联系方式等变化）：提前公告、通知全体用户、生效后须重新同意"
              checked={values.material === 'on'}
            />
            <SubmitButton>发布</SubmitButton>
          </Form>
          <h2>安全事件</h2>
          <ul data-qa="incidents">
            {p.incidents.map((i) => (
              <li>
                {i.title} · {formatCst(i.createdAt)} ·{' '}
                {i.status === 'recorded'
                  ? '已登记'
                  : i.status === 'notified'
                    ? `已告知 ${i.notifiedCount} 人（${formatCst(i.notifiedAt)}）`
                    : '已关闭'}
                {i.status === 'recorded' ? (
                  <Form action={`/admin/incidents/${i.id}/notify`} class="inline">
                    <button class="button small" type="submit">
                      发送告知并公告
                    </button>
                  </Form>
                ) : null}
                {i.status === 'notified' ? (
                  <Form action={`/admin/incidents/${i.id}/close`} class="inline">
                    <button class="button secondary small" type="submit">
                      关闭
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <Form action="/admin/incidents" class="panel" data-qa="incident-form">
            <h3>登记安全事件</h3>
            <TextField name="title" label="标题" value={values.title_i} error={errors.title} />
            <TextArea name="what_happened" label="发生了什么" value={values.what_happened} error={errors.what_happened} />
            <TextField name="data_categories" label="涉及的数据类别" value={values.data_categories} error={errors.data_categories} />
            <TextField name="occurred_at" label="发生时间" type="datetime-local" value={values.occurred_at} error={errors.occurred_at} />
            <TextArea name="impact" label="可能的影响" value={values.impact} error={errors.impact} />
            <TextArea name="measures" label="已采取的措施" value={values.measures} error={errors.measures} />
            <TextArea name="advice" label="用户可采取的防范措施" value={values.advice} error={errors.advice} />
            <TextArea name="remedies" label="补救措施" value={values.remedies} error={errors.remedies} />
            <TextArea
              name="affected"
              label="受影响用户（all 表示全部，或每行一个手机号）"
              value={values.affected}
              error={errors.affected}
            />
            <SubmitButton>登记</SubmitButton>
          </Form>
        </>
      ) : null}
      {sys ? (
        <>
          <h2>网站公告</h2>
          <ul>
            {p.announcements.map((a) => (
              <li>
                {a.title} · {formatCst(a.startsAt)} – {formatCst(a.endsAt)}
              </li>
            ))}
          </ul>
          <Form action="/admin/announcements" class="panel" data-qa="announcement-form">
            <TextField name="title" label="标题" value={values.a_title} error={errors.title} />
            <TextArea name="body" label="内容" value={values.a_body} error={errors.body} />
            <TextField name="starts_at" label="开始时间" type="datetime-local" value={values.starts_at} error={errors.starts_at} />
            <TextField name="ends_at" label="结束时间" type="datetime-local" value={values.ends_at} error={errors.ends_at} />
            <SubmitButton secondary>发布公告</SubmitButton>
          </Form>
        </>
      ) : null}
    </section>
  )
}

export function AuditPage({
  rows,
  f,
  next,
  verify,
  staffNos,
}: {
  rows: AuditRow[]
  f: Record<string, string>
  next: number | null
  verify?: { ok: boolean; entries: number; firstBad?: number; problem?: string }
  staffNos: Record<string, string>
}) {
  const q = new URLSearchParams(f).toString()
  return (
    <section data-qa="audit">
      <h1>审计日志</h1>
      {verify ? (
        verify.ok ? (
          <Notice kind="success" title="审计链完整">
            共 {verify.entries} 条记录，哈希链校验通过。
          </Notice>
        ) : (
          <Notice kind="error" title="审计链异常">
            {verify.firstBad ? `第 ${verify.firstBad} 条：` : ''}
            {verify.problem}
          </Notice>
        )
      ) : null}
      <form method="get" action="/admin/audit" class="filters queue-filters">
        <label>
          操作人类型{' '}
          <select name="actor_type">
            <option value="">全部</option>
            {['citizen', 'staff', 'system', 'anonymous'].map((x) => (
              <option value={x} selected={f.actor_type === x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          操作人ID <input type="search" name="actor_id" value={f.actor_id ?? ''} />
        </label>
        <label>
          操作{' '}
          <select name="action">
            <option value="">全部</option>
            {Object.entries(AUDIT_ACTIONS).map(([k, v]) => (
              <option value={k} selected={f.action === k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          对象类型{' '}
          <select name="subject_type">
            <option value="">全部</option>
            {['citizen', 'enterprise', 'case', 'staff', 'complaint', 'policy', 'incident', 'system'].map((x) => (
              <option value={x} selected={f.subject_type === x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          对象ID <input type="search" name="subject_id" value={f.subject_id ?? ''} />
        </label>
        <label>
          起 <input type="date" name="from" value={f.from ?? ''} />
        </label>
        <label>
          止 <input type="date" name="to" value={f.to ?? ''} />
        </label>
        <button class="button" type="submit">
          筛选
        </button>
        <a class="button secondary" href={`/admin/audit/export.csv?${q}`}>
          导出 CSV
        </a>
      </form>
      <form method="post" action="/admin/audit/verify" class="actions">
        <CsrfInput />
        <button class="button secondary" type="submit" data-qa="verify-chain">
          校验审计链
        </button>
      </form>
      <div class="table-wrap">
        <table data-qa="audit-rows">
          <thead>
            <tr>
              <th>#</th>
              <th>时间</th>
              <th>操作人</th>
              <th>操作</th>
              <th>对象</th>
              <th>目的</th>
              <th>IP</th>
              <th>请求</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.seq}</td>
                <td>{formatCst(r.at)}</td>
                <td data-label="操作人">
                  {r.actorType === 'staff' && r.actorId && staffNos[r.actorId]
                    ? t('工作人员 {no}', { no: staffNos[r.actorId] })
                    : r.actorType === 'citizen' && r.actorId
                      ? t('用户（编号 {id}）', { id: r.actorId })
                      : r.actorType === 'system'
                        ? t('系统')
                        : r.actorType === 'anonymous'
                          ? t('未登录访客')
                          : `${r.actorType}${r.actorId ? ` ${r.actorId}` : ''}`}
                </td>
                <td>{AUDIT_ACTIONS[r.action as keyof typeof AUDIT_ACTIONS] ?? r.action}</td>
                <td>{r.subjectType ? `${r.subjectType} ${r.subjectId ?? ''}` : ''}</td>
                <td>{r.purpose ?? ''}</td>
                <td data-label="IP">{displayIp(r.ip)}</td>
                <td class="muted">{(r.requestId ?? '').slice(0, 8)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <p>
          <a href={`/admin/audit?${q}${q ? '&' : ''}before=${next}`}>更早的记录</a>
        </p>
      ) : null}
    </section>
  )
}
import { CsrfField as CsrfInput } from '../components/form.js'

export function PolicyPage({
  current,
  history,
  upcoming,
}: {
  current: { version: string; title: string; body: string; effectiveAt: string } | null
  history: { version: string; summary: string; publishedAt: string; effectiveAt: string; material: number }[]
  upcoming: { version: string; effectiveAt: string; summary: string } | null
}) {
  return (
    <article data-qa="privacy-policy">
      <h1>{current?.title ?? '隐私政策'}</h1>
      {upcoming ? (
        <Notice kind="warning" title={`新版本 ${upcoming.version} 将于 ${formatCst(upcoming.effectiveAt)} 生效`}>
          {upcoming.summary}
        </Notice>
      ) : null}
      {current ? (
        <p class="muted">
          当前版本 {current.version}，{formatCst(current.effectiveAt)} 起生效
        </p>
      ) : null}
      <div class="pre policy-body">{current?.body}</div>
      <h2>个人信息保护负责人</h2>
      <p>
        邮箱 privacy@talent.gov.example，电话 12333（工作日
        9:00–17:00）。对我们的处理不满意的，您可以向网信部门、市场监管部门等监管机构投诉举报。
      </p>
      <h2>历史版本</h2>
      <table>
        <thead>
          <tr>
            <th>版本</th>
            <th>发布</th>
            <th>生效</th>
            <th>变更摘要</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr>
              <td>
                {h.version}
                {h.material ? '（重大变更）' : ''}
              </td>
              <td>{formatCst(h.publishedAt)}</td>
              <td>{formatCst(h.effectiveAt)}</td>
              <td>{h.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  )
}

export function AcceptPolicyPage({ version, summary, effectiveAt }: { version: string; summary: string; effectiveAt: string }) {
  return (
    <section class="narrow" data-qa="accept-policy">
      <h1>隐私政策已更新</h1>
      <p>
        版本 {version} 已于 {formatCst(effectiveAt)} 生效，主要变化：
      </p>
      <Notice>{summary}</Notice>
      <p>
        <a href="/privacy-policy">阅读完整政策</a>
      </p>
      <form method="post" action="/privacy-policy/accept" class="actions">
        <CsrfInput />
        <input type="hidden" name="version" value={version} />
        <button class="button" type="submit" name="decision" value="accept" data-qa="accept">
          同意并继续
        </button>
        <button class="button secondary" type="submit" name="decision" value="decline">
          不同意
        </button>
      </form>
    </section>
  )
}

export function DeclinedPolicyPage() {
  return (
    <section class="narrow">
      <h1>您未同意新的隐私政策</h1>
      <p>我们不会在未经您同意的情况下按新政策处理您的信息。您仍然可以：</p>
      <ul>
        <li>
          <a href="/me/data/export">导出您的数据</a>
        </li>
        <li>
          <a href="/me/closure">注销账号</a>
        </li>
        <li>
          <a href="/privacy-policy/accept">重新考虑并同意</a>
        </li>
      </ul>
    </section>
  )
}

export function NoticesPage({ list }: { list: IncidentRow[] }) {
  return (
    <section>
      <h1>安全公告</h1>
      {list.length === 0 ? (
        <p>暂无公告。</p>
      ) : (
        <ul>
          {list.map((i) => (
            <li>
              <a href={`/notices/${i.id}`}>{i.title}</a> {formatCst(i.publishedAt)}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function NoticePage({ i }: { i: IncidentRow }) {
  return (
    <article data-qa="notice">
      <h1>安全事件告知：{i.title}</h1>
      <p class="muted">发布时间 {formatCst(i.publishedAt)}</p>
      <dl class="summary">
        <div>
          <dt>发生了什么</dt>
          <dd class="pre">{i.whatHappened}</dd>
        </div>
        <div>
          <dt>涉及的数据</dt>
          <dd>{i.dataCategories}</dd>
        </div>
        <div>
          <dt>发生时间</dt>
          <dd>{formatCst(i.occurredAt)}</dd>
        </div>
        <div>
          <dt>可能的影响</dt>
          <dd class="pre">{i.impact}</dd>
        </div>
        <div>
          <dt>我们已采取的措施</dt>
          <dd class="pre">{i.measures}</dd>
        </div>
        <div>
          <dt>您可以这样保护自己</dt>
          <dd class="pre">{i.advice}</dd>
        </div>
        <div>
          <dt>补救措施</dt>
          <dd class="pre">{i.remedies}</dd>
        </div>
        <div>
          <dt>联系我们</dt>
          <dd>个人信息保护负责人 privacy@talent.gov.example，12333</dd>
        </div>
      </dl>
    </article>
  )
}
