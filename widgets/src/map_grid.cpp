#include "lantern/widgets/map_grid.h"

#include "overlay_compose.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace lantern::widgets {

namespace {
constexpr int kMargin = 6;
constexpr int kSpacing = 8;
} // namespace

MapGrid::MapGrid(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void MapGrid::setRows(const QStringList& rowTitles, const std::vector<std::vector<MapGridCell>>& rows)
{
    m_rowTitles = rowTitles;
    m_rows = rows;
    recompose();
}

void MapGrid::setStyle(const render::OverlayStyle& style)
{
    m_style = style;
    recompose();
}

void MapGrid::setSharedRange(bool shared)
{
    if (shared == m_shared)
        return;
    m_shared = shared;
    recompose();
}

void MapGrid::setCellSize(int px)
{
    m_cellSize = std::max(16, px);
    updateGeometry();
    update();
}

void MapGrid::clear()
{
    m_rowTitles.clear();
    m_rows.clear();
    recompose();
}

int MapGrid::columnCount() const
{
    size_t columns = 0;
    for (const auto& row : m_rows)
        columns = std::max(columns, row.size());
    return static_cast<int>(columns);
}

void MapGrid::recompose()
{
    render::MapRange shared;
    render::OverlayStyle sharedStyle = m_style; // Sign::Auto resolved over all maps of a shared range
    if (m_shared) {
        std::vector<const render::ScalarMap*> maps;
        for (const auto& row : m_rows)
            for (const MapGridCell& cell : row)
                if (!cell.map.isEmpty())
                    maps.push_back(&cell.map);
        sharedStyle.sign = render::resolveSign(maps, m_style.sign);
        if (!maps.empty())
            shared = render::mapRange(maps, sharedStyle.sign, m_style.clipPercentile);
    }
    m_composed.assign(m_rows.size(), {});
    m_ranges.assign(m_rows.size(), {});
    for (size_t r = 0; r < m_rows.size(); ++r) {
        for (const MapGridCell& cell : m_rows[r]) {
            render::MapRange range = shared;
            if (!m_shared && !cell.map.isEmpty())
                range = render::mapRange(cell.map, m_style.sign, m_style.clipPercentile);
            m_ranges[r].push_back(range);
            m_composed[r].push_back(
                detail::composeView(cell.base, cell.map, cell.categorical, m_shared ? sharedStyle : m_style, range));
        }
    }
    m_hover = {-1, -1};
    updateGeometry();
    update();
}

render::MapRange MapGrid::cellRange(int row, int column) const
{
    if (row < 0 || row >= rowCount() || column < 0 || column >= static_cast<int>(m_ranges[row].size()))
        return {};
    return m_ranges[row][column];
}

bool MapGrid::uniformColumns() const
{
    for (int c = 0; c < columnCount(); ++c) {
        const QString title = columnTitle(c);
        for (const auto& row : m_rows)
            if (c < static_cast<int>(row.size()) && row[c].title != title)
                return false;
    }
    return true;
}

QString MapGrid::columnTitle(int column) const
{
    for (const auto& row : m_rows)
        if (column < static_cast<int>(row.size()))
            return row[column].title;
    return {};
}

int MapGrid::rowTitleWidth() const
{
    int width = 0;
    for (const QString& title : m_rowTitles)
        width = std::max(width, fontMetrics().horizontalAdvance(title));
    return width > 0 ? std::min(width, 4 * m_cellSize) + 2 * kSpacing : 0;
}

int MapGrid::headerHeight() const
{
    bool any = false;
    for (int c = 0; c < columnCount() && !any; ++c)
        any = !columnTitle(c).isEmpty();
    return any && uniformColumns() ? fontMetrics().height() + 4 : 0;
}

int MapGrid::captionHeight() const
{
    return uniformColumns() ? 0 : fontMetrics().height() + 2;
}

QRectF MapGrid::cellRect(int row, int column) const
{
    if (row < 0 || row >= rowCount() || column < 0 || column >= static_cast<int>(m_rows[row].size()))
        return {};
    const int pitchX = m_cellSize + kSpacing;
    const int pitchY = m_cellSize + captionHeight() + kSpacing;
    const qreal x = kMargin + rowTitleWidth() + column * pitchX;
    const qreal y = kMargin + headerHeight() + row * pitchY + captionHeight();
    return {x, y, static_cast<qreal>(m_cellSize), static_cast<qreal>(m_cellSize)};
}

QPoint MapGrid::cellAt(const QPointF& pos) const
{
    const int pitchX = m_cellSize + kSpacing;
    const int pitchY = m_cellSize + captionHeight() + kSpacing;
    const double fx = (pos.x() - kMargin - rowTitleWidth()) / pitchX;
    const double fy = (pos.y() - kMargin - headerHeight()) / pitchY;
    if (fx < 0 || fy < 0)
        return {-1, -1};
    const int column = static_cast<int>(fx), row = static_cast<int>(fy);
    if (!cellRect(row, column).contains(pos))
        return {-1, -1};
    return {column, row};
}

namespace {

/// What a grid's size depends on besides the cell size.
struct Measure {
    int columns = 0, rows = 0;
    bool header = false;  ///< uniform column titles drawn once on top
    bool captions = false; ///< a caption above every cell (non-uniform columns)
    int titleText = 0;    ///< widest row title in pixels
};

Measure measure(const QStringList& titles, const std::vector<std::vector<MapGridCell>>& rows, const QFontMetrics& fm)
{
    Measure m;
    m.rows = static_cast<int>(rows.size());
    for (const auto& row : rows)
        m.columns = std::max(m.columns, static_cast<int>(row.size()));
    bool uniform = true, any = false;
    for (int c = 0; c < m.columns; ++c) {
        QString title;
        bool found = false;
        for (const auto& row : rows)
            if (c < static_cast<int>(row.size())) {
                if (!found) {
                    title = row[static_cast<size_t>(c)].title;
                    found = true;
                } else if (row[static_cast<size_t>(c)].title != title) {
                    uniform = false;
                }
            }
        any = any || !title.isEmpty();
    }
    m.header = any && uniform;
    m.captions = !uniform;
    for (const QString& t : titles)
        m.titleText = std::max(m.titleText, fm.horizontalAdvance(t));
    return m;
}

QSize sizeOf(const Measure& m, int cell, const QFontMetrics& fm)
{
    if (m.columns == 0 || m.rows == 0)
        return {cell * 2, cell};
    const int titleWidth = m.titleText > 0 ? std::min(m.titleText, 4 * cell) + 2 * kSpacing : 0;
    const int header = m.header ? fm.height() + 4 : 0, caption = m.captions ? fm.height() + 2 : 0;
    const int width = 2 * kMargin + titleWidth + m.columns * (cell + kSpacing) - kSpacing;
    const int height = 2 * kMargin + header + m.rows * (cell + caption + kSpacing) - kSpacing;
    return {width, height};
}

int largestFitting(const Measure& m, const QFontMetrics& fm, const QSize& available, int minimum, int maximum)
{
    int lo = minimum, hi = std::max(minimum, maximum);
    while (lo < hi) { // the largest size that fits (sizes grow with the cell size)
        const int mid = (lo + hi + 1) / 2;
        const QSize need = sizeOf(m, mid, fm);
        if (need.width() <= available.width() && need.height() <= available.height())
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

} // namespace

QSize MapGrid::sizeFor(int cellSize) const
{
    return sizeOf(measure(m_rowTitles, m_rows, fontMetrics()), cellSize, fontMetrics());
}

QSize MapGrid::sizeHint() const
{
    return sizeFor(m_cellSize);
}

int MapGrid::cellSizeToFit(const QSize& available, int minimum, int maximum) const
{
    return largestFitting(measure(m_rowTitles, m_rows, fontMetrics()), fontMetrics(), available, minimum, maximum);
}

int MapGrid::cellSizeToFit(const QSize& available, const QStringList& rowTitles,
                           const std::vector<std::vector<MapGridCell>>& rows, int minimum, int maximum) const
{
    return largestFitting(measure(rowTitles, rows, fontMetrics()), fontMetrics(), available, minimum, maximum);
}

const MapGridCell* MapGrid::cell(int row, int column) const
{
    if (row < 0 || row >= rowCount() || column < 0 || column >= static_cast<int>(m_rows[row].size()))
        return nullptr;
    return &m_rows[static_cast<size_t>(row)][static_cast<size_t>(column)];
}

QSize MapGrid::minimumSizeHint() const
{
    return sizeHint();
}

void MapGrid::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    const qreal dpr = devicePixelRatioF();
    if (m_rows.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("Nothing to show"));
        return;
    }

    const bool uniform = uniformColumns();
    painter.setPen(palette().color(QPalette::WindowText));
    if (headerHeight() > 0) {
        for (int c = 0; c < columnCount(); ++c) {
            const QRectF cell = cellRect(0, c).isEmpty() ? QRectF() : cellRect(0, c);
            const qreal x = kMargin + rowTitleWidth() + c * (m_cellSize + kSpacing);
            const QRectF header(cell.isEmpty() ? x : cell.x(), kMargin, m_cellSize, metrics.height());
            painter.drawText(header, Qt::AlignCenter, metrics.elidedText(columnTitle(c), Qt::ElideRight, m_cellSize));
        }
    }

    for (int r = 0; r < rowCount(); ++r) {
        const qreal rowTop = kMargin + headerHeight() + r * (m_cellSize + captionHeight() + kSpacing);
        if (r < m_rowTitles.size() && rowTitleWidth() > 0) {
            const QRectF titleRect(kMargin, rowTop + captionHeight(), rowTitleWidth() - kSpacing, m_cellSize);
            if (event->rect().intersects(titleRect.toAlignedRect())) {
                painter.setPen(palette().color(QPalette::WindowText));
                painter.drawText(
                    titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                    metrics.elidedText(m_rowTitles[r], Qt::ElideRight, static_cast<int>(titleRect.width())));
            }
        }
        for (int c = 0; c < static_cast<int>(m_rows[r].size()); ++c) {
            const QRectF square = cellRect(r, c);
            if (!event->rect().intersects(square.adjusted(-3, -3 - captionHeight(), 3, 3).toAlignedRect()))
                continue;
            if (!uniform) {
                painter.setPen(palette().color(QPalette::WindowText));
                const QRectF caption(square.x(), square.y() - captionHeight(), m_cellSize, metrics.height());
                painter.drawText(caption, Qt::AlignCenter,
                                 metrics.elidedText(m_rows[r][c].title, Qt::ElideRight, m_cellSize));
            }
            const QImage& image = m_composed[r][c];
            if (image.isNull())
                continue;
            const QRectF target = detail::fitRect(image.size(), square, dpr);
            painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
            painter.drawImage(target, image);
            const bool hovered = m_hover == QPoint(c, r);
            QPen frame(palette().color(hovered ? QPalette::Highlight : QPalette::Mid), hovered ? 2 : 0);
            painter.setPen(frame);
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(hovered ? target.adjusted(-1, -1, 1, 1) : target.adjusted(-0.5, -0.5, 0.5, 0.5));
        }
    }
}

void MapGrid::setHover(QPoint cell)
{
    if (cell == m_hover)
        return;
    const QRectF before = cellRect(m_hover.y(), m_hover.x());
    m_hover = cell;
    setCursor(cell.x() >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    update(before.adjusted(-3, -3, 3, 3).toAlignedRect());
    update(cellRect(cell.y(), cell.x()).adjusted(-3, -3, 3, 3).toAlignedRect());
}

void MapGrid::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint cell = cellAt(event->position());
    if (cell == m_hover)
        return;
    setHover(cell);
    if (cell.x() < 0) {
        QToolTip::hideText();
        return;
    }
    const MapGridCell& gridCell = m_rows[cell.y()][cell.x()];
    const QString row = cell.y() < m_rowTitles.size() ? m_rowTitles[cell.y()] : QString();
    QString text =
        row.isEmpty() || gridCell.title.isEmpty() ? row + gridCell.title : tr("%1 · %2").arg(row, gridCell.title);
    if (!gridCell.map.isEmpty()) {
        const QLocale locale;
        const render::MapRange range = m_ranges[cell.y()][cell.x()];
        text += QLatin1Char('\n') + tr("range %1 … %2")
                                        .arg(locale.toString(static_cast<double>(range.lo), 'g', 3),
                                             locale.toString(static_cast<double>(range.hi), 'g', 3));
    }
    if (!text.isEmpty())
        QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void MapGrid::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const QPoint cell = cellAt(event->position());
    if (cell.x() >= 0)
        emit cellClicked(cell.y(), cell.x());
}

void MapGrid::leaveEvent(QEvent* event)
{
    setHover({-1, -1});
    QWidget::leaveEvent(event);
}

} // namespace lantern::widgets
