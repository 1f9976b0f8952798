// Escaping for the two places data enters the page: HTML text/attributes and the embedded JSON.
// Client names are typed by people and can be hostile (`</script><img onerror=…>`), so nothing
// from a report reaches the document without passing through one of these.

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for an HTML text node or a quoted attribute value. The bidirectional embeddings,
 * overrides and isolates are shown as their escapes (`\u202e`), as the CLI's tables show them: a
 * name ending in RIGHT-TO-LEFT OVERRIDE would otherwise show the id after it backwards (c-123 as
 * 321-c).
 */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"'\u202a-\u202e\u2066-\u2069]/g, (c) => HTML_ENTITIES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const SCRIPT_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON for the inside of a `<script type="application/json">`: `<`, `>` and `&` become \u escapes,
 * which JSON.parse reads back unchanged, so no string in the data can close the script element or
 * open a comment. (U+2028/9 too, in case someone pastes the text into a JS source.)
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c] ?? c);
