#pragma once
// Internal to lantern_appcore: what loadSamples (sample_loader.cpp) and SampleStream (sample_stream.cpp) share, so
// that a sample read whole and the same sample read in a batch are fitted by the same code: which reader a spec
// names, image decoding, scaling and mean/std normalisation.

#include "common/sample_loader.h"

#include "lantern/geo/grid.h"
#include "lantern/tensor.h"

#include <string>
#include <utility>
#include <vector>

namespace lantern::app::detail {

std::string lower(std::string s);
bool isImageFile(const std::string& path);
/// IDX files are recognised by name (MNIST style "-idx3-ubyte", ".idx") or by their magic number.
bool isIdxFile(const std::string& path);
/// Splits "file.npz:key" / "file.h5:/group/ds" into (file, key) when the file part exists.
std::pair<std::string, std::string> splitKey(const std::string& spec);
/// The file name without its folder.
std::string baseName(const std::string& path);

enum class SourceKind { ImageFolder, Image, Gridded, Npy, Npz, Hdf5, Idx };

/// What a sample spec names, checked as loadSamples checks it.
struct SampleSource {
    SourceKind kind = SourceKind::Npy;
    std::string file;                ///< the file without ":key" (Gridded: see geo::parseFieldSpec(spec))
    std::string key;                 ///< Npz: the array asked for ("" when none); Hdf5: the dataset (resolved)
    std::vector<std::string> images; ///< ImageFolder, Image: the image files, in name order
};
/// Throws IoError (no such file, unknown format, a folder without images) or ArgumentError (an HDF5 file with
/// several datasets and none chosen) naming the file.
SampleSource resolveSampleSource(const std::string& spec);

struct ImageGeometry {
    int64_t channels = 1, height = -1, width = -1; ///< height/width -1: the model leaves the size free
    bool channelsLast = false;
};
/// The image geometry a model input asks for; ShapeError naming `source` when images cannot feed it.
ImageGeometry imageGeometry(const Shape& modelInput, const std::string& layout, const std::string& source);
/// The size (width, height) an image of `width` x `height` is decoded to for `g`.
std::pair<int64_t, int64_t> decodedSize(const ImageGeometry& g, int64_t width, int64_t height);
/// The note decodeImage adds for an image it resizes.
std::string resizeNote(const std::string& path, int64_t fromWidth, int64_t fromHeight, int64_t toWidth,
                       int64_t toHeight, ResizeMode mode);
/// One image as (C, H, W) or (H, W, C) values in [0, 255], resized as `options` say (a note when it is).
Tensor decodeImage(const std::string& path, const ImageGeometry& g, const SampleOptions& options,
                   std::vector<std::string>& notes);

/// Multiplies every value by `scale`.
void scaleValues(Tensor& data, float scale);
/// (v - mean[c]) / std[c] along the channel axis of the model layout (nothing without mean/std). Checks the
/// options against the data's channels (ArgumentError) even when `data` has no rows.
void normalise(Tensor& data, const std::string& layout, const SampleOptions& options, std::vector<std::string>& notes);

// The fitting of one batch, per kind of source. loadSamples fits all samples as one batch; SampleStream fits each
// batch it reads, and once a batch without rows at open to validate the options and collect the notes.

/// Array rows already fitted to the model input's shape: scaled by `scale` (noted when not 1), normalised.
void fitArrayBatch(Tensor& rows, float scale, const std::string& layout, const SampleOptions& options,
                   std::vector<std::string>& notes);
/// "file[i]"
std::string arrayName(const std::string& base, int64_t i);

/// Images files[begin, end) decoded (resize notes), stacked, scaled (default 1/255) and normalised. ShapeError when
/// an image's decoded size differs from the first's (a model input that leaves the size free).
Tensor imageBatch(const std::vector<std::string>& files, size_t begin, size_t end, const ImageGeometry& g,
                  const std::string& layout, const SampleOptions& options, std::vector<std::string>& notes);

/// Does a model of this input get each gridded field flattened to its Y*X cells (a dense model)?
bool flattensFields(const Shape& modelInput, int64_t cells);
/// The shape `steps` steps of a field of `rows` x `columns` cells take for the model: (steps, Y, X), or
/// (steps, Y*X) for a dense model, fitted to the model input (ShapeError naming `spec`).
Shape griddedShape(const Shape& modelInput, int64_t steps, int64_t rows, int64_t columns, const std::string& spec);
/// The first `steps` steps of `field` as the model sees them: masked cells 0, viewed as `fitted` (griddedShape of
/// those steps, or the batch's rows of it), scaled by options.scale, normalised.
Tensor griddedBatch(const geo::GeoField& field, int64_t steps, const Shape& fitted, const std::string& layout,
                    const SampleOptions& options);
/// The notes of gridded samples: flattening, scale, the field's own notes, masked cells (when the field's first
/// step has some), normalisation. `sampleShape`: one fitted sample.
std::vector<std::string> griddedNotes(const geo::GeoField& field, const Shape& modelInput, const Shape& sampleShape,
                                      const std::string& layout, const SampleOptions& options);
/// "file[label of step t]" ("file[t]" without a label)
std::string griddedName(const std::string& base, const geo::GeoField& field, int64_t t);

} // namespace lantern::app::detail
