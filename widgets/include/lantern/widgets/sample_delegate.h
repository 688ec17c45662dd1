#pragma once
// Draws one sample of a SampleListModel as a tile: the thumbnail upscaled with nearest-neighbour sampling, the
// name below it and badges for the true label (neutral) and the prediction with its confidence (green when
// correct, red when wrong, grey when the label is unknown).

#include <QStyledItemDelegate>

namespace lantern::widgets {

class SampleDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit SampleDelegate(QObject* parent = nullptr);

    /// Edge of the square thumbnail area in device-independent pixels (16..512).
    void setTileSize(int px);
    int tileSize() const { return m_tileSize; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    /// Badge colours, exposed for tests: correct, wrong, unknown.
    static QColor correctColor();
    static QColor wrongColor();
    static QColor unknownColor();

private:
    int m_tileSize = 64;
};

} // namespace lantern::widgets
