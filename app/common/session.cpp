#include "common/session.h"

#include "lantern/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace lantern::app {

namespace {

constexpr int kFormatVersion = 1;

bool sameStyle(const render::OverlayStyle& a, const render::OverlayStyle& b)
{
    return a.colormap == b.colormap && a.opacity == b.opacity && a.sign == b.sign &&
           a.clipPercentile == b.clipPercentile && a.contourLevels == b.contourLevels && a.fade == b.fade &&
           a.greyBase == b.greyBase;
}

bool sameOptions(const SampleOptions& a, const SampleOptions& b)
{
    return a.scale == b.scale && a.mean == b.mean && a.std == b.std && a.bgr == b.bgr && a.resize == b.resize;
}

/// Relative to the session folder when below it; "preset:..." and empty paths unchanged.
QString storePath(const std::string& path, const QDir& dir)
{
    if (path.empty() || path.rfind("preset:", 0) == 0)
        return QString::fromStdString(path);
    const QString abs = QFileInfo(QString::fromStdString(path)).absoluteFilePath();
    const QString rel = dir.relativeFilePath(abs);
    return rel.startsWith(QStringLiteral("..")) ? abs : rel;
}

std::string resolvePath(const QString& stored, const QDir& dir)
{
    if (stored.isEmpty() || stored.startsWith(QStringLiteral("preset:")) || QDir::isAbsolutePath(stored))
        return stored.toStdString();
    // a ":key" suffix (npz/h5 specs) carries through: it is part of the last path component
    return QDir::cleanPath(dir.absoluteFilePath(stored)).toStdString();
}

} // namespace

bool Session::operator==(const Session& o) const
{
    return modelPath == o.modelPath && weightsPath == o.weightsPath && sameOptions(preprocessing, o.preprocessing) &&
           sampleSpecs == o.sampleSpecs && labelsSpec == o.labelsSpec && classNames == o.classNames &&
           currentSample == o.currentSample && currentLayer == o.currentLayer && method == o.method &&
           sameStyle(style, o.style) && topN == o.topN && view == o.view && responseStyle == o.responseStyle;
}

QByteArray sessionToJson(const Session& s, const QString& sessionPath)
{
    const QDir dir = QFileInfo(sessionPath).absoluteDir();
    QJsonArray samples;
    for (const auto& spec : s.sampleSpecs)
        samples.append(storePath(spec, dir));
    QJsonArray classes;
    for (const auto& c : s.classNames)
        classes.append(QString::fromStdString(c));
    QJsonObject model{{"path", storePath(s.modelPath, dir)}, {"preprocessing", toJson(s.preprocessing)}};
    if (!s.weightsPath.empty())
        model.insert("weights", storePath(s.weightsPath, dir));
    QJsonObject root{{"lantern_session", kFormatVersion},
                     {"model", model},
                     {"samples", samples},
                     {"class_names", classes},
                     {"view", QJsonObject{{"sample", s.currentSample},
                                          {"layer", QString::fromStdString(s.currentLayer)},
                                          {"method", toJson(s.method)},
                                          {"style", toJson(s.style)},
                                          {"top_n", s.topN},
                                          {"response_style", QString::fromStdString(s.responseStyle)},
                                          {"mode", QString::fromStdString(s.view)}}}};
    if (!s.labelsSpec.empty())
        root.insert("labels", storePath(s.labelsSpec, dir));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Session sessionFromJson(const QByteArray& json, const QString& sessionPath)
{
    const std::string where = sessionPath.toStdString();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (doc.isNull() || !doc.isObject())
        throw IoError(where + ": not a Lantern session (JSON error: " + error.errorString().toStdString() + ")");
    const QJsonObject root = doc.object();
    if (!root.contains("lantern_session"))
        throw IoError(where + ": not a Lantern session (no 'lantern_session' version)");
    const int version = root.value("lantern_session").toInt();
    if (version < 1 || version > kFormatVersion)
        throw IoError(where + ": session format version " + std::to_string(version) +
                      " is not supported by this Lantern (reads 1.." + std::to_string(kFormatVersion) + ")");
    const QDir dir = QFileInfo(sessionPath).absoluteDir();
    Session s;
    try {
        const QJsonObject model = root.value("model").toObject();
        s.modelPath = resolvePath(model.value("path").toString(), dir);
        s.weightsPath = resolvePath(model.value("weights").toString(), dir);
        s.preprocessing = sampleOptionsFromJson(model.value("preprocessing").toObject());
        for (const auto& v : root.value("samples").toArray())
            s.sampleSpecs.push_back(resolvePath(v.toString(), dir));
        s.labelsSpec = resolvePath(root.value("labels").toString(), dir);
        for (const auto& v : root.value("class_names").toArray())
            s.classNames.push_back(v.toString().toStdString());
        const QJsonObject view = root.value("view").toObject();
        s.currentSample = std::max(0, view.value("sample").toInt());
        s.currentLayer = view.value("layer").toString().toStdString();
        s.method = methodChoiceFromJson(view.value("method").toObject());
        s.style = overlayStyleFromJson(view.value("style").toObject());
        s.topN = std::clamp(view.value("top_n").toInt(4), 1, 64);
        s.responseStyle = view.value("response_style").toString("ai4materials").toStdString();
        if (s.responseStyle != "ai4materials" && s.responseStyle != "zeiler-fergus")
            s.responseStyle = "ai4materials";
        s.view = view.value("mode").toString("overlay").toStdString();
    } catch (const Error& e) {
        throw IoError(where + ": " + e.what());
    }
    return s;
}

void saveSession(const Session& session, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw IoError(path.toStdString() + ": cannot write session: " + file.errorString().toStdString());
    file.write(sessionToJson(session, path));
    if (!file.commit())
        throw IoError(path.toStdString() + ": cannot write session: " + file.errorString().toStdString());
}

Session loadSession(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw IoError(path.toStdString() + ": cannot open session: " + file.errorString().toStdString());
    return sessionFromJson(file.readAll(), path);
}

} // namespace lantern::app
