#include "enso_figure.h"

#include "lantern/error.h"
#include "lantern/geo/cf_time.h"
#include "lantern/render/geo_figure.h"

#include <QImage>
#include <QPainter>
#include <QString>

#include <cmath>

namespace lantern::cli {

void writeEnsoFigure(const EnsoFigure& figure, const std::string& path)
{
    const studies::EnsoData& d = *figure.data;
    const studies::EnsoMaps& m = *figure.maps;
    geo::GeoField grid;
    grid.lat = d.lat;
    grid.lon = d.lon;
    grid.values = Tensor({1, int64_t(d.lat.size()), int64_t(d.lon.size())});
    const geo::DisplayGrid g = geo::displayGrid(grid, 0.0);
    const render::GeoGrid gg = render::GeoGrid::from(g);
    render::GeoView view;
    view.projection = geo::ProjectionKind::Robinson;
    view.centralLongitude = figure.centralLongitude;

    const int64_t cells = int64_t(d.lat.size() * d.lon.size());
    render::GeoFigure fig;
    fig.columns = 3;
    fig.title = QStringLiteral("El Ni\u00f1o: what the network looks for (Lantern, after Toms et al. 2020)");

    render::GeoPanel optimal;
    optimal.title = QStringLiteral("Optimal input for El Ni\u00f1o (p = %1)").arg(m.optimalInputProbability, 0, 'f', 2);
    optimal.grid = gg;
    optimal.view = view;
    optimal.fill = render::GeoFill{g.reorder(m.optimalInput.data()), QStringLiteral("balance"), std::nullopt,
                                   QStringLiteral("SST anomaly (K)")};
    fig.panels.push_back(optimal);

    render::GeoPanel composite;
    composite.title = QStringLiteral("Deep-Taylor composite (%1 El Ni\u00f1o months)").arg(m.compositeSamples);
    composite.grid = gg;
    composite.view = view;
    std::vector<float> comp = g.reorder(m.composite.data());
    float top = 0;
    for (float v : comp)
        top = std::max(top, std::isfinite(v) ? v : 0.f);
    composite.fill = render::GeoFill{comp, QStringLiteral("Reds"), render::MapRange{0.f, top > 0 ? top : 1.f},
                                     QStringLiteral("relevance (each map / its maximum)")};
    fig.panels.push_back(composite);

    render::GeoPanel month;
    const auto date = geo::decodeCfTime(d.time[size_t(m.sample)], "days since 1900-01-01", "standard");
    month.title = QStringLiteral("Relevance over SST, %1 (Ni\u00f1o-3.4 %2 K)")
                      .arg(date ? QString::fromStdString(geo::formatCivilTime(*date)).left(7) : QString::number(m.sample))
                      .arg(d.nino34[size_t(m.sample)], 0, 'f', 1);
    month.grid = gg;
    month.view = view;
    month.fill = render::GeoFill{g.reorder(d.sst.data() + m.sample * cells), QStringLiteral("balance"), std::nullopt,
                                 QStringLiteral("SST anomaly (K)")};
    render::GeoContours contours;
    contours.values = g.reorder(m.sampleRelevance.data());
    contours.count = 4;
    month.contours = contours;
    month.note = QStringLiteral("contours: deep-Taylor relevance of El Ni\u00f1o (solid positive)");
    fig.panels.push_back(month);

    render::writeGeoFigure(fig, QString::fromStdString(path), 200);
}

void writeEnsoIcon(const EnsoFigure& figure, const std::string& path, int width)
{
    const studies::EnsoData& d = *figure.data;
    const studies::EnsoMaps& m = *figure.maps;
    geo::GeoField grid;
    grid.lat = d.lat;
    grid.lon = d.lon;
    grid.values = Tensor({1, int64_t(d.lat.size()), int64_t(d.lon.size())});
    const geo::DisplayGrid g = geo::displayGrid(grid, 0.0);
    render::GeoMapRenderer map;
    render::GeoView view;
    view.centralLongitude = figure.centralLongitude;
    map.setView(view);
    map.setGrid(render::GeoGrid::from(g));
    render::GeoStyle style;
    style.graticuleLabels = false;
    map.setStyle(style);
    const int64_t cells = int64_t(d.lat.size() * d.lon.size());
    map.setFill(render::GeoFill{g.reorder(d.sst.data() + m.sample * cells), QStringLiteral("balance"), std::nullopt, {}});
    render::GeoContours c;
    c.values = g.reorder(m.sampleRelevance.data());
    c.count = 3;
    map.setContours(c);
    QImage img(width, int(std::lround(width / map.aspectRatio())) + 2, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    {
        QPainter p(&img);
        map.paint(p, QRectF(1, 1, img.width() - 2, img.height() - 2));
    }
    if (!img.save(QString::fromStdString(path), "PNG"))
        throw IoError(path + ": cannot write the icon");
}

} // namespace lantern::cli
