/**
 * static/js/workbench.js run against a minimal stand-in for the DOM (this machine has no browser; the browser
 * journey is test/e2e/workbench-keyboard.test.ts): keys act on the page's own links, forms and controls, and never
 * while typing in a field.
 */
import fs from 'node:fs'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'

type Handler = (e: Record<string, unknown>) => void
interface El {
  tagName: string
  attrs: Record<string, string>
  log: string[]
  checked?: boolean
  value?: string
  form?: El
  children?: El[]
  isContentEditable?: boolean
  getAttribute(n: string): string | null
  click(): void
  focus(): void
  requestSubmit?(): void
  dispatchEvent(e: unknown): void
  querySelector(sel: string): El | null
  closest(sel: string): El | null
  matches(sel: string): boolean
}

function el(tagName: string, attrs: Record<string, string>, log: string[], extra: Partial<El> = {}): El {
  const e: El = {
    tagName,
    attrs,
    log,
    getAttribute: (n) => attrs[n] ?? null,
    click: () => log.push(`click ${attrs.href ?? attrs['data-qa'] ?? tagName}`),
    focus: () => log.push(`focus ${attrs['data-qa'] ?? attrs.name ?? tagName}`),
    dispatchEvent: () => undefined,
    querySelector: () => null,
    closest: () => null,
    matches: () => false,
    ...extra,
  }
  return e
}

/** A case page: j/k links, the claim form, the decision form with accept and supplement, a reason text area. */
function casePage() {
  const log: string[] = []
  const submit = el('BUTTON', { type: 'submit', 'data-qa': 'submit' }, log)
  const reason = el('TEXTAREA', { name: 'reason' }, log)
  const form = el('FORM', { 'data-qa': 'decision-form' }, log, {
    requestSubmit: () => log.push('submit decision'),
    querySelector: (s) => (s.includes('submit') ? submit : s.includes('reason') ? reason : null),
  })
  const radio = (v: string) => el('INPUT', { type: 'radio', name: 'decision', value: v }, log, { form, checked: false, value: v })
  const keyed: Record<string, El> = {
    j: el('A', { href: '/staff/cases/NEXT' }, log),
    k: el('A', { href: '/staff/cases/PREV' }, log),
    c: el('FORM', { 'data-key': 'c' }, log, { requestSubmit: () => log.push('submit claim') }),
    a: radio('accept'),
    s: radio('supplement'),
  }
  const inForm = (s: string) => (s.includes('decision-form') ? form : null)
  reason.closest = inForm
  submit.closest = inForm
  const handlers: Record<string, Handler[]> = {}
  const document = {
    addEventListener: (t: string, h: Handler) => (handlers[t] ??= []).push(h),
    querySelector: (s: string) => {
      const m = s.match(/^\[data-key="(.+)"\]$/)
      return m ? (keyed[m[1]] ?? null) : null
    },
    querySelectorAll: () => [],
  }
  vm.runInNewContext(fs.readFileSync('static/js/workbench.js', 'utf8'), { document, Event: class {} })
  const press = (key: string, target: El | null = null, mods: Record<string, boolean> = {}) => {
    let prevented = false
    for (const h of handlers.keydown ?? []) h({ key, target, preventDefault: () => (prevented = true), ...mods })
    return prevented
  }
  return { log, press, keyed, reason, submit }
}

describe('workbench.js', () => {
  it('j/k follow the neighbour links, c submits the claim form, a chooses 受理 and focuses the submit button', () => {
    const { log, press, keyed } = casePage()
    press('j')
    press('k')
    press('c')
    press('a')
    expect(keyed.a.checked).toBe(true)
    expect(log).toEqual(['click /staff/cases/NEXT', 'click /staff/cases/PREV', 'submit claim', 'focus submit'])
  })

  it('never fires while typing in a text field, nor with a modifier; Ctrl+Enter sends the decision from its fields', () => {
    const { log, press, reason, keyed } = casePage()
    for (const k of ['j', 'k', 'c', 'a', 's']) expect(press(k, reason)).toBe(false)
    const input = el('INPUT', { type: 'text', name: 'note_school' }, log)
    expect(press('j', input)).toBe(false)
    expect(press('j', null, { ctrlKey: true })).toBe(false)
    expect(keyed.a.checked).toBe(false)
    expect(log).toEqual([])
    press('Enter', reason, { ctrlKey: true })
    expect(log).toEqual(['submit decision'])
    // a focused radio or checkbox is not typing: the keys still work there
    const box = el('INPUT', { type: 'checkbox', name: 'items' }, log)
    press('j', box)
    expect(log.at(-1)).toBe('click /staff/cases/NEXT')
  })
})
