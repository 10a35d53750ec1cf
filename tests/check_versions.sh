#!/usr/bin/env bash
# One version everywhere: the workspace, pyproject.toml and package.json must agree.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo_version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
status=0
check() {
  if [ -f "$1" ]; then
    found=$(sed -n "$2" "$1" | head -n 1)
    if [ "$found" != "$cargo_version" ]; then
      echo "version drift: $1 says '$found', Cargo.toml says '$cargo_version'" >&2
      status=1
    fi
  fi
}
check pyproject.toml 's/^version = "\(.*\)"/\1/p'
check package.json 's/^  "version": "\(.*\)",/\1/p'
check bindings-node/package.json 's/^  "version": "\(.*\)",/\1/p'
[ $status -eq 0 ] && echo "versions agree: $cargo_version"
exit $status
