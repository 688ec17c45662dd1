#pragma once
// The samples of a data set as a list model: name, thumbnail, true label and (once a model ran) the predicted
// class with its confidence. Views filter it through SampleFilterProxy and draw it with SampleDelegate.

#include <QAbstractListModel>
#include <QImage>
#include <QString>
#include <QStringList>

#include <vector>

namespace lantern::widgets {

struct SampleInfo {
    QString name;
    QImage thumbnail;
    int label = -1;        ///< true class, -1 unknown
    int predicted = -1;    ///< predicted class, -1 not predicted yet
    float confidence = -1; ///< probability of the predicted class in [0, 1], -1 unknown
};

class SampleListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum SampleRoles {
        LabelRole = Qt::UserRole + 1, ///< int, -1 unknown
        PredictedRole,                ///< int, -1 unknown
        ConfidenceRole,               ///< float in [0, 1], -1 unknown
        CorrectRole,                  ///< bool when label and prediction are known, else an invalid QVariant
        LabelNameRole,                ///< QString: class name of the label ("" when unknown)
        PredictedNameRole,            ///< QString: class name of the prediction ("" when unknown)
    };
    Q_ENUM(SampleRoles)

    explicit SampleListModel(QObject* parent = nullptr);

    void setSamples(std::vector<SampleInfo> samples);
    /// One prediction per sample (sizes must match the sample count, else lantern::ArgumentError); emits
    /// dataChanged for every row.
    void setPredictions(const std::vector<int>& predicted, const std::vector<float>& confidence);
    void setClassNames(QStringList names);
    const QStringList& classNames() const { return m_classNames; }
    /// Name of class `cls`: the given name, or "class N" when there is none; "" for -1.
    QString className(int cls) const;

    const SampleInfo& sample(int row) const { return m_samples.at(static_cast<size_t>(row)); }
    int count() const { return static_cast<int>(m_samples.size()); }
    /// Largest label or prediction + 1 (at least the number of class names).
    int classCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<SampleInfo> m_samples;
    QStringList m_classNames;
};

} // namespace lantern::widgets
