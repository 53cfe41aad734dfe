import { Flag } from './queue.js'
import { DecisionTrace, type TraceView } from '../rules/trace.js'
import { ReusedMaterials, type ReusedMaterialView } from '../applications/reuse.js'
import type { CatalogService } from '../../src/modules/catalog/types.js'
import type { ApplicationRow } from '../../src/modules/applications/table.js'
import {
  OPEN_STATUSES,
  ACTION_LABELS,
  allowedActions,
  clockState,
  type Action,
  type ApplicationStatus,
  type CaseFacts,
} from '../../src/modules/applications/lifecycle.js'
import { REVEAL_PURPOSES } from '../../src/modules/cases/labels.js'
import { formatCst } from '../../src/lib/time.js'
import { Notice, Masked } from '../components/status.js'
import {
  Form,
  TextArea,
  TextField,
  SelectField,
  ErrorSummary,
  Fieldset,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { StatusMark, Deadline, eventTitle } from '../applications/pages.js'
import { Materials, type AttachmentMeta } from '../applications/progress.js'

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
  /** Tell us once: materials reused from an earlier case, with who verified them and when. */
  reused?: ReusedMaterialView[]
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
      <ReusedMaterials reused={p.reused ?? []} />
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
