// A NetCDF file (classic, 64-bit offset or netCDF-4/HDF5) opened as gridded samples are: every variable listed,
// every gridded one read (the first 8 time steps), its display layout made, and a 1-D variable read as labels.
#include "fuzz_support.h"

#include "lantern/geo/grid.h"
#include "lantern/geo/netcdf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string path = fuzz::writeInput(data, size, "data.nc");
    LANTERN_FUZZ_LOAD(path, {
        int read = 0;
        for (const geo::VariableInfo& v : geo::listVariables(path)) {
            if (++read > 8)
                break;
            try {
                if (v.gridded) {
                    geo::FieldRequest r;
                    r.variable = v.name;
                    r.timeEnd = 8;
                    try {
                        const geo::GeoField f = geo::readField(path, r);
                        if (!f.curvilinear)
                            (void)geo::displayGrid(f, -180.0);
                    } catch (const Error& e) {
                        fuzz::requireNamed(e, path);
                        r.timeEnd = -1; // fewer than 8 steps, or no time axis: the whole variable
                        const geo::GeoField f = geo::readField(path, r);
                        if (!f.curvilinear)
                            (void)geo::displayGrid(f, -180.0);
                    }
                } else if (v.shape.size() == 1) {
                    (void)geo::readValues(path, v.name);
                }
            } catch (const Error& e) {
                fuzz::requireNamed(e, path);
            }
        }
    });
    return 0;
}
