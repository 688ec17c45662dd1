#include "common/sample_loader.h"

#include "common/sample_fit.h"

#include "lantern/data/input_fit.h"
#include "lantern/error.h"
#include "lantern/geo/netcdf.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace lantern::app {

namespace {

using detail::isIdxFile;
using detail::lower;
using detail::splitKey;

Samples loadImages(const std::vector<std::string>& files, const Shape& modelInput, const std::string& layout,
                   const std::string& source, const SampleOptions& options)
{
    const detail::ImageGeometry g = detail::imageGeometry(modelInput, layout, source);
    Samples s;
    const size_t n =
        options.limit > 0 ? std::min<size_t>(files.size(), static_cast<size_t>(options.limit)) : files.size();
    s.data = detail::imageBatch(files, 0, n, g, layout, options, s.notes);
    for (size_t i = 0; i < n; ++i)
        s.names.push_back(detail::baseName(files[i]));
    return s;
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
    Samples s;
    const Shape fitted = detail::griddedShape(modelInput, steps, field->rows(), field->columns(), spec);
    s.data = detail::griddedBatch(*field, steps, fitted, layout, options);
    const Shape sampleShape(s.data.shape().begin() + 1, s.data.shape().end());
    s.notes = detail::griddedNotes(*field, modelInput, sampleShape, layout, options);
    const std::string base = detail::baseName(fs.path);
    for (int64_t t = 0; t < steps; ++t)
        s.names.push_back(detail::griddedName(base, *field, t));
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
    const detail::SampleSource source = detail::resolveSampleSource(spec);
    const std::string& file = source.file;
    Tensor raw;
    float defaultScale = 1.f;
    switch (source.kind) {
    case detail::SourceKind::ImageFolder:
    case detail::SourceKind::Image:
        return loadImages(source.images, modelInput, layout, spec, options);
    case detail::SourceKind::Gridded:
        return loadGridded(spec, modelInput, layout, options);
    case detail::SourceKind::Npy:
        raw = io::readNpy(file);
        break;
    case detail::SourceKind::Npz: {
        auto arrays = io::readNpz(file);
        if (arrays.empty())
            throw IoError(file + ": the archive holds no arrays");
        const std::string& key = source.key;
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
        break;
    }
    case detail::SourceKind::Hdf5:
        raw = io::readHdf5Dataset(file, source.key);
        break;
    case detail::SourceKind::Idx: {
        raw = io::readIdx(file);
        // integer IDX images are 0..255 pixels
        bool integral = std::all_of(raw.values().begin(), raw.values().end(),
                                    [](float v) { return v == std::floor(v) && v >= 0 && v <= 255; });
        if (integral)
            defaultScale = 1.f / 255.f;
        break;
    }
    }
    Samples s;
    Tensor fitted = data::fitToModelInput(raw, modelInput, spec);
    if (options.limit > 0 && fitted.dim(0) > options.limit)
        fitted = fitted.slice(0, options.limit);
    s.data = fitted.clone();
    detail::fitArrayBatch(s.data, options.scale.value_or(defaultScale), layout, options, s.notes);
    const std::string base = detail::baseName(file);
    for (int64_t i = 0; i < s.data.dim(0); ++i)
        s.names.push_back(detail::arrayName(base, i));
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
