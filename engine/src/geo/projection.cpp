#include "lantern/geo/projection.h"

#include "lantern/error.h"

#include <proj.h>

#include <cmath>
#include <cstdio>
#include <mutex>

namespace lantern::geo {

std::string projectionName(ProjectionKind kind)
{
    switch (kind) {
    case ProjectionKind::Robinson:
        return "robinson";
    case ProjectionKind::PlateCarree:
        return "platecarree";
    case ProjectionKind::Mollweide:
        return "mollweide";
    case ProjectionKind::Orthographic:
        return "orthographic";
    }
    return "robinson";
}

ProjectionKind projectionFromName(const std::string& name)
{
    for (ProjectionKind k : {ProjectionKind::Robinson, ProjectionKind::PlateCarree, ProjectionKind::Mollweide,
                             ProjectionKind::Orthographic})
        if (projectionName(k) == name)
            return k;
    if (name == "plate-carree" || name == "equirectangular" || name == "eqc")
        return ProjectionKind::PlateCarree;
    throw ArgumentError("unknown projection '" + name + "' (known: robinson, platecarree, mollweide, orthographic)");
}

struct Projection::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    std::string definition;
    std::mutex mutex; // a PJ is not safe to use from two threads at once
    ~Impl()
    {
        if (pj)
            proj_destroy(pj);
        if (ctx)
            proj_context_destroy(ctx);
    }
};

Projection::Projection(ProjectionKind kind, double centralLongitude, double centralLatitude)
    : m_impl(std::make_unique<Impl>()), m_kind(kind), m_lon0(centralLongitude), m_lat0(centralLatitude)
{
    if (!std::isfinite(centralLongitude) || !std::isfinite(centralLatitude) || std::abs(centralLatitude) > 90)
        throw ArgumentError("projection centre (" + std::to_string(centralLongitude) + ", " +
                            std::to_string(centralLatitude) + ") is not a longitude and a latitude");
    const char* proj = "robin";
    switch (kind) {
    case ProjectionKind::Robinson:
        proj = "robin";
        break;
    case ProjectionKind::PlateCarree:
        proj = "eqc";
        break;
    case ProjectionKind::Mollweide:
        proj = "moll";
        break;
    case ProjectionKind::Orthographic:
        proj = "ortho";
        break;
    }
    char text[160];
    if (kind == ProjectionKind::Orthographic)
        std::snprintf(text, sizeof text, "+proj=%s +lon_0=%.10g +lat_0=%.10g +R=6371000", proj, centralLongitude,
                      centralLatitude);
    else
        std::snprintf(text, sizeof text, "+proj=%s +lon_0=%.10g +R=6371000", proj, centralLongitude);
    m_impl->definition = text;
    m_impl->ctx = proj_context_create();
    proj_log_level(m_impl->ctx, PJ_LOG_NONE);
    m_impl->pj = proj_create(m_impl->ctx, text);
    if (!m_impl->pj)
        throw UnsupportedError(std::string("PROJ cannot create '") + text +
                               "': " + proj_context_errno_string(m_impl->ctx, proj_context_errno(m_impl->ctx)));
}

Projection::~Projection() = default;

const std::string& Projection::definition() const { return m_impl->definition; }

void Projection::forward(double* lon, double* lat, size_t n) const
{
    for (size_t i = 0; i < n; ++i) {
        lon[i] = proj_torad(lon[i]);
        lat[i] = proj_torad(lat[i]);
    }
    {
        std::lock_guard lock(m_impl->mutex);
        proj_trans_generic(m_impl->pj, PJ_FWD, lon, sizeof(double), n, lat, sizeof(double), n, nullptr, 0, 0,
                           nullptr, 0, 0);
    }
    for (size_t i = 0; i < n; ++i)
        if (!std::isfinite(lon[i]) || !std::isfinite(lat[i]) || std::abs(lon[i]) > 1e20 || std::abs(lat[i]) > 1e20)
            lon[i] = lat[i] = NAN;
}

void Projection::forward(double lon, double lat, double& x, double& y) const
{
    x = lon;
    y = lat;
    forward(&x, &y, 1);
}

void Projection::inverse(double* x, double* y, size_t n) const
{
    {
        std::lock_guard lock(m_impl->mutex);
        proj_trans_generic(m_impl->pj, PJ_INV, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0, nullptr,
                           0, 0);
    }
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || std::abs(x[i]) > 1e20 || std::abs(y[i]) > 1e20) {
            x[i] = y[i] = NAN;
            continue;
        }
        x[i] = proj_todeg(x[i]);
        y[i] = proj_todeg(y[i]);
    }
}

double Projection::seamLongitude() const
{
    double s = std::fmod(m_lon0 + 180.0, 360.0);
    if (s < 0)
        s += 360.0;
    return s >= 180.0 ? s - 360.0 : s;
}

} // namespace lantern::geo
