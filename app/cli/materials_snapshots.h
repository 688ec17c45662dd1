#pragma once
// When does the crystal CNN start to look at the Bragg spots? For every snapshot frame and conv layer of a recording
// made by `study materials --snapshots`: the share of each probe's positive attentive response that falls on the
// bright pixels of its own fingerprint (the diffraction peaks, value >= 0.5 after the fingerprint's min-max scaling),
// averaged over the probes, against the share of the image those pixels cover (what a map blind to the peaks gets).

#include <nlohmann/json.hpp>

#include <string>

namespace lantern::cli {

/// Writes `csvPath` (frame, epoch, step, validation_accuracy, layer, peak_share, peak_area) and prints a table;
/// returns a summary: per layer the first frame whose peak share is within 10 % of the final one.
nlohmann::json analyseSnapshots(const std::string& snapshotPath, const std::string& csvPath);

} // namespace lantern::cli
