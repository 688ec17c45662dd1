#pragma once
// The snapshot scrubber: a file recorded while training (lantern-cli train --snapshots or the Train dialog) replayed
// frame by frame. One timeline drives every panel: the probe with the chosen map overlaid, the maps of every recorded
// layer and method, the probe's class probabilities over training with its true class marked, and the loss and
// accuracy curves with a cursor. Choosing a probe loads its whole history once on the engine thread (a few chunk
// reads per series), so dragging the timeline only slices memory and repaints.

#include "common/snapshot_frames.h"

#include "lantern/snapshots/store.h"

#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace lantern::widgets {
class CurvePlot;
class MapGrid;
class OverlayView;
class Timeline;
} // namespace lantern::widgets

namespace lantern::gui {

class TaskRunner;

class SnapshotsWorkspace : public QWidget {
    Q_OBJECT
public:
    SnapshotsWorkspace(TaskRunner* runner, QWidget* parent = nullptr);
    ~SnapshotsWorkspace() override;

    /// Opens a snapshot file on the engine thread; the first probe and the last frame are shown.
    void openStore(const QString& path);
    void setProbe(int probe);
    void setFrame(int frame);
    void setMapSeries(int index);

    std::shared_ptr<const snapshots::SnapshotStore> store() const { return m_store; }
    std::shared_ptr<const app::ProbeHistory> history() const { return m_history; }
    int probe() const;
    int frame() const;
    QString path() const { return m_path; }
    /// Whether a requested store or probe has not arrived yet (tests wait for false).
    bool pending() const { return m_pendingRequests > 0; }

    widgets::Timeline* timeline() const { return m_timeline; }
    widgets::OverlayView* view() const { return m_view; }
    widgets::MapGrid* layers() const { return m_layers; }
    widgets::CurvePlot* predictionPlot() const { return m_prediction; }
    widgets::CurvePlot* lossPlot() const { return m_loss; }
    widgets::CurvePlot* accuracyPlot() const { return m_accuracy; }
    QListWidget* probeList() const { return m_probes; }
    QComboBox* seriesChoice() const { return m_series; }
    QLabel* frameInfo() const { return m_info; }

signals:
    void storeOpened();
    void frameShown(int frame);
    void exportVideoRequested();
    void errorOccurred(const QString& title, const QString& message);
    void statusMessage(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showStore(std::shared_ptr<const snapshots::SnapshotStore> store,
                   std::shared_ptr<const app::ProbeHistory> history);
    void showHistory(std::shared_ptr<const app::ProbeHistory> history);
    void showFrame(int frame);
    void paintFrame(int frame);
    void updateCurves();
    void retranslate();
    QStringList frameLabels() const;

    TaskRunner* m_runner;
    QString m_path;
    std::shared_ptr<const snapshots::SnapshotStore> m_store;
    std::shared_ptr<const app::ProbeHistory> m_history;
    int m_pendingRequests = 0;
    int m_requestedProbe = -1;
    int m_seriesIndex = 0;
    QStringList m_frameLabels;
    std::vector<double> m_frameX; ///< each frame's x on the plots (app::frameX), computed once per store

    QListWidget* m_probes;
    QComboBox* m_series;
    QLabel* m_seriesLabel;
    QLabel* m_info;
    QLabel* m_provenance;
    QLabel* m_predictionCaption;
    QLabel* m_curvesCaption;
    QPushButton* m_export;
    widgets::OverlayView* m_view;
    widgets::MapGrid* m_layers;
    widgets::CurvePlot* m_prediction;
    widgets::CurvePlot* m_loss;
    widgets::CurvePlot* m_accuracy;
    widgets::Timeline* m_timeline;
};

} // namespace lantern::gui
