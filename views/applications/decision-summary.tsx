import type { Child } from 'hono/jsx'
import { pick, t } from '../../src/lib/i18n/index.js'
import type { ApplicationRow } from '../../src/modules/applications/table.js'
import { statusLabel, STATUS_TONES, clockState, type ApplicationStatus } from '../../src/modules/applications/lifecycle.js'
import { formatCst } from '../../src/lib/time.js'
import { Badge } from '../components/status.js'
import { once } from '../components/once.js'
import { Note } from '../components/tx.js'

/** A case's status as a coloured tag: the same few markups on every row of every list, so built once per language. */
export function StatusBadge({ status }: { status: string }) {
  const s = status as ApplicationStatus
  return once(`status|${status}`, () => <Badge tone={STATUS_TONES[s] ?? 'neutral'}>{statusLabel(status)}</Badge>)
}

/** The current status with the contract's marks (data-qa="status", data-status). */
export function StatusMark({ status }: { status: string }) {
  return (
    <span data-qa="status" data-status={status}>
      <StatusBadge status={status} />
    </span>
  )
}

/** The statutory deadline, machine-readable (CONTRACT: <time data-qa="deadline" datetime>). */
export function Deadline({ date }: { date: string }) {
  return (
    <time data-qa="deadline" datetime={date}>
      {date}
    </time>
  )
}

/**
 * A case's summary list — its reference, how and when it came in, the time limit and deadline (paused
 * while a supplement is awaited) and, once decided, the reason — on the applicant's case page and on the
 * staff case page. Each audience reads it in its own words: the applicant the status and the decision's
 * reason, staff the channel; `children` adds rows at the end (staff: who holds the case).
 */
export function DecisionSummary(p: {
  app: Pick<ApplicationRow, 'ref' | 'status' | 'channel' | 'submittedAt' | 'acceptedAt' | 'deadlineDate' | 'decisionReason'>
  timeLimitDays: number | undefined
  audience: 'citizen' | 'staff'
  children?: Child
}) {
  const { app } = p
  const status = app.status as ApplicationStatus
  const paused = clockState({ status, acceptedAt: app.acceptedAt }) === 'paused'
  const counter = app.channel === 'counter'
  const staff = p.audience === 'staff'
  return (
    <dl class="summary">
      <div>
        <dt>{t('办件编号')}</dt>
        <dd data-qa={staff ? undefined : 'ref'}>{app.ref}</dd>
      </div>
      {staff ? (
        <div>
          <dt>{t('渠道')}</dt>
          <dd>{counter ? t('窗口帮办代办') : t('网上申请')}</dd>
        </div>
      ) : (
        <div>
          <dt>{t('当前状态')}</dt>
          <dd>
            <StatusMark status={app.status} />
          </dd>
        </div>
      )}
      <div>
        <dt>{t('提交时间')}</dt>
        <dd>
          {formatCst(app.submittedAt)}
          {!staff && counter ? t('（窗口帮办代办）') : ''}
        </dd>
      </div>
      {staff ? (
        <div>
          <dt>{t('办结期限')}</dt>
          <dd>
            {app.deadlineDate ? <Deadline date={app.deadlineDate} /> : t('受理后计算')}
            {pick('（', ' (')}
            {t('{n} 个工作日', { n: p.timeLimitDays ?? '' })}
            {paused ? t('，补正期间暂停计时') : ''}
            {pick('）', ')')}
          </dd>
        </div>
      ) : (
        <div>
          <dt>{t('承诺时限')}</dt>
          <dd>
            {t('{timeLimitDays} 个工作日', { timeLimitDays: p.timeLimitDays ?? '—' })}
            {app.deadlineDate ? (
              <>
                {t('，应于')} <Deadline date={app.deadlineDate} /> {t('前办结')}
              </>
            ) : (
              t('，自受理的次日起计算')
            )}
            {paused ? t('（补正期间暂停计时，补正后顺延）') : ''}
          </dd>
        </div>
      )}
      {!staff && app.decisionReason && (status === 'rejected' || status === 'approved') ? (
        <div>
          <dt>{status === 'rejected' ? t('不予通过理由') : t('审核意见')}</dt>
          <dd>
            <Note text={app.decisionReason} />
          </dd>
        </div>
      ) : null}
      {p.children}
    </dl>
  )
}
