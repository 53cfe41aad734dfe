import type { Child } from 'hono/jsx'
import { useRequestContext } from 'hono/jsx-renderer'
import type { Context } from 'hono'
import type { AppEnv } from '../src/middleware/env.js'
import { maskPhone } from '../src/lib/crypto.js'
import { CsrfField } from './components/form.js'
import { CookieBanner } from './privacy/pages.js'
import { PolicyNotice } from './policy/notice.js'
import { getCookie } from 'hono/cookie'
import { COOKIE } from '../src/lib/cookie-names.js'
import { t } from '../src/lib/i18n/index.js'

export const PORTAL_NAME = '人才一站式网上办事大厅'
export const HOTLINE = '12333'

export interface LayoutProps {
  title?: string
  /** 'citizen' (default) or 'staff' chooses the navigation. */
  area?: 'citizen' | 'staff'
}

function CitizenNav({ c }: { c: Context<AppEnv> }) {
  const p = c.get('principal')
  return (
    <nav class="nav" aria-label="主导航">
      <a href="/">首页</a>
      <a href="/services">办事服务</a>
      {p?.kind === 'citizen' ? (
        <>
          <a href="/applications">我的办件</a>
          <a href="/me">个人中心</a>
          <a href="/me/messages" data-qa="nav-messages">
            消息
            {c.get('unread') > 0 ? (
              <span class="badge" aria-label={`${c.get('unread')}条未读`}>
                {c.get('unread')}
              </span>
            ) : null}
          </a>
          <form method="post" action="/logout" class="inline">
            <CsrfField />
            <button type="submit" class="link-button">
              退出（{maskPhone(p.user.phone ?? '')}）
            </button>
          </form>
        </>
      ) : (
        <>
          <a href="/login">登录</a>
          <a href="/register">注册</a>
        </>
      )}
    </nav>
  )
}

function StaffNav({ c }: { c: Context<AppEnv> }) {
  const p = c.get('principal')
  if (p?.kind !== 'staff')
    return (
      <nav class="nav" aria-label="主导航">
        <a href="/staff/login">工作人员登录</a>
      </nav>
    )
  const has = (...r: string[]) => r.some((x) => p.roles.includes(x))
  return (
    <nav class="nav" aria-label="主导航">
      <a href="/staff">工作台</a>
      {has('clerk', 'reviewer', 'supervisor') ? <a href="/staff/cases">办件队列</a> : null}
      {has('clerk', 'supervisor') ? <a href="/staff/counter">窗口办理</a> : null}
      {has('supervisor') ? <a href="/staff/stats">{t('统计分析')}</a> : null}
      {has('complaints', 'supervisor') ? <a href="/admin/complaints">来电工单</a> : null}
      {has('sysadmin', 'secadmin') ? <a href="/admin">系统管理</a> : null}
      {has('auditor') ? <a href="/admin/audit">审计日志</a> : null}
      <form method="post" action="/staff/logout" class="inline">
        <CsrfField />
        <button type="submit" class="link-button">
          退出（{p.staff.displayName ? `${p.staff.displayName} ${p.staff.staffNo}` : p.staff.staffNo}）
        </button>
      </form>
    </nav>
  )
}

export function Layout({ children, title, area }: LayoutProps & { children?: Child }) {
  const c = useRequestContext<AppEnv>()
  const care = c.get('careMode')
  const path = new URL(c.req.url).pathname
  const staffArea = area === 'staff' || path.startsWith('/staff') || path.startsWith('/admin')
  return (
    <html lang={c.get('locale')} class={care ? 'care' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,"attributesToSettle":["class","width","height"]}'
        />
        <title>{title ? `${title} - ${PORTAL_NAME}` : PORTAL_NAME}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {staffArea ? <link rel="stylesheet" href="/static/css/staff.css" /> : null}
        <script src="/static/vendor/htmx.min.js" defer></script>
      </head>
      <body
        class={[care ? 'care' : '', staffArea ? 'staff-area' : ''].filter(Boolean).join(' ')}
        hx-headers={JSON.stringify({ 'X-CSRF-Token': c.get('csrfToken') })}
      >
        <a class="skip-link" href="#main">
          跳到主要内容
        </a>
        <header class={staffArea ? 'site-header staff' : 'site-header'}>
          <div class="wrap header-row">
            <a class="brand" href={staffArea ? '/staff' : '/'}>
              <span class="emblem" aria-hidden="true">
                人
              </span>
              <span>
                {PORTAL_NAME}
                {staffArea ? <small class="area">工作人员端</small> : null}
              </span>
            </a>
            <form method="post" action="/prefs/care-mode" class="care-toggle">
              <CsrfField />
              <button type="submit" data-qa="care-toggle" aria-pressed={care ? 'true' : 'false'}>
                {care ? '退出关怀模式' : '关怀模式'}
              </button>
            </form>
          </div>
          <div class="wrap">{staffArea ? <StaffNav c={c} /> : <CitizenNav c={c} />}</div>
        </header>
        {!staffArea ? <PolicyNotice notice={c.get('policyNotice') ?? null} /> : null}
        <main id="main" class="wrap" tabindex={-1}>
          {children}
        </main>
        {!staffArea && !getCookie(c, COOKIE.cookieChoice) && !path.startsWith('/cookies') ? <CookieBanner /> : null}
        {staffArea ? (
          // Staff pages: full width, no public footer or cookie links; only what staff need to remember.
          <footer class="site-footer staff-footer">
            <div class="wrap">
              <p class="muted">工作人员端 · 查看和处理办件均记入审计日志，申请人可查看谁访问了其数据</p>
            </div>
          </footer>
        ) : (
          <footer class="site-footer">
            <div class="wrap">
              <p>
                <a href="/privacy-policy">隐私政策</a> · <a href="/cookies">Cookie 设置</a> · <a href="/accessibility">无障碍说明</a> ·{' '}
                <a href="/staff/login">工作人员入口</a>
              </p>
              <p>
                服务热线 <strong>{HOTLINE}</strong>（工作日 9:00–17:00）· 个人信息保护负责人：privacy@talent.gov.example
              </p>
              <p class="muted">主办单位：市人力资源和社会保障局 人才服务中心</p>
            </div>
          </footer>
        )}
      </body>
    </html>
  )
}
