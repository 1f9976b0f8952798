import { describe, expect, it } from 'vitest';
import { renderReportPage, type ReportPageData, type ReportPageOptions } from '../src/html/index.js';
import { emptyFirmData, FORMULA_NAME, HOSTILE_NAME, reportPageData } from './fixtures/report-page-data.js';

const options: ReportPageOptions = { title: 'Rapport — Q2 review', timeZone: 'UTC', period: '2025-Q2', asOf: '2025-06-30', generatedAt: '2025-07-01T01:30:00.000Z' };
const CHARTS = ['attrition-monthly', 'cohorts', 'salespeople', 'pareto', 'complaints'] as const;

const page = renderReportPage(reportPageData, options);
const emptyPage = renderReportPage(emptyFirmData, options);

/** Attributes of every opening tag named `tag`, parsed from the markup (no DOM in these tests). */
const tags = (html: string, tag: string): Record<string, string>[] =>
  [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((m) => Object.fromEntries([...(m[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1] ?? '', a[2] ?? ''])));

const embedded = (html: string): unknown => {
  const match = /<script type="application\/json" id="rapport-data">([\s\S]*?)<\/script>/.exec(html);
  if (match?.[1] === undefined) throw new Error('no data block');
  return JSON.parse(match[1]);
};

const figures = (html: string): Record<string, { value: string; text: string }> =>
  Object.fromEntries([...html.matchAll(/data-figure="([^"]+)" data-value="([^"]*)">([^<]*)</g)].map((m) => [m[1] ?? '', { value: m[2] ?? '', text: m[3] ?? '' }]));

/** The markup of the <section> holding a chart. */
const sectionOf = (html: string, chart: string): string => {
  const at = html.indexOf(`data-chart="${chart}"`);
  return html.slice(html.lastIndexOf('<section', at), html.indexOf('</section>', at));
};

const { attrition, kpis, winback, segments, cohorts, complaints, lifecycle, attritionByMonth } = reportPageData;

describe('renderReportPage', () => {
  it('is one HTML document that declares its charset', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<html lang="en">');
  });

  it('embeds every report it draws as JSON that parses back to the input', () => {
    expect(embedded(page)).toEqual({ attrition, kpis, winback, segments, cohorts, complaints, lifecycle, attritionByMonth });
    const block = /id="rapport-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    expect(block).not.toMatch(/[<>&]/);
  });

  it('asks for nothing over the network: no external URL in any src or href, no fetching elements', () => {
    for (const tag of ['a', 'link', 'img', 'script', 'iframe', 'use', 'image', 'source']) {
      for (const attrs of tags(page, tag)) {
        for (const name of ['src', 'href', 'xlink:href']) {
          const url = attrs[name];
          if (url !== undefined) expect(url).not.toMatch(/^\s*(https?:)?\/\//i);
        }
      }
    }
    expect(tags(page, 'link')).toEqual([]);
    expect(tags(page, 'img')).toEqual([]);
    expect(tags(page, 'script')).toEqual([{ type: 'application/json', id: 'rapport-data' }]);
    expect(page).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
    expect(page).toContain('Content-Security-Policy');
  });

  it('draws every chart as a labelled svg image with a size, and its figures as a table', () => {
    for (const html of [page, emptyPage]) {
      const svgs = tags(html, 'svg').filter((a) => a['data-chart'] !== undefined);
      expect(svgs.map((a) => a['data-chart'])).toEqual([...CHARTS]);
      for (const svg of svgs) {
        expect(Number(svg.width)).toBeGreaterThan(0);
        expect(Number(svg.height)).toBeGreaterThan(0);
        expect(svg.viewBox).toMatch(/^0 0 \d+ \d+$/);
        expect(svg.role).toBe('img');
        for (const id of (svg['aria-labelledby'] ?? '').split(' ')) expect(html).toMatch(new RegExp(`<(title|desc) id="${id}">[^<]+</(title|desc)>`));
        expect(sectionOf(html, svg['data-chart'] ?? '')).toContain('<table');
      }
    }
  });

  it('escapes hostile client names everywhere', () => {
    expect(page).not.toContain(HOSTILE_NAME);
    expect(page).not.toContain(FORMULA_NAME);
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(page.match(/<\/script>/g)).toHaveLength(1);
    expect(page).toContain('苏州精密 &amp; Sons &quot;Ltd&quot;');
  });

  it('shows bidirectional overrides in text as escapes, so a name cannot turn the text after it around', async () => {
    const { escapeHtml } = await import('../src/html/escape.js');
    expect(escapeHtml('Acme Ltd \u202e')).toBe('Acme Ltd \\u202e');
    expect(escapeHtml('a\u2066b\u202ac\u2069')).toBe('a\\u2066b\\u202ac\\u2069');
    expect(escapeHtml('عربي & 中文')).toBe('عربي &amp; 中文');
  });

  it('shades heat-map cells with text of at least 4.5:1 contrast at every share', async () => {
    const { shade } = await import('../src/html/svg/palette.js');
    const channel = (c: number): number => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    const luminance = (hexColour: string): number => {
      const [r, g, b] = [1, 3, 5].map((i) => channel(parseInt(hexColour.slice(i, i + 2), 16)));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (let share = 0; share <= 1; share += 0.01) {
      const { fill, text } = shade(share);
      const [light, dark] = [luminance(fill), luminance(text)].sort((a, b) => b - a);
      expect((light! + 0.05) / (dark! + 0.05), `share ${share.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('writes a date of the first millennium with four digits (the default period is read from it)', async () => {
    const { formatDate } = await import('../src/html/format.js');
    expect(formatDate('0001-01-01T12:00:00.000Z', 'UTC')).toBe('0001-01-01');
    expect(formatDate('0999-06-30T12:00:00.000Z', 'Asia/Shanghai')).toBe('0999-06-30');
  });

  it('shows the headline figures of the JSON, formatted', () => {
    const shown = figures(page);
    expect(shown).toMatchObject({
      activeAtEnd: { value: '10', text: '10' },
      attritionRate: { value: '0.25', text: '25.0%' },
      controllableAttritionRate: { value: '0.125', text: '12.5%' },
      acquired: { value: '3', text: '3' },
      winBacks: { value: '1', text: '1' },
      revenue12m: { value: '40000000', text: '400,000.00' },
      complaintsFiled: { value: '3', text: '3' },
      complaintsOpen: { value: '2', text: '2' },
      prospect: { value: '1', text: '1' },
      churned: { value: '1', text: '1' },
    });
  });

  it('formats money, rates and missing values', () => {
    expect(page).toContain('113,000.00 of 25,000.00 · 452.0%');
    expect(page).toContain('4 of 6 planned · 66.7%');
    expect(sectionOf(page, 'salespeople')).toContain('0 · no plan');
    expect(page).toContain('<td class="num">—</td>');
    expect(page).not.toMatch(/NaN|undefined|Infinity|null</);
  });

  it('lists the top ten win-back candidates with their actions', () => {
    const table = /<table class="winback">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
    expect(table.match(/<tr>/g)).toHaveLength(11);
    expect(table).toContain('Differentiated offer');
    expect(table).toContain('Apologise and fix');
    expect(table).toContain('Client 9');
    expect(table).not.toContain('Client 10');
  });

  it('marks key accounts on the Pareto curve by shape', () => {
    const pareto = sectionOf(page, 'pareto');
    expect(pareto).toMatch(/<path d="M[^"]*Z"[^>]*><title>1\. Hangzhou Silkroad Textiles Co\. \(c-001\), key account/);
    expect(pareto).toContain('80% of revenue');
  });

  it('renders a firm with no clients and no salespeople', () => {
    expect(embedded(emptyPage)).toEqual({ ...emptyFirmData });
    expect(figures(emptyPage)).toMatchObject({ activeAtEnd: { value: '0', text: '0' }, attritionRate: { value: 'null', text: '—' }, revenue12m: { value: '0', text: '0.00' } });
    expect(emptyPage).toContain('No salespeople registered.');
    expect(emptyPage).toContain('No cohorts yet');
    expect(emptyPage).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('shows the period picker only when asked, as a plain GET form', () => {
    expect(page).not.toContain('<form');
    const live = renderReportPage(reportPageData, { ...options, picker: { action: '/report?x="1"' } });
    const [form] = tags(live, 'form');
    expect(form).toMatchObject({ method: 'get', action: '/report?x=&quot;1&quot;' });
    expect(tags(live, 'input').map((i) => [i.name, i.value])).toEqual([
      ['period', '2025-Q2'],
      ['asOf', '2025-06-30'],
    ]);
  });

  it('shows instants as dates in the firm’s time zone', () => {
    const winbackTable = (html: string): string => /<table class="winback">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(winbackTable(page)).toContain('2025-02-28');
    expect(winbackTable(renderReportPage(reportPageData, { ...options, timeZone: 'Asia/Shanghai' }))).toContain('2025-03-01');
    expect(renderReportPage(reportPageData, { ...options, timeZone: 'Mars/Olympus' })).toContain('times in UTC');
  });

  it('is a pure function of its inputs', () => {
    const data: ReportPageData = JSON.parse(JSON.stringify(reportPageData));
    expect(renderReportPage(data, options)).toBe(page);
  });
});
