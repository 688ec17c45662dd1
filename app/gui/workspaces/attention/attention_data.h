#pragma once
// What the attention workspace reads, by value, on the engine thread: a CrabNet recording (every layer the store
// and its sibling stores hold), the formulae CSV's targets, and CrabNet's per-epoch predictions when
// get_training_attention.py left them beside the store (pred_data.npz, act_data.npz: (samples, epochs) float32).
//
// CrabNet's recorder appends `model.pred_v` from inside the attention hook, i.e. before that epoch's predict() has
// returned: column e of pred_data holds the predictions of the model after epoch e-1 and column 0 is NaN.
// `readPredictions` detects that (column 0 all NaN) and shifts the columns so that value e belongs to the same
// model as the attention of epoch e; the last epoch's predictions were never saved (NaN).

#include "lantern/snapshots/crabnet.h"
#include "lantern/tensor.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <map>
#include <optional>
#include <vector>

namespace lantern::gui::attention {

struct Predictions {
    QString path;                 ///< pred_data.npz
    QString property;             ///< CrabNet's mat_prop: the name of the folder holding the stores, e.g. aflow__Egap
    int64_t samples = 0, epochs = 0;
    std::vector<float> values;    ///< (samples, epochs), aligned with the attention's epochs; NaN where unknown
    std::vector<float> targets;   ///< per sample: act_data's last column (empty without act_data.npz)
    bool shifted = false;         ///< CrabNet's one-epoch lag was corrected
    float at(int64_t sample, int64_t epoch) const { return values[size_t(sample * epochs + epoch)]; }
};

struct LayerRecording {
    int layer = 0;
    QString store; ///< the store (or array) path it was opened from
    snapshots::CrabNetRecording recording;
};

/// An opened store, shared read-only between the GUI and engine threads (CrabNetRecording reads are thread-safe).
struct OpenedStore {
    QString store, csv;
    std::vector<LayerRecording> layers; ///< ascending layer numbers; all agree on samples, epochs, heads and n_el
    std::optional<Predictions> predictions;
    QStringList notes;                  ///< what was looked for and skipped (sibling layers, predictions), for the user
    std::vector<double> csvTargets;     ///< per sample, the CSV's target column (NaN where absent)

    const snapshots::CrabNetRecording& first() const { return layers.front().recording; }
    int64_t samples() const { return first().samples(); }
    int64_t epochs() const { return first().epochs(); }
    int heads() const { return first().heads(); }
    int elements() const { return first().elements(); }
    /// The index in `layers` of layer number `layer`, or -1.
    int indexOfLayer(int layer) const;
    /// The sample's target: the recorder's act_data when present, otherwise the CSV's (NaN when neither).
    double target(int64_t sample) const;
};

/// Every layer of one sample over all epochs: (epochs, heads, n_el, n_el), NaN for absent pairs.
struct SampleSeries {
    int64_t sample = 0;
    std::map<int, Tensor> layers;  ///< by layer number
    std::map<int, QString> errors; ///< layers that could not be read (missing or corrupt chunks)
};

/// Opens `store` with the formulae `csv` and gathers layers and predictions. Throws lantern::Error.
OpenedStore openStore(const QString& store, const QString& csv);
/// Reads `sample`'s whole epoch series of every layer (one chunk per head in the zip layout). Errors of one layer are
/// kept in SampleSeries::errors; throws CancelledError when `cancel` is raised between layers.
SampleSeries readSeries(const OpenedStore& store, int64_t sample, const std::atomic<bool>* cancel);
/// Reads and aligns pred_data.npz (and act_data.npz beside it) for `samples` × `epochs`; throws lantern::Error naming the
/// file when it does not fit.
Predictions readPredictions(const QString& predPath, int64_t samples, int64_t epochs);

/// *.csv files beside the store (and, when there are none, in the folder above), for finding the formulae CSV.
QStringList csvCandidates(const QString& store);
/// Whether `path` looks like a CrabNet store (a Zarr directory or zip with `layer{L}` arrays, or such an array);
/// never throws.
bool looksLikeCrabNetStore(const QString& path);

} // namespace lantern::gui::attention
