#pragma once
// The CrabNet attention workspace: the recorded samples on the left (searchable), the attention matrices of the
// current sample, layer and epoch in the centre (all heads or one; element symbols on the axes, absent pairs masked),
// on the right the prediction against the epochs when CrabNet's pred_data.npz lies beside the store (otherwise a note:
// the stores hold attention only) and the attention of the selected element pair per head over the epochs; the
// timeline over the epochs at the bottom. Stores are read on the engine thread (TaskRunner channels, by-value
// results); a sample's whole epoch series of every layer is read once when it is selected, so scrubbing, switching
// heads or layers only repaints.

#include "lantern/tensor.h"

#include <QString>
#include <QWidget>

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTreeView;

namespace lantern::widgets {
class AttentionMatrix;
class Timeline;
} // namespace lantern::widgets

namespace lantern::gui {

namespace attention {
struct OpenedStore;
struct SampleSeries;
} // namespace attention

class EvolutionPanel;
class SamplePanel;
class TaskRunner;

class AttentionWorkspace : public QWidget {
    Q_OBJECT
public:
    AttentionWorkspace(TaskRunner* runner, QWidget* parent = nullptr);
    ~AttentionWorkspace() override;

    /// A CrabNet store (directory or .zip, or one layer{L} array inside one); `csv` the formulae CSV — when empty,
    /// a single *.csv next to the store (or in its parent), otherwise a file dialog (on the "offscreen" platform an
    /// error instead).
    void openStore(const QString& store, const QString& csv = {});
    /// Cheap check used by drag and drop / command line routing: a Zarr directory or zip holding layer{L} arrays,
    /// or such an array. Never throws.
    static bool isCrabNetStore(const QString& path);

    // for tests and the main window
    QString storePath() const;
    int sampleCount() const;
    int currentSample() const { return m_sample; }
    int currentEpoch() const { return m_epoch; }
    int currentLayer() const { return m_layer; } ///< the layer number, -1 before a store is open
    void setCurrentSample(int sample);
    void setCurrentLayer(int layer);
    /// Keeps the pair (row attends to column; slot indices of the recording) on the right; (-1, -1): the strongest
    /// pair of the last epoch.
    void selectPair(int row, int column);
    std::pair<int, int> shownPair() const;
    /// Whether the current sample's series is still being read.
    bool pending() const;
    bool hasPredictions() const;
    /// What the matrix shows: (heads, k, k) for the shown slots, NaN where a pair is absent.
    const Tensor& shownFrame() const { return m_frame; }
    /// The recording's slot of each shown row/column.
    const std::vector<int>& shownSlots() const { return m_slots; }

    SamplePanel* samplePanel() const { return m_samples; }
    QTreeView* sampleList() const;
    QComboBox* layerChoice() const { return m_layerChoice; }
    QComboBox* headChoice() const { return m_headChoice; }
    QCheckBox* paddingChoice() const { return m_padding; }
    widgets::Timeline* timeline() const { return m_timeline; }
    widgets::AttentionMatrix* matrix() const { return m_matrix; }
    EvolutionPanel* evolutionPanel() const { return m_evolution; }
    QLabel* matrixMessage() const { return m_message; }
    /// The open store with its layers (null before one is open), e.g. for the video export.
    std::shared_ptr<const attention::OpenedStore> openedStore() const { return m_store; }

signals:
    void storeOpened();
    void errorOccurred(const QString& title, const QString& message);
    void statusMessage(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showStore(std::shared_ptr<const attention::OpenedStore> store);
    void selectSample(int sample);
    void showPrediction();
    void showFrame();
    void updatePair();
    void setHover(int row, int column);
    /// The slot pair under `pos` of the matrix, or (-1, -1).
    std::pair<int, int> slotsAt(const QPoint& pos) const;
    std::shared_ptr<const attention::SampleSeries> series(int sample) const;
    void remember(std::shared_ptr<const attention::SampleSeries> s);
    void showMessage(const QString& text);
    QString displayName() const;

    TaskRunner* m_runner;
    std::shared_ptr<const attention::OpenedStore> m_store;
    std::map<int64_t, std::shared_ptr<const attention::SampleSeries>> m_cache;
    std::list<int64_t> m_recent; ///< most recent first
    int m_sample = -1, m_layer = -1, m_epoch = -1;
    int m_pending = -1; ///< sample being read
    std::pair<int, int> m_pinned{-1, -1}, m_hover{-1, -1}, m_shownPair{-1, -1};
    std::vector<int> m_slots;
    Tensor m_frame;
    QString m_reported; ///< the last read error reported (once per sample and layer)

    SamplePanel* m_samples;
    QLabel* m_storeInfo;
    QComboBox* m_layerChoice;
    QComboBox* m_headChoice;
    QCheckBox* m_padding;
    QLabel* m_sampleInfo;
    QStackedWidget* m_stack;
    widgets::AttentionMatrix* m_matrix;
    QWidget* m_overlay;
    QLabel* m_message;
    EvolutionPanel* m_evolution;
    widgets::Timeline* m_timeline;
};

} // namespace lantern::gui
