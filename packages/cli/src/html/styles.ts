// The page's only stylesheet, inlined: system fonts (no web fonts to fetch), tabular figures, and
// print rules that drop the interactive parts and keep charts whole on A4.

export const STYLES = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --rule: #d9dde3; --accent: #22405f; --tint: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
.page { max-width: 1000px; margin: 0 auto; padding: 24px 24px 48px; }
header.report { border-bottom: 3px solid var(--ink); padding-bottom: 10px; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 0 0 4px; padding-top: 10px; border-top: 1px solid var(--rule); }
.meta { margin: 0; color: var(--muted); }
section { margin: 26px 0; }
.lead { margin: 0 0 10px; max-width: 80ch; color: #333; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
nav.toc { margin: 12px 0 0; font-size: .9rem; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.picker { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 14px; margin: 14px 0 0; padding: 10px 12px; background: var(--tint); border: 1px solid var(--rule); }
.picker input { font: inherit; padding: 3px 6px; border: 1px solid var(--muted); border-radius: 3px; }
.picker button { font: inherit; padding: 3px 14px; border: 1px solid var(--ink); border-radius: 3px; background: var(--accent); color: #fff; cursor: pointer; }
.picker small { flex-basis: 100%; color: var(--muted); }
.figures-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(205px, 1fr)); gap: 12px; margin: 8px 0 0; }
.figure { border: 1px solid var(--rule); border-left: 5px solid var(--accent); padding: 8px 12px 10px; }
.figure dt { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.figure dd { margin: 0; }
.figure .value { font-size: 1.65rem; font-weight: 650; line-height: 1.25; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figure .note { font-size: .8rem; color: var(--muted); line-height: 1.35; }
.stages { margin: 10px 0 0; color: var(--muted); }
.stages span { color: var(--ink); font-weight: 600; font-variant-numeric: tabular-nums; }
figure.chart-figure { margin: 0; }
.chart-scroll, .table-scroll { overflow-x: auto; }
svg.chart { display: block; width: 100%; max-width: 100%; height: auto; }
svg.chart.natural { width: auto; }
.nowrap { white-space: nowrap; }
svg .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
details.figures { margin-top: 4px; }
details.figures summary { cursor: pointer; color: var(--accent); font-size: .9rem; }
table { border-collapse: collapse; margin: 8px 0; font-size: .85rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 2px 0 4px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
.wrap { overflow-wrap: anywhere; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; vertical-align: bottom; }
tbody th { font-weight: 500; }
.num { text-align: right; white-space: nowrap; }
thead th.num { white-space: normal; }
.id { color: var(--muted); font-size: .8em; }
.empty { color: var(--muted); font-style: italic; }
table.winback { width: 100%; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--rule); font-size: .8rem; color: var(--muted); }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  .picker, nav.toc, details.figures { display: none; }
  h2 { break-after: avoid; }
  figure.chart-figure, .figure, tr { break-inside: avoid; }
  .chart-scroll, .table-scroll { overflow: visible; }
  table { font-size: 8.5pt; }
  th, td { padding: 3px 5px; }
  a { color: inherit; text-decoration: none; }
}
`;
