import { describe, expect, it } from "vitest";
import { formatDifference, formatQuantity, isShare } from "./format.js";
import { buildSankeyNetwork, renderSankey } from "./sankey.js";

function strokeWidth(svg: string, source: string, target: string): number {
  const m = new RegExp(`data-source="${source}" data-target="${target}"[^>]*stroke-width="([0-9.]+)"`).exec(svg);
  expect(m).not.toBeNull();
  return Number(m?.[1]);
}

describe("buildSankeyNetwork", () => {
  it("sums flows per pair, drops zero and negative ones, and orders links largest first", () => {
    const net = buildSankeyNetwork([
      { from: "icb", to: "lines", pence: 600 },
      { from: "icb", to: "lines", pence: 400 },
      { from: "lines", to: "practice", pence: 700 },
      { from: "lines", to: "pcn", pence: 0 },
      { from: "lines", to: "acute", pence: -5 },
    ]);
    expect(net.links).toEqual([
      { source: "icb", target: "lines", pence: 1000 },
      { source: "lines", target: "practice", pence: 700 },
    ]);
    expect(net.nodes.map((n) => n.id)).toEqual(["icb", "lines", "practice"]);
    expect(net.redirected).toBe(0);
  });

  it("breaks a cycle by sending the smaller back edge to a 'returned' copy of its target", () => {
    const net = buildSankeyNetwork([
      { from: "icb", to: "lines", pence: 100 },
      { from: "lines", to: "practice", pence: 90 },
      { from: "lines", to: "icb", pence: 10 },
      { from: "practice", to: "practice", pence: 3 },
    ]);
    expect(net.redirected).toBe(2);
    expect(net.links).toContainEqual({ source: "lines", target: "icb#returned", pence: 10 });
    expect(net.links).toContainEqual({ source: "practice", target: "practice#returned", pence: 3 });
    expect(net.links.reduce((a, l) => a + l.pence, 0)).toBe(203);
  });
});

describe("renderSankey", () => {
  it("draws one node per group with money and link widths proportional to pence", () => {
    const { svg, nodes, links } = renderSankey({
      title: "Test",
      flows: [
        { from: "icb", to: "lines", pence: 9_000 },
        { from: "lines", to: "practice", pence: 6_000 },
        { from: "lines", to: "pcn", pence: 2_000 },
        { from: "lines", to: "acute", pence: 1_000 },
        { from: "pcn", to: "staff", pence: 0 },
      ],
      label: (g) => (g === "icb" ? "ICB" : g),
    });
    expect(nodes.map((n) => n.id).sort()).toEqual(["acute", "icb", "lines", "pcn", "practice"]);
    expect((svg.match(/<g class="node"/g) ?? []).length).toBe(5);
    expect(svg).not.toContain('data-id="staff"');
    expect(links.length).toBe(4);
    expect(strokeWidth(svg, "lines", "practice") / strokeWidth(svg, "lines", "pcn")).toBeCloseTo(6_000 / 2_000, 2);
    expect(strokeWidth(svg, "icb", "lines") / strokeWidth(svg, "lines", "acute")).toBeCloseTo(9_000 / 1_000, 1);
    expect(svg).toContain('width="100%"');
    expect(svg).toMatch(/viewBox="0 0 640 \d+"/);
    expect(svg).toContain(">ICB <tspan");
  });

  it("lays out a network with cycles and draws the returned copies", () => {
    const { svg, nodes } = renderSankey({
      title: "Cycle",
      flows: [
        { from: "icb", to: "lines", pence: 100 },
        { from: "lines", to: "practice", pence: 80 },
        { from: "lines", to: "pcn", pence: 20 },
        { from: "pcn", to: "icb", pence: 5 },
        { from: "lines", to: "icb", pence: 2 },
      ],
    });
    expect(nodes.filter((n) => n.returned).map((n) => n.id)).toEqual(["icb#returned"]);
    expect(svg).toContain("icb (returned)");
  });

  it("escapes labels and says so when no money flowed", () => {
    const hostile = `<script>x</script>`;
    const { svg } = renderSankey({ title: hostile, flows: [{ from: hostile, to: "b", pence: 1 }] });
    expect(svg).not.toContain("<script");
    expect(renderSankey({ title: "Empty", flows: [] }).svg).toContain("No money flowed.");
  });
});

describe("formatQuantity and formatDifference", () => {
  it("adds £ and the scale of a money unit, and prints share differences in percentage points", () => {
    expect(formatQuantity({ unit: "£, first-year prices", format: ",.2f" }, -12.4, true)).toBe("−£12.40");
    expect(formatQuantity({ unit: "£m, cash", format: ",.0f" }, 1234.4)).toBe("£1,234m");
    expect(formatQuantity({ unit: "practices", format: ",.0f" }, 251, true)).toBe("+251");
    expect(formatDifference({ unit: "share", format: ".2%" }, 0.0125)).toBe("+1.25 pp");
    expect(formatDifference({ unit: "share of trusts", format: ".0%" }, -0.031)).toBe("−3.1 pp");
    expect(isShare({ unit: "£ per patient", format: "$,.2f" })).toBe(false);
  });
});
