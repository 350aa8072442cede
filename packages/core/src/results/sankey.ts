/**
 * Money-flow (Sankey) diagrams of general practice money: d3-sankey lays the network out, and this module
 * draws it as a small, self-contained SVG that scales to the width of a phone.
 * @packageDocumentation
 */
import { sankey, sankeyJustify, type SankeyGraph } from "d3-sankey";
import { wrapText } from "./charts.js";
import { escapeHtml } from "./format.js";

/** One edge of a money-flow diagram: money moved from one group to another, in pence. */
export interface SankeyFlow {
  /** Group the money left. */
  readonly from: string;
  /** Group the money reached. */
  readonly to: string;
  /** Pence moved (edges of zero, negative or non-finite pence are dropped). */
  readonly pence: number;
}

/** A node of a laid-out diagram: a group, or the "returned" copy of a group that closes a cycle. */
export interface SankeyNodeLayout {
  /** Node id: the group id, or `<group>#returned` for money flowing back to a group already upstream. */
  readonly id: string;
  /** Group id the node stands for. */
  readonly group: string;
  /** Whether the node is the sink copy of a group that received money back (see {@link buildSankeyNetwork}). */
  readonly returned: boolean;
  /** Pence through the node (the larger of money in and money out). */
  readonly pence: number;
  /** Left edge in SVG units. */
  readonly x0: number;
  /** Right edge in SVG units. */
  readonly x1: number;
  /** Top edge in SVG units. */
  readonly y0: number;
  /** Bottom edge in SVG units. */
  readonly y1: number;
}

/** An edge of a laid-out diagram, with the band's width in SVG units (proportional to its pence). */
export interface SankeyLinkLayout {
  /** Source node id. */
  readonly source: string;
  /** Target node id. */
  readonly target: string;
  /** Pence moved. */
  readonly pence: number;
  /** Band width in SVG units. */
  readonly width: number;
  /** Vertical centre of the band where it leaves the source. */
  readonly y0: number;
  /** Vertical centre of the band where it reaches the target. */
  readonly y1: number;
}

/** A money-flow network made acyclic, before layout. */
export interface SankeyNetwork {
  /** Node ids with their group and whether they are a "returned" copy, in first-seen order. */
  readonly nodes: readonly { readonly id: string; readonly group: string; readonly returned: boolean }[];
  /** Edges summed per (from, to), largest first, pointing at node ids. */
  readonly links: readonly { readonly source: string; readonly target: string; readonly pence: number }[];
  /** Edges that closed a cycle and were redirected to a "returned" copy of their target. */
  readonly redirected: number;
}

/** Suffix of the id of a group's "returned" copy. */
export const RETURNED_SUFFIX = "#returned";

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sum the flows per (from, to), drop the empty ones, and make the network a DAG, as d3-sankey needs.
 * @remarks Edges are taken largest first; an edge whose target can already reach its source (it would close
 * a cycle, such as unspent money going back from "icb-lines" to "icb") is redirected to a separate sink node
 * `<target>#returned`, drawn as "<target> (returned)". No money is dropped and the larger, forward flows
 * keep their place; a self-loop is redirected the same way.
 * @example
 * ```ts
 * buildSankeyNetwork([{ from: "a", to: "b", pence: 5 }, { from: "b", to: "a", pence: 1 }]).redirected; // 1
 * ```
 */
export function buildSankeyNetwork(flows: readonly SankeyFlow[]): SankeyNetwork {
  const sums = new Map<string, { from: string; to: string; pence: number }>();
  for (const f of flows) {
    const key = JSON.stringify([f.from, f.to]);
    const row = sums.get(key) ?? { from: f.from, to: f.to, pence: 0 };
    row.pence += f.pence;
    sums.set(key, row);
  }
  const edges = [...sums.values()]
    .filter((e) => Number.isFinite(e.pence) && e.pence > 0)
    .sort((a, b) => b.pence - a.pence || compare(a.from, b.from) || compare(a.to, b.to));
  const out = new Map<string, Set<string>>();
  const reaches = (start: string, goal: string): boolean => {
    const stack = [start];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const node = stack.pop() ?? "";
      if (node === goal) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const next of out.get(node) ?? []) stack.push(next);
    }
    return false;
  };
  const nodes = new Map<string, { id: string; group: string; returned: boolean }>();
  const addNode = (id: string, group: string, returned: boolean): void => {
    if (!nodes.has(id)) nodes.set(id, { id, group, returned });
  };
  const links: { source: string; target: string; pence: number }[] = [];
  let redirected = 0;
  for (const e of edges) {
    addNode(e.from, e.from, false);
    if (reaches(e.to, e.from)) {
      const id = `${e.to}${RETURNED_SUFFIX}`;
      addNode(id, e.to, true);
      links.push({ source: e.from, target: id, pence: e.pence });
      redirected++;
      continue;
    }
    addNode(e.to, e.to, false);
    const set = out.get(e.from) ?? new Set<string>();
    set.add(e.to);
    out.set(e.from, set);
    links.push({ source: e.from, target: e.to, pence: e.pence });
  }
  return { nodes: [...nodes.values()], links, redirected };
}

/** Where money ended up: a node of the acyclic network and the pence it kept (money in less money out). */
export interface FinalRecipient {
  /** Node id: a group, or `<group>#returned` for money that went back to a group upstream. */
  readonly id: string;
  /** Group id the node stands for. */
  readonly group: string;
  /** Whether the node is the "returned" copy of a group upstream. */
  readonly returned: boolean;
  /** Pence that stayed there: money in less money out (positive). */
  readonly pence: number;
}

/**
 * Where each pound ended up, counted once: on the acyclic network of {@link buildSankeyNetwork}, every node
 * that kept money (money in greater than money out) with the pence it kept, largest first.
 * @remarks Money passing through a node (a budget holder paying practices) is not counted there, so the
 * recipients' pence add up to what the sources put in: the same total whatever the number of hops. Use it
 * for stacked charts of where money went, where stacking every hop would count a pound several times.
 * @example
 * ```ts
 * finalRecipients([{ from: "icb", to: "lines", pence: 10 }, { from: "lines", to: "practice", pence: 9 }, { from: "lines", to: "icb", pence: 1 }]);
 * // [{ id: "practice", pence: 9, … }, { id: "icb#returned", pence: 1, … }]
 * ```
 */
export function finalRecipients(flows: readonly SankeyFlow[]): FinalRecipient[] {
  const network = buildSankeyNetwork(flows);
  const net = new Map<string, number>();
  for (const l of network.links) {
    net.set(l.source, (net.get(l.source) ?? 0) - l.pence);
    net.set(l.target, (net.get(l.target) ?? 0) + l.pence);
  }
  return network.nodes
    .map((n) => ({ id: n.id, group: n.group, returned: n.returned, pence: net.get(n.id) ?? 0 }))
    .filter((n) => n.pence > 0)
    .sort((a, b) => b.pence - a.pence || compare(a.id, b.id));
}

/** What a money-flow diagram shows and how it names and formats things. */
export interface SankeyInput {
  /** Title drawn at the top (also the SVG's accessible name). */
  readonly title: string;
  /** The flows to draw. */
  readonly flows: readonly SankeyFlow[];
  /** Display name of a group id (default: the id). */
  readonly label?: (group: string) => string;
  /** Money text of an amount in pence, such as "£38.8bn" (default: pounds with no decimals). */
  readonly money?: (pence: number) => string;
  /** Colour of a group's nodes and of the bands leaving them (default: one grey). */
  readonly colour?: (group: string) => string;
  /** Width of the drawing in SVG units (default 640); it scales to its box, so a width near the box's keeps text at its size. */
  readonly width?: number;
  /** Font size of node labels in SVG units (default 13). */
  readonly fontSize?: number;
  /** Colour each band by the group it leaves ("source", the default) or the group it reaches ("target"). */
  readonly linkColour?: "source" | "target";
}

/** A rendered diagram: the SVG and its layout, for tests and for callers drawing something alongside. */
export interface SankeyDiagram {
  /** The SVG element (no XML declaration), `width="100%"` with a viewBox, so it fits any screen. */
  readonly svg: string;
  /** Laid-out nodes. */
  readonly nodes: readonly SankeyNodeLayout[];
  /** Laid-out links, largest first. */
  readonly links: readonly SankeyLinkLayout[];
  /** Edges redirected to a "returned" node to break a cycle. */
  readonly redirected: number;
}

/** Width of the diagram's viewBox: scaled down to 100% of a 390 px phone, labels stay about 8 px tall. */
const DEFAULT_WIDTH = 640;
const NODE_WIDTH = 12;
const TITLE_LINE = 19;
const FONT = "'DejaVu Sans','Segoe UI',Helvetica,Arial,sans-serif";

/** Round to hundredths so the SVG text is short and the same on every platform. */
function r(x: number): string {
  const v = Math.round(x * 100) / 100;
  return String(Object.is(v, -0) ? 0 : v);
}

interface NodeDatum {
  id: string;
  group: string;
  returned: boolean;
}

interface LinkDatum {
  pence: number;
}

/**
 * Lay out and draw a money-flow diagram as SVG: node bars with labels and amounts, bands as wide as the money.
 * @remarks Cycles are broken as {@link buildSankeyNetwork} describes. Every caller string is escaped. With no
 * money to draw, the SVG holds a short note instead.
 * @example
 * ```ts
 * const { svg } = renderSankey({ title: "2028/29", flows: [{ from: "icb", to: "practice", pence: 1e11 }] });
 * ```
 */
export function renderSankey(input: SankeyInput): SankeyDiagram {
  const label = input.label ?? ((g: string) => g);
  const money = input.money ?? ((p: number) => `£${Math.round(p / 100).toLocaleString("en-GB")}`);
  const colour = input.colour ?? (() => "#5b6472");
  const WIDTH = input.width ?? DEFAULT_WIDTH;
  const fontSize = input.fontSize ?? 13;
  const network = buildSankeyNetwork(input.flows);
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="sankey" role="img" width="100%" preserveAspectRatio="xMinYMin meet" font-family="${escapeHtml(FONT)}"`;
  const titleLines = wrapText(input.title, Math.floor(WIDTH / 9.4));
  const titleHeight = TITLE_LINE * titleLines.length + 10;
  const titleText = `<text x="0" y="0" font-size="15" font-weight="600" fill="#1d2430">${titleLines
    .map((line, i) => `<tspan x="0" dy="${i === 0 ? 16 : TITLE_LINE}">${escapeHtml(line)}</tspan>`)
    .join("")}</text>`;
  if (network.links.length === 0) {
    const height = titleHeight + 30;
    return {
      svg: `${open} viewBox="0 0 ${WIDTH} ${height}" aria-label="${escapeHtml(input.title)}"><title>${escapeHtml(input.title)}</title>${titleText}<text x="0" y="${titleHeight + 18}" font-size="${fontSize}" fill="#5b6472">No money flowed.</text></svg>`,
      nodes: [],
      links: [],
      redirected: 0,
    };
  }
  const height = titleHeight + Math.max(220, 30 * network.nodes.length) + 12;
  const layout = sankey<NodeDatum, LinkDatum>()
    .nodeId((n) => n.id)
    .nodeAlign(sankeyJustify)
    .nodeWidth(NODE_WIDTH)
    .nodePadding(20)
    .nodeSort(null)
    .extent([
      [1, titleHeight + 4],
      [WIDTH - 1, height - 14],
    ]);
  const graph: SankeyGraph<NodeDatum, LinkDatum> = layout({
    nodes: network.nodes.map((n) => ({ ...n })),
    links: network.links.map((l) => ({ source: l.source, target: l.target, value: l.pence, pence: l.pence })),
  });
  const idOf = (n: unknown): string => (typeof n === "object" && n !== null && "id" in n && typeof n.id === "string" ? n.id : String(n));
  const nodes: SankeyNodeLayout[] = graph.nodes.map((n) => ({
    id: n.id,
    group: n.group,
    returned: n.returned,
    pence: n.value ?? 0,
    x0: n.x0 ?? 0,
    x1: n.x1 ?? 0,
    y0: n.y0 ?? 0,
    y1: n.y1 ?? 0,
  }));
  const links: SankeyLinkLayout[] = graph.links.map((l) => ({
    source: idOf(l.source),
    target: idOf(l.target),
    pence: l.pence,
    width: l.width ?? 0,
    y0: l.y0 ?? 0,
    y1: l.y1 ?? 0,
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const nodeName = (n: SankeyNodeLayout): string => (n.returned ? `${label(n.group)} (returned)` : label(n.group));
  const paths = links.map((l) => {
    const s = byId.get(l.source);
    const t = byId.get(l.target);
    const x0 = s?.x1 ?? 0;
    const x1 = t?.x0 ?? 0;
    const xm = (x0 + x1) / 2;
    const tip = `${s === undefined ? l.source : nodeName(s)} → ${t === undefined ? l.target : nodeName(t)}: ${money(l.pence)}`;
    return (
      `<path class="link" data-source="${escapeHtml(l.source)}" data-target="${escapeHtml(l.target)}" data-pence="${r(l.pence)}" ` +
      `d="M${r(x0)},${r(l.y0)}C${r(xm)},${r(l.y0)} ${r(xm)},${r(l.y1)} ${r(x1)},${r(l.y1)}" fill="none" ` +
      `stroke="${escapeHtml(input.linkColour === "target" ? colour(t?.group ?? l.target) : colour(s?.group ?? l.source))}" stroke-opacity="0.42" stroke-width="${r(Math.max(l.width, 0.5))}">` +
      `<title>${escapeHtml(tip)}</title></path>`
    );
  });
  const rects = nodes.map((n) => {
    const left = n.x0 < WIDTH / 2;
    const x = left ? n.x1 + 5 : n.x0 - 5;
    const anchor = left ? "start" : "end";
    const cy = (n.y0 + n.y1) / 2;
    const name = nodeName(n);
    return (
      `<g class="node" data-id="${escapeHtml(n.id)}">` +
      `<rect x="${r(n.x0)}" y="${r(n.y0)}" width="${r(n.x1 - n.x0)}" height="${r(Math.max(n.y1 - n.y0, 1))}" fill="${escapeHtml(colour(n.group))}"${n.returned ? ` fill-opacity="0.55"` : ""}><title>${escapeHtml(`${name}: ${money(n.pence)}`)}</title></rect>` +
      `<text x="${r(x)}" y="${r(cy + 4.5)}" text-anchor="${anchor}" font-size="${fontSize}" fill="#1d2430" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${escapeHtml(name)} ` +
      `<tspan fill="#5b6472">${escapeHtml(money(n.pence))}</tspan></text></g>`
    );
  });
  const svg =
    `${open} viewBox="0 0 ${WIDTH} ${height}" aria-label="${escapeHtml(input.title)}"><title>${escapeHtml(input.title)}</title>${titleText}` +
    `<g class="links">${paths.join("")}</g><g class="nodes">${rects.join("")}</g></svg>`;
  return { svg, nodes, links, redirected: network.redirected };
}
