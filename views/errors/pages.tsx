import { Notice } from '../components/status.js'
import { currentLocale, t } from '../../src/lib/i18n/index.js'
import { EN } from '../../src/lib/i18n/en/index.js'

export function ErrorPage({
  status,
  title,
  message,
  requestId,
  detail,
}: {
  status: number
  title: string
  message: string
  requestId?: string
  detail?: string
}) {
  return (
    <section class="error-page" data-qa={`error-${status}`}>
      <h1>{title}</h1>
      <p class="lead">{message}</p>
      {detail ? <pre class="debug">{detail}</pre> : null}
      <Notice>
        <p>
          {t('您可以')} <a href="/">{t('返回首页')}</a> {t('或')} <a href="/services">{t('浏览办事服务')}</a>
          {t('。如需帮助，请拨打服务热线 12333')}
          {requestId ? (
            <>
              {t('，并告知编号')} <code>{requestId}</code>
            </>
          ) : null}
          {t('。')}
        </p>
      </Notice>
    </section>
  )
}

export const ERROR_TITLES: Record<number, [string, string]> = {
  400: ['请求无效', '请求格式不正确。'],
  401: ['请先登录', '该操作需要登录。'],
  403: ['无法完成操作', '您没有权限执行此操作。'],
  404: ['页面不存在', '您访问的页面不存在或已被移除。请检查网址是否正确。'],
  409: ['操作冲突', '当前状态不允许此操作。'],
  413: ['提交内容过大', '提交的内容超过大小限制。'],
  422: ['信息有误', '提交的信息有误。'],
  423: ['账号已锁定', '账号暂时锁定。'],
  429: ['操作过于频繁', '请稍后再试。'],
  500: ['系统繁忙', '系统出现了问题，我们已记录并将尽快处理。您填写的内容没有丢失，请稍后重试。'],
  503: ['服务暂不可用', '系统正在维护或暂时无法连接数据库，请稍后再试。'],
}

/** Title and message of an error page in the request's language (the table above is the Chinese source). */
export function errorText(status: number): [string, string] {
  const [title, message] = ERROR_TITLES[status] ?? ERROR_TITLES[500]
  return [t(title), t(message)]
}

/**
 * A service's error message in the request's language: messages built with `t()` arrive translated;
 * a plain Chinese literal thrown without `t()` is looked up here, so the page is English where the
 * catalogue knows the sentence.
 */
export function errorMessage(message: string): string {
  // only sentences the catalogue knows: a message with a reference or a name in it is not a key, and
  // must not grow the missing-translations list one request at a time
  return currentLocale() === 'en' && EN.has(message) ? t(message) : message
}
