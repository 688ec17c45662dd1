// SnapshotWriter: creates the layout of docs/snapshots/format.md and appends frames, flushing after each.
//
// Crash safety: a compressed chunk that is rewritten moves to new file space, and a process killed between writing it
// and updating the chunk index leaves the index pointing at space that may already hold other data (a kill at random
// times lost completed frames in 4 of 25 trials that way). So no compressed chunk is ever written twice: each frame of
// the per-probe series goes to an uncompressed staging area of 8 frames whose chunks were all allocated when the file
// was created (writes there are in place and change no metadata); every 8 frames, the block is copied into the
// compressed series as whole new chunks, and only then does /frames/compacted say so. The reader takes frames below
// that count from the series and the others from the staging area.
#include "lantern/snapshots/store.h"

#include "io/hdf5_file.h"
#include "snapshots/store_hdf5.h"

#include "lantern/error.h"

#include <algorithm>
#include <cmath>

namespace lantern::snapshots {

using io::Handle;

namespace {

/// The growing datasets of the frame axis; /frames/epoch is written last (the reader's frame count).
constexpr size_t kModelFileBytes = 4096;

const char* const kCurveNames[] = {"train_loss", "train_accuracy", "validation_loss", "validation_accuracy"};

void checkHeader(const std::string& path, const SnapshotHeader& h)
{
    const std::string where = path + ": ";
    if (h.probeInputs.rank() < 2 || h.probeInputs.dim(0) < 1)
        throw ArgumentError(where + "snapshots need at least one probe sample (probe inputs of shape (P, ...), got " +
                            shapeToString(h.probeInputs.shape()) + ")");
    const auto probes = static_cast<size_t>(h.probeInputs.dim(0));
    if (h.probeTargets.size() != probes || h.probeIndices.size() != probes)
        throw ArgumentError(where + std::to_string(probes) + " probes but " + std::to_string(h.probeTargets.size()) +
                            " targets and " + std::to_string(h.probeIndices.size()) + " indices");
    if (h.classNames.size() < 2)
        throw ArgumentError(where + "snapshots need the class names (at least two)");
    if (h.every != "epoch" && !(h.every == "steps" && h.everySteps > 0))
        throw ArgumentError(where + "snapshot interval must be 'epoch' or a positive number of steps");
    for (size_t i = 0; i < h.series.size(); ++i) {
        const SeriesSpec& s = h.series[i];
        if (s.name.empty() || s.name.front() == '/' || s.name.back() == '/' || s.name.find("//") != std::string::npos)
            throw ArgumentError(where + "series name '" + s.name + "' is not a relative path like a/b/c");
        for (size_t j = 0; j < i; ++j)
            if (h.series[j].name == s.name)
                throw ArgumentError(where + "series '" + s.name + "' is declared twice");
        for (int64_t d : s.shape)
            if (d < 1)
                throw ArgumentError(where + "series '" + s.name + "' has an empty shape " + shapeToString(s.shape));
    }
}

std::string datasetPath(const SeriesSpec& s)
{
    return "/series/" + s.name;
}

} // namespace

struct SnapshotWriter::Impl {
    std::string path;
    io::Hdf5File file;
    SnapshotHeader header; // without the probe inputs (written once)
    int64_t frames = 0;
    Handle epoch, step, seconds, probabilities;
    std::vector<Handle> curves;
    std::vector<Handle> series;  // in header.series order
    std::vector<Handle> staging; // per-probe series: (8, P, shape...) uncompressed, allocated up front
    Handle compacted;            // one int64: frames below it are in the compressed series
    int64_t compactedFrames = 0;
    bool failed = false;         // an append or compaction threw: no further appends
    Handle modelFile;            // fixed-size string, written in place at close

    void compact();

    Impl(const std::string& p) : path(p), file(io::Hdf5File::create(p)) {}
};

SnapshotWriter::SnapshotWriter(const std::string& path, const SnapshotHeader& header)
{
    checkHeader(path, header);
    const std::lock_guard hdf5Lock(io::hdf5CallMutex());
    m_impl = std::make_unique<Impl>(path);
    Impl& d = *m_impl;
    d.header = header;
    d.header.probeInputs = Tensor();
    io::Hdf5File& f = d.file;
    const hid_t id = f.id();

    f.writeStringAttribute("/", "format", kFormatName);
    f.writeStringAttribute("/", "format_version", std::to_string(kFormatVersion));
    f.writeStringAttribute("/", "model", header.model);
    f.writeStringAttribute("/", "model_file", header.modelFile); // the plan; /model_file says what was written
    f.writeStringAttribute("/", "input_layout", header.inputLayout);
    f.writeStringAttribute("/", "every", header.every == "epoch" ? "epoch" : std::to_string(header.everySteps));
    f.writeStringAttribute("/", "steps_per_epoch", std::to_string(header.stepsPerEpoch));
    f.writeStringArrayAttribute("/", "class_names", header.classNames);

    f.writeDataset("/probes/inputs", header.probeInputs);
    const auto probes = static_cast<int64_t>(header.probeTargets.size());
    Tensor targets({probes}), indices({probes});
    for (int64_t i = 0; i < probes; ++i) {
        targets.data()[i] = static_cast<float>(header.probeTargets[size_t(i)]);
        indices.data()[i] = static_cast<float>(header.probeIndices[size_t(i)]);
    }
    f.writeDataset("/probes/targets", targets);
    f.writeDataset("/probes/indices", indices);
    f.writeStringAttribute("/probes", "source", header.probeSource);

    f.createGroup("/provenance");
    for (const auto& [key, value] : header.attributes)
        f.writeStringAttribute("/provenance", key, value);

    const std::string where = path;
    d.step = detail::createGrowing(id, "/frames/step", H5T_STD_I64LE, {}, 256, {}, false, where);
    d.seconds = detail::createGrowing(id, "/frames/seconds", H5T_IEEE_F64LE, {}, 256, {}, false, where);
    for (const char* name : kCurveNames)
        d.curves.push_back(
            detail::createGrowing(id, std::string("/curves/") + name, H5T_IEEE_F64LE, {}, 256, {}, false, where));
    const auto classes = static_cast<int64_t>(header.classNames.size());
    d.probabilities = detail::createGrowing(id, "/predictions/probabilities", H5T_IEEE_F32LE, {probes, classes}, 64,
                                            {probes, classes}, false, where);

    std::vector<std::string> names, kinds;
    for (const SeriesSpec& s : header.series) {
        const bool weights = s.kind == "weights";
        Shape row = s.shape;
        if (!weights)
            row.insert(row.begin(), probes);
        const std::vector<hsize_t> chunk = weights ? std::vector<hsize_t>{} : detail::seriesChunk(probes, s.shape);
        Shape chunkRow;
        for (size_t i = 1; i < chunk.size(); ++i)
            chunkRow.push_back(static_cast<int64_t>(chunk[i]));
        d.series.push_back(detail::createGrowing(id, datasetPath(s), H5T_IEEE_F32LE, row,
                                                 weights ? 1 : detail::kFramesPerChunk, weights ? row : chunkRow, true,
                                                 where));
        f.writeStringAttribute(datasetPath(s), "kind", s.kind);
        f.writeStringAttribute(datasetPath(s), "label", s.label);
        if (!weights) {
            std::vector<hsize_t> dims{detail::kFramesPerChunk}, stagingChunk{1};
            for (size_t i = 0; i < row.size(); ++i) {
                dims.push_back(static_cast<hsize_t>(row[i]));
                stagingChunk.push_back(chunk[i + 1]);
            }
            d.staging.push_back(
                detail::createFixed(id, "/staging/" + s.name, H5T_IEEE_F32LE, dims, stagingChunk, where));
        } else {
            d.staging.emplace_back();
        }
        names.push_back(s.name);
        kinds.push_back(s.kind);
    }
    d.compacted = detail::createFixed(id, "/frames/compacted", H5T_STD_I64LE, {1}, {}, where);
    {
        // the trained model's file, known only at the end: a fixed-size string allocated now and written in place at
        // close, so that closing changes no metadata (the root attribute model_file keeps the planned name)
        Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), kModelFileBytes);
        H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
        Handle space(H5Screate(H5S_SCALAR), H5Sclose);
        Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
        H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY);
        d.modelFile = Handle(H5Dcreate2(id, "/model_file", type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                             H5Dclose);
        if (!d.modelFile.valid())
            throw IoError(where + ": cannot create /model_file" + io::hdf5Detail());
    }
    f.createGroup("/series");
    f.writeStringArrayAttribute("/series", "names", names);
    f.writeStringArrayAttribute("/series", "kinds", kinds);
    // the frame counter last: a file with no frame yet is still a valid, empty store
    d.epoch = detail::createGrowing(id, "/frames/epoch", H5T_STD_I32LE, {}, 256, {}, false, where);
    f.flush();
}

SnapshotWriter::~SnapshotWriter()
{
    const std::lock_guard hdf5Lock(io::hdf5CallMutex());
    try {
        close();
    } catch (const std::exception&) {
        // the frames counted so far stay readable through the staging area
    }
}

void SnapshotWriter::append(const Frame& frame)
{
    if (!m_impl)
        throw ArgumentError("snapshot writer: append after close");
    const std::lock_guard hdf5Lock(io::hdf5CallMutex());
    Impl& d = *m_impl;
    if (d.failed)
        throw IoError(d.path + ": an earlier snapshot could not be written; the file keeps the " +
                      std::to_string(d.frames) + " frames before it");
    const int64_t t = d.frames;
    const auto probes = static_cast<int64_t>(d.header.probeTargets.size());
    const auto classes = static_cast<int64_t>(d.header.classNames.size());
    const std::string where = d.path + ": frame " + std::to_string(t);
    if (frame.probabilities.shape() != Shape{probes, classes})
        throw ShapeError(where + ": probabilities " + shapeToString(frame.probabilities.shape()) + ", expected " +
                         shapeToString({probes, classes}));
    for (size_t i = 0; i < d.header.series.size(); ++i) {
        const SeriesSpec& s = d.header.series[i];
        const auto it = frame.series.find(s.name);
        if (it == frame.series.end())
            throw ArgumentError(where + ": series '" + s.name + "' is missing");
        Shape expected = s.shape;
        if (s.kind != "weights")
            expected.insert(expected.begin(), probes);
        if (it->second.shape() != expected)
            throw ShapeError(where + ": series '" + s.name + "' has shape " + shapeToString(it->second.shape()) +
                             ", expected " + shapeToString(expected));
    }
    for (const auto& [name, tensor] : frame.series) {
        bool known = false;
        for (const SeriesSpec& s : d.header.series)
            known |= s.name == name;
        if (!known)
            throw ArgumentError(where + ": series '" + name + "' was not declared when the file was created");
    }

    // a full staging area is copied out before its slot 0 is overwritten (so a failed copy never loses a frame)
    struct FailGuard {
        Impl& d;
        bool done = false;
        ~FailGuard()
        {
            if (!done)
                d.failed = true;
        }
    } guard{d};
    if (d.frames - d.compactedFrames >= static_cast<int64_t>(detail::kFramesPerChunk))
        d.compact();
    const auto slot = static_cast<hsize_t>(t) % detail::kFramesPerChunk;
    for (size_t i = 0; i < d.header.series.size(); ++i) {
        const SeriesSpec& s = d.header.series[i];
        const Tensor& value = frame.series.at(s.name);
        if (s.kind == "weights") {
            detail::writeRow(d.series[i].get(), t, H5T_NATIVE_FLOAT, value.data(), where + " " + s.name);
            continue;
        }
        std::vector<hsize_t> start{slot, 0}, count{1, static_cast<hsize_t>(probes)};
        for (int64_t dim : s.shape) {
            start.push_back(0);
            count.push_back(static_cast<hsize_t>(dim));
        }
        detail::writeBox(d.staging[i].get(), H5T_NATIVE_FLOAT, start, count, value.data(), false,
                         where + " " + s.name + " (staging)");
    }
    detail::writeRow(d.probabilities.get(), t, H5T_NATIVE_FLOAT, frame.probabilities.data(), where + " probabilities");
    const double curves[] = {frame.trainLoss, frame.trainAccuracy, frame.validationLoss, frame.validationAccuracy};
    for (size_t i = 0; i < d.curves.size(); ++i)
        detail::writeRow(d.curves[i].get(), t, H5T_NATIVE_DOUBLE, &curves[i], where + " " + kCurveNames[i]);
    detail::writeRow(d.step.get(), t, H5T_NATIVE_INT64, &frame.step, where + " step");
    detail::writeRow(d.seconds.get(), t, H5T_NATIVE_DOUBLE, &frame.seconds, where + " seconds");
    // everything of this frame is written: flush it, then count it, then flush the count
    d.file.flush();
    detail::writeRow(d.epoch.get(), t, H5T_NATIVE_INT, &frame.epoch, where + " epoch");
    d.file.flush();
    ++d.frames;
    guard.done = true;
}

void SnapshotWriter::Impl::compact()
{
    failed = true; // until it completes
    const int64_t n = frames - compactedFrames;
    if (n <= 0)
        return;
    const auto probes = static_cast<hsize_t>(header.probeTargets.size());
    for (size_t i = 0; i < header.series.size(); ++i) {
        const SeriesSpec& s = header.series[i];
        if (s.kind == "weights")
            continue;
        std::vector<hsize_t> from{0, 0}, to{static_cast<hsize_t>(compactedFrames), 0},
            count{static_cast<hsize_t>(n), probes};
        Shape shape{n, static_cast<int64_t>(probes)};
        for (int64_t dim : s.shape) {
            from.push_back(0);
            to.push_back(0);
            count.push_back(static_cast<hsize_t>(dim));
            shape.push_back(dim);
        }
        Tensor block(shape);
        detail::readBox(staging[i].get(), H5T_NATIVE_FLOAT, from, count, block.data(), path + ": staging " + s.name);
        detail::writeBox(series[i].get(), H5T_NATIVE_FLOAT, to, count, block.data(), true, path + ": " + s.name);
    }
    file.flush();
    detail::writeBox(compacted.get(), H5T_NATIVE_INT64, {0}, {1}, &frames, false, path + ": /frames/compacted");
    file.flush();
    compactedFrames = frames;
    failed = false;
}

int64_t SnapshotWriter::frames() const
{
    return m_impl ? m_impl->frames : 0;
}

const std::string& SnapshotWriter::path() const
{
    static const std::string none;
    return m_impl ? m_impl->path : none;
}

void SnapshotWriter::close(const std::string& modelFile)
{
    if (!m_impl)
        return;
    const std::lock_guard hdf5Lock(io::hdf5CallMutex());
    if (!m_impl->failed) {
        m_impl->compact(); // the last, partial block: its chunks are written once, here
        std::vector<char> text(kModelFileBytes, '\0');
        std::copy_n(modelFile.begin(), std::min(modelFile.size(), kModelFileBytes), text.begin());
        Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), kModelFileBytes);
        H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
        if (H5Dwrite(m_impl->modelFile.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()) < 0)
            throw IoError(m_impl->path + ": cannot write /model_file" + io::hdf5Detail());
    }
    m_impl->epoch = Handle();
    m_impl->step = Handle();
    m_impl->seconds = Handle();
    m_impl->probabilities = Handle();
    m_impl->curves.clear();
    m_impl->series.clear();
    m_impl->staging.clear();
    m_impl->compacted = Handle();
    m_impl->modelFile = Handle();
    m_impl->file.close();
    m_impl.reset();
}

} // namespace lantern::snapshots
