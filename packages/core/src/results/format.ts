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
