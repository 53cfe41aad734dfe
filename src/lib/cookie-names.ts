/** The names of every cookie the portal sets (the cookie page and the layout list them). */
export const COOKIE = {
  session: 'hall_session',
  csrf: 'hall_csrf',
  care: 'hall_care',
  lang: 'hall_lang',
  cookieChoice: 'hall_cookie_choice',
} as const
