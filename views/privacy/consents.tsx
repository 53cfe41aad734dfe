import { t } from '../../src/lib/i18n/index.js'
import { formatCst } from '../../src/lib/time.js'
import { OPTIONAL_CONSENTS } from '../../src/modules/privacy/catalog.js'
import { CsrfField as CsrfHidden, Form } from '../components/form.js'
import { Notice, Badge } from '../components/status.js'
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'

/** Consents and cookies: 授权管理, the cookie banner and the cookie settings page. */

type Consents = Record<string, { granted: boolean; at: string; policyVersion: string | null }>
export function ConsentsPage({ consents, notice }: { consents: Consents; notice?: string }) {
  const policy = consents.privacy_policy
  return (
    <section>
      <h1>{t('授权管理')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>{t('以下均为可选授权：关闭后立即生效，不影响您办理任何业务。')}</p>
      {policy ? (
        <p>
          {t('隐私政策：已于 {at} 同意（版本 {policyVersion}）。', { at: formatCst(policy.at), policyVersion: policy.policyVersion ?? '' })}
          <a href="/privacy-policy">{t('查看政策')}</a>
        </p>
      ) : null}
      <ul class="plain" data-qa="consents">
        {OPTIONAL_CONSENTS.map((c) => {
          const on = consents[c.key]?.granted ?? false
          return (
            <li class="panel">
              <strong>{t(c.label)}</strong> {on ? <Badge tone="green">{t('已开启')}</Badge> : <Badge tone="grey">{t('未开启')}</Badge>}
              <p class="muted">{t(c.purpose)}</p>
              <Form action="/me/consents">
                <input type="hidden" name="consent" value={c.key} />
                {on ? null : <input type="hidden" name="granted" value="on" />}
                <button type="submit" class={on ? 'button secondary' : 'button'} data-qa={`toggle-${c.key}`}>
                  {on ? t('撤回授权') : t('开启')}
                </button>
              </Form>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** The cookie banner, on every public page until a choice is made: a template (the layout's, decision 0299). */
export function CookieBanner({ csrf }: { csrf: Child }) {
  // prettier-ignore
  return html`<div class="cookie-banner" role="region" aria-label="${t('Cookie 设置')}" data-qa="cookie-banner"><p>${t('本网站仅使用必要的 Cookie 保障登录和安全。经您同意，我们还会使用分析类 Cookie 统计访问量（不含个人身份信息）。')}</p><form method="post" action="/cookies" class="actions">${csrf}<button type="submit" name="choice" value="essential" class="button">${t('仅必要')}</button><button type="submit" name="choice" value="all" class="button">${t('全部接受')}</button><a href="/cookies">${t('详细设置')}</a></form></div>`
}

export function CookiesPage({ choice, notice }: { choice: string | null; notice?: string }) {
  return (
    <section class="narrow">
      <h1>{t('Cookie 设置')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <table>
        <thead>
          <tr>
            <th>Cookie</th>
            <th>{t('用途')}</th>
            <th>{t('类型')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>hall_session</td>
            <td>{t('保持登录状态')}</td>
            <td>{t('必要')}</td>
          </tr>
          <tr>
            <td>hall_csrf</td>
            <td>{t('防止跨站请求伪造')}</td>
            <td>{t('必要')}</td>
          </tr>
          <tr>
            <td>hall_care</td>
            <td>{t('记住关怀模式')}</td>
            <td>{t('必要（功能）')}</td>
          </tr>
          <tr>
            <td>hall_cookie_choice</td>
            <td>{t('记住您的选择')}</td>
            <td>{t('必要')}</td>
          </tr>
          <tr>
            <td>{t('（分析类）')}</td>
            <td>{t('匿名统计访问量')}</td>
            <td>{t('可选，默认关闭')}</td>
          </tr>
        </tbody>
      </table>
      <p>
        {t('当前选择：')}
        <strong data-qa="cookie-choice">
          {choice === 'all' ? t('全部接受') : choice === 'essential' ? t('仅必要') : t('尚未选择（仅必要）')}
        </strong>
        {t('。未登录浏览产生的数据在1个月内删除。')}
      </p>
      <form method="post" action="/cookies" class="actions">
        <CsrfHidden />
        <button type="submit" name="choice" value="essential" class="button">
          {t('仅必要')}
        </button>
        <button type="submit" name="choice" value="all" class="button">
          {t('全部接受')}
        </button>
      </form>
    </section>
  )
}
