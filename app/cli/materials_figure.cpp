#include "materials_figure.h"

#include "lantern/render/figure.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <map>

namespace lantern::cli {

namespace {

struct Series {
    QString label;
    QColor color;
    Qt::PenStyle style;
    std::vector<std::pair<double, double>> points;
};

void paintPanel(QPainter& p, const QRectF& r, const QString& title, const QString& axis, const std::vector<Series>& series,
                bool percentAxis)
{
    const QFontMetricsF fm(p.font());
    const QRectF plot(r.left() + fm.horizontalAdvance("100 %") + 8, r.top() + fm.height() * 1.6,
                      r.width() - fm.horizontalAdvance("100 %") - 16, r.height() - fm.height() * 4.2);
    double xmax = 0;
    for (const auto& s : series)
        for (const auto& pt : s.points)
            xmax = std::max(xmax, pt.first);
    if (xmax <= 0)
        xmax = 1;
    const auto X = [&](double x) { return plot.left() + x / xmax * plot.width(); };
    const auto Y = [&](double y) { return plot.bottom() - y * plot.height(); };
    p.setPen(QPen(Qt::black, 0));
    p.drawText(QRectF(r.left(), r.top(), r.width(), fm.height() * 1.4), Qt::AlignCenter, title);
    // grid and axes
    for (int k = 0; k <= 4; ++k) {
        const double y = Y(k / 4.0);
        p.setPen(QPen(QColor(225, 225, 225), 0));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(QPen(Qt::black, 0));
        p.drawText(QRectF(r.left(), y - fm.height() / 2, plot.left() - r.left() - 4, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   QStringLiteral("%1 %").arg(k * 25));
    }
    p.drawRect(plot);
    for (int k = 0; k <= 4; ++k) {
        const double v = xmax * k / 4.0;
        const QString label = percentAxis ? QStringLiteral("%1 %").arg(v * 100, 0, 'g', 3) : QString::number(v, 'g', 3);
        p.drawText(QRectF(X(v) - 40, plot.bottom() + 2, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop, label);
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() * 1.2, plot.width(), fm.height() * 1.3), Qt::AlignCenter, axis);
    p.save();
    p.setClipRect(plot.adjusted(-3, -3, 3, 3));
    p.setRenderHint(QPainter::Antialiasing);
    for (const auto& s : series) {
        QPainterPath path;
        for (std::size_t i = 0; i < s.points.size(); ++i) {
            const QPointF pt(X(s.points[i].first), Y(s.points[i].second));
            i == 0 ? path.moveTo(pt) : path.lineTo(pt);
        }
        p.setPen(QPen(s.color, s.label.startsWith("CNN") ? 2.2 : 1.4, s.style));
        p.drawPath(path);
        p.setBrush(s.color);
        for (const auto& pt : s.points)
            p.drawEllipse(QPointF(X(pt.first), Y(pt.second)), 2.2, 2.2);
        p.setBrush(Qt::NoBrush);
    }
    p.restore();
}

} // namespace

void writeRobustnessFigure(const std::vector<studies::RobustnessRow>& rows, const std::string& path)
{
    const studies::DefectKind kinds[] = {studies::DefectKind::Vacancies, studies::DefectKind::Displacement,
                                         studies::DefectKind::Substitution};
    const QColor spglibColors[] = {QColor(230, 159, 0), QColor(86, 180, 233), QColor(0, 158, 115), QColor(204, 121, 167)};
    std::vector<double> tolerances;
    for (const auto& r : rows)
        if (r.method == "spglib" && std::find(tolerances.begin(), tolerances.end(), r.tolerance) == tolerances.end())
            tolerances.push_back(r.tolerance);
    std::map<int, std::vector<Series>> panels;
    for (int k = 0; k < 3; ++k) {
        std::vector<Series> s;
        s.push_back({QStringLiteral("CNN (Lantern)"), QColor(200, 30, 45), Qt::SolidLine, {}});
        for (std::size_t t = 0; t < tolerances.size(); ++t)
            s.push_back({QStringLiteral("spglib, symprec %1 Å").arg(tolerances[t], 0, 'g', 3), spglibColors[t % 4],
                         t % 2 ? Qt::DashLine : Qt::DashDotLine, {}});
        for (const auto& r : rows) {
            if (r.defect != kinds[k])
                continue;
            if (r.method == "cnn")
                s[0].points.push_back({r.level, r.accuracy});
            else
                for (std::size_t t = 0; t < tolerances.size(); ++t)
                    if (tolerances[t] == r.tolerance)
                        s[t + 1].points.push_back({r.level, r.accuracy});
        }
        panels[k] = s;
    }
    const QString titles[] = {QStringLiteral("Vacancies"), QStringLiteral("Random displacements"), QStringLiteral("Substitutions")};
    const QString axes[] = {QStringLiteral("fraction of sites removed"), QStringLiteral("Gaussian sigma (Å)"),
                            QStringLiteral("fraction of sites substituted")};
    render::writePainted(QString::fromStdString(path), QSizeF(9.0, 3.3), 200,
                         QStringLiteral("Crystal-structure classification under defects"), [&](QPainter& p, const QRectF& device) {
                             // paint in points whatever the device: 1 unit = 1 pt
                             const QRectF target(0, 0, 9.0 * 72, 3.3 * 72);
                             p.translate(device.topLeft());
                             p.scale(device.width() / target.width(), device.height() / target.height());
                             QFont font = p.font();
                             font.setPointSizeF(8.0 * 72.0 / p.device()->logicalDpiY());
                             p.setFont(font);
                             const QFontMetricsF fm(font);
                             const double legendHeight = fm.height() * 1.8;
                             const double w = target.width() / 3;
                             for (int k = 0; k < 3; ++k)
                                 paintPanel(p, QRectF(target.left() + k * w, target.top(), w, target.height() - legendHeight),
                                            titles[k], axes[k], panels[k], k != 1);
                             // legend
                             double x = target.left() + 20;
                             const double y = target.bottom() - legendHeight / 2;
                             for (const auto& s : panels[0]) {
                                 p.setPen(QPen(s.color, s.label.startsWith("CNN") ? 2.2 : 1.4, s.style));
                                 p.drawLine(QPointF(x, y), QPointF(x + 24, y));
                                 p.setPen(Qt::black);
                                 p.drawText(QPointF(x + 30, y + fm.ascent() / 2 - 1), s.label);
                                 x += 42 + fm.horizontalAdvance(s.label);
                             }
                         });
}

} // namespace lantern::cli
