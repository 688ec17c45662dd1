#include "common/figure_spec.h"

#include "lantern/geo/projection.h"

#include "lantern/error.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace lantern::app {

namespace {

constexpr int kFormatVersion = 1;

QJsonArray strings(const std::vector<std::string>& v)
{
    QJsonArray a;
    for (const auto& s : v)
        a.append(QString::fromStdString(s));
    return a;
}

QJsonObject mapJson(const FigureMap& m)
{
    QJsonArray region;
    for (double v : m.region)
        region.append(v);
    QJsonArray levels;
    for (double v : m.levels)
        levels.append(v);
    return {{"projection", QString::fromStdString(m.projection)},
            {"central_longitude", m.centralLongitude},
            {"central_latitude", m.centralLatitude},
            {"region", region},
            {"overlay", QString::fromStdString(m.overlay)},
            {"levels", levels},
            {"level_count", m.levelCount}};
}

FigureMap mapFromJson(const QJsonObject& o)
{
    FigureMap m;
    m.projection = o.value("projection").toString(QString::fromStdString(m.projection)).toStdString();
    geo::projectionFromName(m.projection); // ArgumentError naming the known ones
    m.centralLongitude = o.value("central_longitude").toDouble(m.centralLongitude);
    m.centralLatitude = o.value("central_latitude").toDouble(m.centralLatitude);
    if (!std::isfinite(m.centralLongitude) || !std::isfinite(m.centralLatitude) || std::abs(m.centralLatitude) > 90 ||
        std::abs(m.centralLongitude) > 720)
        throw ArgumentError("map centre (" + std::to_string(m.centralLongitude) + ", " +
                            std::to_string(m.centralLatitude) + ") is not a longitude and a latitude");
    for (const auto& v : o.value("region").toArray())
        m.region.push_back(v.toDouble(NAN));
    if (!m.region.empty() && (m.region.size() != 4 || !std::all_of(m.region.begin(), m.region.end(), [](double v) {
                                  return std::isfinite(v) && std::abs(v) <= 720;
                              })))
        throw ArgumentError("map region must be [west, south, east, north] in degrees");
    for (const auto& v : o.value("levels").toArray()) {
        const double level = v.toDouble(NAN);
        if (!std::isfinite(level))
            throw ArgumentError("map contour levels must be numbers");
        m.levels.push_back(level);
    }
    m.levelCount = o.value("level_count").toInt(m.levelCount);
    if (m.levelCount < 1 || m.levelCount > 50)
        throw ArgumentError("map level_count must be between 1 and 50");
    m.overlay = o.value("overlay").toString(QString::fromStdString(m.overlay)).toStdString();
    if (m.overlay != "contours" && m.overlay != "fill" && m.overlay != "explanation" && m.overlay != "field")
        throw ArgumentError("map overlay '" + m.overlay + "' is not contours, fill, explanation or field");
    return m;
}

} // namespace

QByteArray figureSpecToJson(const FigureSpec& s)
{
    QJsonArray columns;
    for (const auto& c : s.columns) {
        QJsonObject o{{"kind", QString::fromStdString(c.kind)}};
        if (c.kind == "method") {
            o.insert("method", toJson(c.method));
            o.insert("view", QString::fromStdString(c.view));
        }
        if (!c.title.empty())
            o.insert("title", QString::fromStdString(c.title));
        columns.append(o);
    }
    QJsonArray indices;
    for (auto i : s.sampleIndices)
        indices.append(static_cast<double>(i));
    QJsonObject model{{"path", QString::fromStdString(s.modelPath)},
                      {"sha256", QString::fromStdString(s.modelSha256)},
                      {"preprocessing", toJson(s.preprocessing)}};
    if (!s.weightsPath.empty())
        model.insert("weights", QString::fromStdString(s.weightsPath));
    QJsonObject samples{{"spec", QString::fromStdString(s.sampleSpec)}, {"indices", indices}};
    if (!s.labelsSpec.empty())
        samples.insert("labels", QString::fromStdString(s.labelsSpec));
    const QJsonObject root{{"lantern_figure", kFormatVersion},
                           {"model", model},
                           {"samples", samples},
                           {"class_names", strings(s.classNames)},
                           {"columns", columns},
                           {"style", toJson(s.style)},
                           {"layout", QJsonObject{{"title", QString::fromStdString(s.title)},
                                                  {"panel_inches", s.panelInches},
                                                  {"font_points", s.fontPoints},
                                                  {"colorbar", s.colorbar},
                                                  {"shared_range", s.sharedRange},
                                                  {"dpi", s.dpi}}},
                           {"seed", QString::number(s.seed)},
                           {"map", mapJson(s.map)}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

FigureSpec figureSpecFromJson(const QByteArray& json, const QString& source)
{
    const std::string where = source.toStdString();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (doc.isNull() || !doc.isObject())
        throw IoError(where + ": not a Lantern figure sidecar (JSON error: " + error.errorString().toStdString() + ")");
    const QJsonObject root = doc.object();
    const int version = root.value("lantern_figure").toInt(-1);
    if (version < 1 || version > kFormatVersion)
        throw IoError(where + ": not a Lantern figure sidecar of a supported version (expects 'lantern_figure': 1)");
    FigureSpec s;
    try {
        const QJsonObject model = root.value("model").toObject();
        s.modelPath = model.value("path").toString().toStdString();
        s.weightsPath = model.value("weights").toString().toStdString();
        s.modelSha256 = model.value("sha256").toString().toStdString();
        s.preprocessing = sampleOptionsFromJson(model.value("preprocessing").toObject());
        const QJsonObject samples = root.value("samples").toObject();
        s.sampleSpec = samples.value("spec").toString().toStdString();
        for (const auto& v : samples.value("indices").toArray()) {
            // whole numbers within int64 only (a cast of 1e22 is undefined; found by fuzzing)
            const qint64 index = v.toInteger(-1);
            if (index < 0)
                throw ArgumentError("sample index " +
                                    (v.isDouble() ? QString::number(v.toDouble(), 'g', 17).toStdString()
                                                  : std::string("that is not a number")) +
                                    " is not a non-negative integer");
            s.sampleIndices.push_back(index);
        }
        s.labelsSpec = samples.value("labels").toString().toStdString();
        for (const auto& v : root.value("class_names").toArray())
            s.classNames.push_back(v.toString().toStdString());
        for (const auto& v : root.value("columns").toArray()) {
            const QJsonObject o = v.toObject();
            FigureColumn c;
            c.kind = o.value("kind").toString("method").toStdString();
            if (c.kind != "input" && c.kind != "method")
                throw ArgumentError("column kind '" + c.kind + "' is neither 'input' nor 'method'");
            c.method = methodChoiceFromJson(o.value("method").toObject());
            c.view = o.value("view").toString("map").toStdString();
            c.title = o.value("title").toString().toStdString();
            s.columns.push_back(c);
        }
        s.style = overlayStyleFromJson(root.value("style").toObject());
        const QJsonObject layout = root.value("layout").toObject();
        s.title = layout.value("title").toString().toStdString();
        s.panelInches = std::clamp(layout.value("panel_inches").toDouble(s.panelInches), 0.3, 20.0);
        s.fontPoints = std::clamp(layout.value("font_points").toDouble(s.fontPoints), 4.0, 72.0);
        s.colorbar = layout.value("colorbar").toBool(s.colorbar);
        s.sharedRange = layout.value("shared_range").toBool(s.sharedRange);
        s.dpi = std::clamp(layout.value("dpi").toInt(s.dpi), 30, 2400);
        s.seed = root.value("seed").toString("0").toULongLong();
        if (root.contains("map"))
            s.map = mapFromJson(root.value("map").toObject());
    } catch (const Error& e) {
        throw IoError(where + ": " + e.what());
    }
    if (s.modelPath.empty() || s.sampleSpec.empty() || s.sampleIndices.empty() || s.columns.empty())
        throw IoError(where + ": the sidecar needs model.path, samples.spec, samples.indices and columns");
    return s;
}

QString sidecarPath(const QString& figurePath)
{
    return figurePath + QStringLiteral(".json");
}

std::string fileSha256(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(path + ": cannot read to compute its hash: " + file.errorString().toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex().toStdString();
}

std::string modelSha256(const std::string& modelPath, const std::string& weightsPath)
{
    if (modelPath.rfind("preset:", 0) == 0)
        return {};
    QString h = QString::fromStdString(fileSha256(modelPath));
    if (!weightsPath.empty())
        h += QLatin1Char('+') + QString::fromStdString(fileSha256(weightsPath));
    return h.toStdString();
}

} // namespace lantern::app
