// Connection URLs end up in error messages and logs: their passwords must not.

/** The URL with any password replaced by `***`. */
export const redactUrl = (text: string): string => {
  try {
    const url = new URL(text);
    if (url.password === '') return text;
    url.password = '***';
    return url.toString();
  } catch {
    // Not a URL the parser takes, but it may still hold `user:password@`.
    return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
  }
};
