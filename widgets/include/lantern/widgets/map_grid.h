#pragma once
// A summary grid of small overlay thumbnails (ai4materials style): one row per layer or group, e.g. row
// "conv2" with the top-1..top-n maps and their sum, row titles on the left and column titles on top (or a
// caption per cell when the columns are not uniform). Meant to live in a QScrollArea: sizeHint and
// minimumSizeHint follow from the cell size and the number of rows and columns.

#include "lantern/render/scalar_map.h"

#include <QImage>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace lantern::widgets {

struct MapGridCell {
    QString title;
    QImage base;
    render::ScalarMap map;
    QImage categorical;
};

class MapGrid : public QWidget {
    Q_OBJECT

public:
    explicit MapGrid(QWidget* parent = nullptr);

    void setRows(const QStringList& rowTitles, const std::vector<std::vector<MapGridCell>>& rows);
    void setStyle(const render::OverlayStyle& style);
    const render::OverlayStyle& style() const { return m_style; }
    /// One range over all maps instead of one per thumbnail.
    void setSharedRange(bool shared);
    bool sharedRange() const { return m_shared; }
    /// Side of a thumbnail's square in pixels (default 96).
    void setCellSize(int px);
    int cellSize() const { return m_cellSize; }
    /// The largest cell size in [minimum, maximum] at which the whole grid fits into `available` (titles and
    /// captions included); `minimum` when even that does not fit (then the grid scrolls).
    int cellSizeToFit(const QSize& available, int minimum = 48, int maximum = 512) const;
    /// The same for other rows (not set): to choose between layouts of the same maps.
    int cellSizeToFit(const QSize& available, const QStringList& rowTitles,
                      const std::vector<std::vector<MapGridCell>>& rows, int minimum = 48, int maximum = 512) const;
    /// The cell's content (base, map, categorical image, title); nullptr when the cell does not exist.
    const MapGridCell* cell(int row, int column) const;
    void clear();

    int rowCount() const { return static_cast<int>(m_rows.size()); }
    int columnCount() const;
    /// The range a cell's map is drawn with.
    render::MapRange cellRange(int row, int column) const;
    /// The thumbnail square of a cell in widget coordinates (empty when the cell does not exist).
    QRectF cellRect(int row, int column) const;
    /// The cell at a widget position, or (-1, -1).
    QPoint cellAt(const QPointF& pos) const; ///< x = column, y = row

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void cellClicked(int row, int column);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void recompose();
    bool uniformColumns() const;
    int rowTitleWidth() const;
    QSize sizeFor(int cellSize) const;
    int headerHeight() const;
    int captionHeight() const;
    QString columnTitle(int column) const;
    void setHover(QPoint cell);

    QStringList m_rowTitles;
    std::vector<std::vector<MapGridCell>> m_rows;
    std::vector<std::vector<QImage>> m_composed;
    std::vector<std::vector<render::MapRange>> m_ranges;
    render::OverlayStyle m_style;
    bool m_shared = false;
    int m_cellSize = 96;
    QPoint m_hover{-1, -1};
};

} // namespace lantern::widgets
