#pragma once
// The layers of a model as a table (Layer / Op / Output shape) to pick the layer whose activations or
// explanation to show. Optionally lists only spatial layers (outputs with height and width).

#include <QString>
#include <QWidget>

#include <vector>

class QCheckBox;
class QStandardItemModel;
class QTreeView;

namespace lantern::widgets {

struct LayerInfo {
    QString name;
    QString op;
    QString shape;        ///< e.g. "(1, 32, 28, 28)"
    bool spatial = false; ///< conv-like output with H × W
};

class LayerList : public QWidget {
    Q_OBJECT
public:
    explicit LayerList(QWidget* parent = nullptr);

    void setLayers(std::vector<LayerInfo> layers);
    const std::vector<LayerInfo>& layers() const { return m_layers; }

    /// Name of the selected layer, "" when none.
    QString currentLayer() const;
    /// Selects the layer (no-op for an unknown name or a layer hidden by the spatial filter).
    void setCurrentLayer(const QString& name);
    /// Moves the selection by `delta` visible rows, clamped to the first / last (selects the first when none).
    void stepLayer(int delta);

    /// Only spatial layers are listed; a hidden current layer moves to the nearest visible one.
    void setSpatialOnly(bool on);
    bool spatialOnly() const { return m_spatialOnly; }
    /// Layers currently listed.
    int visibleCount() const;

    QTreeView* view() const { return m_view; }

signals:
    void currentLayerChanged(const QString& name);

private:
    std::vector<int> visibleRows() const;
    void selectRow(int row);
    void onCurrentChanged();

    std::vector<LayerInfo> m_layers;
    QStandardItemModel* m_model = nullptr;
    QTreeView* m_view = nullptr;
    QCheckBox* m_spatialBox = nullptr;
    bool m_spatialOnly = false;
    QString m_current;
};

} // namespace lantern::widgets
