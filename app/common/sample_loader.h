#pragma once
// Samples for a model from the command line: .npy, .npz[:key], .h5[:dataset], IDX (plain or .gz), an image
// file (PNG, JPEG, BMP, ...), a folder of images, or a gridded variable of a NetCDF (or CF HDF5) file as
// FILE.nc:VAR[time=a:b,level=k] (one sample per time step, (N, 1, lat, lon) or flattened for a dense model). The result is fitted to the model input (batch added,
// single channel inserted, images converted to the model's channels, size and layout).

#include "lantern/geo/grid.h"
#include "lantern/tensor.h"

#include <memory>

#include <optional>
#include <string>
#include <vector>

namespace lantern::app {

struct Samples {
    Tensor data;                    ///< (N, ...) shaped like the model input
    std::vector<std::string> names; ///< one per sample: file name, or "file[i]"
    std::vector<std::string> notes; ///< what was done to fit them (scaling, resizing)
    /// Gridded samples: the field as read (masked cells NaN, file order, coordinates, time labels), for map views.
    /// The model's data has the masked cells as 0.
    std::shared_ptr<const geo::GeoField> field;
};

/// How images are brought to the model's input size.
enum class ResizeMode {
    Stretch, ///< scale to the input size, ignoring the aspect ratio
    Fit,     ///< scale to fit inside, keeping the aspect ratio, and pad with black
    Crop,    ///< scale to cover, keeping the aspect ratio, and crop the centre
};

/// Per-model preprocessing (stored in GUI sessions and figure sidecars).
struct SampleOptions {
    /// Multiply values by this; default: 1/255 for images and integer IDX files, 1 for arrays.
    std::optional<float> scale;
    int64_t limit = 0; ///< keep at most this many samples (0: all)
    /// Per channel, applied after scaling: (v - mean[c]) / std[c]. Empty: none; one value: every channel.
    std::vector<float> mean, std;
    bool bgr = false; ///< images: feed the colour channels in B, G, R order (Caffe-style models)
    ResizeMode resize = ResizeMode::Stretch;
};

std::string resizeModeName(ResizeMode mode);            ///< "stretch", "fit", "crop"
ResizeMode resizeModeFromName(const std::string& name); ///< throws ArgumentError

/// `layout` is Model::inputLayout ("NCHW", "NHWC", ...). Throws IoError/ShapeError naming the file.
Samples loadSamples(const std::string& spec, const Shape& modelInput, const std::string& layout,
                    const SampleOptions& options = {});

/// Labels that belong to a sample spec, found by convention: labels.txt in an image folder (one integer per
/// line, in file-name order), the matching "-labels-idx1-ubyte" file next to IDX images, or "labels"/"y" next
/// to "images"/"x" in an .npz. Empty when there is none.
std::string companionLabels(const std::string& spec);

/// Labels from .npy, IDX, .npz:key, FILE.nc:VAR, or a text/CSV file with one integer per line (CSV: the last
/// column; a header line is skipped).
std::vector<int64_t> loadLabels(const std::string& path);

} // namespace lantern::app
