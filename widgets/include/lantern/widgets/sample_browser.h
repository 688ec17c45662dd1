#pragma once
// Browse a data set: a filter bar (class, correctness, confidence range, name) above a grid of sample tiles.
// Rows are always reported as rows of the source model (the index into the samples given to setSamples).

#include "lantern/widgets/sample_filter_proxy.h"
#include "lantern/widgets/sample_list_model.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListView;

namespace lantern::widgets {

class SampleDelegate;

class SampleBrowser : public QWidget {
    Q_OBJECT
public:
    explicit SampleBrowser(QWidget* parent = nullptr);

    void setSamples(std::vector<SampleInfo> samples);
    void setClassNames(QStringList names);
    /// Forwards to SampleListModel::setPredictions (sizes must match the samples).
    void setPredictions(const std::vector<int>& predicted, const std::vector<float>& confidence);

    /// Source row of the current sample, -1 when none.
    int currentSample() const;
    /// Makes `sourceRow` current (clears the filters if it is filtered out); -1 clears the selection.
    void setCurrentSample(int sourceRow);
    /// Next / previous sample in the filtered view, wrapping around.
    void selectNext();
    void selectPrevious();

    void setTileSize(int px);
    int tileSize() const;
    /// Samples passing the filters.
    int visibleCount() const;

    SampleListModel* model() const { return m_model; }
    SampleFilterProxy* proxy() const { return m_proxy; }
    QListView* view() const { return m_view; }

signals:
    void currentSampleChanged(int sourceRow);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuildClassCombo();
    void updateCountLabel();
    void onCurrentChanged();
    void applyConfidence();
    void step(int delta);
    /// Moves the current sample by `pages` screenfuls of tiles, clamped (QListView's own paging stops when
    /// every tile fits).
    void pageBy(int pages);

    SampleListModel* m_model = nullptr;
    SampleFilterProxy* m_proxy = nullptr;
    SampleDelegate* m_delegate = nullptr;
    QListView* m_view = nullptr;
    QComboBox* m_classCombo = nullptr;
    QComboBox* m_correctCombo = nullptr;
    QDoubleSpinBox* m_confLo = nullptr;
    QDoubleSpinBox* m_confHi = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_countLabel = nullptr;
    int m_current = -1;
};

} // namespace lantern::widgets
