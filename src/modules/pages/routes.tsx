import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { AccessibilityPage } from '../../../views/pages/accessibility.js'
import { t } from '../../lib/i18n/index.js'

/** Static information pages linked from the footer. */
export const pageRoutes = new Hono<AppEnv>()

pageRoutes.get('/accessibility', (c) => c.render(<AccessibilityPage />, { title: t('无障碍说明') }))
