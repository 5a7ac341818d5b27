#!/usr/bin/env bash
# Front-end assets from npm (NL Design System CSS), copied into static/vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f static/vendor/.installed ] && [ static/vendor/.installed -nt package.json ]; then exit 0; fi
if [ ! -f package.json ]; then exit 0; fi
npm install --no-audit --no-fund --silent
mkdir -p static/vendor
if [ -d node_modules/@utrecht/component-library-css/dist ]; then
  cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht-components.css
fi
if [ -f node_modules/axe-core/axe.min.js ]; then
  cp node_modules/axe-core/axe.min.js static/vendor/axe.min.js
fi
touch static/vendor/.installed
