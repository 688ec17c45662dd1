#pragma once
// The open model and samples with everything derived from them (layer list, predictions, class names). The
// GUI thread owns this object; the Model itself is only used by TaskRunner work, and the GUI reads the by-value
// summaries (ModelInfo, SampleSet) made when loading.

#include "common/sample_loader.h"

#include "lantern/model.h"
#include "lantern/widgets/layer_list.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace lantern::gui {

struct ModelInfo {
    QString path, weightsPath;
    QString format, name;
    std::string layout; ///< Model::inputLayout
    Shape inputShape;   ///< with the batch dimension (-1 when free)
    int64_t classCount = 0;
    std::vector<widgets::LayerInfo> layers; ///< every node in execution order (output value's shape)
    std::vector<std::string> layerValues;   ///< the value each layer row shows
    std::vector<std::string> convLayers;    ///< nodes with a 4-D output (grad-cam, attentive response)
    QStringList classNames;                 ///< from the model's metadata or a class_names.txt beside it
};

struct SampleSet {
    Tensor data; ///< (N, ...) fitted to the model input, preprocessed
    std::vector<std::string> names;
    std::vector<int64_t> labels; ///< empty or one per sample (-1 unknown)
    std::vector<std::string> specs;
    std::vector<std::string> notes;
    /// Gridded samples (one NetCDF spec): the field as read, sample i = time step i, and its display layout.
    std::shared_ptr<const geo::GeoField> field;
    geo::DisplayGrid grid;
    int64_t count() const { return data.isEmpty() ? 0 : data.dim(0); }
    Tensor sample(int64_t i) const; ///< (1, ...) view
};

/// Loads a model and summarises it (worker thread).
std::pair<std::shared_ptr<Model>, ModelInfo> loadModelWithInfo(const std::string& path, const std::string& weights);
/// Loads and concatenates sample specs for a model; labels from labelsSpec or by convention (worker thread).
SampleSet loadSampleSet(const std::vector<std::string>& specs, const std::string& labelsSpec, const ModelInfo& info,
                        const app::SampleOptions& options);
/// One forward pass of `input` returning a copy of the value `name` (inference drops values after their last
/// reader, so it is captured through an observer). Empty when the pass does not compute it (worker thread).
Tensor computeValue(Model& model, const Tensor& input, const std::string& name, const std::atomic<bool>* cancel);
/// Logits of every sample in batches of 64 (worker thread).
Tensor predictAll(Model& model, const Tensor& data, const std::atomic<bool>* cancel,
                  const std::function<void(double)>& progress);

class Workspace : public QObject {
    Q_OBJECT
public:
    explicit Workspace(QObject* parent = nullptr);

    bool hasModel() const { return m_model != nullptr; }
    std::shared_ptr<Model> model() const { return m_model; }
    const ModelInfo& modelInfo() const { return m_info; }
    const SampleSet& samples() const { return m_samples; }
    const app::SampleOptions& preprocessing() const { return m_preprocessing; }
    void setPreprocessing(const app::SampleOptions& options) { m_preprocessing = options; }
    QStringList classNames() const;               ///< names for every class (index when unknown)
    QString className(int64_t index) const;       ///< "3 · Dress" style
    void setClassNames(const QStringList& names); ///< user override (session)
    const QStringList& classNameOverride() const { return m_classOverride; }

    const std::vector<int>& predictions() const { return m_predicted; }
    const std::vector<float>& confidences() const { return m_confidence; }
    const Tensor& logits() const { return m_logits; }

    void setModel(std::shared_ptr<Model> model, ModelInfo info);
    void setSamples(SampleSet samples);
    void setLogits(const Tensor& logits); ///< (N, K) for the current samples

signals:
    void modelChanged();
    void samplesChanged();
    void predictionsChanged();
    void classNamesChanged();

private:
    std::shared_ptr<Model> m_model;
    ModelInfo m_info;
    SampleSet m_samples;
    app::SampleOptions m_preprocessing;
    QStringList m_classOverride;
    Tensor m_logits;
    std::vector<int> m_predicted;
    std::vector<float> m_confidence;
};

} // namespace lantern::gui
