#pragma once
// One frame of CrabNet attention: every head's n × n matrix side by side (or one chosen head), drawn like
// CrabNet's attention plots (utils/attention_utils.py plot_attention): rows are the attending (query) element,
// columns the attended (key) element, element symbols on the left and on top, the fractions under the bottom row,
// magma_r over a shared 0..1 scale with a colorbar, absent pairs (NaN) light grey and hatched.

#include "lantern/render/attention.h"
#include "lantern/render/colormap.h"
#include "lantern/tensor.h"

#include <QStringList>
#include <QWidget>

#include <vector>

namespace lantern::widgets {

class AttentionMatrix : public QWidget {
    Q_OBJECT

public:
    explicit AttentionMatrix(QWidget* parent = nullptr);

    /// `values` (heads, n, n) or (n, n): [head][query][key], NaN where the pair is absent; `symbols` n labels,
    /// `fractions` n values (optional, shown under the columns). Throws lantern::ShapeError on mismatched sizes.
    void setFrame(const Tensor& values, const QStringList& symbols, const std::vector<float>& fractions = {});
    /// Shown above the panels (e.g. "#4: Al2H10Ni1Zr6, layer 0, epoch 3").
    void setTitle(const QString& title);
    QString title() const { return m_title; }
    /// -1: every head side by side (the default); otherwise only that head.
    void setHead(int head);
    int head() const { return m_head; }
    int heads() const;
    int elements() const { return int(m_symbols.size()); }

    /// The colour of an absent pair's background (its hatching is hatchColor()).
    static QColor maskColor();
    static QColor hatchColor();
    /// CrabNet's colormap (matplotlib magma reversed) and the colour of a value on the 0..1 scale.
    const render::Colormap& colormap() const { return m_cmap; }
    QColor colorFor(float value) const;

    /// The cell of (head, row, column) in widget coordinates at the current size; empty when not shown.
    QRectF cellRect(int head, int row, int column) const;
    /// Tooltip text at `pos` (empty outside the cells).
    QString toolTipAt(const QPoint& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    render::AttentionPlot plot() const;
    render::AttentionLayout layout() const;
    std::vector<int> shownHeads() const;
    float value(int head, int row, int column) const;
    QString headTitle(int head) const;

    Tensor m_values; ///< (heads, n, n)
    QStringList m_symbols;
    std::vector<float> m_fractions;
    QString m_title;
    int m_head = -1;
    render::Colormap m_cmap;
};

} // namespace lantern::widgets
