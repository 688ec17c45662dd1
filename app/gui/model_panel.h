#pragma once
// Model dock: the layer list (step with PgUp/PgDn or Alt+Up/Down), the activation grid of the selected layer for
// the current sample (channels sorted by activation, top-n highlighted) and the top-n setting. Clicking a filter
// asks for its attentive response map.

#include <QWidget>

#include <list>

#include "lantern/tensor.h"

class QLabel;
class QSpinBox;

namespace lantern::widgets {
class ActivationGrid;
class LayerList;
} // namespace lantern::widgets

namespace lantern::gui {

class TaskRunner;
class Workspace;

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    ModelPanel(Workspace* workspace, TaskRunner* runner, QWidget* parent = nullptr);

    void setSample(int64_t sample);
    QString currentLayer() const;
    void setCurrentLayer(const QString& name);
    void stepLayer(int delta);
    int topN() const;
    void setTopN(int n);
    widgets::LayerList* layerList() const { return m_layers; }
    widgets::ActivationGrid* activationGrid() const { return m_grid; }

signals:
    void layerChanged(const QString& name);
    void topNChanged(int n);
    void filterChosen(const QString& layer, int channel);

private:
    void onModelChanged();
    void requestActivations();

    Workspace* m_workspace;
    TaskRunner* m_runner;
    widgets::LayerList* m_layers;
    widgets::ActivationGrid* m_grid;
    QLabel* m_info;
    QSpinBox* m_topN;
    int64_t m_sample = -1;
    struct Cached {
        int64_t sample;
        std::string value;
        Tensor activation;
    };
    std::list<Cached> m_cache;
};

} // namespace lantern::gui
