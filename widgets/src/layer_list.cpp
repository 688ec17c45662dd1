#include "lantern/widgets/layer_list.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace lantern::widgets {

LayerList::LayerList(QWidget* parent) : QWidget(parent)
{
    m_model = new QStandardItemModel(0, 3, this);
    m_model->setHorizontalHeaderLabels({tr("Layer"), tr("Op"), tr("Output shape")});

    m_view = new QTreeView(this);
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setItemsExpandable(false);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);

    m_spatialBox = new QCheckBox(tr("Only spatial layers"), this);
    m_spatialBox->setToolTip(tr("List only layers whose output has height and width (convolution-like)"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_spatialBox);
    layout->addWidget(m_view, 1);

    connect(m_spatialBox, &QCheckBox::toggled, this, &LayerList::setSpatialOnly);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] { onCurrentChanged(); });
}

void LayerList::setLayers(std::vector<LayerInfo> layers)
{
    const QString previous = m_current;
    m_layers = std::move(layers);
    {
        const QSignalBlocker blocker(m_view->selectionModel());
        m_model->removeRows(0, m_model->rowCount());
        for (const LayerInfo& layer : m_layers) {
            QList<QStandardItem*> row{new QStandardItem(layer.name), new QStandardItem(layer.op),
                                      new QStandardItem(layer.shape)};
            for (QStandardItem* item : row) {
                item->setEditable(false);
                item->setToolTip(tr("%1 (%2) → %3").arg(layer.name, layer.op, layer.shape));
            }
            m_model->appendRow(row);
        }
        for (int i = 0; i < static_cast<int>(m_layers.size()); ++i) {
            m_view->setRowHidden(i, {}, m_spatialOnly && !m_layers[static_cast<size_t>(i)].spatial);
        }
    }
    for (int c = 0; c < 2; ++c) {
        m_view->resizeColumnToContents(c);
    }
    // Keep the same layer selected when the new model has it.
    const auto it =
        std::find_if(m_layers.begin(), m_layers.end(), [&](const LayerInfo& l) { return l.name == previous; });
    if (it != m_layers.end() && !m_view->isRowHidden(static_cast<int>(it - m_layers.begin()), {})) {
        selectRow(static_cast<int>(it - m_layers.begin()));
    } else {
        onCurrentChanged();
    }
}

QString LayerList::currentLayer() const
{
    return m_current;
}

void LayerList::setCurrentLayer(const QString& name)
{
    for (int i = 0; i < static_cast<int>(m_layers.size()); ++i) {
        if (m_layers[static_cast<size_t>(i)].name == name && !m_view->isRowHidden(i, {})) {
            selectRow(i);
            return;
        }
    }
}

std::vector<int> LayerList::visibleRows() const
{
    std::vector<int> rows;
    for (int i = 0; i < static_cast<int>(m_layers.size()); ++i) {
        if (!m_view->isRowHidden(i, {})) {
            rows.push_back(i);
        }
    }
    return rows;
}

int LayerList::visibleCount() const
{
    return static_cast<int>(visibleRows().size());
}

void LayerList::stepLayer(int delta)
{
    const std::vector<int> rows = visibleRows();
    if (rows.empty()) {
        return;
    }
    const int cur = m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
    const auto it = std::find(rows.begin(), rows.end(), cur);
    int pos = 0;
    if (it != rows.end()) {
        pos = std::clamp(static_cast<int>(it - rows.begin()) + delta, 0, static_cast<int>(rows.size()) - 1);
    } else if (delta < 0) {
        pos = static_cast<int>(rows.size()) - 1;
    }
    selectRow(rows[static_cast<size_t>(pos)]);
}

void LayerList::setSpatialOnly(bool on)
{
    if (m_spatialBox->isChecked() != on) {
        const QSignalBlocker blocker(m_spatialBox);
        m_spatialBox->setChecked(on);
    }
    if (on == m_spatialOnly) {
        return;
    }
    m_spatialOnly = on;
    const int cur = m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
    {
        const QSignalBlocker blocker(m_view->selectionModel());
        for (int i = 0; i < static_cast<int>(m_layers.size()); ++i) {
            m_view->setRowHidden(i, {}, on && !m_layers[static_cast<size_t>(i)].spatial);
        }
    }
    if (cur >= 0 && m_view->isRowHidden(cur, {})) {
        // Nearest visible row, preferring the following layers (deeper features).
        int best = -1;
        for (int d = 1; d < static_cast<int>(m_layers.size()) && best < 0; ++d) {
            for (int r : {cur + d, cur - d}) {
                if (r >= 0 && r < static_cast<int>(m_layers.size()) && !m_view->isRowHidden(r, {})) {
                    best = r;
                    break;
                }
            }
        }
        if (best >= 0) {
            selectRow(best);
        } else {
            m_view->selectionModel()->clear();
            onCurrentChanged();
        }
    }
}

void LayerList::selectRow(int row)
{
    const QModelIndex idx = m_model->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(idx);
    onCurrentChanged();
}

void LayerList::onCurrentChanged()
{
    const QModelIndex idx = m_view->currentIndex();
    const QString name = idx.isValid() && !m_view->isRowHidden(idx.row(), {})
                             ? m_layers[static_cast<size_t>(idx.row())].name
                             : QString();
    if (name != m_current) {
        m_current = name;
        emit currentLayerChanged(name);
    }
}

} // namespace lantern::widgets
