import { html } from 'hono/html'
import { Steps, applySteps } from '../components/steps.js'
import { Note, Stored, Tx } from '../components/tx.js'
import { t } from '../../src/lib/i18n/index.js'
import { DecisionTrace, type TraceView } from '../rules/trace.js'
import { CertificateStatus } from '../certificates/pages.js'
import type { ApplicationRow, ApplicationSummary } from '../../src/modules/applications/table.js'
import type { CatalogService } from '../../src/modules/catalog/types.js'
import {
  statusLabel,
  DECIDED_STATUSES,
  OPEN_STATUSES,
  eventLabel,
  type ApplicationStatus,
} from '../../src/modules/applications/lifecycle.js'
import { formatCst } from '../../src/lib/time.js'
import { Notice } from '../components/status.js'
import {
  Form,
  TextArea,
  TextField,
  ErrorSummary,
  FileField,
  Fieldset,
  SubmitButton,
  type FieldErrors,
  type FormValues,
} from '../components/form.js'
import { FieldInput } from './form.js'
import { Progress, Outcome, Materials, type AttachmentMeta } from './progress.js'
import { DecisionSummary, StatusBadge } from './decision-summary.js'

// The status marks and the deadline live with the case summary; other views import them from here.
export { StatusBadge, StatusMark, Deadline } from './decision-summary.js'

/** Statuses of rows written before the lifecycle had one state machine (migration 202612010500). */
const LEGACY_LABELS: Record<string, string> = { in_review: '审核中', resubmitted: '已补正', closed: '已办结' }

/** What a history row is called: the action that made it (the answer that was the 受理 says so). */
export function eventTitle(e: { fromStatus: string | null; toStatus: string; action: string | null; detail: string | null }) {
  if (e.detail?.includes('"instant":true')) return t('秒批：{x}', { x: e.action === 'accept' ? t('自动受理') : eventLabel('approve') })
  if (!e.action)
    return e.fromStatus === null ? t('提交申请') : LEGACY_LABELS[e.toStatus] ? t(LEGACY_LABELS[e.toStatus]) : statusLabel(e.toStatus)
  if (e.action === 'answer') return e.detail?.includes('"accepted":true') ? t('补正材料齐全，予以受理') : t('补正材料已提交，恢复计时')
  if (e.action === 'supplement' && e.fromStatus === 'accepted') return t('一次性告知补正（暂停计时）')
  return eventLabel(e.action)
}

/**
 * The rows of "my applications", the most requested page: written with hono's `html` template, which escapes every
 * value as JSX does (attributes included) but costs a fraction of JSX nodes per row (issue 21, decision 0298).
 */
function applicationRows(apps: ApplicationSummary[], names: Record<string, string>) {
  const label = { ref: t('办件编号'), service: t('事项'), at: t('提交时间'), status: t('状态') }
  // one line, as JSX wrote it: whitespace between the cells would change the page's bytes
  // prettier-ignore
  return apps.map((a) => html`<tr><td data-label="${label.ref}"><a href="/applications/${a.ref}">${a.ref}</a></td><td data-label="${label.service}">${names[a.serviceCode] ?? a.serviceCode}</td><td data-label="${label.at}">${formatCst(a.submittedAt)}</td><td data-label="${label.status}">${StatusBadge({ status: a.status })}</td></tr>`)
}

export function MyApplicationsPage({
  apps,
  drafts,
  names,
}: {
  apps: ApplicationSummary[]
  drafts: { serviceCode: string; updatedAt: string }[]
  names: Record<string, string>
}) {
  return (
    <section>
      <h1>{t('我的办件')}</h1>
      {drafts.length ? (
        <div class="panel">
          <h2>{t('未提交的草稿')}</h2>
          <ul>
            {drafts.map((d) => (
              <li>
                <a href={`/applications/new?service=${d.serviceCode}`} data-qa={`draft-${d.serviceCode}`}>
                  {names[d.serviceCode] ?? d.serviceCode}
                </a>{' '}
                <span class="muted">{t('保存于 {updatedAt}', { updatedAt: formatCst(d.updatedAt) })}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {apps.length === 0 ? (
        <div class="empty-state" data-qa="empty">
          <p>{t('您还没有办件。在“办事服务”中找到要办的事项，按指南准备材料后即可在线申请。')}</p>
          <a class="button button-primary" href="/services">
            {t('去办事服务')}
          </a>
        </div>
      ) : (
        <div class="table-wrap">
          <table data-qa="my-applications" class="responsive">
            <thead>
              <tr>
                <th>{t('办件编号')}</th>
                <th>{t('事项')}</th>
                <th>{t('提交时间')}</th>
                <th>{t('状态')}</th>
              </tr>
            </thead>
            <tbody>{applicationRows(apps, names)}</tbody>
          </table>
        </div>
      )}
    </section>
  )
}

const SCORES: [number, string][] = [
  [5, '非常满意'],
  [4, '满意'],
  [3, '基本满意'],
  [2, '不满意'],
  [1, '非常不满意'],
]

export function ApplicationDetailPage(p: {
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
  rating: { score: number; comment: string | null } | null
  expected: { accept: string | null; decide: string | null }
  notice?: string
  /** The first view after a successful submit. */
  confirmation?: boolean
  /** 秒批 / pre-check trace, when the service has rules. */
  trace?: TraceView | null
  certificate?: { number: string; token: string; type: string; status: 'valid' | 'revoked' | 'expired' } | null
  errors?: FieldErrors
  values?: FormValues
  message?: string
}) {
  const { app, service, events, attachments, rating, errors = {}, values = {} } = p
  const status = app.status as ApplicationStatus
  const answers = JSON.parse(app.data) as Record<string, string>
  const lastSupplement = [...events].reverse().find((e) => e.toStatus === 'supplement')
  const paidEvent = events.find((e) => e.toStatus === 'paid')
  const paidDetail = paidEvent?.detail ? (JSON.parse(paidEvent.detail) as { amount?: string; date?: string; payee?: string | null }) : null
  // an item asked for is shown by its key in the reader's language; one the clerk typed, as typed
  const itemLabel = (i: { key: string; label: string }) =>
    service?.form.fields.find((f) => f.name === i.key)?.label ?? service?.form.materials.find((m) => m.key === i.key)?.label
  const items: { key: string; label: string; note?: string }[] = lastSupplement?.detail
    ? ((JSON.parse(lastSupplement.detail) as { items?: { key: string; label: string; note?: string }[] }).items ?? [])
    : []
  return (
    <section data-qa="application-detail">
      <p class="muted">
        <a href="/applications">{t('我的办件')}</a> › {app.ref}
      </p>
      <h1>{service?.name ?? app.serviceCode}</h1>
      {p.confirmation ? <Steps steps={applySteps()} current={3} label={t('申请步骤')} /> : null}
      {p.confirmation ? (
        <div class="notice notice-success confirmation" role="status" data-qa="confirmation">
          <h2 class="notice-title">{t('申请已提交')}</h2>
          <p>
            {t('办件编号')} <strong>{app.ref}</strong>
            {t('（请记下，查询和咨询时使用）。我们已通过短信和站内信通知您。')}
          </p>
          {app.status === 'approved' && p.trace?.outcome === 'instant' ? (
            <p data-qa="instant-next">{t('全部条件已经政务数据核验，您的申请已即时办结（秒批），电子证照见下方。')}</p>
          ) : (
            <p>
              {t(
                '接下来：工作人员将在1个工作日内受理或一次性告知需补正的材料；受理后 {timeLimitDays} 个工作日内办结（受理当日不计）。进度随时在本页查看。',
                { timeLimitDays: service?.timeLimitDays ?? '—' },
              )}
            </p>
          )}
        </div>
      ) : null}
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      <ErrorSummary errors={errors} message={p.message} />
      <DecisionSummary app={app} timeLimitDays={service?.timeLimitDays} audience="citizen" />
      <Outcome
        app={app}
        subsidy={!!service?.isSubsidy}
        payment={paidDetail}
        revokeReason={events.find((e) => e.toStatus === 'revoked')?.reason ?? null}
      />
      {p.certificate ? (
        <div class="panel" data-qa="certificate-link">
          <h2>{t('电子证照')}</h2>
          <p>
            {t('{type}（编号 {number}）：', { type: t(p.certificate.type), number: p.certificate.number })}
            <CertificateStatus status={p.certificate.status} />
          </p>
          <p>
            <a class="button" href={`/me/certificates#c-${p.certificate.number}`}>
              {t('查看和下载证照')}
            </a>{' '}
            <a href={`/verify/${p.certificate.token}`} data-qa="verify-link">
              {t('核验地址')}
            </a>
          </p>
        </div>
      ) : null}
      {p.trace ? <DecisionTrace t={p.trace} audience="citizen" /> : null}

      {status === 'supplement' ? (
        <div class="panel" data-qa="supplement">
          <h2>{t('需要您补正的材料（一次性告知）')}</h2>
          <p>
            <Stored>{lastSupplement?.reason}</Stored>
          </p>
          <ul>
            {items.map((i) => (
              <li>
                <strong>{itemLabel(i) ?? <Stored>{i.label}</Stored>}</strong>
                {i.note ? <Tx zh="：{note}" vars={{ note: <Stored>{i.note}</Stored> }} /> : ''}
              </li>
            ))}
          </ul>
          <Form action={`/applications/${app.ref}/resubmit`} enctype="multipart/form-data">
            {items.map((i) => {
              const f = service?.form.fields.find((x) => x.name === i.key)
              if (f) return <FieldInput f={f} value={values[f.name] ?? answers[f.name]} error={errors[f.name]} />
              const m = service?.form.materials.find((x) => x.key === i.key)
              if (m) return <FileField name={`file_${m.key}`} label={m.label} error={errors[`file_${m.key}`]} />
              return null
            })}
            <TextArea name="note" label={t('补正说明')} optional value={values.note} error={errors.note} />
            <SubmitButton>{t('提交补正')}</SubmitButton>
          </Form>
        </div>
      ) : null}

      <h2>{t('办理进度')}</h2>
      <Progress app={app} service={service} events={events} expected={p.expected} />
      <h3>{t('办理记录')}</h3>
      <ol class="timeline" data-qa="timeline">
        {events.map((e) => (
          <li>
            <strong>{eventTitle(e)}</strong> <span class="muted">{formatCst(e.createdAt)}</span>
            {/* as written: a clerk's reason, or the system's note in Chinese (decision 0225) */}
            {e.reason ? (
              <div>
                <Note text={e.reason} />
              </div>
            ) : null}
          </li>
        ))}
      </ol>

      <h2>{t('申请信息')}</h2>
      <dl class="summary">
        {(service?.form.fields ?? []).map((f) => (
          <div>
            <dt>{f.label}</dt>
            <dd class="pre">
              <Answer f={f} value={answers[f.name]} />
            </dd>
          </div>
        ))}
      </dl>
      <h2>{t('材料')}</h2>
      <Materials attachments={attachments} service={service} href={(id) => `/applications/${app.ref}/attachments/${id}`} />

      {DECIDED_STATUSES.includes(status) ? (
        rating ? (
          <p data-qa="rated">
            {t('您的评价：{x}', { x: t(SCORES.find(([s]) => s === rating.score)?.[1] ?? '满意') })}
            {rating.comment ? t('（{comment}）', { comment: rating.comment }) : ''}
            {t('。感谢您的反馈！')}
          </p>
        ) : (
          <div class="panel">
            <h2>{t('评价本次服务')}</h2>
            <Form action={`/applications/${app.ref}/rating`} data-qa="rating-form">
              <Fieldset name="score" legend={t('满意度')} error={errors.score}>
                {SCORES.map(([s, zh]) => (
                  <label class="radio">
                    <input type="radio" name="score" value={String(s)} checked={values.score === String(s)} /> {t(zh)}
                  </label>
                ))}
              </Fieldset>
              <TextArea name="comment" label={t('意见建议')} optional value={values.comment} error={errors.comment} maxlength={500} />
              <SubmitButton>{t('提交评价')}</SubmitButton>
            </Form>
          </div>
        )
      ) : null}

      {OPEN_STATUSES.includes(status) ? (
        <details class="panel">
          <summary>{t('撤回申请')}</summary>
          <Form action={`/applications/${app.ref}/withdraw`}>
            <TextField name="reason" label={t('撤回原因')} value={values.reason} error={errors.reason} maxlength={500} />
            <button type="submit" class="button danger">
              {t('确认撤回')}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  )
}

/**
 * A stored answer: a choice shows its label in the reader's language (the value stays what was stored),
 * anything typed is shown as entered.
 */
function Answer({ f, value }: { f: CatalogService['form']['fields'][number]; value: string | undefined }) {
  if (value === undefined || value === '') return <>—</>
  const i = f.options?.indexOf(value) ?? -1
  const label = i >= 0 ? f.optionLabels?.[i] : undefined
  return label ? <>{label}</> : <Stored>{value}</Stored>
}

export function MessagesPage({
  messages,
}: {
  messages: {
    id: number
    title: string
    body: string
    link: string | null
    readAt: string | null
    createdAt: string
    /** the language the message is shown in: one kept in Chinese only is marked so on an English page */
    lang?: 'zh-CN' | 'en'
  }[]
}) {
  return (
    <section>
      <h1>{t('站内消息')}</h1>
      {messages.length === 0 ? <p class="empty-state">{t('暂无消息。办件有进展时，通知会出现在这里。')}</p> : null}
      <ul class="messages" data-qa="messages">
        {messages.map((m) => (
          <li class={m.readAt ? 'panel read' : 'panel unread'}>
            <strong>
              {m.readAt ? '' : t('【未读】')}
              <span lang={m.lang === 'zh-CN' ? 'zh-CN' : undefined}>{m.title}</span>
            </strong>{' '}
            <span class="muted">{formatCst(m.createdAt)}</span>
            <p lang={m.lang === 'zh-CN' ? 'zh-CN' : undefined}>{m.body}</p>
            <div class="message-actions">
              {m.link ? (
                <a class="button secondary small" href={m.link}>
                  {t('查看详情')}
                </a>
              ) : null}
              {!m.readAt ? (
                <Form action={`/me/messages/${m.id}/read`} class="inline">
                  <button type="submit" class="button ghost small">
                    {t('标为已读')}
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
