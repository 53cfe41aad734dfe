import { t } from '../../src/lib/i18n/index.js'

/** One step of a flow: done, the current one, or still to come. */
export interface Step {
  label: string
  href?: string
}

/**
 * A step indicator (填写 → 核对 → 提交, 注册 → 实名 → 申请): an ordered list, the current step marked
 * with aria-current="step" so screen readers say where the person is, and "已完成" on the steps done.
 * `current` is the index of the current step; past `steps.length` means all done.
 */
export function Steps({ steps, current, label }: { steps: Step[]; current: number; label: string }) {
  return (
    <nav class="stepper" aria-label={label} data-qa="steps">
      <ol>
        {steps.map((s, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'todo'
          return (
            <li class={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span class="step-dot" aria-hidden="true">
                {state === 'done' ? '✓' : String(i + 1)}
              </span>
              <span class="step-label">
                {state === 'done' && s.href ? <a href={s.href}>{s.label}</a> : s.label}
                {state === 'done' ? <span class="visually-hidden">{t('（已完成）')}</span> : null}
              </span>
            </li>
          )
        })}
      </ol>
    </nav>
  )
}

/** 注册 → 实名认证 → 在线申请 → 办结: where a citizen stands on the way to a first application. */
export function journeySteps(): Step[] {
  return [{ label: t('注册账号') }, { label: t('实名认证'), href: '/me/identity' }, { label: t('在线申请') }, { label: t('查看结果') }]
}

/** 填写 → 核对 → 提交: the application form and its check page. */
export function applySteps(): Step[] {
  return [{ label: t('填写申请') }, { label: t('核对信息') }, { label: t('提交成功') }]
}
