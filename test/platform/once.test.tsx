import { describe, expect, it } from 'vitest'
import { once } from '../../views/components/once.js'
import { runInLocale, t } from '../../src/lib/i18n/index.js'

const html = (child: unknown) => String(child)

describe('once() (static markup rendered once, issue 21)', () => {
  it('renders once per key and language, and again for another language', () => {
    let made = 0
    const make = () => {
      made++
      return <p>{t('隐私政策')}</p>
    }
    const zh1 = runInLocale('zh-CN', () => html(once('test-a', make)))
    const zh2 = runInLocale('zh-CN', () => html(once('test-a', make)))
    const en = runInLocale('en', () => html(once('test-a', make)))
    expect(zh1).toBe('<p>隐私政策</p>')
    expect(zh2).toBe(zh1)
    expect(en).not.toBe(zh1)
    expect(en).toContain('Privacy')
    expect(made).toBe(2)
  })

  it('keeps a cache per scope object, so another site configuration gets its own markup', () => {
    const a = { name: 'A' }
    const b = { name: 'B' }
    expect(html(once('test-scope', () => <b>{a.name}</b>, a))).toBe('<b>A</b>')
    expect(html(once('test-scope', () => <b>{b.name}</b>, b))).toBe('<b>B</b>')
    expect(html(once('test-scope', () => <b>changed</b>, a))).toBe('<b>A</b>')
  })

  it('never turns plain text into markup, and escapes what the element holds', () => {
    expect(once('test-text', () => '<script>x</script>')).toBe('<script>x</script>') // returned as text, for JSX to escape
    expect(html(once('test-escape', () => <i>{'<b>'}</i>))).toBe('<i>&lt;b&gt;</i>')
  })
})
