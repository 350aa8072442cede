/**
 * Reading a scenario file's text safely: a regular file only (no device, FIFO or directory, even through a
 * symlink), at most {@link MAX_SCENARIO_BYTES}, UTF-8 only (a byte-order mark tolerated), no binary data.
 * @packageDocumentation
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { ConfigError, describeValue } from "@ringfence/core";
import { CONTROL, fileError, MAX_SCENARIO_BYTES } from "./text-rules.js";

export { CONTROL, fileError, MAX_SCENARIO_BYTES } from "./text-rules.js";

/** What kind of file system entry a stat describes, in words. */
function entryKind(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "something that is not a regular file";
}

/**
 * Reads a scenario file as text: refuses anything but a regular file of at most {@link MAX_SCENARIO_BYTES},
 * UTF-16 or other non-UTF-8 text and binary data, with an error naming the file and what was found.
 * @remarks The file is opened without blocking and checked with `fstat` on the open descriptor, so a FIFO
 * cannot hang the read and a symlink swapped between check and read changes nothing.
 */
export function readScenarioText(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "ELOOP" ? "a symlink loop" : (code ?? "unreadable");
    throw fileError(path, "a readable .yaml, .yml or .json file", `${describeValue(path)} (${why})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fileError(path, "a regular file", entryKind(stat));
    if (stat.size > MAX_SCENARIO_BYTES) throw fileError(path, `at most ${MAX_SCENARIO_BYTES} bytes`, `${stat.size} bytes`);
    // Read one byte more than allowed, in case the file grew after fstat.
    const buffer = Buffer.alloc(Math.min(MAX_SCENARIO_BYTES + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > MAX_SCENARIO_BYTES) throw fileError(path, `at most ${MAX_SCENARIO_BYTES} bytes`, "a file that kept growing");
    return decodeScenarioBytes(buffer.subarray(0, length), path);
  } finally {
    closeSync(fd);
  }
}

/** Decodes a scenario file's bytes as UTF-8, dropping a byte-order mark; refuses UTF-16, invalid UTF-8 and binary data. */
export function decodeScenarioBytes(bytes: Uint8Array, source: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw fileError(source, "UTF-8 text", "UTF-16 text (save the file as UTF-8)");
  if (bytes.includes(0)) throw fileError(source, "text", "binary data (a NUL byte)");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw fileError(source, "UTF-8 text", "bytes that are not valid UTF-8");
  }
  const control = CONTROL.exec(text);
  if (control !== null) {
    const line = text.slice(0, control.index).split("\n").length;
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    throw fileError(source, "text without control characters", `the control character U+${code} at line ${line}`);
  }
  return text;
}
