// Row labels in a chart's fixed label column: a 64-character id would run out of the column (cut off
// at the chart's edge, or over the next panel), so a long one is shortened to its start and end
// around an ellipsis, where ids most often differ (sp-01-…-long-id), and the whole id is kept in
// a <title> for the pointer and screen readers.

/** `text` in at most `chars` characters: its start and end around "…" when it is longer. */
export const fitLabel = (text: string, chars: number): string => {
  const points = [...text];
  if (points.length <= chars) return text;
  const head = Math.ceil((chars - 1) / 2);
  const tail = chars - 1 - head;
  return `${points.slice(0, head).join('')}…${tail > 0 ? points.slice(points.length - tail).join('') : ''}`;
};
