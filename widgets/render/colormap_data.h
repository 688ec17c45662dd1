#pragma once
// Generated colormap lookup tables (colormap_data.cpp, written by scripts/gen_colormaps.py).

namespace lantern::render::detail {

struct ColormapData {
    const char* name;
    const char* family;
    bool diverging;
    const unsigned int* rgb; ///< 256 entries 0xRRGGBB
};

extern const ColormapData kColormapData[];
extern const int kColormapCount;

} // namespace lantern::render::detail
