/**
 * Text helpers of the report: HTML escaping and number formats (d3-format, UK locale: `$` prints `£`).
 * @packageDocumentation
 */
import { formatLocale, formatSpecifier } from "d3-format";

/** The UK number locale shared by the report tables and the chart axes (`$` in a format prints `£`). */
export const UK_NUMBER_LOCALE = {
  decimal: ".",
  thousands: ",",
  grouping: [3],
  currency: ["£", ""] as [string, string],
  minus: "−",
} as const;

const locale = formatLocale({ ...UK_NUMBER_LOCALE, grouping: [...UK_NUMBER_LOCALE.grouping] });

/**
 * Escape text for HTML element content and quoted attribute values.
 * @example
 * ```ts
 * escapeHtml(`<b title="x">&</b>`); // "&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      default:
        return "&#39;";
    }
  });
}

/** Check a d3-format specifier, naming `field` in the error if it is not one. */
export function checkFormat(format: string, field: string): void {
  try {
    formatSpecifier(format);
  } catch {
    throw new RangeError(`${field} is ${JSON.stringify(format)}; expected a d3-format specifier such as ",.2f" or ".1%"`);
  }
}

/**
 * Format a number with a d3-format specifier in the UK locale; non-finite values print as "–".
 * @example
 * ```ts
 * formatNumber("$,.2f", 1234.5); // "£1,234.50"
 * ```
 */
export function formatNumber(format: string, value: number): string {
  if (!Number.isFinite(value)) return "–";
  return locale.format(format)(value);
}

/**
 * Format a difference with an explicit sign (`+` or `−`), otherwise as {@link formatNumber}.
 * @example
 * ```ts
 * formatSigned(".1f", 2); // "+2.0"
 * ```
 */
export function formatSigned(format: string, value: number): string {
  if (!Number.isFinite(value)) return "–";
  const spec = formatSpecifier(format);
  spec.sign = "+";
  return locale.format(spec.toString())(value);
}

/** How an indicator's numbers are printed: its unit (which may carry "£", "£m" or "share") and d3 format. */
export interface QuantityFormat {
  /** Unit, such as "£, first-year prices", "£m, cash", "share" or "practices". */
  readonly unit: string;
  /** d3-format specifier of values. */
  readonly format: string;
}

/**
 * Whether an indicator is a share (a fraction of a whole): its format is a percentage or its unit starts
 * with "share". Differences of shares are printed in percentage points.
 * @example
 * ```ts
 * isShare({ unit: "share", format: ".2%" }); // true
 * ```
 */
export function isShare(q: QuantityFormat): boolean {
  const type = formatSpecifier(q.format).type;
  return type === "%" || type === "p" || /^share\b/i.test(q.unit.trim());
}

/** "£" with the scale suffix ("", "k", "m", "bn") when the unit is money and the format prints no "£" itself. */
function moneyOf(q: QuantityFormat): { prefix: string; suffix: string } | null {
  if (q.format.includes("$")) return null;
  const m = /^£(bn|m|k)?(?=$|[\s,;(])/.exec(q.unit.trim());
  return m === null ? null : { prefix: "£", suffix: m[1] ?? "" };
}

function signOf(value: number, text: string, signed: boolean): string {
  if (!/[1-9]/.test(text)) return signed ? "+" : "";
  return value < 0 ? "−" : signed ? "+" : "";
}

/**
 * Format an indicator's value in its own unit: "£" added for money units whose format lacks it ("£12.40",
 * "£1,234m"); with `signed`, a leading "+" or "−".
 * @example
 * ```ts
 * formatQuantity({ unit: "£m, cash", format: ",.0f" }, -1234.4, true); // "−£1,234m"
 * ```
 */
export function formatQuantity(q: QuantityFormat, value: number, signed = false): string {
  if (!Number.isFinite(value)) return "–";
  const money = moneyOf(q);
  if (money === null) return signed ? formatSigned(q.format, value) : formatNumber(q.format, value);
  const text = locale.format(q.format)(Math.abs(value));
  return `${signOf(value, text, signed)}${money.prefix}${text}${money.suffix}`;
}

/**
 * Format a difference of an indicator: shares in percentage points ("+1.25 pp", at the format's precision),
 * anything else as {@link formatQuantity}.
 * @example
 * ```ts
 * formatDifference({ unit: "share", format: ".2%" }, 0.0125, true); // "+1.25 pp"
 * ```
 */
export function formatDifference(q: QuantityFormat, value: number, signed = true): string {
  if (!Number.isFinite(value)) return "–";
  if (!isShare(q)) return formatQuantity(q, value, signed);
  const precision = Math.max(1, formatSpecifier(q.format).precision ?? 1);
  const text = locale.format(`.${precision}f`)(Math.abs(value * 100));
  return `${signOf(value, text, signed)}${text} pp`;
}
