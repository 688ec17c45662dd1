#include "common/sample_fit.h"

#include "lantern/data/input_fit.h"
#include "lantern/error.h"
#include "lantern/geo/netcdf.h"
#include "lantern/io/hdf5.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace lantern::app::detail {

namespace {

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

} // namespace

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

std::pair<std::string, std::string> splitKey(const std::string& spec)
{
    const auto colon = spec.rfind(':');
    if (colon != std::string::npos && colon > 1 && QFileInfo::exists(QString::fromStdString(spec.substr(0, colon))))
        return {spec.substr(0, colon), spec.substr(colon + 1)};
    return {spec, {}};
}

std::string baseName(const std::string& path)
{
    return QFileInfo(QString::fromStdString(path)).fileName().toStdString();
}

SampleSource resolveSampleSource(const std::string& spec)
{
    SampleSource source;
    const QFileInfo info(QString::fromStdString(spec));
    if (info.isDir()) {
        source.kind = SourceKind::ImageFolder;
        source.file = spec;
        for (const auto& e : QDir(info.absoluteFilePath()).entryList(QDir::Files, QDir::Name)) {
            const std::string file = (info.absoluteFilePath() + "/" + e).toStdString();
            if (isImageFile(file))
                source.images.push_back(file);
        }
        if (source.images.empty())
            throw IoError(spec + ": the folder contains no image files (PNG, JPEG, BMP, ...)");
        return source;
    }
    if (isImageFile(spec)) {
        source.kind = SourceKind::Image;
        source.file = spec;
        source.images = {spec};
        return source;
    }
    if (geo::looksLikeNetcdf(spec) || (spec.find('[') != std::string::npos && geo::parseFieldSpec(spec).path != spec)) {
        source.kind = SourceKind::Gridded;
        source.file = geo::parseFieldSpec(spec).path;
        return source;
    }
    std::tie(source.file, source.key) = splitKey(spec);
    const std::string& file = source.file;
    if (!QFileInfo::exists(QString::fromStdString(file)))
        throw IoError(file + ": no such file");
    const std::string ext = lower(QFileInfo(QString::fromStdString(file)).suffix().toStdString());
    if (ext == "npy") {
        source.kind = SourceKind::Npy;
    } else if (ext == "npz") {
        source.kind = SourceKind::Npz;
    } else if (ext == "h5" || ext == "hdf5" || ext == "he5") {
        if (isGriddedHdf5(file, source.key)) {
            source.kind = SourceKind::Gridded;
            return source;
        }
        source.kind = SourceKind::Hdf5;
        if (source.key.empty()) {
            auto names = io::listHdf5Datasets(file);
            if (names.size() != 1) {
                std::string list;
                for (const auto& n : names)
                    list += " " + n;
                throw ArgumentError(file + ": choose a dataset as " + file + ":/NAME (" +
                                    (list.empty() ? std::string(" none") : list).substr(1) + ")");
            }
            source.key = names.front();
        }
    } else if (isIdxFile(file)) {
        source.kind = SourceKind::Idx;
    } else {
        throw IoError(file + ": unknown sample format (use .npy, .npz, .h5, IDX, an image or a folder of images)");
    }
    return source;
}

ImageGeometry imageGeometry(const Shape& modelInput, const std::string& layout, const std::string& source)
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

std::pair<int64_t, int64_t> decodedSize(const ImageGeometry& g, int64_t width, int64_t height)
{
    return {g.width > 0 ? g.width : width, g.height > 0 ? g.height : height};
}

std::string resizeNote(const std::string& path, int64_t fromWidth, int64_t fromHeight, int64_t toWidth,
                       int64_t toHeight, ResizeMode mode)
{
    return path + ": resized (" + resizeModeName(mode) + ") from " + std::to_string(fromWidth) + "x" +
           std::to_string(fromHeight) + " to " + std::to_string(toWidth) + "x" + std::to_string(toHeight);
}

Tensor decodeImage(const std::string& path, const ImageGeometry& g, const SampleOptions& options,
                   std::vector<std::string>& notes)
{
    QImageReader reader(QString::fromStdString(path));
    QImage image = reader.read();
    if (image.isNull())
        throw IoError(path + ": cannot read image: " + reader.errorString().toStdString());
    const auto [w, h] = decodedSize(g, image.width(), image.height());
    if (image.width() != w || image.height() != h) {
        notes.push_back(resizeNote(path, image.width(), image.height(), w, h, options.resize));
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

void scaleValues(Tensor& data, float scale)
{
    for (float& v : data.values())
        v *= scale;
}

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

void fitArrayBatch(Tensor& rows, float scale, const std::string& layout, const SampleOptions& options,
                   std::vector<std::string>& notes)
{
    if (scale != 1.f) {
        scaleValues(rows, scale);
        notes.push_back("values scaled by " + std::to_string(scale));
    }
    normalise(rows, layout, options, notes);
}

std::string arrayName(const std::string& base, int64_t i)
{
    return base + "[" + std::to_string(i) + "]";
}

Tensor imageBatch(const std::vector<std::string>& files, size_t begin, size_t end, const ImageGeometry& g,
                  const std::string& layout, const SampleOptions& options, std::vector<std::string>& notes)
{
    Tensor batch;
    Shape first;
    for (size_t i = begin; i < end; ++i) {
        const Tensor image = decodeImage(files[i], g, options, notes);
        if (i == begin) {
            first = image.shape();
            Shape shape{static_cast<int64_t>(end - begin)};
            shape.insert(shape.end(), first.begin(), first.end());
            batch = Tensor::uninitialized(shape);
        } else if (image.shape() != first) {
            throw ShapeError(files[i] + ": image size differs from " + files[begin] +
                             " (the model input leaves the size free; give images of one size)");
        }
        std::copy_n(image.data(), image.size(), batch.data() + static_cast<int64_t>(i - begin) * image.size());
    }
    scaleValues(batch, options.scale.value_or(1.f / 255.f));
    normalise(batch, layout, options, notes);
    return batch;
}

bool flattensFields(const Shape& modelInput, int64_t cells)
{
    return modelInput.size() == 2 && (modelInput[1] == cells || modelInput[1] < 0);
}

Shape griddedShape(const Shape& modelInput, int64_t steps, int64_t rows, int64_t columns, const std::string& spec)
{
    // a dense model whose input is a vector gets the field flattened in the file's order
    const int64_t cells = rows * columns;
    return data::fitShapeToModelInput(
        flattensFields(modelInput, cells) ? Shape{steps, cells} : Shape{steps, rows, columns}, modelInput, spec);
}

Tensor griddedBatch(const geo::GeoField& field, int64_t steps, const Shape& fitted, const std::string& layout,
                    const SampleOptions& options)
{
    const int64_t cells = field.rows() * field.columns();
    Tensor batch = Tensor::uninitialized({steps, field.rows(), field.columns()});
    for (int64_t t = 0; t < steps; ++t) {
        const std::vector<float> v = geo::modelValues(field, t);
        std::copy(v.begin(), v.end(), batch.data() + t * cells);
    }
    batch = batch.reshaped(fitted);
    if (options.scale && *options.scale != 1.f)
        scaleValues(batch, *options.scale);
    std::vector<std::string> notes;
    normalise(batch, layout, options, notes);
    return batch;
}

std::vector<std::string> griddedNotes(const geo::GeoField& field, const Shape& modelInput, const Shape& sampleShape,
                                      const std::string& layout, const SampleOptions& options)
{
    std::vector<std::string> notes;
    const int64_t cells = field.rows() * field.columns();
    if (flattensFields(modelInput, cells))
        notes.push_back("each field flattened to " + std::to_string(cells) + " values in the file's order");
    if (options.scale && *options.scale != 1.f)
        notes.push_back("values scaled by " + std::to_string(*options.scale));
    notes.insert(notes.end(), field.notes.begin(), field.notes.end());
    int64_t masked = 0;
    for (int64_t i = 0; i < cells; ++i)
        masked += std::isnan(field.values[i]);
    if (masked)
        notes.push_back("masked cells are 0 for the model");
    Shape none{0};
    none.insert(none.end(), sampleShape.begin(), sampleShape.end());
    Tensor empty(none);
    normalise(empty, layout, options, notes);
    return notes;
}

std::string griddedName(const std::string& base, const geo::GeoField& field, int64_t t)
{
    return base + "[" + (t < int64_t(field.timeLabels.size()) ? field.timeLabels[size_t(t)] : std::to_string(t)) + "]";
}

} // namespace lantern::app::detail
