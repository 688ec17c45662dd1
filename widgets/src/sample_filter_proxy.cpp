#include "lantern/widgets/sample_filter_proxy.h"

#include "lantern/widgets/sample_list_model.h"

#include <algorithm>

namespace lantern::widgets {

SampleFilterProxy::SampleFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void SampleFilterProxy::setClassFilter(int cls)
{
    cls = std::max(cls, -1);
    if (cls != m_class) {
        m_class = cls;
        invalidateFilter();
    }
}

void SampleFilterProxy::setCorrectness(Correctness correctness)
{
    if (correctness != m_correctness) {
        m_correctness = correctness;
        invalidateFilter();
    }
}

void SampleFilterProxy::setConfidenceRange(float lo, float hi)
{
    lo = std::clamp(lo, 0.0f, 1.0f);
    hi = std::clamp(hi, 0.0f, 1.0f);
    if (lo > hi) {
        std::swap(lo, hi);
    }
    if (lo != m_lo || hi != m_hi) {
        m_lo = lo;
        m_hi = hi;
        invalidateFilter();
    }
}

void SampleFilterProxy::setNameFilter(const QString& text)
{
    if (text != m_name) {
        m_name = text;
        invalidateFilter();
    }
}

bool SampleFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* model = sourceModel();
    if (!model) {
        return false;
    }
    const QModelIndex idx = model->index(sourceRow, 0, sourceParent);
    const int label = idx.data(SampleListModel::LabelRole).toInt();
    const int predicted = idx.data(SampleListModel::PredictedRole).toInt();
    const float confidence = idx.data(SampleListModel::ConfidenceRole).toFloat();

    if (m_class >= 0 && (label >= 0 ? label : predicted) != m_class) {
        return false;
    }
    if (m_correctness != Correctness::All) {
        if (label < 0 || predicted < 0) {
            return false;
        }
        if ((label == predicted) != (m_correctness == Correctness::Correct)) {
            return false;
        }
    }
    const bool fullRange = m_lo <= 0.0f && m_hi >= 1.0f;
    if (!fullRange && (confidence < 0 || confidence < m_lo || confidence > m_hi)) {
        return false;
    }
    if (!m_name.isEmpty() && !idx.data(Qt::DisplayRole).toString().contains(m_name, Qt::CaseInsensitive)) {
        return false;
    }
    return true;
}

} // namespace lantern::widgets
