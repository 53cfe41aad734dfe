import type { DashboardData } from '../../src/modules/dashboard/types.js'
import { TxData } from '../components/tx.js'
import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import { Icon } from '../components/icons.js'
import { CsrfField } from '../components/form.js'
import { Steps, journeySteps } from '../components/steps.js'

/** The confirmation shown on arrival after an action completed elsewhere (login, real-name verification). */
export type Arrival = 'signed_in' | 'verified' | null

function Confirmation({ arrival, name }: { arrival: Arrival; name: string | null }) {
  if (!arrival) return null
  return (
    <div class="notice notice-success confirmation" role="status" data-qa="confirmation">
      <h2 class="notice-title">
        <Icon name="done" /> {arrival === 'verified' ? t('实名认证成功') : t('登录成功')}
      </h2>
      <p>
        {arrival === 'verified'
          ? TxData({ zh: '{name}，您的实名信息已核验，现在可以在线申请下列服务。', data: { name } })
          : t('欢迎回来。下面是您的待办事项和可办理的服务。')}
      </p>
    </div>
  )
}

function NextStep({ d }: { d: DashboardData }) {
  if (!d.verified)
    return (
      <section class="panel next-step" aria-labelledby="next-title" data-qa="next-step">
        <h2 id="next-title">{t('下一步')}</h2>
        <p>{t('完成实名认证后即可申请。实名认证只需一次，约2分钟，全程通用。')}</p>
        <a class="button button-primary" href="/me/identity">
          {t('去实名认证')}
        </a>
      </section>
    )
  if (d.supplements.length)
    return (
      <section class="panel next-step" aria-labelledby="next-title" data-qa="next-step">
        <h2 id="next-title">{t('下一步')}</h2>
        <p>{t('有 {n} 件办件需要您补正材料，补正后审核继续进行。', { n: d.supplements.length })}</p>
        <a class="button button-primary" href={`/applications/${d.supplements[0].ref}`}>
          {t('去补正材料')}
        </a>
      </section>
    )
  if (d.drafts.length)
    return (
      <section class="panel next-step" aria-labelledby="next-title" data-qa="next-step">
        <h2 id="next-title">{t('下一步')}</h2>
        <p>{t('您有未提交的草稿，可继续填写后提交。')}</p>
        <a class="button button-primary" href={`/applications/new?service=${encodeURIComponent(d.drafts[0].serviceCode)}`}>
          {t('继续填写')}
        </a>
      </section>
    )
  return null
}

function Todos({ d }: { d: DashboardData }) {
  const empty = !d.supplements.length && !d.drafts.length && !d.unreadCount && !d.open.length
  return (
    <section aria-labelledby="todo-title" data-qa="todos">
      <h2 id="todo-title">{t('待办事项')}</h2>
      {empty ? (
        <p class="empty-state">
          <Icon name="done" /> {t('暂无待办。需要办理业务时，从下方“可办理的服务”开始。')}
        </p>
      ) : (
        <ul class="todo-list">
          {d.supplements.map((s) => (
            <li class="todo todo-warning" data-qa="todo-supplement">
              <Icon name="supplement" />
              <span class="todo-body">
                <a href={`/applications/${s.ref}`}>{t('补正材料：{service}', { service: s.service })}</a>
                <span class="muted">
                  {s.ref}
                  {s.deadline ? (
                    <>
                      {' · '}
                      {t('办结期限')} <time datetime={s.deadline}>{s.deadline}</time>
                    </>
                  ) : null}
                </span>
              </span>
            </li>
          ))}
          {d.drafts.map((dr) => (
            <li class="todo" data-qa="todo-draft">
              <Icon name="draft" />
              <span class="todo-body">
                <a href={`/applications/new?service=${encodeURIComponent(dr.serviceCode)}`}>
                  {t('草稿：{service}', { service: dr.service })}
                </a>
                <span class="muted">{t('保存于 {at}', { at: formatCst(dr.updatedAt) })}</span>
              </span>
            </li>
          ))}
          {d.open.map((o) => (
            <li class="todo" data-qa="todo-open">
              <Icon name="clock" />
              <span class="todo-body">
                <a href={`/applications/${o.ref}`}>{t('办理中：{service}', { service: o.service })}</a>
                <span class="muted">{o.ref}</span>
              </span>
            </li>
          ))}
          {d.unreadCount ? (
            <li class="todo" data-qa="todo-messages">
              <Icon name="message" />
              <span class="todo-body">
                <a href="/me/messages">{t('{n} 条未读消息', { n: d.unreadCount })}</a>
                <span class="muted">
                  {d.unread.map((m, i) => (
                    <>
                      {i ? t('；') : ''}
                      <span lang={m.lang === 'zh-CN' ? 'zh-CN' : undefined}>{m.title}</span>
                    </>
                  ))}
                </span>
              </span>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  )
}

function Certificates({ d }: { d: DashboardData }) {
  return (
    <section aria-labelledby="cert-title">
      <h2 id="cert-title">{t('我的电子证照')}</h2>
      {d.certificates.length ? (
        <ul class="todo-list">
          {d.certificates.map((c) => (
            <li class="todo" data-qa="certificate">
              <Icon name="certificate" />
              <span class="todo-body">
                <a href="/me/certificates">{c.type}</a>
                <span class="muted">
                  {c.number} · {c.status === 'valid' ? t('有效') : c.status === 'revoked' ? t('已撤销') : t('已过期')}
                </span>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty-state">{t('暂无电子证照。人才认定办结后，证书会出现在这里。')}</p>
      )}
    </section>
  )
}

export function DashboardPage({ d, arrival }: { d: DashboardData; arrival: Arrival }) {
  const step = !d.verified ? 1 : d.open.length || d.supplements.length || d.certificates.length ? 3 : 2
  return (
    <section class="dashboard">
      <div class="page-head">
        <h1>{t('我的')}</h1>
        <p class="lead">
          {d.realName ? <TxData zh="{name}，您好" data={{ name: d.realName }} /> : t('您好，欢迎使用人才一站式网上办事大厅')}
        </p>
      </div>
      <Confirmation arrival={arrival} name={d.realName} />
      <Steps steps={journeySteps()} current={step} label={t('办事进度')} />
      <NextStep d={d} />
      <div class="dash-grid">
        <Todos d={d} />
        <Certificates d={d} />
      </div>
      <section aria-labelledby="svc-title">
        <h2 id="svc-title">{t('可办理的服务')}</h2>
        <ul class="cards services">
          {d.services.map((s) => (
            <li class="card">
              <a href={`/services/${s.code}`} data-qa={`dash-service-${s.code}`}>
                <span class="icon" aria-hidden="true">
                  <Icon name={s.category} />
                </span>
                <strong>{s.name}</strong>
                <span class="muted">{s.summary}</span>
                {!d.verified ? (
                  <span class="tag tag-yellow">{t('实名认证后可申请')}</span>
                ) : s.enterprise && !d.hasEnterprise ? (
                  <span class="tag tag-grey">{t('需企业认证')}</span>
                ) : (
                  <span class="tag tag-green">{t('可申请')}</span>
                )}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="acct-title">
        <h2 id="acct-title">{t('账号与安全')}</h2>
        <ul class="quick-links">
          <li>
            <a href="/me/account">
              <Icon name="user" /> {t('账号设置')}
            </a>
          </li>
          <li>
            <a href="/me/account#devices">
              <Icon name="shield" /> {t('登录设备')}
            </a>
          </li>
          <li>
            <a href="/me/data">
              <Icon name="file" /> {t('我的数据')}
            </a>
          </li>
          <li>
            <a href="/me/enterprise">
              <Icon name="企业服务" /> {t('企业认证')}
            </a>
          </li>
        </ul>
        <form method="post" action="/logout" class="dash-logout">
          <CsrfField />
          <button type="submit" class="button ghost">
            {t('退出登录')}
          </button>
        </form>
      </section>
    </section>
  )
}
