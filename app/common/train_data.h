#pragma once
// Training data for `lantern-cli train`: image/label pairs from IDX (plain or .gz), .npy, .npz:KEY or
// .h5:/DATASET files (a folder of images works too), fitted to the model input. Integer pixel data (all values
// whole numbers in 0..255) is scaled by 1/255 unless a scale is given; the test set gets the training set's scale.

#include "lantern/tensor.h"
#include "lantern/training/trainer.h"

#include <optional>
#include <string>
#include <vector>

namespace lantern::app {

struct TrainDataFiles {
    std::string trainImages, trainLabels, testImages, testLabels;
};

/// The MNIST-style file names in `dir` (train-/t10k- images-idx3-ubyte / labels-idx1-ubyte, gzip or not), with
/// any file given explicitly in `explicitFiles` taking precedence. The training pair must exist; the test pair is
/// used when both files exist. Throws ArgumentError naming --data and the missing file.
TrainDataFiles resolveDataDir(const std::string& dir, const TrainDataFiles& explicitFiles);

struct TrainDataOptions {
    std::optional<float> scale; ///< --scale; default: 1/255 for integer pixel data, otherwise 1
    int64_t trainLimit = 0, testLimit = 0;
};

struct TrainData {
    Dataset train;
    std::optional<Dataset> test;
    float scale = 1.f;              ///< the factor applied to both sets
    std::vector<std::string> notes; ///< what was done (scaling, one-hot labels, fitting)
};

/// Loads the sets for a model input (`modelInput` as Graph::inputShape, `layout` as Model::inputLayout).
/// Labels are class indices (one per sample; one-hot (N, C) arrays are reduced with argmax). Throws
/// IoError/ShapeError/ArgumentError naming the file.
TrainData loadTrainData(const TrainDataFiles& files, const Shape& modelInput, const std::string& layout,
                        const TrainDataOptions& options);

/// Class-index labels from IDX, .npy, .npz[:KEY], .h5[:/DATASET] or a text file (one integer per line).
std::vector<int64_t> loadClassLabels(const std::string& spec);

} // namespace lantern::app
