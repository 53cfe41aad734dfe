import type { Context, MiddlewareHandler } from 'hono'
import { RequestContext } from 'hono/jsx-renderer'
import { jsx } from 'hono/jsx'
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html'
import type { Child } from 'hono/jsx'
import type { AppEnv } from './env.js'

export interface PageProps {
  title?: string
  area?: 'citizen' | 'staff'
  fragment?: boolean
  description?: string
}

type Frame = (props: PageProps & { children: Child }) => Child

/**
 * The page renderer: `c.render(content, props)` wraps the content in `frame` and sends it as ONE string.
 *
 * hono/jsx-renderer does the same but hands `c.html()` a String object; @hono/node-server then cannot take its
 * fast path (a primitive string written with `end()`) and builds a web Response and a ReadableStream for every
 * page (issue 21, measured with --cpu-prof: about a tenth of a page's cost). Everything else is as there: the
 * request context for `useRequestContext()`, the doctype unless `docType(c)` says no (an htmx fragment swap),
 * and async components and callbacks resolved before sending.
 */
export function pageRenderer(
  frame: Frame,
  docType: (c: Context<AppEnv>) => boolean,
  /** Awaited before the frame renders (what the frame reads from the context, loaded only for a page). */
  prepare?: (c: Context<AppEnv>, props: PageProps) => Promise<unknown> | undefined,
): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    c.setRenderer(async (content, props) => {
      await prepare?.(c, props ?? {})
      const tree = jsx(RequestContext.Provider, { value: c }, frame({ ...props, children: content }))
      const rendered = await tree.toString()
      const html = await resolveCallback(rendered, HtmlEscapedCallbackPhase.Stringify, false, {})
      return c.html((docType(c) ? '<!DOCTYPE html>' : '') + html.toString())
    })
    return next()
  }
}
