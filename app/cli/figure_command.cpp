// lantern-cli figure SIDECAR.json [--out PATH] [--ignore-hash] [--dpi N]: rebuilds a figure exported by the GUI
// (or by an earlier run) from its JSON sidecar, headlessly and with the same code (app::buildFigure).
#include "commands.h"
#include "common/figure_job.h"
#include "common/geo_figure_job.h"

#include "lantern/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <cstdio>
#include <memory>

namespace lantern::cli {

namespace {

struct FigureOptions {
    std::string sidecar;
    std::string out;
    bool ignoreHash = false;
    int dpi = 0;
};

/// A relative path in a sidecar is taken as given when it exists from the working directory, otherwise
/// relative to the sidecar's folder (so a figure folder can be rebuilt from anywhere). A ":key" suffix
/// (npz/h5 sample specs) is kept.
std::string resolveNear(const std::string& path, const QDir& dir)
{
    if (path.empty() || path.rfind("preset:", 0) == 0)
        return path;
    const QString p = QString::fromStdString(path);
    if (QDir::isAbsolutePath(p) || QFileInfo::exists(p))
        return path;
    if (QFileInfo::exists(dir.filePath(p)))
        return QDir::cleanPath(dir.absoluteFilePath(p)).toStdString();
    const qsizetype colon = p.lastIndexOf(QLatin1Char(':'));
    if (colon > 1 && !QFileInfo::exists(p.left(colon)) && QFileInfo::exists(dir.filePath(p.left(colon))))
        return (QDir::cleanPath(dir.absoluteFilePath(p.left(colon))) + p.mid(colon)).toStdString();
    return path;
}

void runFigure(const FigureOptions& o)
{
    const QString sidecar = QString::fromStdString(o.sidecar);
    QFile file(sidecar);
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(o.sidecar + ": cannot open figure sidecar: " + file.errorString().toStdString());
    app::FigureSpec spec = app::figureSpecFromJson(file.readAll(), sidecar);
    const QDir dir = QFileInfo(sidecar).absoluteDir();
    spec.modelPath = resolveNear(spec.modelPath, dir);
    spec.weightsPath = resolveNear(spec.weightsPath, dir);
    spec.sampleSpec = resolveNear(spec.sampleSpec, dir);
    spec.labelsSpec = resolveNear(spec.labelsSpec, dir);
    if (o.dpi > 0)
        spec.dpi = o.dpi;

    QString out = QString::fromStdString(o.out);
    if (out.isEmpty()) {
        if (!sidecar.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
            throw ArgumentError(o.sidecar +
                                ": the sidecar name does not end in .json; give the figure path with --out");
        out = sidecar.left(sidecar.size() - 5);
    }
    const QString suffix = QFileInfo(out).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        throw ArgumentError(out.toStdString() + ": unknown figure format '" + suffix.toStdString() +
                            "' (use .png, .svg or .pdf)");

    app::FigureJobOptions jobOptions;
    jobOptions.checkHash = !o.ignoreHash;
    Progress progress("figure");
    jobOptions.progress = [&progress](double f) { progress.update(static_cast<long>(f * 1000), 1000); };
    QSizeF inches;
    int rows = 0, columns = 0;
    if (app::isGriddedSpec(spec.sampleSpec)) {
        const render::GeoFigure figure = app::buildGeoFigure(spec, jobOptions);
        progress.finish();
        render::writeGeoFigure(figure, out, spec.dpi);
        inches = render::geoFigureSizeInches(figure);
        columns = std::max(1, figure.columns);
        rows = int((figure.panels.size() + size_t(columns) - 1) / size_t(columns));
    } else {
        const render::Figure figure = app::buildFigure(spec, jobOptions);
        progress.finish();
        render::writeFigure(figure, out, spec.dpi);
        inches = render::figureSizeInches(figure);
        rows = figure.rows;
        columns = figure.columns;
    }
    if (suffix == QLatin1String("png"))
        std::printf("wrote %s: %ld x %ld px at %d dpi (%.2f x %.2f in), %d x %d panels\n", out.toUtf8().constData(),
                    std::lround(inches.width() * spec.dpi), std::lround(inches.height() * spec.dpi), spec.dpi,
                    inches.width(), inches.height(), rows, columns);
    else
        std::printf("wrote %s: %.1f x %.1f pt (%.2f x %.2f in), %d x %d panels\n", out.toUtf8().constData(),
                    inches.width() * 72.0, inches.height() * 72.0, inches.width(), inches.height(), rows, columns);
}

} // namespace

void addFigureCommand(CLI::App& app)
{
    auto opts = std::make_shared<FigureOptions>();
    auto* cmd = app.add_subcommand(
        "figure", "Rebuild a figure from its JSON sidecar (written next to every exported figure as FIGURE.json)");
    cmd->add_option("sidecar", opts->sidecar, "The sidecar, e.g. fig.png.json")->required();
    cmd->add_option("--out", opts->out,
                    "Figure to write (.png, .svg or .pdf; default: the sidecar path without its .json)");
    cmd->add_flag("--ignore-hash", opts->ignoreHash,
                  "Rebuild even when the model file's SHA-256 differs from the one in the sidecar");
    cmd->add_option("--dpi", opts->dpi, "Resolution of PNG output (default: the sidecar's)")
        ->check(CLI::Range(30, 2400));
    cmd->callback([opts] { runFigure(*opts); });
}

} // namespace lantern::cli
