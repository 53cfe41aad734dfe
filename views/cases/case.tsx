import { Flag } from './queue.js'
import { DecisionTrace, type TraceView } from '../rules/trace.js'
import { ReusedMaterials, type ReusedMaterialView } from '../applications/reuse.js'
import type { CatalogService } from '../../src/modules/catalog/types.js'
import type { ApplicationRow } from '../../src/modules/applications/table.js'
import {
  OPEN_STATUSES,
  allowedActions,
  type Action,
  type ApplicationStatus,
  type CaseFacts,
} from '../../src/modules/applications/lifecycle.js'
import { REVEAL_PURPOSES } from '../../src/modules/cases/labels.js'
import { formatCst } from '../../src/lib/time.js'
import { Notice, Masked, UserData } from '../components/status.js'
import { Form, TextField, SelectField, ErrorSummary, SubmitButton, type FieldErrors, type FormValues } from '../components/form.js'
import { StatusMark, eventTitle } from '../applications/pages.js'
import { DecisionSummary } from '../applications/decision-summary.js'
import { Materials, type AttachmentMeta } from '../applications/progress.js'
import { pick, t } from '../../src/lib/i18n/index.js'
import { optionLabel } from '../../src/modules/catalog/localise.js'
import { KeyLegend } from './keys.js'
import { DecisionPanel } from './decision-form.js'

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
  /** Who supplied each version when staff did (the counter): by name and number. */
  staffNames?: Record<number, string>
  /** The neighbouring open cases in the queue (j/k). */
  neighbours?: { next: string | null; prev: string | null }
  /** This service's supplement-reason templates (the 一次性告知 form offers them). */
  templates?: { id: number; title: string; text: string; items: string[] }[]
  /** What the last decision did (shown on the next case, which opened after it). */
  confirmation?: { ref: string; decision: string; text: string }
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
    refuse: ['clerk', 'supervisor'],
  }
  // The form offers only what the lifecycle allows now and the person's roles permit.
  const offered = allowedActions(p.facts).filter((a) => can(...ROLES[a]))
  const ticked = p.items ?? []
  const checklist = [
    ...(service?.form.fields ?? []).map((f) => ({ key: f.name, label: f.label })),
    ...(service?.form.materials ?? []).map((m) => ({ key: m.key, label: m.label })),
  ]
  const previewable = (a: AttachmentMeta) => a.mime === 'application/pdf' || a.mime === 'image/jpeg' || a.mime === 'image/png'
  const previewHref = (a: AttachmentMeta) => (previewable(a) ? `/staff/cases/${app.ref}/materials/${a.id}/preview` : null)
  // The frame opens on the current version of the first material that can be shown.
  const currents = [...new Map(p.attachments.map((a) => [a.itemKey, a])).values()]
  const first = currents.find(previewable)
  const canDecide = offered.length > 0 && (status === 'approved' || (open && (p.isMine || !p.holder)))
  return (
    <section data-qa="case-detail" class="case-page">
      <nav class="case-nav muted" aria-label={t('办件导航')}>
        <a href="/staff/cases">{t('办件队列')}</a> › {app.ref}
        <span class="case-neighbours">
          {p.neighbours?.prev ? (
            <a href={`/staff/cases/${p.neighbours.prev}`} data-key="k" rel="prev" data-qa="prev-case">
              <kbd>k</kbd> {t('上一件')}
            </a>
          ) : null}
          {p.neighbours?.next ? (
            <a href={`/staff/cases/${p.neighbours.next}`} data-key="j" rel="next" data-qa="next-case">
              {t('下一件')} <kbd>j</kbd>
            </a>
          ) : null}
        </span>
      </nav>
      <h1>
        {service?.name ?? app.serviceCode} <StatusMark status={app.status} /> <Flag flag={p.flag} />
      </h1>
      {p.confirmation ? (
        <div data-qa="confirmation" data-decision={p.confirmation.decision} data-ref={p.confirmation.ref}>
          <Notice kind="success" title={p.confirmation.ref === app.ref ? t('已办理') : t('已办理，已为您打开下一件')}>
            <p>{p.confirmation.text}</p>
            {p.confirmation.ref !== app.ref ? (
              <p>
                <a href={`/staff/cases/${p.confirmation.ref}`}>{t('返回刚办理的办件 {ref}', { ref: p.confirmation.ref })}</a>
              </p>
            ) : null}
          </Notice>
        </div>
      ) : null}
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      <div class="case-split">
        <div class="case-main">
          {p.trace ? <DecisionTrace t={p.trace} audience="staff" /> : null}
          <DecisionSummary app={app} timeLimitDays={service?.timeLimitDays} audience="staff">
            <div>
              <dt>{t('办理人')}</dt>
              <dd>{p.holder ? <UserData>{p.holder}</UserData> : t('未认领')}</dd>
            </div>
          </DecisionSummary>
          <h2>{t('申请人')}</h2>
          {p.applicant ? (
            <dl class="summary" data-qa="applicant">
              <div>
                <dt>{t('姓名/单位')}</dt>
                <dd>
                  <UserData>{app.applicantName ?? p.applicant.name}</UserData>
                </dd>
              </div>
              <div>
                <dt>{t('手机')}</dt>
                <dd>
                  <Masked value={p.applicant.phoneMasked} />
                </dd>
              </div>
              <div>
                <dt>{t('身份证号')}</dt>
                <dd data-qa="id-number">
                  {p.revealed ? <strong>{p.revealed.idNumber}</strong> : <Masked value={p.applicant.idNumberMasked} />}
                </dd>
              </div>
              <div>
                <dt>{t('收款账户')}</dt>
                <dd>
                  {p.applicant.bankName ? t(p.applicant.bankName) : null}{' '}
                  {p.revealed?.bankAccount ? <strong>{p.revealed.bankAccount}</strong> : <Masked value={p.applicant.bankAccountMasked} />}
                </dd>
              </div>
              {p.payee ? (
                <div>
                  <dt>{t('本件收款账户（提交时确认）')}</dt>
                  <dd data-qa="case-payee">
                    {p.payee.bankName ? t(p.payee.bankName) : null} <Masked value={p.payee.accountMasked} />
                  </dd>
                </div>
              ) : null}
            </dl>
          ) : (
            <p class="muted">{t('申请人账号已注销，个人信息已按规定删除。')}</p>
          )}
          {p.applicant && !p.revealed ? (
            <details class="panel">
              <summary>{t('查看完整信息')}</summary>
              <p class="hint">{t('查看完整证件号和账号须说明目的，本次查看将记入审计日志，申请人可在“谁访问了我的数据”中看到。')}</p>
              <Form action={`/staff/cases/${app.ref}/reveal`} data-qa="reveal-form">
                <SelectField
                  name="purpose"
                  label={t('查看目的')}
                  value={values.purpose}
                  error={errors.purpose}
                  placeholder={t('请选择')}
                  options={REVEAL_PURPOSES.map((x) => ({ value: x, label: x === '补贴发放' ? pick(x, 'Paying the subsidy') : t(x) }))}
                />
                <TextField name="note" label={t('说明')} optional value={values.note} error={errors.note} maxlength={100} />
                <SubmitButton secondary>{t('查看')}</SubmitButton>
              </Form>
            </details>
          ) : null}
          <h2>{t('申请信息')}</h2>
          <dl class="summary">
            {(service?.form.fields ?? []).map((f) => (
              <div>
                <dt>{f.label}</dt>
                <dd class="pre">{answers[f.name] !== undefined ? <UserData>{optionLabel(f, answers[f.name])}</UserData> : '—'}</dd>
              </div>
            ))}
          </dl>
          <h2>{t('办理记录')}</h2>
          <ol class="timeline">
            {p.events.map((e) => (
              <li>
                <strong>{eventTitle(e)}</strong>{' '}
                <span class="muted">
                  {formatCst(e.createdAt)} · {e.actorType === 'staff' ? t('工作人员') : e.actorType === 'citizen' ? t('申请人') : t('系统')}
                </span>
                {e.reason ? (
                  <div>
                    <UserData>{e.reason}</UserData>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
          {p.rating ? (
            <p>
              {t('申请人评价：{score} 分', { score: p.rating.score })} <UserData>{p.rating.comment}</UserData>
            </p>
          ) : null}

          {open && !p.isMine && !p.holder ? (
            <Form action={`/staff/cases/${app.ref}/claim`} data-key="c" data-qa="claim-form">
              <SubmitButton>
                {t('认领办件')} <kbd>c</kbd>
              </SubmitButton>
            </Form>
          ) : null}
          {canDecide ? (
            <DecisionPanel
              app={{ ref: app.ref, status }}
              offered={offered}
              checklist={checklist}
              ticked={ticked}
              templates={p.templates}
              errors={errors}
              values={values}
            />
          ) : null}
          {values.reason && !canDecide ? (
            // A refused step whose form is no longer offered: the text typed is not lost.
            <div class="panel" data-qa="unsent">
              <label for="unsent-reason">{t('未能提交的意见/理由（可复制保留）')}</label>
              <textarea id="unsent-reason" readonly rows={3}>
                {values.reason}
              </textarea>
            </div>
          ) : null}
          {status === 'approved' && service?.isSubsidy && can('reviewer', 'supervisor') ? (
            <div class="panel">
              <h2>{t('登记补贴发放')}</h2>
              <Form action={`/staff/cases/${app.ref}/payment`} data-qa="payment-form">
                <TextField name="amount" label={t('发放金额（元）')} value={values.amount} error={errors.amount} />
                <TextField name="date" label={t('发放日期')} type="date" value={values.date} error={errors.date} />
                <TextField name="voucher" label={t('凭证号')} value={values.voucher} error={errors.voucher} />
                <p class="hint" data-qa="payment-payee">
                  {p.payee ? (
                    <>
                      {t('收款账户：')}
                      {p.payee.bankName ? t(p.payee.bankName) : null} <Masked value={p.payee.accountMasked} />
                      {t('（申请人提交时确认的账户，补贴只发放至该账户）')}
                    </>
                  ) : (
                    <>
                      {t('收款账户：')}
                      {p.applicant?.bankAccountMasked ?? '—'}
                      {t('（申请人当前实名认证账户）')}
                    </>
                  )}
                </p>
                {p.payable ? (
                  <p class="hint" data-qa="payment-limit">
                    {p.payable.claimed !== null ? t('申领金额 {n} 元；', { n: p.payable.claimed }) : ''}
                    {t('本次最多发放 {n} 元', { n: p.payable.limit })}
                  </p>
                ) : null}
                <SubmitButton>{t('登记发放')}</SubmitButton>
              </Form>
            </div>
          ) : null}
        </div>
        <aside class="case-materials" aria-labelledby="materials-title">
          <h2 id="materials-title">{t('材料')}</h2>
          <Materials
            attachments={p.attachments}
            service={service}
            staffNames={p.staffNames}
            href={(id) => `/staff/cases/${app.ref}/attachments/${id}`}
            preview={{ href: previewHref, target: 'material-preview' }}
          />
          <ReusedMaterials reused={p.reused ?? []} />
          {first ? (
            <iframe
              name="material-preview"
              class="preview-frame"
              data-qa="preview-frame"
              src={previewHref(first)!}
              title={t('材料预览')}
              referrerpolicy="same-origin"
            ></iframe>
          ) : (
            <p class="muted">{t('暂无可预览的材料。')}</p>
          )}
          <p class="hint">{t('按 p 依次预览下一份材料；预览记入审计日志，申请人可以看到。')}</p>
        </aside>
      </div>
      <KeyLegend page="case" />
    </section>
  )
}
