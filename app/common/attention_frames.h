#pragma once
// Frames of a CrabNet attention recording as pictures, for `lantern-cli render-video` and the attention workspace's
// video export: every head's matrix of one sample at one epoch (render/attention.h), with the formula, the epoch and
// the layer in a title line. Qt Gui only (no widgets).

#include "lantern/snapshots/crabnet.h"

#include <QImage>
#include <QSize>

#include <functional>
#include <string>

namespace lantern::app {

/// One frame of `sample`'s (epochs, heads, n, n) series drawn into an image of `size`.
QImage renderAttentionFrame(const snapshots::CrabNetRecording& recording, int64_t sample, const Tensor& series,
                            int64_t epoch, QSize size);

struct AttentionVideoOptions {
    std::string out; ///< .mp4 or .gif (or .webm, .mkv)
    double fps = 4;
    QSize size{1280, 720};
    int64_t sample = 0;
    int layer = 0;
    std::string csv;    ///< the formulae CSV
    std::string layout; ///< "epoch-major" / "sample-major" / "" (from the store type)
    int64_t first = 0, last = -1; ///< epochs (last -1: to the end)
};

/// Renders and encodes one sample over the epochs. `progress(done, total)` returning false cancels (CancelledError,
/// no file left behind). Errors name the store, sample or epoch range.
void writeAttentionVideo(const std::string& store, const AttentionVideoOptions& options,
                         const std::function<bool(int done, int total)>& progress = {});
/// The same from an open recording (options.layer, csv and layout are the recording's).
void writeAttentionVideo(const snapshots::CrabNetRecording& recording, const AttentionVideoOptions& options,
                         const std::function<bool(int done, int total)>& progress = {});

} // namespace lantern::app
