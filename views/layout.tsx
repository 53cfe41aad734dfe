import type { Child } from 'hono/jsx'
import { useRequestContext } from 'hono/jsx-renderer'
import type { Context } from 'hono'
import type { AppEnv } from '../src/middleware/env.js'
import { maskPhone } from '../src/lib/crypto.js'
import { csrfInput } from './components/form.js'
import { html, raw } from 'hono/html'
import { UserData } from './components/status.js'
import { CookieBanner } from './privacy/pages.js'
import { PolicyNotice } from './policy/notice.js'
import { requestCookie } from '../src/lib/request-cookies.js'
import { COOKIE } from '../src/lib/cookie-names.js'
import { asset } from '../src/lib/assets.js'
import { t } from '../src/lib/i18n/index.js'
import { Icon } from './components/icons.js'
import { once } from './components/once.js'

type SiteConfig = AppEnv['Variables']['services']['deps']['config']['site']

export const PORTAL_NAME = '人才一站式网上办事大厅'
export const HOTLINE = '12333'

/**
 * Where a preference toggle returns to: this page with its query, minus any redirect targets it
 * carries (return_to, next) so a hostile one is never copied into a form (pen test finding 7).
 */
function hereForToggle(url: URL): string {
  const q = new URLSearchParams(url.search)
  q.delete('return_to')
  q.delete('next')
  const query = q.toString()
  return query ? `${url.pathname}?${query}` : url.pathname
}

export interface LayoutProps {
  title?: string
  /** 'citizen' (default) or 'staff' chooses the navigation. */
  area?: 'citizen' | 'staff'
  /** The page's meta description (search results); the site's own when absent. */
  description?: string
}

/** The 党政机关 mark, drawn inline (no external image): a red seal with the words, linking to its verification when configured. */
function GovMark({ href }: { href: string | null }) {
  const mark = (
    <svg class="gov-mark" viewBox="0 0 64 64" width="48" height="48" role="img" aria-label={t('党政机关网站标识')}>
      <circle cx="32" cy="32" r="30" fill="#c8161d" />
      <circle cx="32" cy="32" r="25" fill="none" stroke="#ffd700" stroke-width="2" />
      <path d="M32 12l3.1 9.6H45l-8 5.8 3.1 9.6-8.1-5.9-8.1 5.9 3.1-9.6-8-5.8h9.9z" fill="#ffd700" />
      <text x="32" y="50" text-anchor="middle" font-size="10" font-weight="700" fill="#fff">
        党政机关
      </text>
    </svg>
  )
  return href ? (
    <a href={href} class="gov-mark-link" rel="noopener">
      {mark}
    </a>
  ) : (
    mark
  )
}

function GovFooter({ site }: { site: SiteConfig }) {
  return (
    <div class="gov-footer" data-qa="gov-footer">
      {site.govMark ? <GovMark href={site.conacUrl} /> : null}
      <div class="gov-footer-text">
        <p>
          {t('主办单位：')}
          <span data-qa="organiser">{t(site.organiser)}</span>
          {site.identifier ? (
            <>
              {' · '}
              {t('网站标识码：')}
              <span data-qa="site-identifier">{site.identifier}</span>
            </>
          ) : null}
        </p>
        {site.icp || site.psb ? (
          <p>
            {site.icp ? (
              <a href="https://beian.miit.gov.cn/" rel="noopener" data-qa="icp">
                {site.icp}
              </a>
            ) : null}
            {site.icp && site.psb ? ' · ' : null}
            {site.psb ? (
              <a
                href={site.psbCode ? `https://beian.mps.gov.cn/#/query/webSearch?code=${site.psbCode}` : 'https://beian.mps.gov.cn/'}
                rel="noopener"
                data-qa="psb"
              >
                {site.psb}
              </a>
            ) : null}
          </p>
        ) : null}
      </div>
    </div>
  )
}

/** A navigation link marked aria-current="page" (and highlighted) on its own section. */
function navLink(href: string, path: string, label: Child, opts: { exact?: boolean; qa?: string } = {}) {
  const here = opts.exact ? path === href : path === href || path.startsWith(`${href}/`)
  return html`<a href="${href}"${here ? CURRENT_PAGE : ''}${opts.qa ? html` data-qa="${opts.qa}"` : ''}>${label}</a>`
}

const CURRENT_PAGE = raw(' aria-current="page"')

function iconLabel(icon: string, label: string) {
  return html`${Icon({ name: icon })} ${label}`
}

function citizenNav(c: Context<AppEnv>, path: string, csrf: Child) {
  const p = c.get('principal')
  const inAccount = path === '/me' || (path.startsWith('/me/') && !path.startsWith('/me/messages'))
  const links =
    p?.kind === 'citizen'
      ? html`${navLink('/applications', path, iconLabel('file', t('我的办件')))}<a href="/me"${inAccount ? CURRENT_PAGE : ''} data-qa="nav-me">${iconLabel('user', t('我的'))}</a>${navLink(
          '/me/messages',
          path,
          html`${iconLabel('message', t('消息'))}${unreadBadge(c.get('unread'))}`,
          { qa: 'nav-messages' },
        )}<form method="post" action="/logout" class="inline nav-logout">${csrf}<button type="submit" class="link-button">${t(
          '退出（{phone}）',
          {
            phone: maskPhone(p.user.phone ?? ''),
          },
        )}</button></form>`
      : html`${navLink('/login', path, iconLabel('user', t('登录')))}${navLink('/register', path, iconLabel('register', t('注册')))}`
  return html`<nav class="nav" aria-label="${t('主导航')}">${navLink('/', path, iconLabel('home', t('首页')), { exact: true })}${navLink(
    '/services',
    path,
    iconLabel('list', t('办事服务')),
  )}${links}</nav>`
}

function unreadBadge(n: number) {
  return n > 0 ? html`<span class="badge" aria-label="${t('{n}条未读', { n })}">${n}</span>` : ''
}

function staffNav(c: Context<AppEnv>, path: string, csrf: Child) {
  const p = c.get('principal')
  if (p?.kind !== 'staff') return html`<nav class="nav" aria-label="${t('主导航')}"><a href="/staff/login">${t('工作人员登录')}</a></nav>`
  const has = (...r: string[]) => r.some((x) => p.roles.includes(x))
  // 系统管理 is every /admin page but the complaint desk and the audit log, which have their own entries
  const inAdmin = path === '/admin' || (path.startsWith('/admin/') && !/^\/admin\/(complaints|audit)(\/|$)/.test(path))
  const who = p.staff.displayName ? `${p.staff.displayName} ${p.staff.staffNo}` : p.staff.staffNo
  return html`<nav class="nav" aria-label="${t('主导航')}">${navLink('/staff', path, t('工作台'), { exact: true })}${
    has('clerk', 'reviewer', 'supervisor') ? navLink('/staff/cases', path, t('办件队列')) : ''
  }${has('clerk', 'supervisor') ? navLink('/staff/counter', path, t('窗口办理')) : ''}${
    has('supervisor') ? navLink('/staff/stats', path, t('统计分析')) : ''
  }${has('complaints', 'supervisor') ? navLink('/admin/complaints', path, t('来电工单')) : ''}${
    has('sysadmin', 'secadmin') ? html`<a href="/admin"${inAdmin ? CURRENT_PAGE : ''}>${t('系统管理')}</a>` : ''
  }${has('auditor') ? navLink('/admin/audit', path, t('审计日志')) : ''}<form method="post" action="/staff/logout" class="inline">${csrf}<button type="submit" class="link-button">${t(
    '退出',
  )} (${(<UserData>{who}</UserData>)})</button></form></nav>`
}

/**
 * 中文 / English: plain links (`?lang=`) to the same page, so the switch works without JS and keeps the
 * query; each name is written in its own language (and marked so) for those who cannot read the other.
 */
function languageSwitch(c: Context<AppEnv>, url: URL) {
  const href = (lang: string) => {
    const q = new URLSearchParams(url.search)
    q.set('lang', lang)
    return `${url.pathname}?${q.toString()}`
  }
  const en = c.get('locale') === 'en'
  return html`<nav class="lang-switch" aria-label="${t('语言')}" data-qa="lang-switch"><a href="${href('zh-CN')}" lang="zh-CN" hreflang="zh-CN"${
    en ? '' : ARIA_CURRENT
  }>中文</a> / <a href="${href('en')}" lang="en" hreflang="en"${en ? ARIA_CURRENT : ''}>English</a></nav>`
}

const ARIA_CURRENT = raw(' aria-current="true"')

/** The static parts of the layout, each rendered once per language (views/components/once.tsx, issue 21). */
function HeadMeta() {
  return (
    <>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta
        name="htmx-config"
        content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,"attributesToSettle":["class","width","height"]}'
      />
    </>
  )
}

function HeadAssets({ staffArea }: { staffArea: boolean }) {
  return (
    <>
      <link rel="stylesheet" href={asset('app.css')} />
      <link rel="stylesheet" href={asset('portal.css')} />
      {staffArea ? <link rel="stylesheet" href={asset('css/staff.css')} /> : null}
      <script src={asset('vendor/htmx.min.js')} defer></script>
      <script src={asset('enhance.js')} defer></script>
    </>
  )
}

function StaffFooter() {
  // Staff pages: full width, no public footer or cookie links; only what staff need to remember.
  return (
    <footer class="site-footer staff-footer">
      <div class="wrap">
        <p class="muted">{t('工作人员端 · 查看和处理办件均记入审计日志，申请人可查看谁访问了其数据')}</p>
      </div>
    </footer>
  )
}

function PublicFooter({ site }: { site: SiteConfig }) {
  return (
    <footer class="site-footer">
      <div class="wrap">
        <p>
          <a href="/privacy-policy">{t('隐私政策')}</a> · <a href="/cookies">{t('Cookie 设置')}</a> ·{' '}
          <a href="/accessibility">{t('无障碍说明')}</a> · <a href="/staff/login">{t('工作人员入口')}</a>
        </p>
        <p>
          {t('服务热线')} <strong>{HOTLINE}</strong>
          {t('（工作日 9:00–17:00）· 个人信息保护负责人：{email}', { email: 'privacy@talent.gov.example' })}
        </p>
        <GovFooter site={site} />
      </div>
    </footer>
  )
}

/**
 * The page around every page's content. Written as an `html` template rather than JSX (decision 0299): it runs
 * on every page, and hono/jsx walking its nodes was a sixth of the signed-in dashboard's cost; the constant parts
 * are still JSX, rendered once per language (`once()`). The markup is byte for byte what the JSX wrote.
 */
export function Layout({ children, title, area, description }: LayoutProps & { children?: Child }) {
  const c = useRequestContext<AppEnv>()
  const care = c.get('careMode')
  const url = new URL(c.req.url)
  const path = url.pathname
  const staffArea = area === 'staff' || path.startsWith('/staff') || path.startsWith('/admin')
  const site = c.get('services').deps.config.site
  const csrf = csrfInput(c.get('csrfToken'))
  const bodyClass = [care ? 'care' : '', staffArea ? 'staff-area' : ''].filter(Boolean).join(' ')
  const portal = t(PORTAL_NAME)
  // prettier-ignore
  return html`<html lang="${c.get('locale')}"${care ? raw(' class="care"') : ''}><head>${once('head-meta', HeadMeta)}<title>${title ? `${title} - ${portal}` : portal}</title><meta name="description" content="${description ?? site.description ?? t('人才一站式网上办事大厅：人才认定、人才补贴、企业引才等事项在线申请，进度随时可查。')}"/>${once(`head-assets|${staffArea}`, () => <HeadAssets staffArea={staffArea} />)}</head><body class="${bodyClass}" hx-headers="${JSON.stringify({ 'X-CSRF-Token': c.get('csrfToken') })}"><a class="skip-link" href="#main">${t('跳到主要内容')}</a><header class="${staffArea ? 'site-header staff' : 'site-header'}"><div class="wrap header-row"><a class="brand" href="${staffArea ? '/staff' : '/'}"><span class="emblem" aria-hidden="true">${t('人')}</span><span>${portal}${staffArea ? html`<small class="area">${t('工作人员端')}</small>` : ''}</span></a>${languageSwitch(c, url)}${careToggle(c, url, care, csrf)}</div><div class="wrap">${staffArea ? staffNav(c, path, csrf) : citizenNav(c, path, csrf)}</div></header>${!staffArea ? <PolicyNotice notice={c.get('policyNotice') ?? null} /> : ''}<main id="main" class="wrap" tabindex="-1">${children}</main>${!staffArea && !requestCookie(c, COOKIE.cookieChoice) && !path.startsWith('/cookies') ? CookieBanner({ csrf }) : ''}${staffArea ? once('staff-footer', StaffFooter) : once('footer', () => <PublicFooter site={site} />, site)}</body></html>`
}

/** 关怀模式 on or off: a form, so that it works without JS, returning to this page. */
function careToggle(c: Context<AppEnv>, url: URL, care: boolean, csrf: Child) {
  const returnTo = c.req.method === 'GET' ? hereForToggle(url) : ''
  // prettier-ignore
  return html`<form method="post" action="/prefs/care-mode" class="care-toggle">${csrf}<input type="hidden" name="return_to" value="${returnTo}"/><button type="submit" data-qa="care-toggle" aria-pressed="${care ? 'true' : 'false'}" data-on="${t('关怀模式')}" data-off="${t('退出关怀模式')}">${Icon({ name: 'care' })} ${care ? t('退出关怀模式') : t('关怀模式')}</button></form>`
}
