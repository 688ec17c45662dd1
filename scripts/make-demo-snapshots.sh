#!/usr/bin/env bash
# The bundled snapshot demo: the demo model's own training run (scripts/train-demo-model.sh, the same options and
# seed; recording never changes training, so its last frame is resources/demo/fmnist_cnn.onnx) recorded with
# snapshots of 10 test images (one per class): attentive response maps of both conv layers and the gradient, every
# 188 optimizer steps (5 per epoch) and at every epoch's end.
#   usage: scripts/make-demo-snapshots.sh [BUILD_DIR] [OUT.h5]
set -euo pipefail
BUILD=${1:-build}
OUT=${2:-resources/demo/snapshots/fmnist-training.h5}
DATA=/usr/share/datasets/fashion-mnist
if [ ! -f "$DATA/train-images-idx3-ubyte.gz" ]; then
  echo "make-demo-snapshots: $DATA is missing; install the Debian package dataset-fashion-mnist" >&2
  exit 1
fi
mkdir -p "$(dirname "$OUT")"
MODEL=$(mktemp --suffix=.onnx)
trap 'rm -f "$MODEL"' EXIT
"$BUILD/app/cli/lantern-cli" train --preset fmnist-cnn --data "$DATA" \
  --epochs 3 --batch-size 64 --optimizer adam --lr 1e-3 --seed 0 --threads 2 \
  --class-names "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot" \
  --snapshots "$OUT" --snapshot-every 188 --probes 10 --record attentive-response,grad \
  --out "$MODEL"
