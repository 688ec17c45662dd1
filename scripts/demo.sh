#!/usr/bin/env bash
# make demo (until the GUI lands): trains the bundled Fashion-MNIST CNN architecture with lantern-cli on
# Debian's dataset-fashion-mnist (60,000 images, 2 epochs of Adam, as the shared reference model was made)
# and reports the test accuracy after each epoch.
set -euo pipefail
BUILD=${1:-build}
DATA=/usr/share/datasets/fashion-mnist
if [ ! -f "$DATA/train-images-idx3-ubyte.gz" ]; then
  echo "demo: $DATA is missing; run 'make deps' (package dataset-fashion-mnist)" >&2
  exit 1
fi
"$BUILD/app/cli/lantern-cli" info
exec "$BUILD/app/cli/lantern-cli" train --preset fmnist-cnn --data "$DATA" --epochs 2 \
  --batch-size 64 --optimizer adam --lr 1e-3 --seed 0 --out "$BUILD/fmnist-demo.npz"
