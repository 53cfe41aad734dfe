import { DecisionTrace, type TraceView } from '../rules/trace.js'
import type { CatalogService } from '../../src/modules/catalog/types.js'
import type { ApplicationRow } from '../../src/modules/applications/table.js'
import {
  STATUS_LABELS,
  STATUSES,
  OPEN_STATUSES,
  ACTION_LABELS,
  allowedActions,
  clockState,
  type Action,
  type ApplicationStatus,
  type CaseFacts,
} from '../../src/modules/applications/lifecycle.js'
import { REVEAL_PURPOSES, COUNTER_CHECKS } from '../../src/modules/cases/labels.js'
import { formatCst } from '../../src/lib/time.js'
import { Badge, Notice, Masked } from '../components/status.js'
import {
  Form,
  TextArea,
  TextField,
  SelectField,
  ErrorSummary,
  FileField,
  Fieldset,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { StatusBadge, StatusMark, Deadline, eventTitle } from '../applications/pages.js'
import { FieldInput } from '../applications/form.js'
import { Materials, type AttachmentMeta } from '../applications/progress.js'
import { BANKS } from '../../src/modules/identity/validators.js'

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
            {STATUS_LABELS[s]} <strong>{p.counts[s] ?? 0}</strong>
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
                {STATUS_LABELS[s]}
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
    </section>
  )
}

export function CaseDetailPage(p: {
  app: ApplicationRow
  service: CatalogService | null
  events: {
    fromStatus: string | null
    toStatus: string
    action: string | null
    reason: string | null
    detail: string | null
    createdAt: string
    actorType: string
  }[]
  attachments: AttachmentMeta[]
  rating: { score: number; comment: string | null } | null | undefined
  applicant: {
    name: string | null
    phoneMasked: string | null
    idNumberMasked: string | null
    bankName: string | null
    bankAccountMasked: string | null
  } | null
  holder: string | null
  flag: 'overdue' | 'near' | null
  /** The subsidy payee confirmed at submission (masked) and the payable bounds. */
  payee?: { bankName: string | null; accountMasked: string } | null
  payable?: { claimed: number | null; max: number; limit: number } | null
  facts: CaseFacts
  roles: string[]
  isMine: boolean
  /** The supplement items ticked in a refused submission (kept on the re-rendered form). */
  items?: string[]
  revealed?: { idNumber: string; bankAccount: string | null } | null
  /** Where each datum came from and which rules were met (the clerk starts at the unmet ones). */
  trace?: TraceView | null
  errors?: FieldErrors
  values?: FormValues
  message?: string
  notice?: string
}) {
  const { app, service, errors = {}, values = {} } = p
  const answers = JSON.parse(app.data) as Record<string, string>
  const status = app.status as ApplicationStatus
  const can = (...r: string[]) => r.some((x) => p.roles.includes(x))
  const open = OPEN_STATUSES.includes(status)
  const ROLES: Record<Action, string[]> = {
    accept: ['clerk', 'supervisor'],
    supplement: ['clerk', 'supervisor'],
    approve: ['reviewer', 'supervisor'],
    reject: ['reviewer', 'supervisor'],
    answer: [],
    withdraw: [],
    pay: [],
    revoke: ['supervisor'],
  }
  // The form offers only what the lifecycle allows now and the person's roles permit.
  const offered = allowedActions(p.facts).filter((a) => can(...ROLES[a]))
  const ticked = p.items ?? []
  const checklist = [
    ...(service?.form.fields ?? []).map((f) => ({ key: f.name, label: f.label })),
    ...(service?.form.materials ?? []).map((m) => ({ key: m.key, label: m.label })),
  ]
  return (
    <section data-qa="case-detail">
      <p class="muted">
        <a href="/staff/cases">办件队列</a> › {app.ref}
      </p>
      <h1>
        {service?.name ?? app.serviceCode} <StatusMark status={app.status} /> <Flag flag={p.flag} />
      </h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      {p.trace ? <DecisionTrace t={p.trace} audience="staff" /> : null}
      <dl class="summary">
        <div>
          <dt>办件编号</dt>
          <dd>{app.ref}</dd>
        </div>
        <div>
          <dt>渠道</dt>
          <dd>{app.channel === 'counter' ? '窗口帮办代办' : '网上申请'}</dd>
        </div>
        <div>
          <dt>提交时间</dt>
          <dd>{formatCst(app.submittedAt)}</dd>
        </div>
        <div>
          <dt>办结期限</dt>
          <dd>
            {app.deadlineDate ? <Deadline date={app.deadlineDate} /> : '受理后计算'}（{service?.timeLimitDays} 个工作日
            {clockState(app as { status: ApplicationStatus; acceptedAt: string | null }) === 'paused' ? '，补正期间暂停计时' : ''}）
          </dd>
        </div>
        <div>
          <dt>办理人</dt>
          <dd>{p.holder ?? '未认领'}</dd>
        </div>
      </dl>
      <h2>申请人</h2>
      {p.applicant ? (
        <dl class="summary" data-qa="applicant">
          <div>
            <dt>姓名/单位</dt>
            <dd>{app.applicantName ?? p.applicant.name}</dd>
          </div>
          <div>
            <dt>手机</dt>
            <dd>
              <Masked value={p.applicant.phoneMasked} />
            </dd>
          </div>
          <div>
            <dt>身份证号</dt>
            <dd data-qa="id-number">
              {p.revealed ? <strong>{p.revealed.idNumber}</strong> : <Masked value={p.applicant.idNumberMasked} />}
            </dd>
          </div>
          <div>
            <dt>收款账户</dt>
            <dd>
              {p.applicant.bankName}{' '}
              {p.revealed?.bankAccount ? <strong>{p.revealed.bankAccount}</strong> : <Masked value={p.applicant.bankAccountMasked} />}
            </dd>
          </div>
          {p.payee ? (
            <div>
              <dt>本件收款账户（提交时确认）</dt>
              <dd data-qa="case-payee">
                {p.payee.bankName} <Masked value={p.payee.accountMasked} />
              </dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p class="muted">申请人账号已注销，个人信息已按规定删除。</p>
      )}
      {p.applicant && !p.revealed ? (
        <details class="panel">
          <summary>查看完整信息</summary>
          <p class="hint">查看完整证件号和账号须说明目的，本次查看将记入审计日志，申请人可在“谁访问了我的数据”中看到。</p>
          <Form action={`/staff/cases/${app.ref}/reveal`} data-qa="reveal-form">
            <SelectField
              name="purpose"
              label="查看目的"
              value={values.purpose}
              error={errors.purpose}
              placeholder="请选择"
              options={REVEAL_PURPOSES.map((x) => ({ value: x, label: x }))}
            />
            <TextField name="note" label="说明" optional value={values.note} error={errors.note} maxlength={100} />
            <SubmitButton secondary>查看</SubmitButton>
          </Form>
        </details>
      ) : null}
      <h2>申请信息</h2>
      <dl class="summary">
        {(service?.form.fields ?? []).map((f) => (
          <div>
            <dt>{f.label}</dt>
            <dd class="pre">{answers[f.name] ?? '—'}</dd>
          </div>
        ))}
      </dl>
      <h2>材料</h2>
      <Materials attachments={p.attachments} service={service} href={(id) => `/staff/cases/${app.ref}/attachments/${id}`} />
      <h2>办理记录</h2>
      <ol class="timeline">
        {p.events.map((e) => (
          <li>
            <strong>{eventTitle(e)}</strong>{' '}
            <span class="muted">
              {formatCst(e.createdAt)} · {e.actorType === 'staff' ? '工作人员' : e.actorType === 'citizen' ? '申请人' : '系统'}
            </span>
            {e.reason ? <div>{e.reason}</div> : null}
          </li>
        ))}
      </ol>
      {p.rating ? (
        <p>
          申请人评价：{p.rating.score} 分 {p.rating.comment ?? ''}
        </p>
      ) : null}

      {open && !p.isMine && !p.holder ? (
        <Form action={`/staff/cases/${app.ref}/claim`}>
          <SubmitButton>认领办件</SubmitButton>
        </Form>
      ) : null}
      {offered.length && (status === 'approved' || (open && (p.isMine || !p.holder))) ? (
        <div class="panel" data-qa="decision-panel">
          <h2>处理</h2>
          {status === 'supplement' ? <p class="hint">已发出一次性告知，正在等待申请人补正；补正齐全后自动回到审核队列。</p> : null}
          <Form action={`/staff/cases/${app.ref}/decision`} data-qa="decision-form">
            <Fieldset name="decision" legend="处理决定" error={errors.decision}>
              {offered.map((a) => (
                <label class="radio">
                  <input type="radio" name="decision" value={a} checked={values.decision === a} />{' '}
                  {a === 'supplement'
                    ? '一次性告知补正'
                    : a === 'revoke'
                      ? '撤销审核通过决定（须说明理由，申请人将收到通知）'
                      : ACTION_LABELS[a]}
                </label>
              ))}
            </Fieldset>
            {offered.includes('supplement') ? (
              <Fieldset name="items" legend="需补正的项目（一次性告知：只能发出一次，请一次勾选全部）" error={errors.items}>
                {checklist.map((i) => (
                  <div class="item-row">
                    <label class="radio">
                      <input type="checkbox" name="items" value={i.key} checked={ticked.includes(i.key)} /> {i.label}
                    </label>
                    <input
                      type="text"
                      name={`note_${i.key}`}
                      aria-label={`${i.label}的补正要求`}
                      placeholder="补正要求（选填）"
                      maxlength={200}
                      value={values[`note_${i.key}`] ?? ''}
                    />
                  </div>
                ))}
              </Fieldset>
            ) : null}
            <TextArea
              name="reason"
              label="意见/理由"
              hint="一次性告知和不予通过必须填写；不予通过的理由将告知申请人"
              value={values.reason}
              error={errors.reason}
              maxlength={1000}
            />
            <SubmitButton>提交决定</SubmitButton>
          </Form>
        </div>
      ) : null}
      {values.reason && !(offered.length && (status === 'approved' || (open && (p.isMine || !p.holder)))) ? (
        // A refused step whose form is no longer offered: the text typed is not lost.
        <div class="panel" data-qa="unsent">
          <label for="unsent-reason">未能提交的意见/理由（可复制保留）</label>
          <textarea id="unsent-reason" readonly rows={3}>
            {values.reason}
          </textarea>
        </div>
      ) : null}
      {status === 'approved' && service?.isSubsidy && can('reviewer', 'supervisor') ? (
        <div class="panel">
          <h2>登记补贴发放</h2>
          <Form action={`/staff/cases/${app.ref}/payment`} data-qa="payment-form">
            <TextField name="amount" label="发放金额（元）" value={values.amount} error={errors.amount} />
            <TextField name="date" label="发放日期" type="date" value={values.date} error={errors.date} />
            <TextField name="voucher" label="凭证号" value={values.voucher} error={errors.voucher} />
            <p class="hint" data-qa="payment-payee">
              {p.payee ? (
                <>
                  收款账户：{p.payee.bankName} <Masked value={p.payee.accountMasked} />
                  （申请人提交时确认的账户，补贴只发放至该账户）
                </>
              ) : (
                <>收款账户：{p.applicant?.bankAccountMasked ?? '—'}（申请人当前实名认证账户）</>
              )}
            </p>
            {p.payable ? (
              <p class="hint" data-qa="payment-limit">
                {p.payable.claimed !== null ? `申领金额 ${p.payable.claimed} 元；` : ''}本次最多发放 {p.payable.limit} 元
              </p>
            ) : null}
            <SubmitButton>登记发放</SubmitButton>
          </Form>
        </div>
      ) : null}
    </section>
  )
}

export function CounterPage(p: {
  notice?: string
  values?: FormValues
  errors?: FieldErrors
  message?: string
  found?: {
    /** The signed visit the look-up gave: what the apply links carry instead of a user id. */
    visit: string
    name: string | null
    phoneMasked: string | null
    status: string
    idNumberMasked: string | null
    applications: { ref: string; status: string; serviceCode: string }[]
  } | null
  searched?: boolean
  method?: string
}) {
  const { values = {}, errors = {} } = p
  return (
    <section>
      <h1>窗口办理（帮办代办）</h1>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <p>
        请先核验来办人身份证件，再按身份证号（或来办人提供的办件编号）查询。每次查询均记入审计日志（目的：窗口办理），并在当事人的访问记录中显示。
      </p>
      <ErrorSummary errors={errors} message={p.message} />
      <Form action="/staff/counter/lookup" data-qa="counter-lookup">
        <SelectField
          name="verification_method"
          label="身份核验方式"
          value={values.verification_method}
          error={errors.verification_method}
          placeholder="请选择"
          options={COUNTER_CHECKS.map((x) => ({ value: x, label: x }))}
        />
        <TextField name="id_number" label="身份证号码" value={values.id_number} error={errors.id_number} maxlength={30} />
        <TextField
          name="ref"
          label="或：办件编号"
          value={values.ref}
          error={errors.ref}
          maxlength={30}
          hint="来办人出示办件编号时可按编号查询"
        />
        <SubmitButton>查询</SubmitButton>
      </Form>
      {p.searched && !p.found ? (
        <div class="panel" data-qa="walk-in">
          <Notice kind="warning">
            未找到该身份证号对应的账号。可为本人开通已实名的账号（凭已核验的证件），开通后用手机号和短信验证码登录。
          </Notice>
          <Form action="/staff/counter/register" data-qa="walk-in-form">
            <input type="hidden" name="verification_method" value={p.method ?? ''} />
            <TextField name="real_name" label="姓名" value={values.real_name} error={errors.real_name} />
            <TextField name="id_number" label="身份证号码" value={values.id_number} error={errors.id_number} />
            <TextField name="phone" label="手机号码（接收通知，必填）" type="tel" value={values.phone} error={errors.phone} />
            <SelectField
              name="bank_name"
              label="开户银行"
              value={values.bank_name}
              error={errors.bank_name}
              placeholder="请选择"
              options={BANKS.map((b) => ({ value: b, label: b }))}
            />
            <TextField name="bank_account" label="银行账号" value={values.bank_account} error={errors.bank_account} />
            <SubmitButton>开通账号</SubmitButton>
          </Form>
        </div>
      ) : null}
      {p.found ? (
        <div class="panel" data-qa="counter-found">
          <h2>{p.found.name}</h2>
          <dl class="summary">
            <div>
              <dt>身份证号</dt>
              <dd>
                <Masked value={p.found.idNumberMasked} />
              </dd>
            </div>
            <div>
              <dt>手机</dt>
              <dd>
                <Masked value={p.found.phoneMasked} />
              </dd>
            </div>
            <div>
              <dt>账号状态</dt>
              <dd>{p.found.status === 'active' ? '正常' : p.found.status === 'closing' ? '注销办理中' : '已注销'}</dd>
            </div>
          </dl>
          <h3>办件</h3>
          <ul>
            {p.found.applications.map((a) => (
              <li>
                <a href={`/staff/cases/${a.ref}`}>{a.ref}</a> <StatusBadge status={a.status} />
              </li>
            ))}
          </ul>
          <h3>帮办代办</h3>
          <ul data-qa="counter-apply-links">
            <li>
              <a href={`/staff/counter/apply?visit=${encodeURIComponent(p.found.visit)}&service=talent-registration`}>
                代为申请：人才认定/登记
              </a>
            </li>
            <li>
              <a href={`/staff/counter/apply?visit=${encodeURIComponent(p.found.visit)}&service=housing-subsidy`}>代为申请：人才安居补贴</a>
            </li>
          </ul>
          <h3>受理注销账号</h3>
          <p class="hint">当事人本人到场、证件已核验时，可代其提交注销申请。</p>
          <Form action="/staff/counter/closure" data-qa="counter-closure">
            <input type="hidden" name="verification_method" value={p.method ?? ''} />
            <TextField name="real_name" label="姓名（与证件核对）" value={values.real_name} error={errors.real_name} />
            <TextField name="id_number" label="身份证号码" value={values.id_number} error={errors.id_number} />
            <TextArea name="note" label="备注（核验情况、当事人意愿）" value={values.note} error={errors.note} />
            <button type="submit" class="button danger">
              受理注销申请
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  )
}

export function CounterApplyPage(p: {
  s: CatalogService
  visit: string
  name: string
  method: string
  formToken: string
  values?: FormValues
  errors?: FieldErrors
  message?: string
}) {
  const { s, values = {}, errors = {} } = p
  return (
    <section>
      <h1>帮办代办：{s.name}</h1>
      <Notice>
        申请人 {p.name} 本人在窗口，身份核验方式：{p.method || '未记录'}。提交后以“窗口”渠道进入队列，系统短信通知申请人。
      </Notice>
      <ErrorSummary errors={errors} message={p.message} />
      <Form action="/staff/counter/apply" enctype="multipart/form-data" data-qa="counter-apply-form">
        <input type="hidden" name="service" value={s.code} />
        <input type="hidden" name="form_token" value={p.formToken} />
        <input type="hidden" name="visit" value={p.visit} />
        {s.form.fields.map((f) => (
          <FieldInput f={f} value={values[f.name]} error={errors[f.name]} payee="申请人实名认证账户" />
        ))}
        {s.form.materials.map((m) => (
          <FileField name={`file_${m.key}`} label={`${m.label}（扫描件）`} error={errors[`file_${m.key}`]} />
        ))}
        <SubmitButton>代为提交</SubmitButton>
      </Form>
    </section>
  )
}
