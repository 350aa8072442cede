#!/usr/bin/env bash
# Sets up and runs notebooks/monte-carlo.ipynb (Deno kernel, TypeScript) headless, then checks its outputs.
#
#   npm run notebook              install what is missing, execute the notebook headless, check its outputs,
#                                 and save it back in notebooks/ with its outputs (as committed)
#   npm run notebook -- --no-save the same, leaving notebooks/ as it is
#   npm run notebook -- --open    install what is missing (and Jupyter Notebook), then open it in Jupyter
#
# What it installs when missing: the workspace's npm packages (pnpm via npx; this builds packages/*/dist and
# brings deno and @duckdb/node-api, root devDependencies), Debian's jupyter-nbconvert and nbclient (apt-get,
# as root or through sudo), and the Deno Jupyter kernelspec "deno" for this user (deno jupyter --install).
# The headless run uses a private kernelspec pointing at the project's deno, so it never depends on another
# Deno kernel a user has registered. Outputs go to results/notebook/ (ignored by git), or
# $RINGFENCE_NOTEBOOK_RESULTS. Exit status: 0 when the executed notebook holds the headline table, SVG charts
# in the project's palette and the DuckDB check; non-zero otherwise.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
NOTEBOOK="notebooks/monte-carlo.ipynb"
RESULTS="${RINGFENCE_NOTEBOOK_RESULTS:-$ROOT/results/notebook}"
OPEN=false
SAVE=true
for arg in "$@"; do
  case "$arg" in
    --open) OPEN=true ;;
    --no-save) SAVE=false ;;
    -h | --help)
      sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "notebook.sh: unknown argument $arg (expected --open, --no-save or nothing)" >&2
      exit 2
      ;;
  esac
done

say() { echo "notebook: $*" >&2; }
started=$SECONDS

# 1. The workspace's packages, compiled (the notebook imports packages/*/dist), with deno and DuckDB.
if [ ! -x node_modules/.bin/deno ] || [ ! -d node_modules/@duckdb/node-api ] || [ ! -x node_modules/.bin/tsc ]; then
  say "installing the workspace's npm packages (pnpm via npx)"
  npx -y pnpm@10.34.8 install --frozen-lockfile
fi
node_modules/.bin/tsc -b
DENO="$ROOT/node_modules/.bin/deno"
# The npm package's launcher puts the binary beside it on first use; the kernelspec points at the binary.
DENO_EXE="$("$DENO" eval --quiet 'console.log(Deno.execPath())')"
say "deno $("$DENO" --version | head -n 1 | cut -d' ' -f2) at $DENO_EXE"

# 2. Debian's Jupyter (nbconvert, nbclient, jupyter-client) when missing.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo > /dev/null; then sudo "$@"; else
    say "need root to run: $* (install the packages yourself, or run as root)"
    return 1
  fi
}
apt_install() {
  if ! command -v apt-get > /dev/null; then
    say "apt-get not found: install Jupyter's nbconvert and nbclient (Debian/Ubuntu packages: $*) another way"
    return 1
  fi
  say "installing $* (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" > /dev/null
}
# Debian's scripts run /usr/bin/python3 whatever python3 comes first on PATH (pyenv, a virtualenv...).
jupyter_bin() { if [ -x /usr/bin/jupyter ]; then echo /usr/bin/jupyter; else command -v jupyter || true; fi; }
JUPYTER="$(jupyter_bin)"
if [ -z "$JUPYTER" ] || ! "$JUPYTER" nbconvert --version > /dev/null 2>&1 || ! "$JUPYTER" execute --help > /dev/null 2>&1; then
  apt_install jupyter-core jupyter-client jupyter-nbconvert python3-nbclient
  JUPYTER="$(jupyter_bin)"
fi
say "jupyter nbconvert $("$JUPYTER" nbconvert --version 2>/dev/null)"

# 3. The Deno kernel for this user (for Jupyter, VS Code...), unless a "deno" kernelspec is there already.
if ! "$JUPYTER" kernelspec list --json 2> /dev/null | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>process.exit(JSON.parse(s).kernelspecs?.deno?0:1))'; then
  say "registering the Deno kernel (deno jupyter --install)"
  "$DENO" jupyter --install 2>&1 | grep -v 'unstable' >&2 || true
fi

if [ "$OPEN" = true ]; then
  if ! "$JUPYTER" notebook --version > /dev/null 2>&1; then apt_install jupyter-notebook; fi
  say "opening $NOTEBOOK in Jupyter Notebook (kernel: Deno); stop it with Ctrl+C"
  extra=()
  if [ "$(id -u)" = 0 ]; then extra+=(--allow-root); fi
  exec "$JUPYTER" notebook --ip=127.0.0.1 "${extra[@]}" "$NOTEBOOK"
fi

# 4. Execute headless with a private kernelspec "deno" for the project's deno (found first via JUPYTER_PATH).
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/kernels/deno" "$RESULTS"
node -e 'process.stdout.write(JSON.stringify({ argv: [process.argv[1], "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" }, null, 2))' "$DENO_EXE" > "$work/kernels/deno/kernel.json"
executed="$RESULTS/monte-carlo.executed.ipynb"
rm -f "$executed"
# Executes the notebook and checks what it shows: 0 when every check holds, 3 when outputs are missing but no
# cell raised an error and every cell ran (nbconvert has lost a cell's outputs under load), 1 otherwise.
execute_and_check() {
say "executing $NOTEBOOK headless (tables in $RESULTS/tables)"
JUPYTER_PATH="$work${JUPYTER_PATH:+:$JUPYTER_PATH}" RINGFENCE_NOTEBOOK_OUT="$RESULTS/tables" \
  "$JUPYTER" nbconvert --to notebook --execute "$NOTEBOOK" \
  --ExecutePreprocessor.kernel_name=deno --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
  --output-dir "$RESULTS" --output "$(basename "$executed")" 2>&1 | grep -v -e 'unstable and might change' >&2 || true
if [ ! -f "$executed" ]; then
  say "FAILED: nbconvert wrote no executed notebook (a cell raised an error: see above)"
  return 1
fi

# 5. Check what the executed notebook shows.
node - "$executed" << 'EOF'
const { readFileSync } = require("node:fs");
const nb = JSON.parse(readFileSync(process.argv[2], "utf8"));
const text = (v) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
const outputs = nb.cells.filter((c) => c.cell_type === "code").flatMap((c) => c.outputs ?? []);
const all = outputs.map((o) => (o.output_type === "stream" ? text(o.text) : Object.values(o.data ?? {}).map(text).join("\n")));
const errors = outputs.filter((o) => o.output_type === "error");
const checks = [
  ["no cell raised an error", errors.length === 0],
  ["every code cell ran", nb.cells.filter((c) => c.cell_type === "code").every((c) => c.execution_count !== null)],
  ["the headline table (HTML and text)", outputs.some((o) => text(o.data?.["text/html"]).includes("<table") && text(o.data?.["text/plain"]).startsWith("Headline table"))],
  ["a paired difference with its interval", all.some((t) => /vs ring-fenced/.test(t) && /iho-acute\s+£[\d.,]+\s+£[\d.,]+ to £[\d.,]+\s+[−+]£[\d.,]+\s+[−+]£[\d.,]+ to [−+]£[\d.,]+/.test(t))],
  ["at least three SVG charts (fan chart, two money-flow diagrams)", outputs.filter((o) => text(o.data?.["image/svg+xml"]).includes("<svg")).length >= 3],
  ["charts in the palette (ring-fenced black, iho-acute vermilion, practices green)", ["#000000", "#D55E00", "#117733"].every((c) => outputs.some((o) => text(o.data?.["image/svg+xml"]).toUpperCase().includes(c)))],
  ["DuckDB agreed with the summary", all.some((t) => t.includes("DuckDB agrees with the summary"))],
];
for (const [what, ok] of checks) console.error(`notebook: ${ok ? "ok  " : "FAIL"} ${what}`);
for (const e of errors) console.error(`notebook: error ${e.ename}: ${e.evalue}`);
process.exit(checks.every(([, ok]) => ok) ? 0 : errors.length === 0 && checks[1][1] ? 3 : 1);
EOF
}
set +e
execute_and_check
result=$?
if [ "$result" = 3 ]; then
  say "retrying once: some outputs are missing, but no cell raised an error and every cell ran"
  execute_and_check
  result=$?
fi
set -e
[ "$result" = 0 ] || exit 1

if [ "$SAVE" = true ]; then
  # Saved back with its outputs, so the notebook in the repository shows them (CI saves its own copy the same way).
  node -e 'const fs=require("node:fs");const nb=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));for(const c of nb.cells){if(c.metadata)delete c.metadata.execution;}fs.writeFileSync(process.argv[2],JSON.stringify(nb,null,1)+"\n")' "$executed" "$NOTEBOOK"
  say "saved $NOTEBOOK with its outputs ($(wc -c < "$NOTEBOOK") bytes)"
fi
say "done in $((SECONDS - started)) s: $executed"
