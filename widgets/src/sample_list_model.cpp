#include "lantern/widgets/sample_list_model.h"

#include "lantern/error.h"

#include <QLocale>

#include <algorithm>
#include <string>

namespace lantern::widgets {

SampleListModel::SampleListModel(QObject* parent) : QAbstractListModel(parent) {}

void SampleListModel::setSamples(std::vector<SampleInfo> samples)
{
    beginResetModel();
    m_samples = std::move(samples);
    endResetModel();
}

void SampleListModel::setPredictions(const std::vector<int>& predicted, const std::vector<float>& confidence)
{
    if (predicted.size() != m_samples.size() || (!confidence.empty() && confidence.size() != m_samples.size())) {
        throw ArgumentError("SampleListModel::setPredictions: " + std::to_string(predicted.size()) +
                            " predictions and " + std::to_string(confidence.size()) + " confidences for " +
                            std::to_string(m_samples.size()) + " samples");
    }
    for (size_t i = 0; i < m_samples.size(); ++i) {
        m_samples[i].predicted = predicted[i];
        m_samples[i].confidence = confidence.empty() ? -1.0f : confidence[i];
    }
    if (!m_samples.empty()) {
        emit dataChanged(index(0), index(count() - 1),
                         {PredictedRole, ConfidenceRole, CorrectRole, PredictedNameRole, Qt::ToolTipRole});
    }
}

void SampleListModel::setClassNames(QStringList names)
{
    m_classNames = std::move(names);
    if (!m_samples.empty()) {
        emit dataChanged(index(0), index(count() - 1), {LabelNameRole, PredictedNameRole, Qt::ToolTipRole});
    }
}

QString SampleListModel::className(int cls) const
{
    if (cls < 0) {
        return {};
    }
    if (cls < m_classNames.size()) {
        return m_classNames[cls];
    }
    return tr("class %1").arg(cls);
}

int SampleListModel::classCount() const
{
    int n = static_cast<int>(m_classNames.size());
    for (const SampleInfo& s : m_samples) {
        n = std::max({n, s.label + 1, s.predicted + 1});
    }
    return n;
}

int SampleListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant SampleListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= count()) {
        return {};
    }
    const SampleInfo& s = m_samples[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return s.name;
    case Qt::DecorationRole:
        return s.thumbnail;
    case LabelRole:
        return s.label;
    case PredictedRole:
        return s.predicted;
    case ConfidenceRole:
        return s.confidence;
    case CorrectRole:
        if (s.label < 0 || s.predicted < 0) {
            return {};
        }
        return s.label == s.predicted;
    case LabelNameRole:
        return className(s.label);
    case PredictedNameRole:
        return className(s.predicted);
    case Qt::ToolTipRole: {
        QStringList lines{s.name};
        if (s.label >= 0) {
            lines << tr("Label: %1").arg(className(s.label));
        }
        if (s.predicted >= 0) {
            lines << (s.confidence >= 0
                          ? tr("Predicted: %1 (%2 %)")
                                .arg(className(s.predicted), QLocale().toString(100.0 * s.confidence, 'f', 1))
                          : tr("Predicted: %1").arg(className(s.predicted)));
        }
        return lines.join(QLatin1Char('\n'));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> SampleListModel::roleNames() const
{
    QHash<int, QByteArray> roles = QAbstractListModel::roleNames();
    roles[LabelRole] = "label";
    roles[PredictedRole] = "predicted";
    roles[ConfidenceRole] = "confidence";
    roles[CorrectRole] = "correct";
    roles[LabelNameRole] = "labelName";
    roles[PredictedNameRole] = "predictedName";
    return roles;
}

} // namespace lantern::widgets
