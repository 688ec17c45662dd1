#include "model_panel.h"

#include "task_runner.h"
#include "workspace.h"

#include "lantern/widgets/activation_grid.h"
#include "lantern/widgets/layer_list.h"

#include <QFormLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace lantern::gui {

ModelPanel::ModelPanel(Workspace* workspace, TaskRunner* runner, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_runner(runner)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* split = new QSplitter(Qt::Vertical, this);
    m_layers = new widgets::LayerList(split);
    auto* lower = new QWidget(split);
    auto* ll = new QVBoxLayout(lower);
    ll->setContentsMargins(0, 0, 0, 0);
    auto* form = new QFormLayout;
    m_topN = new QSpinBox(lower);
    m_topN->setRange(1, 32);
    m_topN->setValue(4);
    m_topN->setToolTip(tr("How many of the most activated filters are highlighted and back-projected"));
    form->addRow(tr("Top-n filters"), m_topN);
    ll->addLayout(form);
    m_info = new QLabel(tr("Select a layer to see its activations"), lower);
    m_info->setWordWrap(true);
    ll->addWidget(m_info);
    auto* scroll = new QScrollArea(lower);
    scroll->setWidgetResizable(true);
    m_grid = new widgets::ActivationGrid(scroll);
    m_grid->setTopN(m_topN->value());
    scroll->setWidget(m_grid);
    ll->addWidget(scroll, 1);
    split->addWidget(m_layers);
    split->addWidget(lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split);

    connect(workspace, &Workspace::modelChanged, this, &ModelPanel::onModelChanged);
    connect(workspace, &Workspace::samplesChanged, this, [this] {
        m_cache.clear();
        m_grid->clear();
    });
    connect(m_layers, &widgets::LayerList::currentLayerChanged, this, [this](const QString& name) {
        requestActivations();
        emit layerChanged(name);
    });
    connect(m_topN, &QSpinBox::valueChanged, this, [this](int n) {
        m_grid->setTopN(n);
        emit topNChanged(n);
    });
    connect(runner, &TaskRunner::failed, this,
            [this](const QString& channel, const QString& label, const QString& msg) {
                if (channel == QLatin1String("activations"))
                    m_info->setText(tr("%1 failed: %2").arg(label, msg));
            });
    connect(m_grid, &widgets::ActivationGrid::filterClicked, this,
            [this](int channel) { emit filterChosen(m_grid->layerName(), channel); });
}

void ModelPanel::onModelChanged()
{
    m_cache.clear();
    m_grid->clear();
    m_info->setText(tr("Select a layer to see its activations"));
    m_layers->setLayers(m_workspace->modelInfo().layers);
    const auto& conv = m_workspace->modelInfo().convLayers;
    if (!conv.empty())
        m_layers->setCurrentLayer(QString::fromStdString(conv.front()));
}

void ModelPanel::setSample(int64_t sample)
{
    m_sample = sample;
    requestActivations();
}

QString ModelPanel::currentLayer() const
{
    return m_layers->currentLayer();
}

void ModelPanel::setCurrentLayer(const QString& name)
{
    m_layers->setCurrentLayer(name);
}

void ModelPanel::stepLayer(int delta)
{
    m_layers->stepLayer(delta);
}

int ModelPanel::topN() const
{
    return m_topN->value();
}

void ModelPanel::setTopN(int n)
{
    m_topN->setValue(n);
}

void ModelPanel::requestActivations()
{
    const QString layer = m_layers->currentLayer();
    if (!m_workspace->hasModel() || m_sample < 0 || m_sample >= m_workspace->samples().count() || layer.isEmpty()) {
        m_runner->cancel(QStringLiteral("activations"));
        m_grid->clear();
        m_info->setText(m_workspace->samples().count() == 0 ? tr("Open samples to see a layer's activations")
                                                            : tr("Select a layer to see its activations"));
        return;
    }
    const ModelInfo& info = m_workspace->modelInfo();
    std::string value;
    for (size_t i = 0; i < info.layers.size(); ++i)
        if (info.layers[i].name == layer)
            value = info.layerValues[i];
    if (value.empty())
        return;
    for (const auto& c : m_cache)
        if (c.sample == m_sample && c.value == value) {
            m_grid->setActivations(c.activation, layer);
            m_info->setText(tr("%1: %2 channels, ranked by summed activation").arg(layer).arg(m_grid->channelCount()));
            return;
        }
    m_info->setText(tr("Computing activations of %1…").arg(layer));
    auto model = m_workspace->model();
    const Tensor input = m_workspace->samples().sample(m_sample).clone();
    const int64_t sample = m_sample;
    m_runner->run(QStringLiteral("activations"), tr("Activations of %1").arg(layer),
                  [this, model, input, value, layer, sample](const TaskContext& ctx) -> TaskRunner::Apply {
                      const Tensor seen = computeValue(*model, input, value, ctx.cancel);
                      const Tensor a = seen.isEmpty()
                                           ? Tensor()
                                           : seen.reshaped(Shape(seen.shape().begin() + 1, seen.shape().end()));
                      return [this, a, layer, value, sample] {
                          m_cache.push_front({sample, value, a});
                          if (m_cache.size() > 64)
                              m_cache.pop_back();
                          if (a.isEmpty()) {
                              m_grid->clear();
                              m_info->setText(tr("%1 has no activation to show").arg(layer));
                              return;
                          }
                          m_grid->setActivations(a, layer);
                          m_info->setText(tr("%1: %2 channels, ranked by summed activation (as attentive "
                                             "response ranks them); click one for its attentive response")
                                              .arg(layer)
                                              .arg(m_grid->channelCount()));
                      };
                  });
}

} // namespace lantern::gui
