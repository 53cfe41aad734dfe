import { Form } from '../components/form.js'
import { Badge, Notice } from '../components/status.js'
import { formatCst } from '../../src/lib/time.js'
import { t } from '../../src/lib/i18n/index.js'

export interface AuthorisationView {
  source: string
  name: string
  agency: string
  granted: boolean
  at: string | null
}
export interface LookupView {
  at: string
  sourceName: string
  purpose: string
  outcome: 'found' | 'not_found' | 'unavailable'
}

const OUTCOME: Record<LookupView['outcome'], string> = {
  found: '已获取',
  not_found: '无记录',
  unavailable: '未获取（部门系统暂不可用，改为手工填写）',
}

/** Registry look-ups made about the citizen: here and in "谁访问了我的数据" (views/privacy/pages.tsx). */
export function LookupTable({ rows, qa }: { rows: LookupView[]; qa: string }) {
  return (
    <div class="table-wrap">
      <table data-qa={qa}>
        <thead>
          <tr>
            <th>时间</th>
            <th>数据来源</th>
            <th>用途</th>
            <th>结果</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr>
              <td>{formatCst(l.at)}</td>
              <td>{l.sourceName}</td>
              <td>{l.purpose}</td>
              <td>{OUTCOME[l.outcome]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** 数据授权: which registries the portal may ask on the citizen's behalf, and every look-up made. */
export function AuthorisationsPage({
  rows,
  lookups,
  notice,
  enterprise,
}: {
  rows: AuthorisationView[]
  lookups: LookupView[]
  notice?: string
  /** The enterprise the session acts for, and whether it authorised look-ups about itself. */
  enterprise?: { name: string; granted: boolean }
}) {
  const all = rows.every((r) => r.granted)
  return (
    <section>
      <h1>政务数据授权</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>
        授权后，办理业务时我们向下列部门查询您的信息并自动填入表单，您无需再填写或上传证明材料（“数据多跑路，群众少跑腿”）。
        每次查询都会记录在下方和“谁访问了我的数据”中。授权可随时撤回，立即生效；不授权也可以手工填写办理。
      </p>
      <Form action="/me/authorisations">
        <input type="hidden" name="scope" value="all" />
        {all ? null : <input type="hidden" name="granted" value="on" />}
        <button type="submit" class={all ? 'button secondary' : 'button'} data-qa="authorise-all">
          {all ? '全部撤回' : '全部授权'}
        </button>
      </Form>
      {enterprise ? (
        <div class="panel" data-qa="enterprise-authorisation" data-granted={enterprise.granted ? 'yes' : 'no'}>
          <strong>{t('以企业名义的授权：{name}', { name: enterprise.name })}</strong>{' '}
          {enterprise.granted ? <Badge tone="green">已授权</Badge> : <Badge tone="grey">未授权</Badge>}
          <p class="muted">{t('企业登记状态（市场监管部门）和申报人员在本企业的参保情况（人社部门），用于企业引才补贴。')}</p>
          <Form action="/me/authorisations">
            <input type="hidden" name="scope" value="acting-enterprise" />
            {enterprise.granted ? null : <input type="hidden" name="granted" value="on" />}
            <button type="submit" class="button secondary" data-qa="toggle-enterprise">
              {enterprise.granted ? t('撤回企业授权') : t('以企业名义授权')}
            </button>
          </Form>
        </div>
      ) : null}
      <ul class="plain" data-qa="authorisations">
        {rows.map((r) => (
          <li class="panel" data-source={r.source}>
            <strong>{r.name}</strong> {r.granted ? <Badge tone="green">已授权</Badge> : <Badge tone="grey">未授权</Badge>}
            <p class="muted">
              数据来源：{r.agency}
              {r.at ? `；${r.granted ? '授权' : '撤回'}于 ${formatCst(r.at)}` : ''}
            </p>
            <Form action="/me/authorisations">
              <input type="hidden" name="scope" value={r.source} />
              {r.granted ? null : <input type="hidden" name="granted" value="on" />}
              <button type="submit" class={r.granted ? 'button secondary' : 'button'} data-qa={`authorise-${r.source}`}>
                {r.granted ? '撤回授权' : '授权查询'}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <h2>查询记录</h2>
      {lookups.length === 0 ? <p data-qa="no-lookups">尚未向任何部门查询您的信息。</p> : <LookupTable rows={lookups} qa="lookups" />}
    </section>
  )
}
