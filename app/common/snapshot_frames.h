#pragma once
// Frames of a snapshot file as pictures, shared by the scrubber, its video export and `lantern-cli render-video`:
// one probe's history loaded once (ProbeHistory), and a frame drawn as the scrubber lays it out — the probe with the
// chosen map, the maps of every recorded layer with their top filters, the class probabilities over training with
// the true class marked and a cursor, and the loss and accuracy curves. Qt Gui only (no widgets).

#include "lantern/snapshots/store.h"

#include <QColor>
#include <QImage>
#include <QSize>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lantern::app {

/// Everything shown for one probe, over all frames (by value, immutable once loaded).
struct ProbeHistory {
    int64_t probe = -1;
    Tensor input;                       ///< the probe sample (shape as the model takes it, without N)
    std::vector<std::string> mapSeries; ///< names of the map series, in file order
    std::vector<Tensor> maps;           ///< per map series: (T, shape...)
    std::vector<Tensor> filters;        ///< per map series: (T, n) top filter indices, or empty
    Tensor probabilities;               ///< (T, C)
};

/// Loads a probe's history: every map series, its top filters, the probabilities. ArgumentError for a bad probe.
std::shared_ptr<const ProbeHistory> loadProbeHistory(const snapshots::SnapshotStore& store, int64_t probe);

/// Frame t of a (T, shape...) history, as a view of shape (shape...).
Tensor frameOf(const Tensor& history, int64_t t);

/// x of each frame on training plots: the epoch, fractional between epochs for step snapshots.
std::vector<double> frameX(const snapshots::SnapshotStore& store);
/// The training loss split in two: step snapshots hold one batch's loss, epoch ends the epoch's mean (NaN elsewhere).
struct TrainLoss {
    std::vector<double> batch, epoch;
};
TrainLoss splitTrainLoss(const snapshots::SnapshotStore& store);
/// A class's name from the file ("unknown" for -1, the index when the file has no name for it).
QString className(const snapshots::SnapshotStore& store, int64_t index);

/// Colour of a class curve: the true class stands out (red), the others are quieter.
QColor classCurveColor(int64_t c, bool target);

/// The map series shown large by default: the deepest attentive-response layer, else the first map series.
std::string defaultMapSeries(const snapshots::SnapshotStore& store);

/// Which panels a frame shows: the scrubber's layout, the probe with its map alone, or every layer's map.
enum class SnapshotPanels { Full, Map, Layers };
/// "full", "map", "layers" (ArgumentError naming --panels otherwise).
SnapshotPanels snapshotPanelsFromName(const std::string& name);

struct SnapshotFrameOptions {
    QSize size{1280, 720};
    std::string series; ///< the map shown over the probe ("" = defaultMapSeries)
    SnapshotPanels panels = SnapshotPanels::Full;
};

/// One frame drawn into an image of options.size.
QImage renderSnapshotFrame(const snapshots::SnapshotStore& store, const ProbeHistory& history, int64_t frame,
                           const SnapshotFrameOptions& options);

struct SnapshotVideoOptions {
    std::string out;  ///< .mp4 or .gif (or .webm, .mkv)
    double fps = 10;
    QSize size{1280, 720};
    int64_t probe = 0;
    std::string series; ///< as SnapshotFrameOptions::series
    SnapshotPanels panels = SnapshotPanels::Full;
    int64_t first = 0, last = -1; ///< frame range (last -1: to the end)
};

struct SnapshotVideoResult {
    int frames = 0, width = 0, height = 0;
    std::string encoder;
};

/// Renders and encodes every frame of one probe. `progress(done, total)` returning false cancels (CancelledError,
/// no file left behind). ArgumentError for a bad probe, series or frame range, naming it.
SnapshotVideoResult writeSnapshotVideo(const snapshots::SnapshotStore& store, const SnapshotVideoOptions& options,
                                       const std::function<bool(int done, int total)>& progress = {});

} // namespace lantern::app
