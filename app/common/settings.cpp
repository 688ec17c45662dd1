#include "common/settings.h"

#include "lantern/error.h"

#include <QJsonArray>

namespace lantern::app {

namespace {

QJsonArray toArray(const std::vector<float>& v)
{
    QJsonArray a;
    for (float x : v)
        a.append(static_cast<double>(x));
    return a;
}

std::vector<float> floatsFrom(const QJsonValue& value)
{
    std::vector<float> out;
    for (const auto& x : value.toArray())
        out.push_back(static_cast<float>(x.toDouble()));
    return out;
}

} // namespace

QJsonObject toJson(const MethodChoice& choice)
{
    QJsonObject params;
    for (const auto& [k, v] : choice.params)
        params.insert(QString::fromStdString(k), QString::fromStdString(v));
    QJsonObject o{{"method", QString::fromStdString(choice.method)}, {"params", params}};
    if (!choice.layer.empty())
        o.insert("layer", QString::fromStdString(choice.layer));
    o.insert("target", choice.target < 0 ? QJsonValue(QStringLiteral("predicted")) : QJsonValue(double(choice.target)));
    return o;
}

MethodChoice methodChoiceFromJson(const QJsonObject& o)
{
    MethodChoice c;
    c.method = o.value("method").toString(QString::fromStdString(c.method)).toStdString();
    const QJsonObject params = o.value("params").toObject();
    for (auto it = params.begin(); it != params.end(); ++it)
        c.params[it.key().toStdString()] = it.value().isString() ? it.value().toString().toStdString()
                                                                 : QString::number(it.value().toDouble()).toStdString();
    c.layer = o.value("layer").toString().toStdString();
    const QJsonValue t = o.value("target");
    c.target = t.toInteger(-1); // whole numbers within int64; anything else is "no target"
    return c;
}

QJsonObject toJson(const render::OverlayStyle& s)
{
    return {{"colormap", s.colormap},           {"opacity", s.opacity},
            {"sign", render::signName(s.sign)}, {"clip_percentile", s.clipPercentile},
            {"contours", s.contourLevels},      {"fade", s.fade},
            {"grey_base", s.greyBase}};
}

render::OverlayStyle overlayStyleFromJson(const QJsonObject& o)
{
    render::OverlayStyle s;
    s.colormap = o.value("colormap").toString(s.colormap);
    s.opacity = std::clamp(o.value("opacity").toDouble(s.opacity), 0.0, 1.0);
    s.sign = render::signFromName(o.value("sign").toString(render::signName(s.sign)));
    s.clipPercentile = std::clamp(o.value("clip_percentile").toDouble(s.clipPercentile), 50.0, 100.0);
    s.contourLevels = std::clamp(o.value("contours").toInt(s.contourLevels), 0, 20);
    s.fade = o.value("fade").toBool(s.fade);
    s.greyBase = o.value("grey_base").toBool(s.greyBase);
    return s;
}

QJsonObject toJson(const SampleOptions& p)
{
    QJsonObject o{{"resize", QString::fromStdString(resizeModeName(p.resize))}, {"bgr", p.bgr}};
    if (p.scale)
        o.insert("scale", static_cast<double>(*p.scale));
    if (!p.mean.empty())
        o.insert("mean", toArray(p.mean));
    if (!p.std.empty())
        o.insert("std", toArray(p.std));
    return o;
}

SampleOptions sampleOptionsFromJson(const QJsonObject& o)
{
    SampleOptions p;
    if (o.contains("scale"))
        p.scale = static_cast<float>(o.value("scale").toDouble());
    p.mean = floatsFrom(o.value("mean"));
    p.std = floatsFrom(o.value("std"));
    p.bgr = o.value("bgr").toBool(false);
    p.resize = resizeModeFromName(o.value("resize").toString("stretch").toStdString());
    return p;
}

} // namespace lantern::app
