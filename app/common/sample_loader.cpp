#include "common/sample_loader.h"

#include "lantern/data/input_fit.h"
#include "lantern/error.h"
#include "lantern/geo/netcdf.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace lantern::app {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool isImageFile(const std::string& path)
{
    static const std::set<std::string> extensions = {"png", "jpg", "jpeg", "bmp",  "gif", "pgm",
                                                     "ppm", "pbm", "tif",  "tiff", "webp"};
    return extensions.count(lower(QFileInfo(QString::fromStdString(path)).suffix().toStdString())) != 0;
}

/// IDX files are recognised by name (MNIST style "-idx3-ubyte", ".idx") or by their magic number.
bool isIdxFile(const std::string& path)
{
    const std::string l = lower(path);
    if (l.find("-idx") != std::string::npos || l.find(".idx") != std::string::npos ||
        l.find("-ubyte") != std::string::npos)
        return true;
    std::ifstream in(path, std::ios::binary);
    unsigned char magic[4] = {};
    if (!in.read(reinterpret_cast<char*>(magic), 4))
        return false;
    return magic[0] == 0 && magic[1] == 0 &&
           (magic[2] == 0x08 || magic[2] == 0x09 || magic[2] == 0x0B || magic[2] == 0x0C || magic[2] == 0x0D ||
            magic[2] == 0x0E) &&
           magic[3] >= 1 && magic[3] <= 5;
}

/// Splits "file.npz:key" / "file.h5:/group/ds" into (file, key) when the file part exists.
std::pair<std::string, std::string> splitKey(const std::string& spec)
{
    const auto colon = spec.rfind(':');
    if (colon != std::string::npos && colon > 1 && QFileInfo::exists(QString::fromStdString(spec.substr(0, colon))))
        return {spec.substr(0, colon), spec.substr(colon + 1)};
    return {spec, {}};
}

struct ImageGeometry {
    int64_t channels = 1, height = -1, width = -1;
    bool channelsLast = false;
};

ImageGeometry geometryOf(const Shape& modelInput, const std::string& layout, const std::string& source)
{
    if (modelInput.size() != 4)
        throw ShapeError(source +
                         ": images need a model with a 4-D input (N, C, H, W) or (N, H, W, C); this one "
                         "expects " +
                         data::modelShapeToString(modelInput));
    ImageGeometry g;
    g.channelsLast = layout == "NHWC";
    g.channels = g.channelsLast ? modelInput[3] : modelInput[1];
    g.height = g.channelsLast ? modelInput[1] : modelInput[2];
    g.width = g.channelsLast ? modelInput[2] : modelInput[3];
    if (g.channels != 1 && g.channels != 3)
        throw ShapeError(source + ": images can feed models with 1 or 3 input channels; this one has " +
                         std::to_string(g.channels));
    return g;
}

QImage resized(const QImage& image, int w, int h, ResizeMode mode)
{
    if (mode == ResizeMode::Stretch)
        return image.scaled(w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QImage scaled = image.scaled(
        w, h, mode == ResizeMode::Fit ? Qt::KeepAspectRatio : Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    QImage out(w, h, QImage::Format_RGB32);
    out.fill(Qt::black);
    const int dx = (w - scaled.width()) / 2, dy = (h - scaled.height()) / 2;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int sx = x - dx, sy = y - dy;
            if (sx >= 0 && sy >= 0 && sx < scaled.width() && sy < scaled.height())
                out.setPixel(x, y, scaled.pixel(sx, sy));
        }
    return out;
}

/// One image as (C, H, W) or (H, W, C) values in [0, 255].
Tensor decodeImage(const std::string& path, const ImageGeometry& g, const SampleOptions& options,
                   std::vector<std::string>& notes)
{
    QImageReader reader(QString::fromStdString(path));
    QImage image = reader.read();
    if (image.isNull())
        throw IoError(path + ": cannot read image: " + reader.errorString().toStdString());
    const int64_t h = g.height > 0 ? g.height : image.height();
    const int64_t w = g.width > 0 ? g.width : image.width();
    if (image.width() != w || image.height() != h) {
        notes.push_back(path + ": resized (" + resizeModeName(options.resize) + ") from " +
                        std::to_string(image.width()) + "x" + std::to_string(image.height()) + " to " +
                        std::to_string(w) + "x" + std::to_string(h));
        image = resized(image, static_cast<int>(w), static_cast<int>(h), options.resize);
    }
    image = image.convertToFormat(g.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    Tensor t = g.channelsLast ? Tensor({h, w, g.channels}) : Tensor({g.channels, h, w});
    float* out = t.data();
    for (int64_t y = 0; y < h; ++y) {
        const uchar* row = image.constScanLine(static_cast<int>(y));
        for (int64_t x = 0; x < w; ++x)
            for (int64_t c = 0; c < g.channels; ++c) {
                const int64_t sc = options.bgr && g.channels == 3 ? 2 - c : c;
                const float v = row[x * g.channels + sc];
                if (g.channelsLast)
                    out[(y * w + x) * g.channels + c] = v;
                else
                    out[(c * h + y) * w + x] = v;
            }
    }
    return t;
}

/// (v - mean[c]) / std[c] along the channel axis of the model layout.
void normalise(Tensor& data, const std::string& layout, const SampleOptions& options, std::vector<std::string>& notes)
{
    if (options.mean.empty() && options.std.empty())
        return;
    if (data.rank() < 2)
        throw ShapeError("mean/std normalisation needs samples with a channel axis, got " +
                         shapeToString(data.shape()));
    const bool last = layout == "NHWC" || layout == "NWC";
    const int axis = last ? data.rank() - 1 : 1;
    const int64_t channels = data.dim(axis);
    auto perChannel = [&](const std::vector<float>& v, float fallback, const char* what) {
        if (v.empty())
            return std::vector<float>(static_cast<size_t>(channels), fallback);
        if (v.size() == 1)
            return std::vector<float>(static_cast<size_t>(channels), v.front());
        if (static_cast<int64_t>(v.size()) != channels)
            throw ArgumentError(std::string(what) + " has " + std::to_string(v.size()) +
                                " values but the model input has " + std::to_string(channels) + " channels");
        return v;
    };
    const auto mean = perChannel(options.mean, 0.f, "mean");
    const auto sd = perChannel(options.std, 1.f, "std");
    for (float s : sd)
        if (!(s > 0))
            throw ArgumentError("std values must be positive");
    int64_t inner = 1;
    for (int d = axis + 1; d < data.rank(); ++d)
        inner *= data.dim(d);
    float* p = data.data();
    for (int64_t i = 0; i < data.size(); ++i) {
        const auto c = static_cast<size_t>((i / inner) % channels);
        p[i] = (p[i] - mean[c]) / sd[c];
    }
    notes.push_back("normalised per channel with mean/std");
}

Samples loadImages(const std::vector<std::string>& files, const Shape& modelInput, const std::string& layout,
                   const std::string& source, const SampleOptions& options)
{
    const ImageGeometry g = geometryOf(modelInput, layout, source);
    Samples s;
    std::vector<Tensor> images;
    const size_t n =
        options.limit > 0 ? std::min<size_t>(files.size(), static_cast<size_t>(options.limit)) : files.size();
    for (size_t i = 0; i < n; ++i) {
        images.push_back(decodeImage(files[i], g, options, s.notes));
        if (images.back().shape() != images.front().shape())
            throw ShapeError(files[i] + ": image size differs from " + files.front() +
                             " (the model input leaves the size free; give images of one size)");
        s.names.push_back(QFileInfo(QString::fromStdString(files[i])).fileName().toStdString());
    }
    Shape shape{static_cast<int64_t>(images.size())};
    for (auto d : images.front().shape())
        shape.push_back(d);
    s.data = Tensor(shape);
    const int64_t per = images.front().size();
    for (size_t i = 0; i < images.size(); ++i)
        std::copy_n(images[i].data(), per, s.data.data() + static_cast<int64_t>(i) * per);
    const float scale = options.scale.value_or(1.f / 255.f);
    for (float& v : s.data.values())
        v *= scale;
    normalise(s.data, layout, options, s.notes);
    return s;
}

/// The variable of an HDF5 spec when it names a field on a latitude/longitude grid (read through netCDF-4).
bool isGriddedHdf5(const std::string& file, const std::string& key)
{
    if (key.empty())
        return false;
    const std::string name = key.front() == '/' ? key.substr(1) : key;
    try {
        for (const auto& v : geo::listVariables(file))
            if (v.name == name)
                return v.gridded;
    } catch (const Error&) {
        // not readable by netCDF-4: an ordinary HDF5 dataset
    }
    return false;
}

Samples loadGridded(const std::string& spec, const Shape& modelInput, const std::string& layout,
                    const SampleOptions& options)
{
    geo::FieldSpec fs = geo::parseFieldSpec(spec);
    if (!fs.request.variable.empty() && fs.request.variable.front() == '/')
        fs.request.variable.erase(0, 1);
    auto field = std::make_shared<geo::GeoField>(geo::readField(fs));
    int64_t steps = field->steps();
    if (options.limit > 0 && steps > options.limit)
        steps = options.limit;
    const int64_t cells = field->rows() * field->columns();
    Tensor raw = Tensor::uninitialized({steps, field->rows(), field->columns()});
    for (int64_t t = 0; t < steps; ++t) {
        const std::vector<float> v = geo::modelValues(*field, t);
        std::copy(v.begin(), v.end(), raw.data() + t * cells);
    }
    Samples s;
    // a dense model whose input is a vector gets the field flattened in the file's order
    if (modelInput.size() == 2 && (modelInput[1] == cells || modelInput[1] < 0)) {
        raw = raw.reshaped({steps, cells});
        s.notes.push_back("each field flattened to " + std::to_string(cells) + " values in the file's order");
    }
    s.data = data::fitToModelInput(raw, modelInput, spec).clone();
    if (options.scale && *options.scale != 1.f) {
        for (float& v : s.data.values())
            v *= *options.scale;
        s.notes.push_back("values scaled by " + std::to_string(*options.scale));
    }
    const std::string base = QFileInfo(QString::fromStdString(fs.path)).fileName().toStdString();
    for (int64_t t = 0; t < steps; ++t)
        s.names.push_back(base + "[" +
                          (t < int64_t(field->timeLabels.size()) ? field->timeLabels[size_t(t)] : std::to_string(t)) +
                          "]");
    for (const auto& n : field->notes)
        s.notes.push_back(n);
    int64_t masked = 0;
    for (int64_t i = 0; i < cells; ++i)
        masked += std::isnan(field->values[i]);
    if (masked)
        s.notes.push_back("masked cells are 0 for the model");
    normalise(s.data, layout, options, s.notes);
    s.field = std::move(field);
    return s;
}

} // namespace

std::string resizeModeName(ResizeMode mode)
{
    switch (mode) {
    case ResizeMode::Fit:
        return "fit";
    case ResizeMode::Crop:
        return "crop";
    case ResizeMode::Stretch:
        break;
    }
    return "stretch";
}

ResizeMode resizeModeFromName(const std::string& name)
{
    if (name == "stretch")
        return ResizeMode::Stretch;
    if (name == "fit")
        return ResizeMode::Fit;
    if (name == "crop")
        return ResizeMode::Crop;
    throw ArgumentError("unknown resize mode '" + name + "' (stretch, fit or crop)");
}

Samples loadSamples(const std::string& spec, const Shape& modelInput, const std::string& layout,
                    const SampleOptions& options)
{
    const QFileInfo info(QString::fromStdString(spec));
    if (info.isDir()) {
        QStringList entries = QDir(info.absoluteFilePath()).entryList(QDir::Files, QDir::Name);
        std::vector<std::string> files;
        for (const auto& e : entries) {
            const std::string file = (info.absoluteFilePath() + "/" + e).toStdString();
            if (isImageFile(file))
                files.push_back(file);
        }
        if (files.empty())
            throw IoError(spec + ": the folder contains no image files (PNG, JPEG, BMP, ...)");
        return loadImages(files, modelInput, layout, spec, options);
    }
    if (isImageFile(spec))
        return loadImages({spec}, modelInput, layout, spec, options);
    if (geo::looksLikeNetcdf(spec) ||
        (spec.find('[') != std::string::npos && geo::parseFieldSpec(spec).path != spec))
        return loadGridded(spec, modelInput, layout, options);

    auto [file, key] = splitKey(spec);
    if (!QFileInfo::exists(QString::fromStdString(file)))
        throw IoError(file + ": no such file");
    const std::string ext = lower(QFileInfo(QString::fromStdString(file)).suffix().toStdString());
    Tensor raw;
    float defaultScale = 1.f;
    if (ext == "npy") {
        raw = io::readNpy(file);
    } else if (ext == "npz") {
        auto arrays = io::readNpz(file);
        if (arrays.empty())
            throw IoError(file + ": the archive holds no arrays");
        if (key.empty() && arrays.size() > 1) {
            std::string names;
            for (const auto& [name, t] : arrays)
                names += " " + name;
            throw ArgumentError(file + ": the archive holds several arrays; choose one as " + file + ":NAME (" +
                                names.substr(1) + ")");
        }
        auto it = key.empty() ? arrays.begin() : arrays.find(key);
        if (it == arrays.end())
            throw ArgumentError(file + ": no array named '" + key + "'");
        raw = it->second;
    } else if (ext == "h5" || ext == "hdf5" || ext == "he5") {
        if (isGriddedHdf5(file, key))
            return loadGridded(spec, modelInput, layout, options);
        if (key.empty()) {
            auto names = io::listHdf5Datasets(file);
            if (names.size() != 1) {
                std::string list;
                for (const auto& n : names)
                    list += " " + n;
                throw ArgumentError(file + ": choose a dataset as " + file + ":/NAME (" +
                                    (list.empty() ? std::string(" none") : list).substr(1) + ")");
            }
            key = names.front();
        }
        raw = io::readHdf5Dataset(file, key);
    } else if (isIdxFile(file)) {
        raw = io::readIdx(file);
        // integer IDX images are 0..255 pixels
        bool integral = std::all_of(raw.values().begin(), raw.values().end(),
                                    [](float v) { return v == std::floor(v) && v >= 0 && v <= 255; });
        if (integral)
            defaultScale = 1.f / 255.f;
    } else {
        throw IoError(file + ": unknown sample format (use .npy, .npz, .h5, IDX, an image or a folder of images)");
    }
    Samples s;
    Tensor fitted = data::fitToModelInput(raw, modelInput, spec);
    if (options.limit > 0 && fitted.dim(0) > options.limit)
        fitted = fitted.slice(0, options.limit);
    s.data = fitted.clone();
    const float scale = options.scale.value_or(defaultScale);
    if (scale != 1.f) {
        for (float& v : s.data.values())
            v *= scale;
        s.notes.push_back("values scaled by " + std::to_string(scale));
    }
    const std::string base = QFileInfo(QString::fromStdString(file)).fileName().toStdString();
    for (int64_t i = 0; i < s.data.dim(0); ++i)
        s.names.push_back(base + "[" + std::to_string(i) + "]");
    normalise(s.data, layout, options, s.notes);
    return s;
}

std::string companionLabels(const std::string& spec)
{
    if (geo::looksLikeNetcdf(spec)) {
        // a 1-D variable named like labels in the same file
        const geo::FieldSpec fs = geo::parseFieldSpec(spec);
        const std::string& path = fs.path;
        // the same time steps as the samples
        std::string range;
        if (fs.request.timeBegin != 0 || fs.request.timeEnd >= 0)
            range = "[time=" + std::to_string(fs.request.timeBegin) + ":" +
                    (fs.request.timeEnd >= 0 ? std::to_string(fs.request.timeEnd) : std::string()) + "]";
        try {
            for (const auto& v : geo::listVariables(path))
                for (const char* name : {"label", "labels", "class", "y"})
                    if (v.name == name && v.shape.size() == 1)
                        return path + ":" + v.name + range;
        } catch (const Error&) {
        }
        return {};
    }
    const QFileInfo info(QString::fromStdString(spec));
    if (info.isDir()) {
        const QString labels = QDir(info.absoluteFilePath()).filePath(QStringLiteral("labels.txt"));
        return QFileInfo::exists(labels) ? labels.toStdString() : std::string();
    }
    auto [file, key] = splitKey(spec);
    const QFileInfo fileInfo(QString::fromStdString(file));
    const std::string name = fileInfo.fileName().toStdString();
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"-images-idx3-ubyte", "-labels-idx1-ubyte"},
                                   {"-images.idx3-ubyte", "-labels.idx1-ubyte"}}) {
        const auto pos = name.find(from);
        if (pos == std::string::npos)
            continue;
        const std::string candidate =
            fileInfo.dir()
                .filePath(QString::fromStdString(name.substr(0, pos) + to + name.substr(pos + from.size())))
                .toStdString();
        if (QFileInfo::exists(QString::fromStdString(candidate)))
            return candidate;
    }
    if (lower(fileInfo.suffix().toStdString()) == "npz" && (key == "x" || key == "images" || key.empty())) {
        try {
            const auto arrays = io::readNpz(file);
            for (const char* k : {"labels", "y"})
                if (arrays.count(k))
                    return file + ":" + k;
        } catch (const Error&) {
            return {};
        }
    }
    return {};
}

std::vector<int64_t> loadLabels(const std::string& spec)
{
    Tensor t;
    auto [path, key] = splitKey(spec);
    const std::string ext = lower(QFileInfo(QString::fromStdString(path)).suffix().toStdString());
    if (geo::looksLikeNetcdf(spec)) {
        const geo::FieldSpec fs = geo::parseFieldSpec(spec);
        if (fs.request.variable.empty())
            throw ArgumentError(spec + ": name the labels variable as FILE.nc:VAR");
        std::vector<double> values = geo::readValues(fs.path, fs.request.variable);
        // FILE.nc:VAR[time=a:b]: the labels of those steps
        const int64_t n = int64_t(values.size());
        const int64_t b = fs.request.timeBegin, e = fs.request.timeEnd < 0 ? n : fs.request.timeEnd;
        if (b < 0 || b >= n || e > n || e <= b)
            throw IoError(spec + ": time=" + std::to_string(b) + ":" + std::to_string(e) + " is outside the " +
                          std::to_string(n) + " values of '" + fs.request.variable + "'");
        values = std::vector<double>(values.begin() + b, values.begin() + e);
        t = Tensor::uninitialized({int64_t(values.size())});
        for (size_t i = 0; i < values.size(); ++i)
            t[int64_t(i)] = static_cast<float>(values[i]);
    } else if (ext == "npz") {
        const auto arrays = io::readNpz(path);
        auto it = arrays.find(key);
        if (it == arrays.end())
            throw ArgumentError(path + ": no array named '" + key + "' for labels (give FILE.npz:NAME)");
        t = it->second;
    } else if (ext == "npy") {
        t = io::readNpy(path);
    } else if (isIdxFile(path)) {
        t = io::readIdx(path);
    } else {
        std::ifstream in(path);
        if (!in)
            throw IoError(path + ": cannot open labels");
        // one integer per line; CSV: the last column, a header line skipped
        std::vector<int64_t> labels;
        std::string line;
        int64_t lineNumber = 0;
        while (std::getline(in, line)) {
            ++lineNumber;
            const auto comma = line.rfind(',');
            std::string field = comma == std::string::npos ? line : line.substr(comma + 1);
            field.erase(0, field.find_first_not_of(" \t\r\""));
            field.erase(field.find_last_not_of(" \t\r\"") + 1);
            if (field.empty())
                continue;
            size_t used = 0;
            long long v = 0;
            try {
                v = std::stoll(field, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != field.size() || used == 0) {
                if (lineNumber == 1 && comma != std::string::npos)
                    continue; // a CSV header
                throw IoError(path + ": line " + std::to_string(lineNumber) + ": '" + field +
                              "' is not an integer label (one per line, or CSV with the label last)");
            }
            labels.push_back(v);
        }
        return labels;
    }
    if (t.rank() != 1)
        throw IoError(path + ": labels must be one-dimensional, got " + shapeToString(t.shape()));
    std::vector<int64_t> labels;
    for (float v : t.values()) {
        // class indices are whole numbers; casting NaN or 1e22 is undefined (found by fuzzing)
        if (!std::isfinite(v) || v != std::floor(v) || std::abs(v) > float(1 << 24))
            throw IoError(path + ": label " + std::to_string(v) + " at position " + std::to_string(labels.size()) +
                          " is not an integer class index");
        labels.push_back(static_cast<int64_t>(v));
    }
    return labels;
}

} // namespace lantern::app
