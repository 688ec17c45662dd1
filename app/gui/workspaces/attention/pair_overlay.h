#pragma once
// Outlines the element pair shown on the right of the attention workspace in every head panel of the matrix (solid
// when kept, dashed while hovered). A child of the matrix covering it; mouse events pass through.

#include "lantern/widgets/attention_matrix.h"

#include <QPainter>
#include <QWidget>

namespace lantern::gui {

/// Outlines the shown pair in every head panel of the matrix (solid when kept, dashed when hovered).
class PairOverlay : public QWidget {
public:
    explicit PairOverlay(widgets::AttentionMatrix* matrix) : QWidget(matrix), m_matrix(matrix)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
    }
    int row = -1, column = -1; ///< display indices
    bool dashed = false;

protected:
    void paintEvent(QPaintEvent*) override
    {
        if (row < 0 || column < 0 || row >= m_matrix->elements() || column >= m_matrix->elements())
            return;
        QPainter p(this);
        for (int h = 0; h < m_matrix->heads(); ++h) {
            const QRectF cell = m_matrix->cellRect(h, row, column);
            if (cell.isEmpty())
                continue;
            p.setPen(QPen(QColor(0, 190, 230), 2.5, dashed ? Qt::DashLine : Qt::SolidLine));
            p.drawRect(cell.adjusted(1, 1, -1, -1));
        }
    }

private:
    widgets::AttentionMatrix* m_matrix;
};

} // namespace lantern::gui
