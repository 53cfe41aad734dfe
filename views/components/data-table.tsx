import type { Child } from 'hono/jsx'

/** One column of a DataTable: its heading and how a row fills its cell. */
export interface Column<R> {
  label: string
  cell: (row: R) => Child
  /** Extra class on the cells (e.g. `num`, `actions`). */
  class?: string
  /** The heading is read by screen readers only (a column of buttons). */
  hidden?: boolean
}

/**
 * A table of rows that reads as a list of cards on a phone (portal.css `table.responsive`): every cell carries
 * its column's heading in `data-label`, rendered on the server, so the cards are labelled without JavaScript.
 * Rows are plain data; the caller says how each column shows them.
 */
export function DataTable<R>(p: { rows: R[]; columns: Column<R>[]; qa?: string; rowQa?: (row: R) => string }) {
  return (
    <div class="table-wrap">
      <table class="responsive" data-qa={p.qa}>
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th scope="col" class={c.class}>
                {c.hidden ? <span class="visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr data-qa={p.rowQa?.(r)}>
              {p.columns.map((c) => (
                <td class={c.class} data-label={c.hidden ? undefined : c.label}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
