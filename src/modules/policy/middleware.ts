/** Re-consent gate for citizen pages (implemented beside the policy routes; mounted in src/app.tsx after sessionContext). */
export { requirePolicyConsent } from '../admin/routes.js'
