#pragma once
// Class probabilities as horizontal bars (render::paintProbabilityBars): the predicted class in the accent
// colour, the true label marked, the row under the mouse highlighted. With many classes only the most probable
// ones are listed (plus the true label when it is not among them) and a final row says how many are hidden.

#include "lantern/render/painters.h"

#include <QWidget>

#include <vector>

namespace lantern::widgets {

class ProbabilityChart : public QWidget {
    Q_OBJECT

public:
    /// More classes than this: only the top `kTopClasses` are listed.
    static constexpr int kMaxRows = 12;
    static constexpr int kTopClasses = 10;

    explicit ProbabilityChart(QWidget* parent = nullptr);

    void setData(const render::ProbabilityBars& bars);
    const render::ProbabilityBars& data() const { return m_bars; }
    void clear();

    /// Class indices listed, top to bottom.
    const std::vector<int>& shownClasses() const { return m_shown; }
    /// Classes left out of the list (0 when all are shown).
    int hiddenCount() const;
    /// The row of a class in widget coordinates (empty when it is not listed).
    QRectF rowRect(int classIndex) const;
    /// The class of the row at a widget position, or -1.
    int classAt(const QPointF& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void classClicked(int classIndex);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    int rowHeight() const;
    QRectF barsRect() const;
    render::ProbabilityBars shownBars() const;
    void ensureLayout() const;
    void setHoverRow(int row);

    render::ProbabilityBars m_bars;
    std::vector<int> m_shown;
    int m_hoverRow = -1;
    mutable std::vector<QRectF> m_rowRects; ///< from the last paint (or a scratch layout), per shown row
    mutable bool m_layoutValid = false;
};

} // namespace lantern::widgets
