// SnapshotStore: reads the layout of docs/snapshots/format.md. The frame count is the length of /frames/epoch (written
// last by every append), so a file whose writer was killed shows exactly its completed frames.
#include "lantern/snapshots/store.h"

#include "io/hdf5_file.h"
#include "snapshots/store_hdf5.h"

#include "lantern/error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>

namespace lantern::snapshots {

using io::Handle;

namespace {

int64_t parseInt(const std::optional<std::string>& text, int64_t fallback)
{
    if (!text)
        return fallback;
    int64_t v = fallback;
    std::from_chars(text->data(), text->data() + text->size(), v);
    return v;
}

} // namespace

struct SnapshotStore::Impl {
    std::string path;
    std::optional<io::Hdf5File> file;
    SnapshotHeader header;
    Curves curves;
    int64_t frames = 0;
    Handle probabilities;
    std::map<std::string, Handle> datasets; // series name -> dataset
    std::map<std::string, Handle> staging;  // series name -> its staging area (per-probe series)
    int64_t compacted = 0;                  // frames below this are in `datasets`, the rest in `staging`

    hid_t stagingOf(const std::string& series) const
    {
        const auto it = staging.find(series);
        return it == staging.end() ? hid_t(-1) : it->second.get();
    }

    std::vector<double> readCurve(const std::string& name, size_t n) const
    {
        std::vector<double> v(n, std::numeric_limits<double>::quiet_NaN());
        if (n == 0 || !file->isDataset(name))
            return v;
        Handle ds(H5Dopen2(file->id(), name.c_str(), H5P_DEFAULT), H5Dclose);
        detail::readBox(ds.get(), H5T_NATIVE_DOUBLE, {0}, {n}, v.data(), path + ": " + name);
        return v;
    }
};

SnapshotStore::SnapshotStore() : m_impl(std::make_unique<Impl>()) {}
SnapshotStore::~SnapshotStore()
{
    const std::lock_guard hdf5Lock(io::hdf5CallMutex());
    m_impl.reset();
}

bool SnapshotStore::isSnapshotFile(const std::string& path)
{
    try {
        io::Hdf5File f = io::Hdf5File::openRead(path);
        const auto format = f.attributeText("/", "format");
        return format && *format == kFormatName;
    } catch (const std::exception&) {
        return false;
    }
}

std::shared_ptr<SnapshotStore> SnapshotStore::open(const std::string& path)
{
    std::shared_ptr<SnapshotStore> store(new SnapshotStore());
    Impl& d = *store->m_impl;
    d.path = path;
    d.file.emplace(io::Hdf5File::openRead(path)); // probes the file first: not under the HDF5 call lock
    const std::lock_guard hdf5Lock(io::hdf5CallMutex());
    io::Hdf5File& f = *d.file;
    const auto format = f.attributeText("/", "format");
    if (!format || *format != kFormatName)
        throw IoError(path + ": not a Lantern snapshot file (its root has no attribute format=" + kFormatName +
                      "); record one with lantern-cli train --snapshots or the Train dialog");
    const int64_t version = parseInt(f.attributeText("/", "format_version"), -1);
    if (version != kFormatVersion)
        throw IoError(path + ": snapshot format version " + std::to_string(version) + "; this Lantern reads version " +
                      std::to_string(kFormatVersion));
    for (const char* required : {"/probes/inputs", "/probes/targets", "/probes/indices", "/frames/epoch",
                                 "/frames/step", "/predictions/probabilities"})
        if (!f.isDataset(required))
            throw IoError(path + ": " + required + ": missing (the file is damaged or was not written by Lantern)");

    SnapshotHeader& h = d.header;
    h.model = f.attributeText("/", "model").value_or("");
    h.modelFile = f.attributeText("/", "model_file").value_or("");
    if (f.isDataset("/model_file")) { // what close() wrote: the model actually written ("" when none was)
        Handle ds(H5Dopen2(f.id(), "/model_file", H5P_DEFAULT), H5Dclose);
        Handle type(H5Dget_type(ds.get()), H5Tclose);
        const size_t bytes = type.valid() ? H5Tget_size(type.get()) : 0;
        if (bytes > 0 && bytes <= 65536 && H5Tget_class(type.get()) == H5T_STRING) {
            std::vector<char> text(bytes + 1, '\0');
            if (H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()) >= 0)
                h.modelFile = text.data();
        }
    }
    h.inputLayout = f.attributeText("/", "input_layout").value_or("");
    const std::string every = f.attributeText("/", "every").value_or("epoch");
    h.every = every == "epoch" ? "epoch" : "steps";
    h.everySteps = every == "epoch" ? 0 : parseInt(every, 0);
    h.stepsPerEpoch = parseInt(f.attributeText("/", "steps_per_epoch"), 0);
    h.classNames = f.stringListAttribute("/", "class_names").value_or(std::vector<std::string>{});
    h.probeInputs = f.readDataset("/probes/inputs");
    const Tensor targets = f.readDataset("/probes/targets"), indices = f.readDataset("/probes/indices");
    const int64_t probes = h.probeInputs.rank() > 0 ? h.probeInputs.dim(0) : 0;
    if (probes < 1 || targets.size() != probes || indices.size() != probes)
        throw IoError(path + ": /probes: inputs, targets and indices disagree on the number of probes");
    const auto classCount = static_cast<float>(h.classNames.size());
    for (int64_t i = 0; i < probes; ++i) {
        const float target = targets.data()[i], index = indices.data()[i];
        if (!(target >= -1 && target < classCount && target == std::floor(target)) || !(index >= 0) ||
            index != std::floor(index))
            throw IoError(path + ": /probes: probe " + std::to_string(i) + " has target " + std::to_string(target) +
                          " and index " + std::to_string(index) + " (a class in -1.." +
                          std::to_string(h.classNames.size() - 1) + " and a sample index are expected)");
        h.probeTargets.push_back(static_cast<int64_t>(targets.data()[i]));
        h.probeIndices.push_back(static_cast<int64_t>(indices.data()[i]));
    }
    h.probeSource = f.attributeText("/probes", "source").value_or("");
    if (f.isGroup("/provenance"))
        for (const std::string& key : f.attributeNames("/provenance"))
            h.attributes[key] = f.attributeText("/provenance", key).value_or("");

    Handle epochs(H5Dopen2(f.id(), "/frames/epoch", H5P_DEFAULT), H5Dclose);
    const std::vector<hsize_t> epochDims = detail::extent(epochs.get(), path + ": /frames/epoch");
    if (epochDims.size() != 1)
        throw IoError(path + ": /frames/epoch: not a 1-D dataset");
    d.frames = static_cast<int64_t>(epochDims[0]);
    d.probabilities = Handle(H5Dopen2(f.id(), "/predictions/probabilities", H5P_DEFAULT), H5Dclose);
    const std::vector<hsize_t> pdims = detail::extent(d.probabilities.get(), path + ": /predictions/probabilities");
    if (pdims.size() != 3 || pdims[1] != hsize_t(probes) || pdims[2] != h.classNames.size())
        throw IoError(path + ": /predictions/probabilities: shape does not match the probes and class names");
    d.frames = std::min<int64_t>(d.frames, static_cast<int64_t>(pdims[0]));

    // the series, with a chunk cache big enough for a few frames x probes of every chunk column
    const auto names = f.stringListAttribute("/series", "names").value_or(std::vector<std::string>{});
    const auto kinds = f.stringListAttribute("/series", "kinds").value_or(std::vector<std::string>{});
    std::vector<int64_t> seriesFrames;
    if (names.size() != kinds.size())
        throw IoError(path + ": /series: the names and kinds attributes differ in length");
    for (size_t i = 0; i < names.size(); ++i) {
        SeriesSpec s;
        s.name = names[i];
        s.kind = kinds[i];
        const std::string ds = "/series/" + s.name;
        if (!f.isDataset(ds))
            throw IoError(path + ": " + ds + ": listed in /series but missing");
        s.label = f.attributeText(ds, "label").value_or(s.name);
        Handle dapl(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose);
        H5Pset_chunk_cache(dapl.get(), 12421, size_t(64) << 20, 1.0);
        Handle handle(H5Dopen2(f.id(), ds.c_str(), dapl.get()), H5Dclose);
        if (!handle.valid())
            throw IoError(path + ": " + ds + ": cannot open" + io::hdf5Detail());
        const std::vector<hsize_t> dims = detail::extent(handle.get(), path + ": " + ds);
        const size_t skip = s.kind == "weights" ? 1 : 2;
        if (dims.size() < skip || (skip == 2 && dims[1] != hsize_t(probes)))
            throw IoError(path + ": " + ds + ": its shape does not have (frames, probes, ...)");
        for (size_t j = skip; j < dims.size(); ++j)
            s.shape.push_back(static_cast<int64_t>(dims[j]));
        if (skip == 1) {
            d.frames = std::min<int64_t>(d.frames, static_cast<int64_t>(dims[0]));
        } else {
            const std::string area = "/staging/" + s.name;
            if (f.isDataset(area))
                d.staging.emplace(s.name, Handle(H5Dopen2(f.id(), area.c_str(), H5P_DEFAULT), H5Dclose));
            seriesFrames.push_back(static_cast<int64_t>(dims[0]));
        }
        h.series.push_back(s);
        d.datasets.emplace(s.name, std::move(handle));
    }
    // frames below /frames/compacted are in the series, the (at most 8) others in the staging area
    d.compacted = d.frames;
    if (f.isDataset("/frames/compacted")) {
        Handle c(H5Dopen2(f.id(), "/frames/compacted", H5P_DEFAULT), H5Dclose);
        int64_t value = 0;
        detail::readBox(c.get(), H5T_NATIVE_INT64, {0}, {1}, &value, path + ": /frames/compacted");
        d.compacted = std::clamp<int64_t>(value, 0, d.frames);
    }
    for (int64_t n : seriesFrames)
        d.compacted = std::min(d.compacted, n);
    if (d.frames - d.compacted > static_cast<int64_t>(detail::kFramesPerChunk) ||
        (d.frames > d.compacted && d.staging.size() != seriesFrames.size()))
        throw IoError(path + ": " + std::to_string(d.frames - d.compacted) +
                      " frames are neither in the series nor in the staging area (the file is damaged)");

    const auto n = static_cast<size_t>(d.frames);
    d.curves.epoch.assign(n, 0);
    d.curves.step.assign(n, 0);
    if (n > 0) {
        detail::readBox(epochs.get(), H5T_NATIVE_INT, {0}, {n}, d.curves.epoch.data(), path + ": /frames/epoch");
        Handle steps(H5Dopen2(f.id(), "/frames/step", H5P_DEFAULT), H5Dclose);
        detail::readBox(steps.get(), H5T_NATIVE_INT64, {0}, {n}, d.curves.step.data(), path + ": /frames/step");
    }
    d.curves.seconds = d.readCurve("/frames/seconds", n);
    d.curves.trainLoss = d.readCurve("/curves/train_loss", n);
    d.curves.trainAccuracy = d.readCurve("/curves/train_accuracy", n);
    d.curves.validationLoss = d.readCurve("/curves/validation_loss", n);
    d.curves.validationAccuracy = d.readCurve("/curves/validation_accuracy", n);
    return store;
}

const std::string& SnapshotStore::path() const { return m_impl->path; }
const SnapshotHeader& SnapshotStore::header() const { return m_impl->header; }
int64_t SnapshotStore::frames() const { return m_impl->frames; }
int64_t SnapshotStore::probes() const { return static_cast<int64_t>(m_impl->header.probeTargets.size()); }
int64_t SnapshotStore::classes() const { return static_cast<int64_t>(m_impl->header.classNames.size()); }
const Curves& SnapshotStore::curves() const { return m_impl->curves; }
const std::vector<SeriesSpec>& SnapshotStore::series() const { return m_impl->header.series; }

const SeriesSpec& SnapshotStore::seriesSpec(const std::string& name) const
{
    std::string known;
    for (const SeriesSpec& s : m_impl->header.series) {
        if (s.name == name)
            return s;
        known += (known.empty() ? "" : ", ") + s.name;
    }
    throw ArgumentError(m_impl->path + ": no series '" + name + "' (it has: " + (known.empty() ? "none" : known) + ")");
}

namespace {

const SeriesSpec& perProbe(const SeriesSpec& s, const std::string& path)
{
    if (s.kind == "weights")
        throw ArgumentError(path + ": series '" + s.name + "' holds weights (one per frame), not per-probe values");
    return s;
}

void checkIndex(const std::string& path, const char* what, int64_t i, int64_t n)
{
    if (i < 0 || i >= n)
        throw ArgumentError(path + ": " + what + " " + std::to_string(i) + " is out of range (the file has " +
                            std::to_string(n) + ")");
}

} // namespace

Tensor SnapshotStore::probabilities(int64_t frame, int64_t probe) const
{
    checkIndex(m_impl->path, "frame", frame, frames());
    checkIndex(m_impl->path, "probe", probe, probes());
    Tensor out({classes()});
    const std::lock_guard lock(io::hdf5CallMutex());
    detail::readBox(m_impl->probabilities.get(), H5T_NATIVE_FLOAT, {hsize_t(frame), hsize_t(probe), 0},
                    {1, 1, hsize_t(classes())}, out.data(), m_impl->path + ": probabilities");
    return out;
}

Tensor SnapshotStore::probabilityHistory(int64_t probe) const
{
    checkIndex(m_impl->path, "probe", probe, probes());
    Tensor out({frames(), classes()});
    if (frames() == 0)
        return out;
    const std::lock_guard lock(io::hdf5CallMutex());
    detail::readBox(m_impl->probabilities.get(), H5T_NATIVE_FLOAT, {0, hsize_t(probe), 0},
                    {hsize_t(frames()), 1, hsize_t(classes())}, out.data(), m_impl->path + ": probabilities");
    return out;
}

namespace {

/// The box [start, start + count) of a per-probe series (start/count over frames, probes, shape...) into `out`: frames
/// below `compacted` from the series, the others from the staging area (slot = frame % 8).
void readFrames(hid_t series, hid_t staging, int64_t compacted, std::vector<hsize_t> start, std::vector<hsize_t> count,
                float* out, const std::string& where)
{
    hsize_t per = 1;
    for (size_t i = 1; i < count.size(); ++i)
        per *= count[i];
    const hsize_t t0 = start[0], t1 = start[0] + count[0];
    const hsize_t split = std::clamp<hsize_t>(static_cast<hsize_t>(compacted), t0, t1);
    if (split > t0) {
        count[0] = split - t0;
        detail::readBox(series, H5T_NATIVE_FLOAT, start, count, out, where);
    }
    for (hsize_t t = split; t < t1; ++t) {
        start[0] = t % detail::kFramesPerChunk;
        count[0] = 1;
        detail::readBox(staging, H5T_NATIVE_FLOAT, start, count, out + (t - t0) * per, where + " (staging)");
    }
}

/// Reads frames [t0, t0 + nt) x probes [p0, p0 + np) of a per-probe series (np = 0: a weights series).
Tensor readSeries(const SnapshotStore& store, hid_t dataset, hid_t staging, int64_t compacted, const SeriesSpec& s,
                  int64_t t0, int64_t nt, int64_t p0, int64_t np, bool keepFrameAxis, bool keepProbeAxis)
{
    std::vector<hsize_t> start{hsize_t(t0)}, count{hsize_t(nt)};
    Shape shape;
    if (keepFrameAxis)
        shape.push_back(nt);
    if (np > 0) {
        start.push_back(hsize_t(p0));
        count.push_back(hsize_t(np));
        if (keepProbeAxis)
            shape.push_back(np);
    }
    for (int64_t dim : s.shape) {
        start.push_back(0);
        count.push_back(hsize_t(dim));
        shape.push_back(dim);
    }
    Tensor out(shape);
    if (np == 0)
        detail::readBox(dataset, H5T_NATIVE_FLOAT, start, count, out.data(), store.path() + ": " + s.name);
    else
        readFrames(dataset, staging, compacted, start, count, out.data(), store.path() + ": " + s.name);
    return out;
}

} // namespace

Tensor SnapshotStore::read(const std::string& series, int64_t frame, int64_t probe) const
{
    const SeriesSpec& s = perProbe(seriesSpec(series), m_impl->path);
    checkIndex(m_impl->path, "frame", frame, frames());
    checkIndex(m_impl->path, "probe", probe, probes());
    const std::lock_guard lock(io::hdf5CallMutex());
    return readSeries(*this, m_impl->datasets.at(series).get(), m_impl->stagingOf(series), m_impl->compacted, s, frame, 1, probe, 1, false, false);
}

Tensor SnapshotStore::readProbeHistory(const std::string& series, int64_t probe) const
{
    const SeriesSpec& s = perProbe(seriesSpec(series), m_impl->path);
    checkIndex(m_impl->path, "probe", probe, probes());
    if (frames() == 0) {
        Shape shape{0};
        shape.insert(shape.end(), s.shape.begin(), s.shape.end());
        return Tensor(shape);
    }
    const std::lock_guard lock(io::hdf5CallMutex());
    return readSeries(*this, m_impl->datasets.at(series).get(), m_impl->stagingOf(series), m_impl->compacted, s, 0, frames(), probe, 1, true, false);
}

Tensor SnapshotStore::readFrame(const std::string& series, int64_t frame) const
{
    const SeriesSpec& s = perProbe(seriesSpec(series), m_impl->path);
    checkIndex(m_impl->path, "frame", frame, frames());
    const std::lock_guard lock(io::hdf5CallMutex());
    return readSeries(*this, m_impl->datasets.at(series).get(), m_impl->stagingOf(series), m_impl->compacted, s, frame, 1, 0, probes(), false, true);
}

Tensor SnapshotStore::readWeights(const std::string& series, int64_t frame) const
{
    const SeriesSpec& s = seriesSpec(series);
    if (s.kind != "weights")
        throw ArgumentError(m_impl->path + ": series '" + series + "' holds per-probe values, not weights");
    checkIndex(m_impl->path, "frame", frame, frames());
    const std::lock_guard lock(io::hdf5CallMutex());
    return readSeries(*this, m_impl->datasets.at(series).get(), m_impl->stagingOf(series), m_impl->compacted, s, frame, 1, 0, 0, false, false);
}

} // namespace lantern::snapshots
