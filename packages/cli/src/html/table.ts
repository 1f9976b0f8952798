// Plain accessible tables: a caption, column headers with scope, and a row header, so a screen
// reader announces "Mar 2025, Lost: 2" rather than a bare number.
import { html, type Html, type Interpolation } from './html.js';

export interface Column<Row> {
  readonly header: string;
  readonly cell: (row: Row, index: number) => Interpolation;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
}

export interface TableSpec<Row> {
  readonly caption: string;
  /** The first column names the row (month, client, salesperson) and is marked up as its header. */
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly empty: string;
  readonly className?: string;
}

export const dataTable = <Row>(spec: TableSpec<Row>): Html => {
  const head = spec.columns.map((c) => html`<th scope="col"${c.numeric === true ? html` class="num"` : null}>${c.header}</th>`);
  const body =
    spec.rows.length === 0
      ? html`<tr><td colspan="${spec.columns.length}" class="empty">${spec.empty}</td></tr>`
      : spec.rows.map(
          (row, i) =>
            html`<tr>${spec.columns.map((c, j) => {
              const cls = c.numeric === true ? html` class="num"` : null;
              return j === 0 ? html`<th scope="row"${cls}>${c.cell(row, i)}</th>` : html`<td${cls}>${c.cell(row, i)}</td>`;
            })}</tr>`,
        );
  return html`<div class="table-scroll"><table${spec.className === undefined ? null : html` class="${spec.className}"`}><caption>${spec.caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
};
