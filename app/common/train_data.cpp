#include "common/train_data.h"

#include "common/sample_loader.h"
#include "lantern/error.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/npy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace lantern::app {

namespace {

namespace fs = std::filesystem;

std::string lowerExtension(const std::string& file)
{
    std::string ext = fs::path(file).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

/// "file.npz:key" / "file.h5:/ds" -> (file, key) when the part before the last colon is an existing file.
std::pair<std::string, std::string> splitKey(const std::string& spec)
{
    const auto colon = spec.rfind(':');
    std::error_code ec;
    if (colon != std::string::npos && colon > 1 && fs::is_regular_file(spec.substr(0, colon), ec))
        return {spec.substr(0, colon), spec.substr(colon + 1)};
    return {spec, {}};
}

/// "dir/name.gz" or "dir/name", whichever exists; empty when neither does.
std::string findIdx(const fs::path& dir, const std::string& name)
{
    std::error_code ec;
    for (const std::string& candidate : {name + ".gz", name})
        if (fs::is_regular_file(dir / candidate, ec))
            return (dir / candidate).string();
    return {};
}

Tensor readLabelArray(const std::string& spec)
{
    auto [file, key] = splitKey(spec);
    const std::string ext = lowerExtension(file);
    if (ext == ".npy")
        return io::readNpy(file);
    if (ext == ".npz") {
        auto arrays = io::readNpz(file);
        if (key.empty() && arrays.size() == 1)
            return arrays.begin()->second;
        auto it = arrays.find(key);
        if (it == arrays.end()) {
            std::string names;
            for (const auto& [name, t] : arrays)
                names += (names.empty() ? "" : " ") + name;
            throw ArgumentError(file + ": choose the labels array as " + file + ":NAME (" + names + ")");
        }
        return it->second;
    }
    if (ext == ".h5" || ext == ".hdf5" || ext == ".he5") {
        if (key.empty()) {
            auto names = io::listHdf5Datasets(file);
            if (names.size() != 1) {
                std::string list;
                for (const auto& n : names)
                    list += (list.empty() ? "" : " ") + n;
                throw ArgumentError(file + ": choose the labels dataset as " + file + ":/NAME (" + list + ")");
            }
            key = names.front();
        }
        return io::readHdf5Dataset(file, key);
    }
    const std::vector<int64_t> labels = app::loadLabels(spec); // IDX or text
    Tensor t({static_cast<int64_t>(labels.size())});
    for (size_t i = 0; i < labels.size(); ++i)
        t.data()[i] = static_cast<float>(labels[i]);
    return t;
}

/// The one factor for integer pixel data: 1/255 when every value is a whole number in 0..255 and some exceed 1.
bool looksLikePixels(const Tensor& t)
{
    float maximum = 0;
    for (float v : t.values()) {
        if (v < 0 || v > 255 || v != std::floor(v))
            return false;
        maximum = std::max(maximum, v);
    }
    return maximum > 1;
}

Dataset loadPair(const std::string& images, const std::string& labels, const Shape& modelInput,
                 const std::string& layout, int64_t limit, std::optional<float>& scale, std::vector<std::string>& notes)
{
    const bool decided = scale.has_value(); // given by --scale, or by the training set for the test set
    app::SampleOptions so;
    so.scale = scale.value_or(1.f);
    so.limit = limit;
    app::Samples samples = app::loadSamples(images, modelInput, layout, so);
    for (const auto& n : samples.notes)
        notes.push_back(images + ": " + n);
    if (!decided) {
        scale = looksLikePixels(samples.data) ? 1.f / 255.f : 1.f;
        if (*scale != 1.f) {
            for (float& v : samples.data.values())
                v *= *scale;
            notes.push_back(images + ": integer pixel values 0..255 scaled by 1/255 (override with --scale)");
        }
    }
    const int64_t n = samples.data.dim(0);
    const std::vector<int64_t> y = loadClassLabels(labels);
    if (static_cast<int64_t>(y.size()) < n)
        throw ArgumentError(labels + ": " + std::to_string(y.size()) + " labels for " + std::to_string(n) +
                            " samples in " + images);
    if (static_cast<int64_t>(y.size()) > n && limit == 0)
        throw ArgumentError(labels + ": " + std::to_string(y.size()) + " labels for " + std::to_string(n) +
                            " samples in " + images + " (give as many labels as samples)");
    Tensor targets({n});
    for (int64_t i = 0; i < n; ++i)
        targets.data()[i] = static_cast<float>(y[static_cast<size_t>(i)]);
    return {samples.data, targets};
}

} // namespace

TrainDataFiles resolveDataDir(const std::string& dir, const TrainDataFiles& explicitFiles)
{
    TrainDataFiles f = explicitFiles;
    if (dir.empty())
        return f;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw ArgumentError("--data " + dir + ": not a folder");
    const fs::path d(dir);
    auto pick = [&](std::string& slot, const std::string& name, bool required) {
        if (!slot.empty())
            return;
        slot = findIdx(d, name);
        if (slot.empty() && required)
            throw ArgumentError("--data " + dir + ": no " + name + "[.gz] in the folder (MNIST-style IDX names)");
    };
    pick(f.trainImages, "train-images-idx3-ubyte", true);
    pick(f.trainLabels, "train-labels-idx1-ubyte", true);
    pick(f.testImages, "t10k-images-idx3-ubyte", false);
    pick(f.testLabels, "t10k-labels-idx1-ubyte", false);
    return f;
}

std::vector<int64_t> loadClassLabels(const std::string& spec)
{
    Tensor t = readLabelArray(spec);
    std::vector<int64_t> labels;
    if (t.rank() == 2 && t.dim(1) > 1) { // one-hot or scores: argmax per row
        labels.reserve(static_cast<size_t>(t.dim(0)));
        for (int64_t i = 0; i < t.dim(0); ++i) {
            const float* row = t.data() + i * t.dim(1);
            labels.push_back(std::max_element(row, row + t.dim(1)) - row);
        }
        return labels;
    }
    if (t.rank() == 0 || (t.rank() == 2 && t.dim(1) != 1) || t.rank() > 2)
        throw ShapeError(spec + ": labels must be (N) class indices or (N, C) one-hot rows, got " +
                         shapeToString(t.shape()));
    labels.reserve(static_cast<size_t>(t.size()));
    for (int64_t i = 0; i < t.size(); ++i) {
        const float v = t.data()[i];
        if (v < 0 || v != std::floor(v))
            throw ArgumentError(spec + ": label " + std::to_string(v) + " at index " + std::to_string(i) +
                                " is not a class index (a whole number >= 0)");
        labels.push_back(static_cast<int64_t>(v));
    }
    return labels;
}

TrainData loadTrainData(const TrainDataFiles& files, const Shape& modelInput, const std::string& layout,
                        const TrainDataOptions& options)
{
    TrainData d;
    TrainDataFiles f = files;
    // labels that come with the samples (a labels variable of a NetCDF file, labels.txt in an image folder, ...)
    for (auto [images, labels] : {std::pair{&f.trainImages, &f.trainLabels}, std::pair{&f.testImages, &f.testLabels}})
        if (!images->empty() && labels->empty()) {
            *labels = app::companionLabels(*images);
            if (!labels->empty())
                d.notes.push_back(*images + ": labels from " + *labels);
        }
    if (f.trainImages.empty() || f.trainLabels.empty())
        throw ArgumentError("give --data DIR (MNIST-style IDX files) or --train-images and --train-labels");
    if (f.testImages.empty() != f.testLabels.empty())
        throw ArgumentError(f.testImages.empty() ? "--test-labels needs --test-images"
                                                 : "--test-images needs --test-labels");
    std::optional<float> scale = options.scale;
    d.train = loadPair(f.trainImages, f.trainLabels, modelInput, layout, options.trainLimit, scale, d.notes);
    if (!f.testImages.empty())
        d.test = loadPair(f.testImages, f.testLabels, modelInput, layout, options.testLimit, scale, d.notes);
    d.scale = scale.value_or(1.f);
    return d;
}

} // namespace lantern::app
