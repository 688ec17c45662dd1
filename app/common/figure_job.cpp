#include "common/figure_job.h"
#include "common/geo_figure_job.h"

#include "common/explanation_views.h"
#include "common/sample_loader.h"

#include "lantern/error.h"
#include "lantern/explain/explainer.h"
#include "lantern/model.h"
#include "lantern/render/colormap.h"

#include <QCoreApplication>

#include <QSaveFile>
#include <algorithm>

namespace lantern::app {

namespace {

Tensor rows(const Tensor& data, const std::vector<int64_t>& indices, const std::string& source)
{
    Shape shape = data.shape();
    shape[0] = static_cast<int64_t>(indices.size());
    Tensor out(shape);
    const int64_t per = data.size() / data.dim(0);
    for (size_t r = 0; r < indices.size(); ++r) {
        const int64_t i = indices[r];
        if (i < 0 || i >= data.dim(0))
            throw ArgumentError(source + ": sample index " + std::to_string(i) + " is out of range (0.." +
                                std::to_string(data.dim(0) - 1) + ")");
        std::copy_n(data.data() + i * per, per, out.data() + static_cast<int64_t>(r) * per);
    }
    return out;
}

} // namespace

QString className(const std::vector<std::string>& names, int64_t index)
{
    if (index >= 0 && index < static_cast<int64_t>(names.size()))
        return QString::fromStdString(names[static_cast<size_t>(index)]);
    return QString::number(index);
}

render::Figure figureFrame(const FigureSpec& spec, const std::vector<QString>& sampleNames,
                           const std::vector<int64_t>& trueLabels, QSize panelSize)
{
    render::Figure fig;
    fig.title = QString::fromStdString(spec.title);
    fig.rows = static_cast<int>(sampleNames.size());
    fig.columns = static_cast<int>(spec.columns.size());
    fig.panels.resize(static_cast<size_t>(fig.rows * fig.columns));
    fig.style = spec.style;
    fig.colorbar = spec.colorbar;
    fig.sharedRange = spec.sharedRange;
    fig.panelInches = spec.panelInches;
    fig.fontPoints = spec.fontPoints;
    const QString trueText = QCoreApplication::translate("FigureJob", "true: %1");
    const QString targetText = QCoreApplication::translate("FigureJob", "target: %1");
    bool explains = false, classLegend = false;
    for (const FigureColumn& col : spec.columns) {
        fig.columnLabels << (col.title.empty()
                                 ? (col.kind == "input" ? QCoreApplication::translate("FigureJob", "input")
                                                        : QString::fromStdString(col.method.method))
                                 : QString::fromStdString(col.title));
        explains = explains || col.kind != "input";
        classLegend = classLegend || (col.kind != "input" && col.view == "clear");
    }
    // the explained class is known only once computed: reserve room for every class name
    for (size_t k = 0; k < spec.classNames.size(); ++k) {
        fig.rowLabelReserve << trueText.arg(className(spec.classNames, static_cast<int64_t>(k)));
        if (explains)
            fig.rowLabelReserve << targetText.arg(className(spec.classNames, static_cast<int64_t>(k)));
    }
    QImage blank(std::max(1, panelSize.width()), std::max(1, panelSize.height()), QImage::Format_RGB32);
    blank.fill(Qt::gray);
    render::ScalarMap standIn;
    standIn.width = blank.width();
    standIn.height = blank.height();
    standIn.values.assign(static_cast<size_t>(standIn.width) * standIn.height, 0.f);
    standIn.values.front() = -1.f;
    standIn.values.back() = 1.f;
    for (int r = 0; r < fig.rows; ++r) {
        QString label = sampleNames[static_cast<size_t>(r)];
        if (static_cast<size_t>(r) < trueLabels.size() && trueLabels[static_cast<size_t>(r)] >= 0)
            label += QLatin1Char('\n') + trueText.arg(className(spec.classNames, trueLabels[static_cast<size_t>(r)]));
        if (explains)
            label += QLatin1Char('\n') + targetText.arg(QStringLiteral("?"));
        fig.rowLabels << label;
        for (int c = 0; c < fig.columns; ++c) {
            render::FigurePanel& p = fig.panels[static_cast<size_t>(r * fig.columns + c)];
            p.base = blank;
            const FigureColumn& col = spec.columns[static_cast<size_t>(c)];
            if (col.kind != "input" && col.method.method != "optimal-input") {
                if (col.view == "map")
                    p.map = standIn;
                else
                    p.categorical = blank;
            }
        }
    }
    if (classLegend) {
        fig.legendColors = render::classColors(static_cast<int>(spec.classNames.size()));
        for (size_t k = 0; k < spec.classNames.size(); ++k)
            fig.legendLabels << className(spec.classNames, static_cast<int64_t>(k));
    }
    if (fig.rows == 1 && fig.columns > 0)
        for (int c = 0; c < fig.columns; ++c)
            fig.panels[static_cast<size_t>(c)].title = fig.columnLabels[c];
    if (fig.rows == 1)
        fig.columnLabels.clear();
    return fig;
}

std::pair<Model, Samples> loadFigureInputs(const FigureSpec& spec, const FigureJobOptions& options)
{
    if (options.checkHash && !spec.modelSha256.empty()) {
        const std::string now = modelSha256(spec.modelPath, spec.weightsPath);
        if (now != spec.modelSha256)
            throw IoError(spec.modelPath + ": the model file changed since the figure was made (SHA-256 " +
                          now.substr(0, 12) + "… instead of " + spec.modelSha256.substr(0, 12) +
                          "…); pass --ignore-hash to rebuild anyway");
    }
    LoadOptions lo;
    lo.weightsPath = spec.weightsPath;
    Model model = loadModel(spec.modelPath, lo);
    const std::string input = model.graph.inputNames().front();
    SampleOptions so = spec.preprocessing;
    so.limit = 0;
    const Samples samples = loadSamples(spec.sampleSpec, model.graph.inputShape(input), model.inputLayout, so);
    return {std::move(model), samples};
}

render::Figure buildFigure(const FigureSpec& spec, const FigureJobOptions& options)
{
    // named, not a structured binding: lambdas below capture them (C++20 clang 14 cannot capture bindings)
    std::pair<Model, Samples> inputs = loadFigureInputs(spec, options);
    Model& model = inputs.first;
    Samples& samples = inputs.second;
    const Tensor batch = rows(samples.data, spec.sampleIndices, spec.sampleSpec);
    std::vector<int64_t> labels;
    if (!spec.labelsSpec.empty()) {
        const auto all = loadLabels(spec.labelsSpec);
        for (auto i : spec.sampleIndices)
            labels.push_back(i < static_cast<int64_t>(all.size()) ? all[static_cast<size_t>(i)] : -1);
    }
    const int64_t n = batch.dim(0);
    const std::string& layout = model.inputLayout;

    std::vector<QImage> bases;
    std::vector<QString> names;
    for (int64_t r = 0; r < n; ++r) {
        bases.push_back(render::sampleImage(batch.slice(r, r + 1), layout));
        names.push_back(
            QString::fromStdString(samples.names[static_cast<size_t>(spec.sampleIndices[static_cast<size_t>(r)])]));
    }
    render::Figure fig = figureFrame(spec, names, labels, bases.empty() ? QSize() : bases.front().size());
    for (render::FigurePanel& p : fig.panels) { // the frame's stand-ins make way for the real panels
        p.base = QImage();
        p.map = {};
        p.categorical = QImage();
    }
    fig.legendColors.clear();
    fig.legendLabels.clear();
    fig.rowLabels.clear();

    std::vector<int64_t> predicted(static_cast<size_t>(n), -1);
    for (size_t c = 0; c < spec.columns.size(); ++c) {
        const FigureColumn& col = spec.columns[c];
        if (col.kind == "input") {
            for (int64_t r = 0; r < n; ++r)
                fig.panels[static_cast<size_t>(r * fig.columns) + c].base = bases[static_cast<size_t>(r)];
            continue;
        }
        explain::ExplainRequest req;
        req.method = col.method.method;
        req.params =
            col.view == "clear" || col.view == "dominant" ? withChannelSums(col.method.params) : col.method.params;
        req.layer = col.method.layer;
        req.target = col.method.target < 0 ? explain::Target::predicted() : explain::Target::index(col.method.target);
        req.seed = spec.seed;
        req.labels = labels;
        req.cancel = options.cancel;
        const double span = 1.0 / static_cast<double>(spec.columns.size());
        if (options.progress)
            req.progress = [&, c, span](double f) { options.progress((static_cast<double>(c) + f) * span); };
        const explain::Explanation e = explain::explain(model, batch, req);
        for (int64_t r = 0; r < n; ++r) {
            render::FigurePanel& p = fig.panels[static_cast<size_t>(r * fig.columns) + c];
            if (!e.targets.empty())
                predicted[static_cast<size_t>(r)] = e.targets[static_cast<size_t>(r)];
            if (col.method.method == "optimal-input") {
                p.base = render::sampleImage(e.map.slice(r, r + 1), layout);
                continue;
            }
            p.base = bases[static_cast<size_t>(r)];
            if (col.view == "clear") {
                const Categorical cat = dominantClasses(e, r, layout);
                p.categorical = cat.image;
                if (fig.legendColors.empty()) {
                    fig.legendColors = cat.colors;
                    for (int id : cat.ids)
                        fig.legendLabels << className(spec.classNames, id);
                }
            } else if (col.view == "dominant") {
                const auto layers = attentiveLayers(e);
                if (layers.empty())
                    throw ArgumentError("column '" + col.method.method +
                                        "': the dominant view needs attentive-response");
                // default: the deepest layer the explanation holds (the last conv layer for layers=all)
                std::string layer = col.method.layer;
                if (layer.empty())
                    for (const Node& node : model.graph.nodes())
                        if (std::find(layers.begin(), layers.end(), node.name) != layers.end())
                            layer = node.name;
                p.categorical = dominantFilters(e, layer, r, layout).image;
            } else {
                p.map = mainMap(e, r, layout);
            }
        }
    }
    for (int64_t r = 0; r < n; ++r) {
        QString label =
            QString::fromStdString(samples.names[static_cast<size_t>(spec.sampleIndices[static_cast<size_t>(r)])]);
        if (!labels.empty() && labels[static_cast<size_t>(r)] >= 0)
            label += QLatin1Char('\n') + QCoreApplication::translate("FigureJob", "true: %1")
                                             .arg(className(spec.classNames, labels[static_cast<size_t>(r)]));
        if (predicted[static_cast<size_t>(r)] >= 0)
            label += QLatin1Char('\n') + QCoreApplication::translate("FigureJob", "target: %1")
                                             .arg(className(spec.classNames, predicted[static_cast<size_t>(r)]));
        fig.rowLabels << label;
    }
    return fig;
}

void exportFigure(const FigureSpec& spec, const QString& path, const FigureJobOptions& options)
{
    FigureSpec stored = spec;
    if (stored.modelSha256.empty())
        stored.modelSha256 = modelSha256(spec.modelPath, spec.weightsPath);
    if (isGriddedSpec(stored.sampleSpec)) {
        render::writeGeoFigure(buildGeoFigure(stored, options), path, stored.dpi);
    } else {
        const render::Figure fig = buildFigure(stored, options);
        render::writeFigure(fig, path, stored.dpi);
    }
    QSaveFile side(sidecarPath(path));
    if (!side.open(QIODevice::WriteOnly))
        throw IoError(sidecarPath(path).toStdString() + ": cannot write sidecar: " + side.errorString().toStdString());
    side.write(figureSpecToJson(stored));
    if (!side.commit())
        throw IoError(sidecarPath(path).toStdString() + ": cannot write sidecar: " + side.errorString().toStdString());
}

} // namespace lantern::app
