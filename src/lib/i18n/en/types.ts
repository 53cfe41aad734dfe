/** Chinese source string → English. Placeholders (`{n}`) must appear in both. */
export type Catalogue = Readonly<Record<string, string>>
