import { t } from '../../src/lib/i18n/index.js'

/**
 * The workbench's keyboard shortcuts, shown on the page (static/js/workbench.js does the work; docs/workbench.md).
 * Every key stands for a link or a form control already on the page, so the page works without JS.
 */
export function KeyLegend(p: { page: 'case' | 'queue' }) {
  const keys: [string, string][] =
    p.page === 'case'
      ? [
          ['j', t('下一件')],
          ['k', t('上一件')],
          ['c', t('认领')],
          ['a', t('受理')],
          ['s', t('一次性告知补正')],
          ['y', t('审核通过')],
          ['n', t('不予通过')],
          ['p', t('预览下一份材料')],
          ['Enter', t('提交所选决定')],
        ]
      : [
          ['j', t('下一件')],
          ['k', t('上一件')],
          ['Enter', t('打开办件')],
          ['c', t('认领')],
        ]
  return (
    <>
      <aside class="key-legend" data-qa="key-legend" aria-label={t('键盘快捷键')}>
        <h2>{t('键盘快捷键')}</h2>
        <dl>
          {keys.map(([k, what]) => (
            <div>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p class="hint">{t('在输入框中打字时快捷键不起作用。')}</p>
      </aside>
      <script src="/static/js/workbench.js" defer></script>
    </>
  )
}
