import { t } from '../../lib/i18n/index.js'
import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { idParam } from '../../lib/forms.js'
import { MessagesPage } from '../../../views/applications/pages.js'

/** The citizen's in-site messages (mounted at /me/messages). */
export const messageRoutes = new Hono<AppEnv>()

messageRoutes.get('/', async (c) =>
  c.render(<MessagesPage messages={await c.get('services').notifications.messages(c.get('citizen').id)} />, { title: t('站内消息') }),
)
messageRoutes.post('/:id/read', async (c) => {
  await c.get('services').notifications.markRead(c.get('citizen').id, idParam(c.req.param('id')))
  return c.redirect('/me/messages', 303)
})
