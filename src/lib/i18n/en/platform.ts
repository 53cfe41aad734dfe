import type { Catalogue } from './types.js'

/** Layout, navigation, footer, preferences and shared components. */
export default {
  人才一站式网上办事大厅: 'Talent One-Stop Online Service Hall',
} satisfies Catalogue
