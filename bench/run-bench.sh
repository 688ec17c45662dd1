#!/usr/bin/env bash
# make bench: times Lantern and the PyTorch reference in the same run on the same machine and prints ratios.
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${LANTERN_SHARED_DATA:-$ROOT/../shared/data}
PY=/usr/bin/python3
OUT=$BUILD/bench-ref
mkdir -p "$OUT"
if [ ! -f "$SHARED/torch/torch_reference_bench.py" ]; then
  echo "bench: $SHARED/torch not found; set LANTERN_SHARED_DATA" >&2
  exit 1
fi
export OMP_NUM_THREADS=2
echo "== PyTorch reference outputs (float64)"
$PY "$ROOT/bench/torch_outputs.py" "$SHARED/torch" "$OUT"
echo "== PyTorch timings (2 threads)"
$PY "$SHARED/torch/torch_reference_bench.py" | tee "$OUT/torch_times.txt"
echo "== Lantern timings (2 threads)"
"$BUILD/bench/lantern_bench" --shared "$SHARED" --ref "$OUT" --torch-times "$OUT/torch_times.txt"
echo "== Explanation methods (2 threads)"
"$BUILD/bench/explain_bench" --shared "$SHARED" --ref "$OUT" --torch-times "$OUT/torch_times.txt"
echo "== Diffraction fingerprints (2 threads)"
NUMPY_RATE=$($PY "$ROOT/bench/fingerprint_numpy.py" | awk '/numpy_fingerprints_per_second/ {print $2}')
"$BUILD/bench/materials_bench" --numpy-rate "$NUMPY_RATE" --model "$ROOT/resources/demo/materials/model.onnx"
echo "== Map and globe views (Xvfb 1600x1000, Mesa software rendering)"
xvfb-run -a -s '-screen 0 1600x1000x24' "$BUILD/bench/geo_bench" "$ROOT/resources/demo/enso"
# training-time snapshots: both always run; a missed target fails `make bench` after the report is complete
FMNIST=${LANTERN_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
status=0
echo "== Training-time snapshots: recording overhead (fmnist-cnn, 2 threads)"
"$BUILD/bench/snapshot_record_bench" --data "$FMNIST" || status=1
echo "== Training-time snapshots: scrubbing a 200-epoch store (Qt offscreen)"
QT_QPA_PLATFORM=offscreen "$BUILD/bench/snapshot_scrub_bench" --data "$FMNIST" || status=1
echo "== Batch jobs: peak memory streaming 100,000 samples, 1 vs 2 MPI ranks"
"$BUILD/bench/batch_job_bench" --cli "$BUILD/app/cli/lantern-cli" --shared "$SHARED" --dir "$BUILD/bench-batch" || status=1
exit $status
