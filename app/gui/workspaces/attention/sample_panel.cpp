#include "workspaces/attention/sample_panel.h"

#include "workspaces/attention/attention_data.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <cmath>

namespace lantern::gui {

namespace {

constexpr int kSampleRole = Qt::UserRole + 1;
constexpr int kSymbolsRole = Qt::UserRole + 2;

/// Element symbols ("Ti O", "Ti,O") select samples holding all of them; anything else matches the formula's text.
class SampleFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setText(const QString& text)
    {
        m_text = text.trimmed();
        static const QRegularExpression symbols(QStringLiteral("^([A-Z][a-z]?)([\\s,]+[A-Z][a-z]?)*$"));
        m_symbols.clear();
        if (symbols.match(m_text).hasMatch())
            m_symbols = m_text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        if (m_text.isEmpty())
            return true;
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        if (!m_symbols.isEmpty()) {
            const QStringList present = index.data(kSymbolsRole).toStringList();
            for (const QString& s : m_symbols)
                if (!present.contains(s))
                    return false;
            return true;
        }
        return index.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive);
    }

private:
    QString m_text;
    QStringList m_symbols;
};

} // namespace

SamplePanel::SamplePanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 4, 0);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: formula text or elements (Ti O)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Element symbols separated by spaces keep the samples that hold all of them; any other text "
                            "matches part of the formula"));
    m_model = new QStandardItemModel(0, 4, this);
    m_model->setHorizontalHeaderLabels({tr("Formula"), tr("Line"), tr("Elem."), tr("Target")});
    m_model->setHeaderData(1, Qt::Horizontal, tr("Line of the formulae CSV (the header is line 1)"), Qt::ToolTipRole);
    m_model->setHeaderData(2, Qt::Horizontal, tr("Number of elements CrabNet saw"), Qt::ToolTipRole);
    m_model->setHeaderData(3, Qt::Horizontal, tr("The sample's target value"), Qt::ToolTipRole);
    auto* proxy = new SampleFilter(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(Qt::UserRole + 3);
    m_proxy = proxy;
    m_view = new QTreeView(this);
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(1, Qt::AscendingOrder);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_view->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_count = new QLabel(this);
    m_count->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    connect(m_filter, &QLineEdit::textChanged, this, [this, proxy](const QString& text) {
        proxy->setText(text);
        updateCount();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (!current.isValid())
            return;
        const int sample = m_proxy->mapToSource(current).siblingAtColumn(0).data(kSampleRole).toInt();
        if (sample != m_current) {
            m_current = sample;
            emit currentSampleChanged(sample);
        }
    });
}

void SamplePanel::setSamples(const attention::OpenedStore& store)
{
    const QSignalBlocker block(m_view->selectionModel());
    m_current = -1;
    m_model->removeRows(0, m_model->rowCount());
    const auto& r = store.first();
    for (int64_t s = 0; s < r.samples(); ++s) {
        const snapshots::CrabNetSample& sample = r.sample(s);
        QStringList symbols;
        for (size_t k = 0; k < sample.symbols.size(); ++k)
            if (sample.present[k])
                symbols << QString::fromStdString(sample.symbols[k]);
        auto* formula = new QStandardItem(QString::fromStdString(sample.formula));
        formula->setData(int(s), kSampleRole);
        formula->setData(symbols, kSymbolsRole);
        formula->setData(QString::fromStdString(sample.formula), Qt::UserRole + 3);
        formula->setToolTip(tr("Sample %1 · CrabNet's order: %2").arg(s).arg(symbols.join(QStringLiteral(", "))));
        auto* line = new QStandardItem(QString::number(sample.csvLine));
        line->setData(qlonglong(sample.csvLine), Qt::UserRole + 3);
        line->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const int count = sample.presentCount();
        auto* elements = new QStandardItem(sample.truncated > 0 ? tr("%1 (+%2 cut)").arg(count).arg(sample.truncated) : QString::number(count));
        elements->setData(count + sample.truncated, Qt::UserRole + 3);
        elements->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (sample.truncated > 0)
            elements->setToolTip(tr("CrabNet kept the first %1 elements of this formula").arg(count));
        const double target = store.target(s);
        auto* targetItem = new QStandardItem(std::isfinite(target) ? QString::number(target, 'g', 5) : QString());
        targetItem->setData(std::isfinite(target) ? target : -1e300, Qt::UserRole + 3);
        targetItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_model->appendRow({formula, line, elements, targetItem});
    }
    updateCount();
}

void SamplePanel::clear()
{
    m_current = -1;
    m_model->removeRows(0, m_model->rowCount());
    updateCount();
}

void SamplePanel::setCurrentSample(int sample)
{
    if (sample < 0 || sample >= m_model->rowCount())
        return;
    QModelIndex source;
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->index(row, 0).data(kSampleRole).toInt() == sample) {
            source = m_model->index(row, 0);
            break;
        }
    QModelIndex index = m_proxy->mapFromSource(source);
    if (!index.isValid()) {
        m_filter->clear();
        index = m_proxy->mapFromSource(source);
    }
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

int SamplePanel::currentSample() const
{
    return m_current;
}

int SamplePanel::visibleCount() const
{
    return m_proxy->rowCount();
}

void SamplePanel::setFilterText(const QString& text)
{
    m_filter->setText(text);
}

void SamplePanel::updateCount()
{
    m_count->setText(tr("%1 of %n sample(s)", nullptr, m_model->rowCount()).arg(m_proxy->rowCount()));
}

} // namespace lantern::gui
