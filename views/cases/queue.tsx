import type { CatalogService } from '../../src/modules/catalog/types.js'
import { statusLabel, STATUSES, OPEN_STATUSES } from '../../src/modules/applications/lifecycle.js'
import { KeyLegend } from './keys.js'
import { SEARCH_PURPOSES, type QueueSort } from '../../src/modules/cases/queue-labels.js'
import { t } from '../../src/lib/i18n/index.js'
import { Notice } from '../components/status.js'
import { ErrorMessage, Form } from '../components/form.js'
import { CaseTable, QueueResults, queueHref, type QueueRow } from './queue-table.js'

export { Flag, QueueResults } from './queue-table.js'

/** What the search panel shows: its input kept, its errors, and the results of the last search. */
export interface SearchState {
  values: Record<string, string>
  errors?: Record<string, string>
  results?: QueueRow[]
}

export interface QueuePageProps {
  items: QueueRow[]
  next: string | null
  counts: Record<string, number>
  names: Record<string, string>
  services: CatalogService[]
  f: Record<string, string>
  /** The filters and order as a query string (no cursor): links and forms keep it. */
  filters: string
  sort: QueueSort
  me: number
  supervisor: boolean
  saved: { id: number; name: string; query: string }[]
  assignees: { id: number; label: string }[]
  notice?: string
  error?: string
  alerts?: string[]
  search?: SearchState
  saveErrors?: Record<string, string>
  saveName?: string
}

function Err({ errors, name }: { errors?: Record<string, string>; name: string }) {
  return errors?.[name] ? (
    <ErrorMessage id={`f-${name}-error`} qa={`error-${name}`}>
      {errors[name]}
    </ErrorMessage>
  ) : null
}

/** Search by reference, ID number (blind index) or exact applicant name; the last two need a purpose (audited). */
function SearchPanel({ s }: { s?: SearchState }) {
  const v = s?.values ?? {}
  const e = s?.errors
  return (
    <Form action="/staff/cases/search" class="panel search-panel" data-qa="case-search" role="search">
      <h2>{t('检索办件')}</h2>
      <label for="f-by">{t('检索方式')}</label>
      <Err errors={e} name="by" />
      <select id="f-by" name="by">
        <option value="ref" selected={!v.by || v.by === 'ref'}>
          {t('办件编号')}
        </option>
        <option value="id_number" selected={v.by === 'id_number'}>
          {t('申请人身份证号')}
        </option>
        <option value="name" selected={v.by === 'name'}>
          {t('申请人完整姓名')}
        </option>
      </select>
      <label for="f-value">{t('检索内容')}</label>
      <Err errors={e} name="value" />
      <input
        id="f-value"
        name="value"
        type="search"
        value={v.value ?? ''}
        autocomplete="off"
        maxlength={60}
        aria-invalid={e?.value ? 'true' : undefined}
        aria-describedby={e?.value ? 'f-value-error' : 'f-value-hint'}
      />
      <p class="hint" id="f-value-hint">
        {t('按身份证号或姓名检索须选择目的，记入审计日志，申请人可查看。')}
      </p>
      <label for="f-purpose">{t('检索目的')}</label>
      <Err errors={e} name="purpose" />
      <select id="f-purpose" name="purpose" aria-invalid={e?.purpose ? 'true' : undefined}>
        <option value="">{t('（按办件编号检索时不必选择）')}</option>
        {SEARCH_PURPOSES.map((p) => (
          <option value={p} selected={v.purpose === p}>
            {t(p)}
          </option>
        ))}
      </select>
      <label for="f-note">{t('说明（选择“其他”时必填）')}</label>
      <Err errors={e} name="note" />
      <input id="f-note" name="note" type="text" value={v.note ?? ''} maxlength={100} />
      <button class="button" type="submit" data-qa="search-submit">
        {t('检索')}
      </button>
    </Form>
  )
}

/** The staff member's saved filter sets: one click applies one; the current set can be saved under a name. */
function SavedFilters(p: { saved: QueuePageProps['saved']; filters: string; errors?: Record<string, string>; name?: string }) {
  const current = new URLSearchParams(p.filters)
  return (
    <section class="panel saved-filters" data-qa="saved-filters" aria-labelledby="saved-h">
      <h2 id="saved-h">{t('我的筛选')}</h2>
      {p.saved.length ? (
        <ul class="plain">
          {p.saved.map((s) => (
            <li>
              <a href={s.query ? `/staff/cases?${s.query}` : '/staff/cases'} aria-current={s.query === p.filters ? 'true' : undefined}>
                {s.name}
              </a>
              <Form action={`/staff/cases/filters/${s.id}/delete`} class="inline">
                <button type="submit" class="link-button" aria-label={t('删除筛选“{name}”', { name: s.name })}>
                  {t('删除')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('还没有保存的筛选。')}</p>
      )}
      <Form action="/staff/cases/filters" data-qa="save-filter">
        {[...current.entries()].map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <label for="f-name">{t('把当前筛选保存为')}</label>
        <Err errors={p.errors} name="name" />
        <input id="f-name" name="name" type="text" maxlength={40} value={p.name ?? ''} aria-invalid={p.errors?.name ? 'true' : undefined} />
        <button class="button secondary small" type="submit">
          {t('保存')}
        </button>
      </Form>
    </section>
  )
}

function FilterForm({ p }: { p: QueuePageProps }) {
  const { f } = p
  return (
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
      {p.sort !== 'received' ? <input type="hidden" name="sort" value={p.sort} /> : null}
      <label>
        {t('状态')}
        <select name="status">
          <option value="">{t('全部在办')}</option>
          {STATUSES.map((s) => (
            <option value={s} selected={f.status === s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('事项')}
        <select name="service">
          <option value="">{t('全部事项')}</option>
          {p.services.map((s) => (
            <option value={s.code} selected={f.service === s.code}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('办理人')}
        <select name="assignee">
          <option value="">{t('全部')}</option>
          <option value="me" selected={f.assignee === 'me'}>
            {t('我')}
          </option>
          <option value="none" selected={f.assignee === 'none'}>
            {t('未认领')}
          </option>
        </select>
      </label>
      <label>
        {t('渠道')}
        <select name="channel">
          <option value="">{t('全部')}</option>
          <option value="online" selected={f.channel === 'online'}>
            {t('网上')}
          </option>
          <option value="counter" selected={f.channel === 'counter'}>
            {t('窗口')}
          </option>
        </select>
      </label>
      <label class="check">
        <input type="checkbox" name="overdue" value="1" checked={f.overdue === '1'} /> {t('仅超期')}
      </label>
      <label class="check">
        <input type="checkbox" name="near" value="1" checked={f.near === '1'} /> {t('即将到期')}
      </label>
      <label>
        {t('办件编号')}
        <input type="search" name="q" value={f.q ?? ''} />
      </label>
      <button class="button" type="submit">
        {t('筛选')}
      </button>
      {p.filters ? (
        <a class="button secondary" href="/staff/cases">
          {t('清除筛选')}
        </a>
      ) : null}
    </form>
  )
}

/** Supervisors: claim or assign every ticked case in one go (the checkboxes in the table name this form). */
function BulkBar({ p }: { p: QueuePageProps }) {
  return (
    <Form action="/staff/cases/bulk" id="bulk-form" class="bulk-bar" data-qa="bulk-form">
      <input type="hidden" name="back" value={p.filters} />
      <span class="muted">{t('对勾选的办件：')}</span>
      <button class="button small" type="submit" name="action" value="claim" data-qa="bulk-claim">
        {t('批量认领')}
      </button>
      <label for="f-assignee">{t('或分派给')}</label>
      <select id="f-assignee" name="assignee">
        <option value="">{t('请选择工作人员')}</option>
        {p.assignees.map((a) => (
          <option value={String(a.id)} lang={/[\u3400-\u9fff]/.test(a.label) ? 'zh-CN' : undefined}>
            {a.label}
          </option>
        ))}
      </select>
      <button class="button small secondary" type="submit" name="action" value="assign" data-qa="bulk-assign">
        {t('批量分派')}
      </button>
    </Form>
  )
}

export function QueuePage(p: QueuePageProps) {
  const { f } = p
  const open = OPEN_STATUSES.reduce((n, s) => n + (p.counts[s] ?? 0), 0)
  return (
    <section class="workbench">
      <div class="wb-head">
        <h1>{t('办件队列')}</h1>
        <p class="muted">{t('在办共 {n} 件', { n: open })}</p>
      </div>
      {p.notice ? <Notice kind="success">{p.notice}</Notice> : null}
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      {p.alerts?.length ? (
        <Notice kind="warning" title={t('今日期限提醒')}>
          <ul data-qa="alerts">
            {p.alerts.map((a) => (
              <li>{a}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <nav class="counts status-tabs" data-qa="counts" aria-label={t('按状态筛选')}>
        <a class="count" href={queueHref(p.filters, { status: null })} aria-current={!f.status ? 'true' : undefined} data-qa="count-all">
          {t('全部在办')} <strong>{open}</strong>
        </a>
        {OPEN_STATUSES.map((s) => (
          <a
            class="count"
            href={queueHref(p.filters, { status: s })}
            aria-current={f.status === s ? 'true' : undefined}
            data-qa={`count-${s}`}
          >
            {statusLabel(s)} <strong>{p.counts[s] ?? 0}</strong>
          </a>
        ))}
      </nav>
      <div class="wb-grid">
        <div class="wb-main">
          <FilterForm p={p} />
          {p.search?.results ? (
            <section class="panel search-results" data-qa="search-results" aria-labelledby="results-h">
              <h2 id="results-h">{t('检索结果（{n} 件）', { n: p.search.results.length })}</h2>
              {p.search.results.length ? (
                <CaseTable items={p.search.results} names={p.names} me={p.me} qa="search-table" />
              ) : (
                <p>{t('没有找到该申请人的办件。')}</p>
              )}
            </section>
          ) : null}
          {p.supervisor ? <BulkBar p={p} /> : null}
          <QueueResults
            items={p.items}
            next={p.next}
            names={p.names}
            filters={p.filters}
            sort={p.sort}
            me={p.me}
            selectable={p.supervisor}
          />
          <KeyLegend page="queue" />
        </div>
        <aside class="wb-side">
          <SearchPanel s={p.search} />
          <SavedFilters saved={p.saved} filters={p.filters} errors={p.saveErrors} name={p.saveName} />
        </aside>
      </div>
    </section>
  )
}
