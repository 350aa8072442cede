#!/usr/bin/env node
// The `ringfence` command: runs the compiled CLI (built when the workspace is installed: `prepare` runs tsc -b).
await import("../dist/cli/ringfence.js");
