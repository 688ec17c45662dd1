#include "lantern/widgets/activation_grid.h"

#include "lantern/error.h"
#include "lantern/render/colormap.h"

#include <QEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lantern::widgets {

namespace {

constexpr int kMargin = 6;
constexpr int kSpacing = 6;
constexpr int kFrame = 2; ///< width of the top-n frame, drawn outside the image

QFont captionFont(const QFont& base)
{
    QFont f = base;
    f.setPointSizeF(std::max(6.0, base.pointSizeF() * 0.8));
    return f;
}

/// Accent for the top-n frames: the palette's highlight, which themes keep distinct from the base.
QColor accentColor(const QPalette& palette)
{
    return palette.color(QPalette::Highlight);
}

} // namespace

ActivationGrid::ActivationGrid(QWidget* parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    try {
        m_lut = render::colormap(QStringLiteral("inferno")).lut();
    } catch (const lantern::Error&) {
        m_lut.clear(); // grey ramp
    }
}

void ActivationGrid::clear()
{
    m_layer.clear();
    m_values.clear();
    m_tiles.clear();
    m_dense = false;
    m_mapW = m_mapH = 0;
    m_current = -1;
    updateGeometry();
    update();
}

void ActivationGrid::setActivations(const lantern::Tensor& act, const QString& layerName)
{
    if (act.isEmpty()) {
        clear();
        m_layer = layerName;
        return;
    }
    Shape s = act.shape();
    if (s.size() == 4 && s[0] == 1) {
        s.erase(s.begin());
    }
    int64_t channels = 0, h = 1, w = 1;
    bool dense = false;
    if (s.size() == 3) {
        channels = s[0];
        h = s[1];
        w = s[2];
    } else if (s.size() == 2 && s[0] == 1) {
        channels = s[1];
        dense = true;
    } else if (s.size() == 2) {
        channels = s[0];
        w = s[1];
    } else if (s.size() == 1) {
        channels = s[0];
        dense = true;
    } else {
        throw ShapeError("activation grid: layer '" + layerName.toStdString() + "' has output shape " +
                         shapeToString(act.shape()) + "; expected (C, H, W), (C, L) or (C)");
    }
    if (channels <= 0 || h <= 0 || w <= 0) {
        throw ShapeError("activation grid: layer '" + layerName.toStdString() + "' has an empty output " +
                         shapeToString(act.shape()));
    }

    m_layer = layerName;
    m_dense = dense;
    m_mapH = static_cast<int>(h);
    m_mapW = static_cast<int>(w);
    const auto values = act.values();
    m_values.assign(values.begin(), values.end());

    const size_t plane = static_cast<size_t>(h * w);
    std::vector<Tile> tiles(static_cast<size_t>(channels));
    for (size_t c = 0; c < tiles.size(); ++c) {
        const float* p = m_values.data() + c * plane;
        const auto [mn, mx] = std::minmax_element(p, p + plane);
        tiles[c].channel = static_cast<int>(c);
        tiles[c].mean = static_cast<float>(std::accumulate(p, p + plane, 0.0) / static_cast<double>(plane));
        tiles[c].lo = *mn;
        tiles[c].hi = *mx;
    }
    std::stable_sort(tiles.begin(), tiles.end(), [](const Tile& a, const Tile& b) {
        // NaN means sort last.
        if (std::isnan(a.mean) != std::isnan(b.mean)) {
            return std::isnan(b.mean);
        }
        return a.mean > b.mean;
    });
    m_tiles = std::move(tiles);
    m_current = m_tiles.empty() ? -1 : std::min(std::max(m_current, 0), channelCount() - 1);
    rebuildImages();
    updateGeometry();
    update();
}

void ActivationGrid::rebuildImages()
{
    if (m_dense) {
        float lo = 0, hi = 0; // bars start at 0 when all units are on one side
        for (const Tile& t : m_tiles) {
            lo = std::min(lo, t.mean);
            hi = std::max(hi, t.mean);
        }
        const float span = hi - lo;
        m_zeroLevel = span > 0 ? -lo / span : 0.0f;
        for (Tile& t : m_tiles) {
            t.image = QImage();
            t.bar = span > 0 ? (t.mean - lo) / span : 0.0f;
        }
        return;
    }
    const size_t plane = static_cast<size_t>(m_mapH) * static_cast<size_t>(m_mapW);
    for (Tile& t : m_tiles) {
        QImage img(m_mapW, m_mapH, QImage::Format_RGB32);
        const float* p = m_values.data() + static_cast<size_t>(t.channel) * plane;
        const float span = t.hi - t.lo;
        const float scale = span > 0 ? 1.0f / span : 0.0f;
        for (int y = 0; y < m_mapH; ++y) {
            auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
            for (int x = 0; x < m_mapW; ++x) {
                line[x] = lutColor((p[static_cast<size_t>(y) * m_mapW + x] - t.lo) * scale);
            }
        }
        t.image = std::move(img);
    }
}

QRgb ActivationGrid::lutColor(float t) const
{
    if (!(t >= 0.0f)) {
        t = 0.0f;
    }
    t = std::min(t, 1.0f);
    if (m_lut.empty()) {
        const int g = static_cast<int>(std::lround(t * 255.0f));
        return qRgb(g, g, g);
    }
    const auto i = static_cast<size_t>(std::lround(t * static_cast<float>(m_lut.size() - 1)));
    return m_lut[i];
}

void ActivationGrid::setTopN(int n)
{
    n = std::max(n, 0);
    if (n != m_topN) {
        m_topN = n;
        update();
    }
}

void ActivationGrid::setColormap(std::vector<QRgb> lut)
{
    m_lut = std::move(lut);
    rebuildImages();
    update();
}

void ActivationGrid::setTileSize(int px)
{
    px = std::clamp(px, 8, 512);
    if (px != m_tileSize) {
        m_tileSize = px;
        updateGeometry();
        update();
    }
}

std::vector<int> ActivationGrid::order() const
{
    std::vector<int> result;
    result.reserve(m_tiles.size());
    for (const Tile& t : m_tiles) {
        result.push_back(t.channel);
    }
    return result;
}

float ActivationGrid::channelMean(int channel) const
{
    for (const Tile& t : m_tiles) {
        if (t.channel == channel) {
            return t.mean;
        }
    }
    return 0.0f;
}

int ActivationGrid::captionHeight() const
{
    return QFontMetrics(captionFont(font())).height() + 2;
}

int ActivationGrid::cellWidth() const
{
    const QFontMetrics fm(captionFont(font()));
    return std::max(m_tileSize, fm.horizontalAdvance(QStringLiteral("#000 -0.00")) + 2) + 2 * kFrame;
}

int ActivationGrid::cellHeight() const
{
    return kFrame + m_tileSize + kFrame + captionHeight();
}

int ActivationGrid::columnsForWidth(int w) const
{
    return std::max(1, (w - 2 * kMargin + kSpacing) / (cellWidth() + kSpacing));
}

QRect ActivationGrid::tileRect(int pos) const
{
    if (pos < 0 || pos >= channelCount()) {
        return {};
    }
    const int cols = columns();
    const int col = pos % cols, row = pos / cols;
    return {kMargin + col * (cellWidth() + kSpacing), kMargin + row * (cellHeight() + kSpacing), cellWidth(),
            cellHeight()};
}

int ActivationGrid::channelAt(QPoint p) const
{
    const int cols = columns();
    const int px = p.x() - kMargin, py = p.y() - kMargin;
    if (px < 0 || py < 0) {
        return -1;
    }
    const int col = px / (cellWidth() + kSpacing), row = py / (cellHeight() + kSpacing);
    if (col >= cols || px % (cellWidth() + kSpacing) >= cellWidth() || py % (cellHeight() + kSpacing) >= cellHeight()) {
        return -1;
    }
    const int pos = row * cols + col;
    return pos < channelCount() ? m_tiles[static_cast<size_t>(pos)].channel : -1;
}

void ActivationGrid::setCurrentPosition(int pos)
{
    pos = m_tiles.empty() ? -1 : std::clamp(pos, 0, channelCount() - 1);
    if (pos == m_current) {
        return;
    }
    const QRect old = tileRect(m_current);
    m_current = pos;
    update(old.adjusted(-2, -2, 2, 2));
    update(tileRect(m_current).adjusted(-2, -2, 2, 2));
    ensureCurrentVisible();
    emit currentChannelChanged(pos >= 0 ? m_tiles[static_cast<size_t>(pos)].channel : -1);
}

void ActivationGrid::ensureCurrentVisible()
{
    if (m_current < 0) {
        return;
    }
    for (QWidget* w = parentWidget(); w; w = w->parentWidget()) {
        if (auto* area = qobject_cast<QScrollArea*>(w)) {
            if (area->widget() == this) {
                const QRect r = tileRect(m_current);
                area->ensureVisible(r.center().x(), r.center().y(), r.width() / 2 + kMargin, r.height() / 2 + kMargin);
            }
            return;
        }
    }
}

bool ActivationGrid::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int channel = channelAt(help->pos());
        if (channel < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const auto it =
            std::find_if(m_tiles.begin(), m_tiles.end(), [&](const Tile& t) { return t.channel == channel; });
        const QLocale locale;
        QString text =
            tr("%1, channel %2\nmean %3").arg(m_layer, locale.toString(channel), locale.toString(it->mean, 'g', 4));
        if (!m_dense) {
            text += QLatin1Char('\n') + tr("range %1 to %2 (%3 × %4)")
                                            .arg(locale.toString(it->lo, 'g', 4), locale.toString(it->hi, 'g', 4))
                                            .arg(m_mapW)
                                            .arg(m_mapH);
        }
        text +=
            QLatin1Char('\n') + tr("rank %1 of %2").arg(static_cast<int>(it - m_tiles.begin()) + 1).arg(channelCount());
        QToolTip::showText(help->globalPos(), text, this, tileRect(static_cast<int>(it - m_tiles.begin())));
        return true;
    }
    return QWidget::event(event);
}

int ActivationGrid::heightForWidth(int w) const
{
    if (m_tiles.empty()) {
        return 2 * kMargin + cellHeight();
    }
    const int cols = columnsForWidth(w);
    const int rows = (channelCount() + cols - 1) / cols;
    return 2 * kMargin + rows * cellHeight() + (rows - 1) * kSpacing;
}

QSize ActivationGrid::sizeHint() const
{
    const int cols = std::clamp(channelCount(), 1, 8);
    const int w = 2 * kMargin + cols * cellWidth() + (cols - 1) * kSpacing;
    return {w, heightForWidth(w)};
}

QSize ActivationGrid::minimumSizeHint() const
{
    return {2 * kMargin + cellWidth(), 2 * kMargin + cellHeight()};
}

void ActivationGrid::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const QPalette& pal = palette();
    if (m_tiles.empty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         m_layer.isEmpty() ? tr("No layer selected") : tr("No activations for %1").arg(m_layer));
        return;
    }
    const QFont capFont = captionFont(font());
    const QFontMetrics capFm(capFont);
    painter.setFont(capFont);
    const QLocale locale;
    const QColor accent = accentColor(pal);
    const QRect dirty = event->rect();

    for (int pos = 0; pos < channelCount(); ++pos) {
        const QRect cell = tileRect(pos);
        if (!cell.intersects(dirty.adjusted(-4, -4, 4, 4))) {
            continue;
        }
        const Tile& t = m_tiles[static_cast<size_t>(pos)];
        const QRect img(cell.x() + (cell.width() - m_tileSize) / 2, cell.y() + kFrame, m_tileSize, m_tileSize);
        if (!t.image.isNull()) {
            // Keep the map's aspect ratio inside the square tile.
            const QSizeF sz = QSizeF(t.image.size()).scaled(QSizeF(img.size()), Qt::KeepAspectRatio);
            const QRectF target(img.x() + (img.width() - sz.width()) / 2.0,
                                img.y() + (img.height() - sz.height()) / 2.0, sz.width(), sz.height());
            painter.drawImage(target, t.image);
        } else {
            painter.fillRect(img, pal.color(QPalette::AlternateBase));
            // Bar from the zero level (or the bottom when every unit is positive) to the unit's value.
            const int yZero = img.bottom() + 1 - static_cast<int>(std::lround(m_zeroLevel * m_tileSize));
            const int yValue = img.bottom() + 1 - static_cast<int>(std::lround(t.bar * m_tileSize));
            painter.fillRect(QRect(QPoint(img.x() + m_tileSize / 6, std::min(yZero, yValue)),
                                   QPoint(img.x() + m_tileSize * 5 / 6 - 1, std::max(yZero, yValue) - 1)),
                             QColor::fromRgb(lutColor(m_lut.empty() ? 0.25f + 0.5f * t.bar : t.bar)));
            painter.setPen(pal.color(QPalette::Mid));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(QRectF(img).adjusted(0.5, 0.5, -0.5, -0.5));
            if (m_zeroLevel > 0) { // baseline at 0 when some units are negative
                const int y0 = img.bottom() - static_cast<int>(std::lround(m_zeroLevel * m_tileSize));
                painter.setPen(pal.color(QPalette::Text));
                painter.drawLine(img.left() + 1, y0, img.right() - 1, y0);
            }
        }
        if (pos < m_topN) {
            QPen pen(accent, kFrame);
            pen.setJoinStyle(Qt::MiterJoin);
            painter.setPen(pen);
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(QRectF(img).adjusted(-kFrame / 2.0, -kFrame / 2.0, kFrame / 2.0, kFrame / 2.0));
        }
        if (pos == m_current) {
            QPen pen(pal.color(QPalette::Text), 1, hasFocus() ? Qt::SolidLine : Qt::DotLine);
            painter.setPen(pen);
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(QRectF(cell).adjusted(-1.5, -1.5, 1.5, 1.5));
        }
        const QString caption = tr("#%1  %2").arg(t.channel).arg(locale.toString(t.mean, 'g', 2));
        const QRect capRect(cell.x(), img.bottom() + 1 + kFrame, cell.width(), captionHeight());
        painter.setPen(pos < m_topN ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
        painter.drawText(capRect, Qt::AlignHCenter | Qt::AlignVCenter,
                         capFm.elidedText(caption, Qt::ElideRight, capRect.width()));
    }
}

void ActivationGrid::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const int channel = channelAt(event->position().toPoint());
    if (channel < 0) {
        return;
    }
    const auto it = std::find_if(m_tiles.begin(), m_tiles.end(), [&](const Tile& t) { return t.channel == channel; });
    setCurrentPosition(static_cast<int>(it - m_tiles.begin()));
    emit filterClicked(channel);
}

void ActivationGrid::keyPressEvent(QKeyEvent* event)
{
    if (m_tiles.empty()) {
        QWidget::keyPressEvent(event);
        return;
    }
    const int cur = std::max(m_current, 0);
    const int rowsPerPage = std::max(1, (parentWidget() ? parentWidget()->height() : height()) / cellHeight());
    switch (event->key()) {
    case Qt::Key_Left:
        setCurrentPosition(m_current < 0 ? 0 : cur - 1);
        break;
    case Qt::Key_Right:
        setCurrentPosition(m_current < 0 ? 0 : cur + 1);
        break;
    case Qt::Key_Up:
        setCurrentPosition(cur - columns());
        break;
    case Qt::Key_Down:
        setCurrentPosition(cur + columns());
        break;
    case Qt::Key_PageUp:
        setCurrentPosition(cur - columns() * rowsPerPage);
        break;
    case Qt::Key_PageDown:
        setCurrentPosition(cur + columns() * rowsPerPage);
        break;
    case Qt::Key_Home:
        setCurrentPosition(0);
        break;
    case Qt::Key_End:
        setCurrentPosition(channelCount() - 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (m_current >= 0) {
            emit filterClicked(m_tiles[static_cast<size_t>(m_current)].channel);
        }
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ActivationGrid::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        updateGeometry();
    }
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        update();
    }
    QWidget::changeEvent(event);
}

} // namespace lantern::widgets
