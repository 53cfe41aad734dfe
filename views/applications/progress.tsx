import type { Child } from 'hono/jsx'
import { t } from '../../src/lib/i18n/index.js'
import { Note, Tx } from '../components/tx.js'
import type { CatalogService } from '../../src/modules/catalog/types.js'
import { formatCst } from '../../src/lib/time.js'
import { Notice } from '../components/status.js'

type Ev = { toStatus: string; action: string | null; createdAt: string; reason: string | null; detail: string | null }
type App = {
  status: string
  submittedAt: string | null
  acceptedAt: string | null
  decidedAt: string | null
  deadlineDate: string | null
  decisionReason: string | null
}

/**
 * The service guide's steps (processSteps, in lifecycle order: apply, 受理, decision, and for subsidies payment),
 * each done with its date or still to come with its expected date.
 */
export function Progress(p: {
  app: App
  service: CatalogService | null
  events: Ev[]
  expected: { accept: string | null; decide: string | null }
}) {
  const { app } = p
  const steps = p.service?.guide.processSteps ?? []
  const paid = p.events.find((e) => e.toStatus === 'paid')
  const stopped = app.status === 'withdrawn' || app.status === 'rejected' || app.status === 'revoked' || app.status === 'not_accepted'
  const done = [app.submittedAt, app.acceptedAt, app.decidedAt, paid?.createdAt ?? null]
  const expected = [null, p.expected.accept, p.expected.decide, null]
  const waiting: (string | null)[] = [
    null,
    app.status === 'supplement' && !app.acceptedAt ? t('补正齐全后即受理') : null,
    app.status === 'supplement' && app.acceptedAt
      ? t('补正期间暂停计时，补正后从 {deadlineDate} 顺延', { deadlineDate: app.deadlineDate ?? '' })
      : null,
    app.status === 'approved' ? t('审核通过后登记发放，发放后通知您') : null,
  ]
  return (
    <ol class="steps-progress" data-qa="progress">
      {steps.map((label, i) => {
        const at = done[i]
        const state = at ? 'done' : stopped ? 'skipped' : 'todo'
        return (
          <li class={`step step-${state}`} data-qa={`step-${i}`} data-state={state}>
            <strong>{label}</strong>{' '}
            {at ? (
              <span class="muted">{t('已完成 {at}', { at: formatCst(at) })}</span>
            ) : stopped ? (
              <span class="muted">{t('不再办理')}</span>
            ) : expected[i] ? (
              <span>
                {t('预计')} <time datetime={expected[i]}>{expected[i]}</time> {t('前')}
                {i === 2 && app.acceptedAt ? t('（法定办结期限）') : ''}
              </span>
            ) : waiting[i] ? (
              <span class="muted">{waiting[i]}</span>
            ) : (
              <span class="muted">{t('待办理')}</span>
            )}
          </li>
        )
      })}
    </ol>
  )
}

/** A refusal (不予通过, 不予受理): the decision, its reason (children), and the remedies open to the applicant. */
function Refusal(p: { title: string; outcome: string; decision: string; children: Child }) {
  return (
    <Notice kind="warning" title={p.title}>
      <div data-qa="outcome" data-outcome={p.outcome}>
        <p>{p.decision}</p>
        <p>{p.children}</p>
        <p>
          {t(
            '接下来：如对决定有异议，可自收到决定之日起60日内申请行政复议，或6个月内提起行政诉讼；也可拨打12333咨询。条件具备后可重新申请。',
          )}
        </p>
      </div>
    </Notice>
  )
}

/** After a decision: what was decided, why, and what happens next, in plain words. */
export function Outcome(p: {
  app: App
  subsidy: boolean
  payment?: { amount?: string; date?: string; payee?: string | null } | null
  revokeReason?: string | null
}) {
  const { app } = p
  const day = app.decidedAt ? formatCst(app.decidedAt).slice(0, 10) : ''
  if (app.status === 'approved' || app.status === 'paid')
    return (
      <Notice kind="success" title={t('审核通过（{day}）', { day })}>
        <div data-qa="outcome" data-outcome="approved">
          <p>
            <Tx
              zh="决定：您的申请已审核通过。审核意见：{decisionReason}。"
              vars={{ decisionReason: <Note text={app.decisionReason ?? '符合条件，予以通过'} /> }}
            />
          </p>
          <p>
            {t('接下来：')}
            {app.status === 'paid'
              ? t('补贴 {amount} 元已于 {date} 发放至 {payee}，请注意查收。', {
                  amount: p.payment?.amount ?? '',
                  date: p.payment?.date ?? '',
                  payee: p.payment?.payee ?? t('您的收款账户'),
                })
              : p.subsidy
                ? t('补贴将按规定发放至您实名认证的收款账户，发放后我们以站内信和短信通知您。')
                : t('认定结果即时生效，本页即为办理结果，可随时查看；如需纸质证明，可凭办件编号到窗口打印。')}
          </p>
        </div>
      </Notice>
    )
  if (app.status === 'revoked')
    return (
      <Notice kind="warning" title={t('审核通过决定已撤销')}>
        <div data-qa="outcome" data-outcome="revoked">
          <p>{t('决定：本件原审核通过的决定已被撤销，相关证明不再有效。')}</p>
          <p>
            <Tx zh="理由：{revokeReason}" vars={{ revokeReason: <Note text={p.revokeReason} /> }} />
          </p>
          <p>{t('接下来：如对撤销有异议，可自收到通知之日起60日内申请行政复议，或6个月内提起行政诉讼；也可拨打12333咨询。')}</p>
        </div>
      </Notice>
    )
  if (app.status === 'rejected')
    return (
      <Refusal title={t('不予通过（{day}）', { day })} outcome="rejected" decision={t('决定：您的申请未获通过。')}>
        <Tx zh="理由：{decisionReason}" vars={{ decisionReason: <Note text={app.decisionReason} /> }} />
      </Refusal>
    )
  if (app.status === 'not_accepted')
    return (
      <Refusal title={t('不予受理')} outcome="not_accepted" decision={t('决定：您的申请不予受理，本件不进入审核。')}>
        {t('理由和依据：')}
        <Note text={app.decisionReason} />
      </Refusal>
    )
  if (app.status === 'withdrawn')
    return (
      <Notice kind="info" title={t('申请已撤回')}>
        <div data-qa="outcome" data-outcome="withdrawn">
          <p>{t('本件不再办理。如需办理，可重新提交申请。')}</p>
        </div>
      </Notice>
    )
  return null
}

export type AttachmentMeta = {
  id: number
  itemKey: string
  filename: string
  size: number
  createdAt: string
  uploadedByStaffId: number | null
  /** The type verified from the bytes at upload (given by staff views that preview inline). */
  mime?: string
}

/** Materials with their versions: every replacement with its date and who supplied it, the current one marked. */
export function Materials(p: {
  attachments: AttachmentMeta[]
  service: CatalogService | null
  href: (id: number) => string
  staffNames?: Record<number, string>
  /** Staff case page: where a version previews inline (null when it cannot) and the frame it opens in. */
  preview?: { href: (a: AttachmentMeta) => string | null; target: string }
}) {
  const keys = [...new Set(p.attachments.map((a) => a.itemKey))]
  const label = (k: string) => p.service?.form.materials.find((m) => m.key === k)?.label ?? k
  const who = (a: AttachmentMeta) =>
    a.uploadedByStaffId
      ? t('窗口工作人员{x}代为上传', { x: p.staffNames?.[a.uploadedByStaffId] ? ` ${p.staffNames[a.uploadedByStaffId]}` : '' })
      : t('申请人上传')
  if (!keys.length) return <p class="muted">{t('暂无材料。')}</p>
  return (
    <ul class="materials" data-qa="attachments">
      {keys.map((k) => {
        const versions = p.attachments.filter((a) => a.itemKey === k)
        return (
          <li data-qa={`material-${k}`}>
            <strong>{label(k)}</strong>
            <ol class="versions">
              {versions
                .map((a, i) => (
                  <li data-qa="version" data-current={i === versions.length - 1 ? 'true' : 'false'}>
                    {t('第{n}版：', { n: i + 1 })}
                    <a href={p.href(a.id)}>{a.filename}</a>{' '}
                    <span class="muted">
                      {(a.size / 1024).toFixed(0)} KB · {formatCst(a.createdAt)} · {who(a)}
                      {i > 0 ? t('（补正）') : ''}
                    </span>{' '}
                    {i === versions.length - 1 ? (
                      <span class="tag tag-green">{t('当前版本')}</span>
                    ) : (
                      <span class="tag tag-grey">{t('已被替换')}</span>
                    )}
                    {p.preview && p.preview.href(a) ? (
                      <>
                        {' '}
                        <a
                          href={p.preview.href(a)!}
                          target={p.preview.target}
                          class="button small secondary"
                          data-qa="preview-link"
                          data-preview
                        >
                          {t('预览')}
                        </a>
                      </>
                    ) : null}
                  </li>
                ))
                .reverse()}
            </ol>
          </li>
        )
      })}
    </ul>
  )
}
