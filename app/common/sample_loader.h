#pragma once
// Samples for a model from the command line: .npy, .npz[:key], .h5[:dataset], IDX (plain or .gz), an image
// file (PNG, JPEG, BMP, ...) or a folder of images. The result is fitted to the model input (batch added,
// single channel inserted, images converted to the model's channels, size and layout).

#include "lantern/tensor.h"

#include <optional>
#include <string>
#include <vector>

namespace lantern::cli {

struct Samples {
    Tensor data;                    ///< (N, ...) shaped like the model input
    std::vector<std::string> names; ///< one per sample: file name, or "file[i]"
    std::vector<std::string> notes; ///< what was done to fit them (scaling, resizing)
};

struct SampleOptions {
    /// Multiply values by this; default: 1/255 for images and integer IDX files, 1 for arrays.
    std::optional<float> scale;
    int64_t limit = 0; ///< keep at most this many samples (0: all)
};

/// `layout` is Model::inputLayout ("NCHW", "NHWC", ...). Throws IoError/ShapeError naming the file.
Samples loadSamples(const std::string& spec, const Shape& modelInput, const std::string& layout,
                    const SampleOptions& options = {});

/// Labels from .npy, IDX or a text file with one integer per line.
std::vector<int64_t> loadLabels(const std::string& path);

} // namespace lantern::cli
