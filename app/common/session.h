#pragma once
// A GUI session (.lantern, JSON): the model, the samples with their labels, per-model preprocessing, class
// names and what was on screen. Paths are stored relative to the session file when they lie below its folder,
// so a project folder can be moved. Written atomically (QSaveFile): a failed save never damages the old file.

#include "common/settings.h"

#include <QString>

#include <string>
#include <vector>

namespace lantern::app {

struct Session {
    std::string modelPath; ///< ONNX, Keras .h5, Keras 1 .json (+ weightsPath), or "preset:NAME"
    std::string weightsPath;
    SampleOptions preprocessing;
    std::vector<std::string> sampleSpecs; ///< as loadSamples takes them; concatenated in this order
    std::string labelsSpec;               ///< "" = found by convention (companionLabels)
    std::vector<std::string> classNames;  ///< "" = from the model metadata or indices
    // what was on screen
    int currentSample = 0;
    std::string currentLayer;
    MethodChoice method;
    render::OverlayStyle style;
    int topN = 4;
    std::string view = "overlay"; ///< "overlay", "summary", "dominant", "clear"
    /// attentive-response style of the Summary and Dominant filter views: "ai4materials" or "zeiler-fergus"
    std::string responseStyle = "ai4materials";

    bool operator==(const Session& other) const;
};

QByteArray sessionToJson(const Session& session, const QString& sessionPath);
/// Throws IoError naming `sessionPath` for malformed content or an unknown format version.
Session sessionFromJson(const QByteArray& json, const QString& sessionPath);

void saveSession(const Session& session, const QString& path); ///< atomic; throws IoError
Session loadSession(const QString& path);                      ///< throws IoError

} // namespace lantern::app
