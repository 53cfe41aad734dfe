import type { Child } from 'hono/jsx'
import { useRequestContext } from 'hono/jsx-renderer'
import type { Context } from 'hono'
import type { AppEnv } from '../src/middleware/env.js'
import { maskPhone } from '../src/lib/crypto.js'
import { CsrfField } from './components/form.js'
import { UserData } from './components/status.js'
import { CookieBanner } from './privacy/pages.js'
import { PolicyNotice } from './policy/notice.js'
import { getCookie } from 'hono/cookie'
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
function hereForToggle(url: string): string {
  const u = new URL(url)
  u.searchParams.delete('return_to')
  u.searchParams.delete('next')
  return u.pathname + u.search
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
function NavLink({ href, path, exact, children, qa }: { href: string; path: string; exact?: boolean; children: Child; qa?: string }) {
  const here = exact ? path === href : path === href || path.startsWith(`${href}/`)
  return (
    <a href={href} aria-current={here ? 'page' : undefined} data-qa={qa}>
      {children}
    </a>
  )
}

function CitizenNav({ c, path }: { c: Context<AppEnv>; path: string }) {
  const p = c.get('principal')
  const inAccount = path === '/me' || (path.startsWith('/me/') && !path.startsWith('/me/messages'))
  return (
    <nav class="nav" aria-label={t('主导航')}>
      <NavLink href="/" path={path} exact>
        <Icon name="home" /> {t('首页')}
      </NavLink>
      <NavLink href="/services" path={path}>
        <Icon name="list" /> {t('办事服务')}
      </NavLink>
      {p?.kind === 'citizen' ? (
        <>
          <NavLink href="/applications" path={path}>
            <Icon name="file" /> {t('我的办件')}
          </NavLink>
          <a href="/me" aria-current={inAccount ? 'page' : undefined} data-qa="nav-me">
            <Icon name="user" /> {t('我的')}
          </a>
          <NavLink href="/me/messages" path={path} qa="nav-messages">
            <Icon name="message" /> {t('消息')}
            {c.get('unread') > 0 ? (
              <span class="badge" aria-label={t('{n}条未读', { n: c.get('unread') })}>
                {c.get('unread')}
              </span>
            ) : null}
          </NavLink>
          <form method="post" action="/logout" class="inline nav-logout">
            <CsrfField />
            <button type="submit" class="link-button">
              {t('退出（{phone}）', { phone: maskPhone(p.user.phone ?? '') })}
            </button>
          </form>
        </>
      ) : (
        <>
          <NavLink href="/login" path={path}>
            <Icon name="user" /> {t('登录')}
          </NavLink>
          <NavLink href="/register" path={path}>
            <Icon name="register" /> {t('注册')}
          </NavLink>
        </>
      )}
    </nav>
  )
}

function StaffNav({ c, path }: { c: Context<AppEnv>; path: string }) {
  const p = c.get('principal')
  if (p?.kind !== 'staff')
    return (
      <nav class="nav" aria-label={t('主导航')}>
        <a href="/staff/login">{t('工作人员登录')}</a>
      </nav>
    )
  const has = (...r: string[]) => r.some((x) => p.roles.includes(x))
  // 系统管理 is every /admin page but the complaint desk and the audit log, which have their own entries
  const inAdmin = path === '/admin' || (path.startsWith('/admin/') && !/^\/admin\/(complaints|audit)(\/|$)/.test(path))
  return (
    <nav class="nav" aria-label={t('主导航')}>
      <NavLink href="/staff" path={path} exact>
        {t('工作台')}
      </NavLink>
      {has('clerk', 'reviewer', 'supervisor') ? (
        <NavLink href="/staff/cases" path={path}>
          {t('办件队列')}
        </NavLink>
      ) : null}
      {has('clerk', 'supervisor') ? (
        <NavLink href="/staff/counter" path={path}>
          {t('窗口办理')}
        </NavLink>
      ) : null}
      {has('supervisor') ? (
        <NavLink href="/staff/stats" path={path}>
          {t('统计分析')}
        </NavLink>
      ) : null}
      {has('complaints', 'supervisor') ? (
        <NavLink href="/admin/complaints" path={path}>
          {t('来电工单')}
        </NavLink>
      ) : null}
      {has('sysadmin', 'secadmin') ? (
        <a href="/admin" aria-current={inAdmin ? 'page' : undefined}>
          {t('系统管理')}
        </a>
      ) : null}
      {has('auditor') ? (
        <NavLink href="/admin/audit" path={path}>
          {t('审计日志')}
        </NavLink>
      ) : null}
      <form method="post" action="/staff/logout" class="inline">
        <CsrfField />
        <button type="submit" class="link-button">
          {t('退出')} (<UserData>{p.staff.displayName ? `${p.staff.displayName} ${p.staff.staffNo}` : p.staff.staffNo}</UserData>)
        </button>
      </form>
    </nav>
  )
}

/**
 * 中文 / English: plain links (`?lang=`) to the same page, so the switch works without JS and keeps the
 * query; each name is written in its own language (and marked so) for those who cannot read the other.
 */
function LanguageSwitch({ c }: { c: Context<AppEnv> }) {
  const url = new URL(c.req.url)
  const href = (lang: string) => {
    const q = new URLSearchParams(url.search)
    q.set('lang', lang)
    return `${url.pathname}?${q.toString()}`
  }
  const en = c.get('locale') === 'en'
  return (
    <nav class="lang-switch" aria-label={t('语言')} data-qa="lang-switch">
      <a href={href('zh-CN')} lang="zh-CN" hreflang="zh-CN" aria-current={en ? undefined : 'true'}>
        中文
      </a>
      {' / '}
      <a href={href('en')} lang="en" hreflang="en" aria-current={en ? 'true' : undefined}>
        English
      </a>
    </nav>
  )
}

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

export function Layout({ children, title, area, description }: LayoutProps & { children?: Child }) {
  const c = useRequestContext<AppEnv>()
  const care = c.get('careMode')
  const path = new URL(c.req.url).pathname
  const staffArea = area === 'staff' || path.startsWith('/staff') || path.startsWith('/admin')
  const site = c.get('services').deps.config.site
  return (
    <html lang={c.get('locale')} class={care ? 'care' : undefined}>
      <head>
        {once('head-meta', HeadMeta)}
        <title>{title ? `${title} - ${t(PORTAL_NAME)}` : t(PORTAL_NAME)}</title>
        <meta
          name="description"
          content={
            description ?? site.description ?? t('人才一站式网上办事大厅：人才认定、人才补贴、企业引才等事项在线申请，进度随时可查。')
          }
        />
        {once(`head-assets|${staffArea}`, () => (
          <HeadAssets staffArea={staffArea} />
        ))}
      </head>
      <body
        class={[care ? 'care' : '', staffArea ? 'staff-area' : ''].filter(Boolean).join(' ')}
        hx-headers={JSON.stringify({ 'X-CSRF-Token': c.get('csrfToken') })}
      >
        <a class="skip-link" href="#main">
          {t('跳到主要内容')}
        </a>
        <header class={staffArea ? 'site-header staff' : 'site-header'}>
          <div class="wrap header-row">
            <a class="brand" href={staffArea ? '/staff' : '/'}>
              <span class="emblem" aria-hidden="true">
                {t('人')}
              </span>
              <span>
                {t(PORTAL_NAME)}
                {staffArea ? <small class="area">{t('工作人员端')}</small> : null}
              </span>
            </a>
            <LanguageSwitch c={c} />
            <form method="post" action="/prefs/care-mode" class="care-toggle">
              <CsrfField />
              <input type="hidden" name="return_to" value={c.req.method === 'GET' ? hereForToggle(c.req.url) : ''} />
              <button
                type="submit"
                data-qa="care-toggle"
                aria-pressed={care ? 'true' : 'false'}
                data-on={t('关怀模式')}
                data-off={t('退出关怀模式')}
              >
                <Icon name="care" /> {care ? t('退出关怀模式') : t('关怀模式')}
              </button>
            </form>
          </div>
          <div class="wrap">{staffArea ? <StaffNav c={c} path={path} /> : <CitizenNav c={c} path={path} />}</div>
        </header>
        {!staffArea ? <PolicyNotice notice={c.get('policyNotice') ?? null} /> : null}
        <main id="main" class="wrap" tabindex={-1}>
          {children}
        </main>
        {!staffArea && !getCookie(c, COOKIE.cookieChoice) && !path.startsWith('/cookies') ? <CookieBanner /> : null}
        {staffArea ? once('staff-footer', StaffFooter) : once('footer', () => <PublicFooter site={site} />, site)}
      </body>
    </html>
  )
}
