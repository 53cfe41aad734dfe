import type { WeekStats } from '../../src/modules/cases/stats.js'
import { emptyWeek, percent } from '../../src/modules/cases/stats.js'
import { pick, t } from '../../src/lib/i18n/index.js'

/** About how wide a label is drawn at 11–12 px: a Chinese character is square, a Latin letter about half of it. */
const textWidth = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 12 : 6.5), 0)

/** The three volume series: one colour each, the same in every chart, its legend and its table. */
const SERIES = [
  { key: 'received', label: '收件', en: 'Received', fill: '#1d4f91' },
  { key: 'accepted', label: '受理', en: 'Accepted', fill: '#d97706' },
  { key: 'decided', label: '办结', en: 'Decided', fill: '#1e7a3c' },
] as const
// (受理 and 办结 are verbs elsewhere in the catalogue: the series carry their own English)
const seriesLabel = (s: (typeof SERIES)[number]) => pick<string>(s.label, s.en)

/** Round the axis maximum up to a 1-2-5 step so the ticks are whole numbers a supervisor reads at a glance. */
function axis(max: number) {
  const steps = [1, 2, 5]
  let step: number | undefined
  for (let p = 1; !step; p *= 10) step = steps.map((x) => x * p).find((x) => x * 5 >= max)
  const top = Math.max(step, Math.ceil(max / step) * step)
  const ticks: number[] = []
  for (let v = 0; v <= top; v += step) ticks.push(v)
  return { top, ticks }
}

function Legend({ x, y }: { x: number; y: number }) {
  return (
    <g data-qa="legend">
      {SERIES.map((s, i) => (
        <g>
          <rect x={x + i * pick(70, 90)} y={y} width="12" height="12" fill={s.fill} />
          <text x={x + i * pick(70, 90) + 16} y={y + 11} font-size="12" fill="#222">
            {seriesLabel(s)}
          </text>
        </g>
      ))}
    </g>
  )
}

/** Grouped vertical bars: one group per category (week or service), with a y axis, ticks and labels. Server-rendered SVG. */
export function VolumeChart({ title, groups, qa }: { title: string; groups: { label: string; row: WeekStats }[]; qa: string }) {
  const left = 44
  const top = 34
  const plotH = 200
  const bar = 14
  const gw = Math.max(3 * bar + 18, ...groups.map((g) => textWidth(g.label) + 10))
  const width = left + groups.length * gw + 20
  const { top: max, ticks } = axis(Math.max(1, ...groups.flatMap((g) => SERIES.map((s) => g.row[s.key]))))
  const y = (v: number) => top + plotH - (v / max) * plotH
  return (
    <svg
      role="img"
      aria-label={title}
      width={Math.max(width, 320)}
      height={top + plotH + 52}
      viewBox={`0 0 ${Math.max(width, 320)} ${top + plotH + 52}`}
      class="chart"
      data-qa={qa}
    >
      <title>{title}</title>
      <Legend x={left} y={6} />
      {ticks.map((t) => (
        <g>
          <line x1={left} x2={width - 10} y1={y(t)} y2={y(t)} stroke={t === 0 ? '#222' : '#ddd'} stroke-width="1" />
          <text x={left - 6} y={y(t) + 4} font-size="11" text-anchor="end" fill="#222">
            {String(t)}
          </text>
        </g>
      ))}
      <line x1={left} x2={left} y1={top} y2={top + plotH} stroke="#222" stroke-width="1" />
      <text x="4" y={top - 8} font-size="11" fill="#222">
        {t('件数')}
      </text>
      {groups.map((g, i) => (
        <g>
          {SERIES.map((s, k) => {
            const v = g.row[s.key]
            const x = left + 10 + i * gw + k * bar
            return (
              <g>
                <rect x={x} y={y(v)} width={bar - 2} height={top + plotH - y(v)} fill={s.fill}>
                  <title>{`${g.label} ${seriesLabel(s)} ${v}`}</title>
                </rect>
                {v ? (
                  <text x={x + (bar - 2) / 2} y={y(v) - 3} font-size="10" text-anchor="middle" fill="#222">
                    {String(v)}
                  </text>
                ) : null}
              </g>
            )
          })}
          <text x={left + 10 + i * gw + (3 * bar) / 2} y={top + plotH + 16} font-size="11" text-anchor="middle" fill="#222">
            {g.label}
          </text>
        </g>
      ))}
    </svg>
  )
}

const rate = (p: number | null) => (p === null ? '—' : `${p}%`)

/** The table beneath a chart: the same figures in words, and the ones a bar cannot show. */
function FiguresTable({ first, rows, qa }: { first: string; rows: { label: string; row: WeekStats }[]; qa: string }) {
  return (
    <div class="table-wrap">
      <table data-qa={qa}>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {SERIES.map((s) => (
              <th scope="col">{seriesLabel(s)}</th>
            ))}
            <th scope="col">{t('按期办结率')}</th>
            <th scope="col">{t('平均办理用时（工作日）')}</th>
            <th scope="col">{t('满意率（评价数）')}</th>
            <th scope="col">{t('秒批 / 人工办结')}</th>
            <th scope="col">{t('秒批撤销率（撤销数）')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, row: r }) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{r.received}</td>
              <td>{r.accepted}</td>
              <td>{r.decided}</td>
              <td>{rate(percent(r.onTime, r.decided))}</td>
              <td>{r.avgDays === null ? '—' : r.avgDays.toFixed(1)}</td>
              <td>
                {rate(percent(r.satisfied, r.rated))}
                {pick(`（${r.rated}）`, ` (${r.rated})`)}
              </td>
              <td data-qa="instant-manual">
                {r.instant} / {r.decided - r.instant}
              </td>
              <td data-qa="revocation">
                {rate(percent(r.revoked, r.instant))}
                {pick(`（${r.revoked}）`, ` (${r.revoked})`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const sum = (rows: WeekStats[], week: string): WeekStats =>
  rows.reduce(
    (t, r) => ({
      ...t,
      received: t.received + r.received,
      accepted: t.accepted + r.accepted,
      decided: t.decided + r.decided,
      onTime: t.onTime + r.onTime,
      rated: t.rated + r.rated,
      satisfied: t.satisfied + r.satisfied,
      instant: t.instant + r.instant,
      revoked: t.revoked + r.revoked,
      // the mean of the whole week, weighted by each service's decisions
      avgDays:
        r.avgDays === null
          ? t.avgDays
          : Math.round((((t.avgDays ?? 0) * t.decided + r.avgDays * r.decided) / (t.decided + r.decided)) * 10) / 10,
    }),
    emptyWeek(week, ''),
  )

export function StatsPage(p: {
  from: string
  to: string
  weeks: WeekStats[]
  totals: WeekStats[]
  names: Record<string, string>
  weekList: string[]
}) {
  const name = (code: string) => p.names[code] ?? code
  const byWeek = p.weekList.map((w) => ({
    label: w.slice(5),
    row: sum(
      p.weeks.filter((r) => r.week === w),
      w,
    ),
  }))
  const byService = p.totals.map((r) => ({ label: name(r.service), row: r }))
  const q = `from=${p.from}&to=${p.to}`
  return (
    <section class="stats">
      <h1>{t('统计分析')}</h1>
      <form method="get" action="/staff/stats" class="filters" data-qa="stats-period">
        <label>
          {t('自')} <input type="date" name="from" value={p.from} />
        </label>
        <label>
          {t('至')} <input type="date" name="to" value={p.to} />
        </label>
        <button class="button secondary" type="submit">
          {t('查看')}
        </button>{' '}
        <a class="button secondary" href={`/staff/stats.csv?${q}`} data-qa="stats-csv">
          {t('下载 CSV')}
        </a>
      </form>
      <p class="hint">
        {t(
          '每件按发生的那一周计入：收件按提交日，受理按受理日，办结（审核通过或不予通过）按决定日。按期办结：决定日不晚于办结期限（补正期间顺延）。',
        )}{' '}
        {t('平均办理用时：受理次日至决定日的工作日，补正等待的工作日不计。满意率：基本满意及以上的评价占比。')}{' '}
        {t('秒批：符合全部规则、系统即时受理并通过的办件；人工办结：工作人员作出的决定。秒批撤销率：本周秒批中后经抽查撤销的占比。')}
      </p>
      <h2>{t('各周办件量（全部事项）')}</h2>
      <VolumeChart title={t('各周收件、受理、办结件数（{from} 至 {to}）', { from: p.from, to: p.to })} groups={byWeek} qa="chart-weeks" />
      <FiguresTable first={t('周（周一）')} rows={byWeek.map((g) => ({ label: g.row.week, row: g.row }))} qa="table-weeks" />
      <h2>{t('各事项办件量（本期合计）')}</h2>
      {byService.length ? (
        <>
          <VolumeChart
            title={t('各事项收件、受理、办结件数（{from} 至 {to}）', { from: p.from, to: p.to })}
            groups={byService}
            qa="chart-services"
          />
          <FiguresTable first={t('事项')} rows={byService} qa="table-services" />
        </>
      ) : (
        <p>{t('本期没有办件。')}</p>
      )}
      <h2>{t('各事项各周明细')}</h2>
      <FiguresTable first={t('周 · 事项')} rows={p.weeks.map((r) => ({ label: `${r.week} ${name(r.service)}`, row: r }))} qa="stats" />
    </section>
  )
}
