#include "common/geo_figure_job.h"

#include "common/explanation_views.h"
#include "common/sample_loader.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/geo/netcdf.h"
#include "lantern/model.h"

#include <QCoreApplication>

#include <cmath>

namespace lantern::app {

bool isGriddedSpec(const std::string& sampleSpec)
{
    return geo::looksLikeNetcdf(sampleSpec) ||
           (sampleSpec.find('[') != std::string::npos && geo::parseFieldSpec(sampleSpec).path != sampleSpec);
}

render::GeoView geoViewOf(const FigureMap& map)
{
    render::GeoView v;
    v.projection = geo::projectionFromName(map.projection);
    v.centralLongitude = map.centralLongitude;
    v.centralLatitude = map.centralLatitude;
    if (map.region.size() == 4)
        v.region = QRectF(QPointF(map.region[0], map.region[1]), QPointF(map.region[2], map.region[3]));
    return v;
}

namespace {

/// One sample's map (channels summed) in display order.
std::vector<float> displayOrder(const geo::DisplayGrid& g, const Tensor& map, int64_t row, size_t cells)
{
    const int64_t per = map.size() / std::max<int64_t>(1, map.dim(0));
    if (cells == 0 || per % int64_t(cells) != 0)
        throw ShapeError("a map of " + std::to_string(per) + " values per sample does not fit the field's " +
                         std::to_string(cells) + " cells");
    std::vector<float> file(cells, 0.f);
    const float* src = map.data() + row * per;
    for (int64_t i = 0; i < per; ++i)
        file[size_t(i) % cells] += src[i];
    return g.reorder(file.data());
}

QString columnTitle(const FigureColumn& c)
{
    if (!c.title.empty())
        return QString::fromStdString(c.title);
    if (c.kind == "input")
        return QCoreApplication::translate("FigureJob", "input");
    return QString::fromStdString(c.method.method);
}

} // namespace

render::GeoFigure buildGeoFigure(const FigureSpec& spec, const FigureJobOptions& options)
{
    // named, not a structured binding: lambdas below capture them (C++20 clang 14 cannot capture bindings)
    std::pair<Model, Samples> inputs = loadFigureInputs(spec, options);
    Model& model = inputs.first;
    Samples& samples = inputs.second;
    if (!samples.field)
        throw ArgumentError(spec.sampleSpec + ": not a gridded field; map figures need NetCDF samples");
    const geo::GeoField& field = *samples.field;
    const geo::DisplayGrid grid = geo::displayGrid(field, 0.0);
    const render::GeoGrid gg = render::GeoGrid::from(grid);
    const render::GeoView view = geoViewOf(spec.map);
    const int64_t count = samples.data.dim(0), cells = field.rows() * field.columns();
    std::vector<int64_t> rows = spec.sampleIndices;
    for (int64_t r : rows)
        if (r < 0 || r >= count)
            throw ArgumentError(spec.sampleSpec + ": sample " + std::to_string(r) + " is outside 0.." +
                                std::to_string(count - 1));
    Tensor batch = Tensor::uninitialized([&] {
        Shape s = samples.data.shape();
        s[0] = int64_t(rows.size());
        return s;
    }());
    const int64_t per = samples.data.size() / count;
    for (size_t i = 0; i < rows.size(); ++i)
        std::copy_n(samples.data.data() + rows[i] * per, per, batch.data() + int64_t(i) * per);
    QString fieldLabel = QString::fromStdString(field.longName.empty() ? field.variable : field.longName);
    if (!field.units.empty())
        fieldLabel += QStringLiteral(" (%1)").arg(QString::fromStdString(field.units));

    render::GeoFigure fig;
    fig.title = QString::fromStdString(spec.title);
    fig.columns = int(spec.columns.size());
    fig.panelInches = std::max(1.5, spec.panelInches * 2.0);
    fig.fontPoints = spec.fontPoints;
    fig.panels.resize(rows.size() * spec.columns.size());
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        const FigureColumn& col = spec.columns[c];
        std::optional<explain::Explanation> e;
        if (col.kind != "input") {
            explain::ExplainRequest req;
            req.method = col.method.method;
            req.params = col.method.params;
            req.layer = col.method.layer;
            req.target = col.method.target < 0 ? explain::Target::predicted() : explain::Target::index(col.method.target);
            req.seed = spec.seed;
            req.cancel = options.cancel;
            const double span = 1.0 / double(spec.columns.size());
            if (options.progress)
                req.progress = [&, c, span](double f) { options.progress((double(c) + f) * span); };
            e = explain::explain(model, batch, req);
        }
        for (size_t r = 0; r < rows.size(); ++r) {
            render::GeoPanel& p = fig.panels[r * spec.columns.size() + c];
            p.grid = gg;
            p.view = view;
            p.style.graticuleLabels = true;
            std::vector<float> sst = grid.reorder(field.values.data() + rows[r] * cells);
            QString title = QString::fromStdString(samples.names[size_t(rows[r])]) + QStringLiteral(" \u2014 ") +
                            columnTitle(col);
            if (e && !e->targets.empty())
                title += QStringLiteral(" (%1)").arg(className(spec.classNames, e->targets[r]));
            p.title = title;
            if (!e) {
                p.fill = render::defaultFieldFill(sst, fieldLabel);
                continue;
            }
            std::vector<float> map = displayOrder(grid, e->map, int64_t(r), size_t(cells));
            if (col.method.method == "optimal-input") {
                for (size_t i = 0; i < map.size(); ++i)
                    if (std::isnan(sst[i]))
                        map[i] = NAN;
                p.fill = render::GeoFill{map, QStringLiteral("balance"), std::nullopt,
                                         QCoreApplication::translate("FigureJob", "optimal input")};
                continue;
            }
            for (size_t i = 0; i < map.size(); ++i)
                if (std::isnan(sst[i]))
                    map[i] = NAN; // masked cells stay masked (the model saw 0 there)
            bool negative = false;
            for (float v : map)
                negative |= v < 0;
            const QString mapCmap = negative ? QStringLiteral("RdBu_r") : QStringLiteral("Reds");
            const QString mapLabel = QCoreApplication::translate("FigureJob", "relevance / attribution");
            if (spec.map.overlay == "explanation") {
                p.fill = render::GeoFill{map, mapCmap, std::nullopt, mapLabel};
            } else if (spec.map.overlay == "field") {
                p.fill = render::defaultFieldFill(sst, fieldLabel);
            } else {
                p.fill = render::defaultFieldFill(sst, fieldLabel);
                if (spec.map.overlay == "fill") {
                    p.overlay = render::GeoFill{map, mapCmap, std::nullopt, mapLabel};
                    p.note = QCoreApplication::translate("FigureJob", "shading: %1")
                                 .arg(QString::fromStdString(col.method.method));
                } else {
                    render::GeoContours c2;
                    c2.values = map;
                    c2.levels = spec.map.levels;
                    c2.count = spec.map.levelCount;
                    p.contours = c2;
                    p.note = QCoreApplication::translate("FigureJob", "contours: %1 (solid positive, dashed negative)")
                                 .arg(QString::fromStdString(col.method.method));
                }
            }
        }
    }
    return fig;
}

QSizeF geoFigureFrameInches(const FigureSpec& spec, int rows, int columns)
{
    render::GeoFigure fig;
    fig.title = QString::fromStdString(spec.title);
    fig.columns = std::max(1, columns);
    fig.panelInches = std::max(1.5, spec.panelInches * 2.0);
    fig.fontPoints = spec.fontPoints;
    render::GeoPanel p;
    p.view = geoViewOf(spec.map);
    fig.panels.assign(size_t(std::max(1, rows) * std::max(1, columns)), p);
    return render::geoFigureSizeInches(fig);
}

} // namespace lantern::app
