#pragma once
// Map projections through PROJ (no PROJ type appears here): Robinson, Plate Carree, Mollweide and orthographic
// on a sphere of radius 6371 km, with an adjustable central longitude (and latitude for orthographic).
// Coordinates are metres; points a projection cannot show (the far side of an orthographic globe) are NaN.

#include <memory>
#include <string>
#include <vector>

namespace lantern::geo {

enum class ProjectionKind { Robinson, PlateCarree, Mollweide, Orthographic };

std::string projectionName(ProjectionKind kind);            ///< "robinson", "platecarree", "mollweide", "orthographic"
ProjectionKind projectionFromName(const std::string& name); ///< ArgumentError naming the known ones

class Projection {
public:
    explicit Projection(ProjectionKind kind, double centralLongitude = 0.0, double centralLatitude = 0.0);
    ~Projection();
    Projection(const Projection&) = delete;
    Projection& operator=(const Projection&) = delete;

    ProjectionKind kind() const { return m_kind; }
    double centralLongitude() const { return m_lon0; }
    double centralLatitude() const { return m_lat0; }
    /// The PROJ definition used ("+proj=robin +lon_0=225 +R=6371000").
    const std::string& definition() const;

    /// Degrees to metres, in place for n points; unprojectable points become NaN.
    void forward(double* lon, double* lat, size_t n) const;
    void forward(double lon, double lat, double& x, double& y) const;
    /// Metres to degrees; points outside the projection's domain become NaN.
    void inverse(double* x, double* y, size_t n) const;
    /// The longitude opposite the centre, where a world map is cut (lon0 + 180, in [-180, 180)).
    double seamLongitude() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    ProjectionKind m_kind;
    double m_lon0, m_lat0;
};

} // namespace lantern::geo
