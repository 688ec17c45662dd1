#!/usr/bin/env bash
# make demo: opens Lantern on the bundled Fashion-MNIST CNN (trained by Lantern itself, see
# resources/demo/README.md) and its 40 test images. Without a display it says how to get one.
set -euo pipefail
BUILD=${1:-build}
shift || true
APP="$BUILD/app/gui/lantern"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "demo: no display found (DISPLAY/WAYLAND_DISPLAY unset)." >&2
  echo "demo: on a desktop run '$APP --demo'; headless, a screenshot of the demo can be made with" >&2
  echo "      xvfb-run -a -s '-screen 0 1600x1000x24' $APP --demo --screenshot demo.png" >&2
  exit 1
fi
exec "$APP" --demo "$@"
