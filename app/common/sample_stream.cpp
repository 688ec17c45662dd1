#include "common/sample_stream.h"

#include "common/sample_fit.h"

#include "lantern/data/input_fit.h"
#include "lantern/error.h"
#include "lantern/geo/netcdf.h"
#include "lantern/io/hdf5.h"
#include "lantern/io/idx.h"
#include "lantern/io/npy.h"

#include <QImage>
#include <QImageIOHandler>
#include <QImageReader>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

namespace lantern::app {

namespace {

/// Rows scanned per read when an IDX file is checked for the 0..255 default scale.
constexpr int64_t kScanBytes = int64_t(4) << 20;

Shape withRows(int64_t rows, const Shape& sample)
{
    Shape shape{rows};
    shape.insert(shape.end(), sample.begin(), sample.end());
    return shape;
}

/// ArgumentError unless 0 <= begin <= end <= count.
void checkRange(const std::string& spec, int64_t begin, int64_t end, int64_t count)
{
    if (begin < 0 || end < begin || end > count)
        throw ArgumentError(spec + ": samples [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") are not a range within the " + std::to_string(count) + " samples");
}

void checkIndex(const std::string& spec, int64_t i, int64_t count)
{
    if (i < 0 || i >= count)
        throw ArgumentError(spec + ": sample " + std::to_string(i) + " is not one of the " + std::to_string(count) +
                            " samples");
}

/// The notes of a batch fitted by `fit`, which also checks the options against the model (ArgumentError): a batch
/// without rows, so nothing is read.
std::vector<std::string> notesOf(const Shape& sampleShape,
                                 const std::function<void(Tensor&, std::vector<std::string>&)>& fit)
{
    Tensor none(withRows(0, sampleShape));
    std::vector<std::string> notes;
    fit(none, notes);
    return notes;
}

/// Everything read at open by loadSamples.
class WholeStream : public SampleStream {
public:
    WholeStream(std::string spec, Samples samples) : m_spec(std::move(spec)), m_samples(std::move(samples)) {}
    int64_t count() const override { return m_samples.data.dim(0); }
    Shape sampleShape() const override
    {
        return Shape(m_samples.data.shape().begin() + 1, m_samples.data.shape().end());
    }
    std::string name(int64_t i) const override
    {
        checkIndex(m_spec, i, static_cast<int64_t>(m_samples.names.size()));
        return m_samples.names[static_cast<size_t>(i)];
    }
    std::vector<std::string> notes() const override { return m_samples.notes; }
    bool streamed() const override { return false; }
    Tensor read(int64_t begin, int64_t end) override
    {
        checkRange(m_spec, begin, end, count());
        return m_samples.data.slice(begin, end).clone();
    }

private:
    std::string m_spec;
    Samples m_samples;
};

/// Rows of an array file (.npy, HDF5 dataset, IDX) read by `rows` and fitted batch by batch.
class ArrayStream : public SampleStream {
public:
    using RowReader = std::function<Tensor(int64_t, int64_t)>;

    ArrayStream(std::string spec, const std::string& file, RowReader rows, int64_t count, Shape sampleShape,
                float scale, std::string layout, SampleOptions options)
        : m_spec(std::move(spec)), m_base(detail::baseName(file)), m_rows(std::move(rows)), m_count(count),
          m_sampleShape(std::move(sampleShape)), m_scale(scale), m_layout(std::move(layout)),
          m_options(std::move(options))
    {
        m_notes = notesOf(m_sampleShape, [this](Tensor& t, std::vector<std::string>& n) { fit(t, n); });
    }
    int64_t count() const override { return m_count; }
    Shape sampleShape() const override { return m_sampleShape; }
    std::string name(int64_t i) const override
    {
        checkIndex(m_spec, i, m_count);
        return detail::arrayName(m_base, i);
    }
    std::vector<std::string> notes() const override { return m_notes; }
    bool streamed() const override { return true; }
    Tensor read(int64_t begin, int64_t end) override
    {
        checkRange(m_spec, begin, end, m_count);
        Tensor batch = m_rows(begin, end).reshaped(withRows(end - begin, m_sampleShape));
        std::vector<std::string> notes;
        fit(batch, notes);
        return batch;
    }

private:
    void fit(Tensor& batch, std::vector<std::string>& notes) const
    {
        detail::fitArrayBatch(batch, m_scale, m_layout, m_options, notes);
    }

    std::string m_spec, m_base;
    RowReader m_rows;
    int64_t m_count;
    Shape m_sampleShape;
    float m_scale;
    std::string m_layout;
    SampleOptions m_options;
    std::vector<std::string> m_notes;
};

/// A gridded variable: each batch's steps read as a time range of the spec's.
class GriddedStream : public SampleStream {
public:
    GriddedStream(std::string spec, geo::FieldSpec fs, geo::FieldOutline outline, int64_t count, Shape sampleShape,
                  const Shape& modelInput, std::string layout, SampleOptions options)
        : m_spec(std::move(spec)), m_fieldSpec(std::move(fs)), m_outline(std::move(outline)), m_count(count),
          m_sampleShape(std::move(sampleShape)), m_layout(std::move(layout)), m_options(std::move(options))
    {
        m_base = detail::baseName(m_fieldSpec.path);
        m_notes = detail::griddedNotes(m_outline.field, modelInput, m_sampleShape, m_layout, m_options);
    }
    int64_t count() const override { return m_count; }
    Shape sampleShape() const override { return m_sampleShape; }
    std::string name(int64_t i) const override
    {
        checkIndex(m_spec, i, m_count);
        return detail::griddedName(m_base, m_outline.field, i);
    }
    std::vector<std::string> notes() const override { return m_notes; }
    bool streamed() const override { return true; }
    Tensor read(int64_t begin, int64_t end) override
    {
        checkRange(m_spec, begin, end, m_count);
        if (begin == end)
            return Tensor(withRows(0, m_sampleShape));
        geo::FieldRequest request = m_fieldSpec.request;
        if (m_outline.steps > 1) { // (one step: the request as given reads it, with or without a time axis)
            request.timeBegin = m_fieldSpec.request.timeBegin + begin;
            request.timeEnd = m_fieldSpec.request.timeBegin + end;
        }
        const geo::GeoField field = geo::readField(m_fieldSpec.path, request);
        if (field.steps() != end - begin)
            throw IoError(m_spec + ": read " + std::to_string(field.steps()) + " steps for samples [" +
                          std::to_string(begin) + ", " + std::to_string(end) + ") (the file changed?)");
        return detail::griddedBatch(field, end - begin, withRows(end - begin, m_sampleShape), m_layout, m_options);
    }

private:
    std::string m_spec, m_base;
    geo::FieldSpec m_fieldSpec;
    geo::FieldOutline m_outline;
    int64_t m_count;
    Shape m_sampleShape;
    std::string m_layout;
    SampleOptions m_options;
    std::vector<std::string> m_notes;
};

/// A folder of images: names and sizes read at open, each batch's images decoded when it is read.
class ImageFolderStream : public SampleStream {
public:
    ImageFolderStream(std::string spec, std::vector<std::string> files, const Shape& modelInput, std::string layout,
                      SampleOptions options)
        : m_spec(std::move(spec)), m_files(std::move(files)), m_layout(std::move(layout)), m_options(std::move(options))
    {
        m_geometry = detail::imageGeometry(modelInput, m_layout, m_spec);
        if (m_options.limit > 0 && m_files.size() > static_cast<size_t>(m_options.limit))
            m_files.resize(static_cast<size_t>(m_options.limit));
        // the notes decodeImage would add, from each image's header
        int64_t firstWidth = -1, firstHeight = -1;
        for (const std::string& file : m_files) {
            const auto [width, height] = storedSize(file);
            const auto [w, h] = detail::decodedSize(m_geometry, width, height);
            if (width != w || height != h)
                m_notes.push_back(detail::resizeNote(file, width, height, w, h, m_options.resize));
            if (firstWidth < 0) {
                firstWidth = w;
                firstHeight = h;
            } else if (w != firstWidth || h != firstHeight) {
                throw ShapeError(file + ": image size differs from " + m_files.front() +
                                 " (the model input leaves the size free; give images of one size)");
            }
        }
        const auto& g = m_geometry;
        m_sampleShape =
            g.channelsLast ? Shape{firstHeight, firstWidth, g.channels} : Shape{g.channels, firstHeight, firstWidth};
        const auto more = notesOf(m_sampleShape, [this](Tensor& t, std::vector<std::string>& n) {
            detail::normalise(t, m_layout, m_options, n);
        });
        m_notes.insert(m_notes.end(), more.begin(), more.end());
    }
    int64_t count() const override { return static_cast<int64_t>(m_files.size()); }
    Shape sampleShape() const override { return m_sampleShape; }
    std::string name(int64_t i) const override
    {
        checkIndex(m_spec, i, count());
        return detail::baseName(m_files[static_cast<size_t>(i)]);
    }
    std::vector<std::string> notes() const override { return m_notes; }
    bool streamed() const override { return true; }
    Tensor read(int64_t begin, int64_t end) override
    {
        checkRange(m_spec, begin, end, count());
        if (begin == end)
            return Tensor(withRows(0, m_sampleShape));
        std::vector<std::string> notes;
        Tensor batch = detail::imageBatch(m_files, static_cast<size_t>(begin), static_cast<size_t>(end), m_geometry,
                                          m_layout, m_options, notes);
        if (batch.shape() != withRows(end - begin, m_sampleShape))
            throw IoError(m_files[static_cast<size_t>(begin)] + ": decoded to " + shapeToString(batch.shape()) +
                          ", its header said " + shapeToString(withRows(end - begin, m_sampleShape)));
        return batch;
    }

private:
    /// (width, height) as QImageReader::read() will return the image, from its header where the format has one.
    static std::pair<int64_t, int64_t> storedSize(const std::string& file)
    {
        QImageReader reader(QString::fromStdString(file));
        if (!reader.canRead())
            throw IoError(file + ": cannot read image: " + reader.errorString().toStdString());
        QSize size = reader.size();
        if (size.isValid() && reader.autoTransform() &&
            (reader.transformation() & QImageIOHandler::TransformationRotate90))
            size.transpose();
        if (!size.isValid()) {
            const QImage image = reader.read();
            if (image.isNull())
                throw IoError(file + ": cannot read image: " + reader.errorString().toStdString());
            size = image.size();
        }
        return {size.width(), size.height()};
    }

    std::string m_spec;
    std::vector<std::string> m_files;
    std::string m_layout;
    SampleOptions m_options;
    detail::ImageGeometry m_geometry;
    Shape m_sampleShape;
    std::vector<std::string> m_notes;
};

/// The fitted shape of an array of `raw` shape, or nothing when the whole array is one sample (read whole).
std::optional<Shape> rowsShape(const Shape& raw, const Shape& modelInput, const std::string& spec)
{
    const Shape fitted = data::fitShapeToModelInput(raw, modelInput, spec);
    if (raw.empty() || fitted.front() != raw.front())
        return std::nullopt;
    return Shape(fitted.begin() + 1, fitted.end());
}

/// Every value of an IDX file an integer in 0..255 (its default scale 1/255, as loadSamples decides it).
bool pixelValues(io::IdxFile& idx)
{
    if (idx.unsignedBytes())
        return true;
    const Shape& shape = idx.shape();
    const int64_t rowElements = shape.size() > 1 ? shapeSize(Shape(shape.begin() + 1, shape.end())) : 1;
    const int64_t step = std::max<int64_t>(1, kScanBytes / 4 / std::max<int64_t>(1, rowElements));
    for (int64_t b = 0; b < shape[0]; b += step) {
        const Tensor rows = idx.readRows(b, std::min(shape[0], b + step));
        if (!std::all_of(rows.values().begin(), rows.values().end(),
                         [](float v) { return v == std::floor(v) && v >= 0 && v <= 255; }))
            return false;
    }
    return true;
}

} // namespace

std::unique_ptr<SampleStream> SampleStream::open(const std::string& spec, const Shape& modelInput,
                                                 const std::string& layout, const SampleOptions& options)
{
    const detail::SampleSource source = detail::resolveSampleSource(spec);
    auto whole = [&] { return std::make_unique<WholeStream>(spec, loadSamples(spec, modelInput, layout, options)); };
    auto limited = [&](int64_t n) { return options.limit > 0 ? std::min(n, options.limit) : n; };
    switch (source.kind) {
    case detail::SourceKind::Npz:
    case detail::SourceKind::Image:
        return whole();
    case detail::SourceKind::ImageFolder:
        return std::make_unique<ImageFolderStream>(spec, source.images, modelInput, layout, options);
    case detail::SourceKind::Gridded: {
        geo::FieldSpec fs = geo::parseFieldSpec(spec);
        if (!fs.request.variable.empty() && fs.request.variable.front() == '/')
            fs.request.variable.erase(0, 1);
        geo::FieldOutline outline = geo::readFieldOutline(fs.path, fs.request);
        const int64_t steps = limited(outline.steps);
        const geo::GeoField& f = outline.field;
        const Shape fitted = detail::griddedShape(modelInput, steps, f.rows(), f.columns(), spec);
        if (fitted.front() != steps)
            return whole();
        const Shape sample(fitted.begin() + 1, fitted.end());
        return std::make_unique<GriddedStream>(spec, std::move(fs), std::move(outline), steps, sample, modelInput,
                                               layout, options);
    }
    case detail::SourceKind::Npy: {
        auto npy = std::make_shared<io::NpyFile>(source.file);
        const auto sample = rowsShape(npy->shape(), modelInput, spec);
        if (!sample)
            return whole();
        auto rows = [npy](int64_t b, int64_t e) { return npy->readRows(b, e); };
        return std::make_unique<ArrayStream>(spec, source.file, rows, limited(npy->shape()[0]), *sample,
                                             options.scale.value_or(1.f), layout, options);
    }
    case detail::SourceKind::Hdf5: {
        std::shared_ptr<io::Hdf5RowReader> h5;
        try {
            h5 = std::make_shared<io::Hdf5RowReader>(source.file, source.key);
        } catch (const IoError&) {
            if (io::hdf5DatasetShape(source.file, source.key).empty())
                return whole(); // a scalar: one value, read whole (and refused by the fit as loadSamples does)
            throw;
        }
        const auto sample = rowsShape(h5->shape(), modelInput, spec);
        if (!sample)
            return whole();
        auto rows = [h5](int64_t b, int64_t e) { return h5->readRows(b, e); };
        return std::make_unique<ArrayStream>(spec, source.file, rows, limited(h5->shape()[0]), *sample,
                                             options.scale.value_or(1.f), layout, options);
    }
    case detail::SourceKind::Idx: {
        auto idx = std::make_shared<io::IdxFile>(source.file);
        const auto sample = rowsShape(idx->shape(), modelInput, spec);
        if (!sample)
            return whole();
        // integer IDX images are 0..255 pixels
        const float scale = options.scale ? *options.scale : pixelValues(*idx) ? 1.f / 255.f : 1.f;
        auto rows = [idx](int64_t b, int64_t e) { return idx->readRows(b, e); };
        return std::make_unique<ArrayStream>(spec, source.file, rows, limited(idx->shape()[0]), *sample, scale, layout,
                                             options);
    }
    }
    return whole();
}

} // namespace lantern::app
