import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import type { AuditRow } from '../../src/modules/audit/table.js'
import { AUDIT_ACTIONS, auditActionLabel } from '../../src/modules/audit/events.js'
import { Notice, UserData } from '../components/status.js'
import { displayIp } from '../../src/lib/user-agent.js'
import { CsrfField as CsrfInput } from '../components/form.js'
import { DataTable } from '../components/data-table.js'

/** 审计日志: the auditor's view of the hash-chained log, filters and export. */

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
      <h1>{t('审计日志')}</h1>
      {verify ? (
        verify.ok ? (
          <Notice kind="success" title={t('审计链完整')}>
            {t('共 {entries} 条记录，哈希链校验通过。', { entries: verify.entries })}
          </Notice>
        ) : (
          <Notice kind="error" title={t('审计链异常')}>
            {verify.firstBad ? t('第 {firstBad} 条：', { firstBad: verify.firstBad }) : ''}
            {verify.problem}
          </Notice>
        )
      ) : null}
      <form method="get" action="/admin/audit" class="filters queue-filters">
        <label>
          {t('操作人类型')}{' '}
          <select name="actor_type">
            <option value="">{t('全部')}</option>
            {['citizen', 'staff', 'system', 'anonymous'].map((x) => (
              <option value={x} selected={f.actor_type === x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('操作人ID')} <input type="search" name="actor_id" value={f.actor_id ?? ''} />
        </label>
        <label>
          {t('操作')}{' '}
          <select name="action">
            <option value="">{t('全部')}</option>
            {Object.keys(AUDIT_ACTIONS).map((k) => (
              <option value={k} selected={f.action === k}>
                {auditActionLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('对象类型')}{' '}
          <select name="subject_type">
            <option value="">{t('全部')}</option>
            {['citizen', 'enterprise', 'case', 'staff', 'complaint', 'policy', 'incident', 'system'].map((x) => (
              <option value={x} selected={f.subject_type === x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('对象ID')} <input type="search" name="subject_id" value={f.subject_id ?? ''} />
        </label>
        <label>
          {t('起')} <input type="date" name="from" value={f.from ?? ''} />
        </label>
        <label>
          {t('止')} <input type="date" name="to" value={f.to ?? ''} />
        </label>
        <button class="button" type="submit">
          {t('筛选')}
        </button>
        <a class="button secondary" href={`/admin/audit/export.csv?${q}`}>
          {t('导出 CSV')}
        </a>
      </form>
      <form method="post" action="/admin/audit/verify" class="actions">
        <CsrfInput />
        <button class="button secondary" type="submit" data-qa="verify-chain">
          {t('校验审计链')}
        </button>
      </form>
      <DataTable
        qa="audit-rows"
        rows={rows}
        columns={[
          { label: '#', cell: (r) => r.seq },
          { label: t('时间'), cell: (r) => formatCst(r.at) },
          {
            label: t('操作人'),
            cell: (r) =>
              r.actorType === 'staff' && r.actorId && staffNos[r.actorId]
                ? t('工作人员 {no}', { no: staffNos[r.actorId] })
                : r.actorType === 'citizen' && r.actorId
                  ? t('用户（编号 {id}）', { id: r.actorId })
                  : r.actorType === 'system'
                    ? t('系统')
                    : r.actorType === 'anonymous'
                      ? t('未登录访客')
                      : `${r.actorType}${r.actorId ? ` ${r.actorId}` : ''}`,
          },
          { label: t('操作'), cell: (r) => auditActionLabel(r.action) },
          { label: t('对象'), cell: (r) => (r.subjectType ? `${r.subjectType} ${r.subjectId ?? ''}` : '') },
          { label: t('目的'), cell: (r) => <UserData>{r.purpose}</UserData> },
          { label: 'IP', cell: (r) => displayIp(r.ip) },
          { label: t('请求'), class: 'muted', cell: (r) => (r.requestId ?? '').slice(0, 8) },
        ]}
      />
      {next ? (
        <p>
          <a href={`/admin/audit?${q}${q ? '&' : ''}before=${next}`}>{t('更早的记录')}</a>
        </p>
      ) : null}
    </section>
  )
}
