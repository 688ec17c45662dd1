#pragma once
// The right side of the attention workspace: the sample's prediction against the epochs (CrabNet's progress plot:
// prediction and target) when the recording's predictions were found, otherwise a note saying the store holds
// attention only; below it the attention of the selected element pair per head over the epochs. Both follow the
// timeline with a cursor and a read-out of the current epoch.

#include "lantern/tensor.h"

#include <QColor>
#include <QWidget>

#include <vector>

class QGroupBox;
class QLabel;
class QVBoxLayout;

namespace lantern::widgets {
class CurvePlot;
}

namespace lantern::gui {

class EvolutionPanel : public QWidget {
    Q_OBJECT
public:
    explicit EvolutionPanel(QWidget* parent = nullptr);

    /// Without predictions: hides the plot and shows `note` instead.
    void setNoPredictions(const QString& note);
    /// One value per epoch (NaN where not recorded), the target (NaN: unknown), the property's name for the axis,
    /// and a remark shown under the plot (e.g. how the epochs were aligned).
    void setPrediction(const std::vector<float>& perEpoch, double target, const QString& property, const QString& remark);
    /// The pair (row attends to column) over the epochs: `series` (epochs, heads, n, n) in slot order, the heads to
    /// draw; `pinned` whether it was clicked (else hovered or chosen automatically). An empty series clears it.
    void setPair(const Tensor& series, int row, int column, const QString& rowSymbol, const QString& columnSymbol,
                 const std::vector<int>& heads, const QString& how);
    void clearPair(const QString& message);
    void setEpoch(int epoch);

    widgets::CurvePlot* predictionPlot() const { return m_predictionPlot; }
    widgets::CurvePlot* pairPlot() const { return m_pairPlot; }
    QLabel* predictionNote() const { return m_predictionNote; }
    QLabel* pairTitle() const { return m_pairTitle; }
    static QColor headColor(int head);

private:
    void updateReadouts();

    QVBoxLayout* m_layout;
    QGroupBox* m_predictionBox;
    widgets::CurvePlot* m_predictionPlot;
    widgets::CurvePlot* m_pairPlot;
    QLabel* m_predictionNote;
    QLabel* m_predictionReadout;
    QLabel* m_predictionRemark;
    QLabel* m_pairTitle;
    QLabel* m_pairLegend;
    QLabel* m_pairReadout;
    std::vector<float> m_prediction;
    double m_target = 0;
    bool m_hasPrediction = false;
    std::vector<int> m_heads;
    std::vector<std::vector<float>> m_pairValues; ///< per drawn head, per epoch
    int m_epoch = 0;
};

} // namespace lantern::gui
