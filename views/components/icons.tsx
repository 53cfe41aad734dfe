import { once } from './once.js'

/**
 * Inline SVG icons (no icon font, no CDN): one stroke style, 24×24, `currentColor`, hidden from
 * screen readers — the text next to each icon says what it means.
 */
const PATHS: Record<string, string> = {
  // service categories
  人才认定: 'M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.4 6.8 19.1l1-5.8L3.5 9.2l5.9-.9z',
  人才补贴: 'M4 7h16v11H4zM4 11h16M8 15h3M12 3v4',
  企业服务: 'M4 20V8l6-3v15M10 20V4l10 4v12M3 20h18M14 11h2M14 14h2M14 17h2',
  政策咨询: 'M5 4h14v13H9l-4 3zM9 9h6M9 12h4',
  // statuses and to-dos
  draft: 'M5 19h4l10-10-4-4L5 15zM13 7l4 4',
  supplement: 'M12 4l9 16H3zM12 10v4M12 17v.5',
  message: 'M4 6h16v12H4zM4 7l8 6 8-6',
  certificate: 'M5 4h14v12H5zM9 20l3-2 3 2v-4H9zM8 8h8M8 11h5',
  done: 'M5 12l4 4 10-10',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 20c1-4 4.5-6 8-6s7 2 8 6',
  shield: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM8.5 12l2.5 2.5 4.5-5',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM16 16l4 4',
  arrow: 'M5 12h14M13 6l6 6-6 6',
  home: 'M4 11l8-7 8 7M6 10v10h12V10',
  list: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  register: 'M10 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM3 20c1-4 4-6 7-6 1.4 0 2.7.3 3.8 1M18 14v6M15 17h6',
  care: 'M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z',
}

export function Icon({ name, class: cls }: { name: string; class?: string }) {
  return once(`icon|${name}|${cls ?? ''}`, () => <IconSvg d={PATHS[name] ?? PATHS.file} cls={cls} />)
}

function IconSvg({ d, cls }: { d: string; cls?: string }) {
  return (
    <svg
      class={cls ? `icon-svg ${cls}` : 'icon-svg'}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} />
    </svg>
  )
}
