/**
 * What scenario text may be, shared by reading a file (Node) and parsing text (anywhere): its largest size,
 * the control characters it may not contain, and the error that names a whole file.
 * @packageDocumentation
 */
import { ConfigError } from "@ringfence/core";

/** The largest scenario file read, in bytes (1 MiB): a scenario is a few kilobytes. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/**
 * Control characters a scenario may not contain, raw or escaped in a quoted string (YAML's non-printable
 * characters: C0 controls other than tab, line feed and carriage return, DEL, C1 controls other than NEL, and
 * the non-characters U+FFFE and U+FFFF); an escape sequence in a title could otherwise rewrite a terminal.
 */
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/** A {@link ConfigError} with one issue about a whole file. */
export function fileError(source: string, expected: string, got: string): ConfigError {
  return new ConfigError(`scenario ${source}`, [{ path: "(file)", expected, value: got, message: `(file): expected ${expected}, got ${got}` }]);
}
