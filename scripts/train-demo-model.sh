#!/usr/bin/env bash
# Trains the demo model bundled in resources/demo/fmnist_cnn.onnx: the fmnist-cnn preset on Debian's
# dataset-fashion-mnist (60,000 training images; the 10,000 t10k images report the test accuracy after every
# epoch), 3 epochs of Adam, seed 0, 2 threads (the result depends on the thread count only through float
# summation order). The ONNX file outputs the 10 logits and carries the class names in its metadata
# (lantern.class_names). The bundled samples come from scripts/make-demo-samples.py.
#   usage: scripts/train-demo-model.sh [BUILD_DIR] [OUT.onnx]
set -euo pipefail
BUILD=${1:-build}
OUT=${2:-resources/demo/fmnist_cnn.onnx}
DATA=/usr/share/datasets/fashion-mnist
if [ ! -f "$DATA/train-images-idx3-ubyte.gz" ]; then
  echo "train-demo-model: $DATA is missing; install the Debian package dataset-fashion-mnist" >&2
  exit 1
fi
exec "$BUILD/app/cli/lantern-cli" train --preset fmnist-cnn --data "$DATA" \
  --epochs 3 --batch-size 64 --optimizer adam --lr 1e-3 --seed 0 --threads 2 \
  --class-names "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot" \
  --out "$OUT"
