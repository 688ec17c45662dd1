#pragma once
// The recorded samples of a CrabNet store as a sortable table (formula, CSV line, element count, target) with a
// filter: element symbols ("Ti O": samples holding all of them) or any part of the formula.

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

namespace lantern::gui {

namespace attention {
struct OpenedStore;
}

class SamplePanel : public QWidget {
    Q_OBJECT
public:
    explicit SamplePanel(QWidget* parent = nullptr);

    void setSamples(const attention::OpenedStore& store);
    void clear();
    /// Selects a sample (an index of the recording); clears the filter when it hides that sample.
    void setCurrentSample(int sample);
    int currentSample() const;
    /// Samples that pass the filter.
    int visibleCount() const;
    void setFilterText(const QString& text);

    QTreeView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }

signals:
    void currentSampleChanged(int sample);

private:
    void updateCount();

    QLineEdit* m_filter;
    QTreeView* m_view;
    QLabel* m_count;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_proxy;
    int m_current = -1;
};

} // namespace lantern::gui
