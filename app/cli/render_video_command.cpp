// lantern-cli render-video S.h5|STORE --out V.mp4|V.gif [--fps N] [--size WxH] [--probe I] [--layer L]
// A video of training-time snapshots (the scrubber's panels, app/common/snapshot_frames.h) or of a CrabNet attention
// recording (every head's matrix of one sample over the epochs, app/common/attention_frames.h), encoded with the
// ffmpeg libraries (lantern/io/video.h) and read back to report what was written.
#include "commands.h"

#include "common/attention_frames.h"
#include "common/snapshot_frames.h"

#include "lantern/error.h"
#include "lantern/io/video.h"
#include "lantern/snapshots/store.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>

namespace lantern::cli {

namespace {

struct RenderVideoArgs {
    std::string input, out, size = "1280x720", layer, csv, layout, panels = "full";
    double fps = 10;
    int64_t probe = 0, first = 0, last = -1;
};

QSize parseSize(const std::string& text)
{
    static const std::regex pattern(R"((\d{2,5})[xX](\d{2,5}))");
    std::smatch m;
    if (!std::regex_match(text, m, pattern))
        throw ArgumentError("--size '" + text + "': expected WIDTHxHEIGHT, e.g. 1280x720");
    return QSize(std::stoi(m[1].str()), std::stoi(m[2].str()));
}

/// "--layer conv2" or a full series name: the map series it means.
std::string seriesFor(const snapshots::SnapshotStore& store, const std::string& layer)
{
    if (layer.empty())
        return {};
    std::string maps;
    for (const snapshots::SeriesSpec& s : store.series()) {
        if (s.kind != "map")
            continue;
        if (s.name == layer || s.name == "attentive-response/" + layer + "/sum" ||
            s.name.rfind(layer + "/", 0) == 0)
            return s.name;
        maps += (maps.empty() ? "" : ", ") + s.name;
    }
    throw ArgumentError("--layer " + layer + ": " + store.path() + " has no such map series (it has: " +
                        (maps.empty() ? "none" : maps) + ")");
}

void report(const std::string& path)
{
    const io::VideoInfo info = io::probeVideo(path);
    std::printf("wrote %s: %s %s, %d frames, %dx%d, %.3g fps, %.2f s\n", path.c_str(), info.container.c_str(),
                info.codec.c_str(), info.frameCount, info.width, info.height, info.fps, info.duration);
}

void run(const RenderVideoArgs& a)
{
    const QSize size = parseSize(a.size);
    (void)io::videoFormatFromPath(a.out); // names an unknown extension before any work
    std::unique_ptr<Progress> progress;
    auto tick = [&](int done, int total) {
        if (!progress)
            progress = std::make_unique<Progress>("render-video");
        progress->update(done, total);
        return true;
    };
    std::error_code ec;
    const std::string ext = std::filesystem::path(a.input).extension().string();
    if (!std::filesystem::exists(a.input, ec))
        throw ArgumentError(a.input + ": no such file or folder");
    // an HDF5 file is opened as snapshots, so that its own error (damaged, another version) is the one reported
    if (ext == ".h5" || ext == ".hdf5" || snapshots::SnapshotStore::isSnapshotFile(a.input)) {
        const auto store = snapshots::SnapshotStore::open(a.input);
        app::SnapshotVideoOptions o;
        o.out = a.out;
        o.fps = a.fps;
        o.size = size;
        o.probe = a.probe;
        o.series = seriesFor(*store, a.layer);
        o.panels = app::snapshotPanelsFromName(a.panels);
        o.first = a.first;
        o.last = a.last;
        std::printf("%s: %lld frames, probe %lld of %lld, map %s\n", a.input.c_str(),
                    static_cast<long long>(store->frames()), static_cast<long long>(a.probe),
                    static_cast<long long>(store->probes()),
                    (o.series.empty() ? app::defaultMapSeries(*store) : o.series).c_str());
        app::writeSnapshotVideo(*store, o, tick);
    } else if (std::filesystem::is_directory(a.input) || std::filesystem::path(a.input).extension() == ".zip") {
        if (a.csv.empty())
            throw ArgumentError(a.input + ": a CrabNet attention store needs --csv FORMULAE.csv (the recorded data set)");
        app::AttentionVideoOptions o;
        o.out = a.out;
        o.fps = a.fps;
        o.size = size;
        o.sample = a.probe;
        o.csv = a.csv;
        o.layout = a.layout;
        o.first = a.first;
        o.last = a.last;
        size_t used = 0;
        try {
            o.layer = a.layer.empty() ? 0 : std::stoi(a.layer, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (!a.layer.empty() && (used != a.layer.size() || o.layer < 0))
            throw ArgumentError("--layer " + a.layer + ": a CrabNet store takes a layer number (layer{L})");
        app::writeAttentionVideo(a.input, o, tick);
    } else {
        throw ArgumentError(a.input + ": neither a Lantern snapshot file nor a CrabNet Zarr store (directory or .zip)");
    }
    if (progress)
        progress->finish();
    report(a.out);
}

} // namespace

void addRenderVideoCommand(CLI::App& app)
{
    auto a = std::make_shared<RenderVideoArgs>();
    auto* cmd = app.add_subcommand(
        "render-video", "Video (MP4 or GIF) of training-time snapshots or of a CrabNet attention recording");
    cmd->add_option("input", a->input, "A snapshot file (lantern-cli train --snapshots) or a CrabNet store")->required();
    cmd->add_option("--out", a->out, "V.mp4 (H.264) or V.gif (also .webm, .mkv)")->required();
    cmd->add_option("--fps", a->fps, "Frames per second")->capture_default_str()->check(CLI::Range(0.1, 50.0));
    cmd->add_option("--size", a->size, "Frame size WIDTHxHEIGHT")->capture_default_str();
    cmd->add_option("--probe", a->probe, "Probe (snapshots) or sample (CrabNet) index")->capture_default_str();
    cmd->add_option("--layer", a->layer,
                    "Snapshots: the map shown large (a layer such as conv2, or a series name); CrabNet: layer number");
    cmd->add_option("--panels", a->panels,
                    "Snapshots: full (the scrubber's panels), map (the probe with its map) or layers (every layer's map)")
        ->capture_default_str()
        ->check(CLI::IsMember({"full", "map", "layers"}));
    cmd->add_option("--csv", a->csv, "CrabNet: the formulae CSV of the recorded data set");
    cmd->add_option("--layout", a->layout, "CrabNet: epoch-major or sample-major (default: from the store type)");
    cmd->add_option("--first", a->first, "First frame (epoch)")->capture_default_str();
    cmd->add_option("--last", a->last, "Last frame (epoch); -1: the last one")->capture_default_str();
    cmd->callback([a] { run(*a); });
}

} // namespace lantern::cli
