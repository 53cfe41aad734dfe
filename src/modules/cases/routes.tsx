import { Hono } from 'hono'
import type { AppEnv } from '../../middleware/env.js'
import { caseDetailRoutes } from './case-routes.js'

/** Staff workbench (mounted at /staff/cases): case detail, claim, decisions, payment, attachments (the queue: queue-routes.tsx). */
export const caseRoutes = new Hono<AppEnv>()

// The case page and its decisions are case-routes.tsx (same URLs); the queue is queue-routes.tsx.
caseRoutes.route('/', caseDetailRoutes)
