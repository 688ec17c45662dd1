#include "lantern/widgets/curve_plot.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace lantern::widgets {

namespace {

QString tickText(double v)
{
    if (std::abs(v) < 1e-12)
        v = 0;
    return QLocale().toString(v, 'g', 4);
}

} // namespace

CurvePlot::CurvePlot(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void CurvePlot::setSeries(std::vector<CurveSeries> series)
{
    m_series = std::move(series);
    update();
}

void CurvePlot::append(int index, double x, double y)
{
    if (index < 0)
        return;
    if (static_cast<size_t>(index) >= m_series.size())
        m_series.resize(static_cast<size_t>(index) + 1);
    m_series[static_cast<size_t>(index)].x.push_back(x);
    m_series[static_cast<size_t>(index)].y.push_back(y);
    update();
}

void CurvePlot::clear()
{
    for (auto& s : m_series) {
        s.x.clear();
        s.y.clear();
    }
    update();
}

void CurvePlot::setAxisTitles(const QString& x, const QString& y)
{
    m_xTitle = x;
    m_yTitle = y;
    updateGeometry();
    update();
}

void CurvePlot::setYRange(std::optional<std::pair<double, double>> range)
{
    m_yRange = range;
    update();
}

void CurvePlot::setXRange(std::optional<std::pair<double, double>> range)
{
    m_xRange = range;
    update();
}

void CurvePlot::setCursor(std::optional<double> x)
{
    m_cursor = x;
    update();
}

std::vector<double> CurvePlot::ticks(double lo, double hi, int count)
{
    std::vector<double> out;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return {lo};
    const double raw = (hi - lo) / std::max(1, count);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag) {
            step = m * mag;
            break;
        }
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
        out.push_back(v);
    return out;
}

std::pair<double, double> CurvePlot::xRange() const
{
    if (m_xRange)
        return *m_xRange;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& s : m_series)
        for (double v : s.x) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (!std::isfinite(lo))
        return {0, 1};
    return {lo, hi > lo ? hi : lo + 1};
}

std::pair<double, double> CurvePlot::yRange() const
{
    if (m_yRange)
        return *m_yRange;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& s : m_series)
        for (double v : s.y)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    if (!std::isfinite(lo))
        return {0, 1};
    if (!(hi > lo))
        return {lo - 0.5, hi + 0.5};
    const double pad = (hi - lo) * 0.05;
    return {lo - pad, hi + pad};
}

QRectF CurvePlot::plotRect() const
{
    const QFontMetricsF fm(font());
    const auto [ylo, yhi] = yRange();
    double tickW = 0;
    for (double t : ticks(ylo, yhi, 4))
        tickW = std::max(tickW, fm.horizontalAdvance(tickText(t)));
    const double left = 4 + (m_yTitle.isEmpty() ? 0 : fm.height() + 2) + tickW + 6;
    const double bottom = 4 + (m_xTitle.isEmpty() ? 0 : fm.height() + 2) + fm.height() + 4;
    // room on the right for half of the last x tick label, centred under the right edge
    const auto [xlo, xhi] = xRange();
    const double right = std::max(8.0, fm.horizontalAdvance(tickText(xhi)) / 2 + 4);
    return QRectF(left, fm.height() / 2 + 2, std::max(10.0, width() - left - right),
                  std::max(10.0, height() - bottom - fm.height() / 2 - 2));
}

QSize CurvePlot::sizeHint() const
{
    const int h = fontMetrics().height();
    return {240, 6 * h + 24};
}

QSize CurvePlot::minimumSizeHint() const
{
    // tall enough for the y axis title and three tick labels
    const int h = fontMetrics().height();
    return {120, std::max(6 * h + 16, fontMetrics().horizontalAdvance(m_yTitle) + 4 * h)};
}

void CurvePlot::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        updateGeometry();
    QWidget::changeEvent(event);
}

void CurvePlot::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF fm(font());
    const QRectF r = plotRect();
    const auto [xlo, xhi] = xRange();
    const auto [ylo, yhi] = yRange();
    auto toX = [&](double x) { return r.left() + (x - xlo) / (xhi - xlo) * r.width(); };
    auto toY = [&](double y) { return r.bottom() - (y - ylo) / (yhi - ylo) * r.height(); };
    const QColor text = palette().color(QPalette::WindowText);
    const QColor grid = palette().color(QPalette::Mid);

    // grid and tick labels
    p.setPen(QPen(grid, 0, Qt::DotLine));
    for (double t : ticks(ylo, yhi, 4)) {
        const double y = toY(t);
        p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
    }
    p.setPen(text);
    for (double t : ticks(ylo, yhi, 4)) {
        const QString s = tickText(t);
        p.drawText(QRectF(r.left() - 6 - fm.horizontalAdvance(s), toY(t) - fm.height() / 2, fm.horizontalAdvance(s),
                          fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, s);
    }
    for (double t : ticks(xlo, xhi, std::max(2, static_cast<int>(r.width() / 70)))) {
        const QString s = tickText(t);
        const double x = toX(t);
        p.drawLine(QPointF(x, r.bottom()), QPointF(x, r.bottom() + 3));
        p.drawText(QRectF(x - 40, r.bottom() + 4, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop, s);
    }
    // axes
    p.setPen(QPen(text, 1));
    p.drawLine(r.bottomLeft(), r.bottomRight());
    p.drawLine(r.bottomLeft(), r.topLeft());
    if (!m_xTitle.isEmpty())
        p.drawText(QRectF(r.left(), height() - fm.height() - 2, r.width(), fm.height()), Qt::AlignHCenter, m_xTitle);
    if (!m_yTitle.isEmpty()) {
        p.save();
        p.translate(4 + fm.height() / 2, r.center().y());
        p.rotate(-90);
        p.drawText(QRectF(-r.height() / 2, -fm.height() / 2, r.height(), fm.height()), Qt::AlignCenter,
                   fm.elidedText(m_yTitle, Qt::ElideRight, r.height()));
        p.restore();
    }
    // series
    p.setClipRect(r.adjusted(-1, -1, 1, 1));
    for (size_t i = 0; i < m_series.size(); ++i) {
        const auto& s = m_series[i];
        if (s.x.empty())
            continue;
        QPainterPath path;
        for (size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
            const QPointF pt(toX(s.x[k]), toY(s.y[k]));
            k == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        const QColor c = s.color.isValid() ? s.color : QColor::fromHsv(static_cast<int>(210 + 90 * i) % 360, 180, 200);
        p.setPen(QPen(c, 2));
        p.drawPath(path);
        if (s.x.size() == 1)
            p.drawEllipse(QPointF(toX(s.x[0]), toY(s.y[0])), 2, 2);
    }
    if (m_cursor) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
        const double x = toX(*m_cursor);
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
    }
}

} // namespace lantern::widgets
