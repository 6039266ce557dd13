// Small DOM helpers: elements are built with textContent, so data never becomes markup by accident.

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined && c !== false) {
      e.append(c);
    }
  }
  return e;
}

/** A table with a header row and one row per item. */
export function table<T>(columns: [string, (row: T) => Child][], rows: T[], attrs: Record<string, string> = {}): HTMLTableElement {
  return el("table", attrs,
    el("thead", {}, el("tr", {}, ...columns.map(([name]) => el("th", {}, name)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...columns.map(([, cell]) => el("td", {}, cell(r)))))));
}

/** An error box for a failed call, with the server's message. */
export function failure(what: string, e: unknown): HTMLElement {
  return el("div", { class: "message error" }, `${what}: ${(e as Error).message}`);
}

/** "2019-10-01T15:28:33Z" as "2019-10-01 15:28:33 UTC". */
export function utc(iso: string): string {
  return iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
}
