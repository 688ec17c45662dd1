#pragma once
// Filters a SampleListModel by class, correctness of the prediction, confidence range and name.

#include <QSortFilterProxyModel>
#include <QString>

namespace lantern::widgets {

class SampleFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Correctness { All, Correct, Misclassified };

    explicit SampleFilterProxy(QObject* parent = nullptr);

    /// -1: every class. Otherwise samples whose label is `cls`, or whose prediction is `cls` when unlabelled.
    void setClassFilter(int cls);
    int classFilter() const { return m_class; }
    /// Correct / Misclassified keep only samples with both a label and a prediction.
    void setCorrectness(Correctness correctness);
    Correctness correctness() const { return m_correctness; }
    /// Confidence bounds in [0, 1], inclusive. Samples without a confidence pass only the full range [0, 1].
    void setConfidenceRange(float lo, float hi);
    float confidenceLow() const { return m_lo; }
    float confidenceHigh() const { return m_hi; }
    /// Case-insensitive substring of the name ("" keeps all).
    void setNameFilter(const QString& text);
    const QString& nameFilter() const { return m_name; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    int m_class = -1;
    Correctness m_correctness = Correctness::All;
    float m_lo = 0, m_hi = 1;
    QString m_name;
};

} // namespace lantern::widgets
