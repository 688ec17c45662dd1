#pragma once
// Internal to the snapshot store: datasets that grow along their first axis by one frame at a time, and hyperslab
// reads. Every failure is an IoError "<where>: what went wrong (HDF5: detail)".

#include "io/hdf5_handle.h"

#include "lantern/tensor.h"

#include <string>
#include <vector>

namespace lantern::snapshots::detail {

/// Creates `path` (parents included) with dims (0, row...) growing without limit along axis 0, chunked
/// (framesPerChunk, chunkRow...), shuffled and deflated when `compress`.
io::Handle createGrowing(hid_t file, const std::string& path, hid_t fileType, const Shape& row,
                         hsize_t framesPerChunk, const Shape& chunkRow, bool compress, const std::string& where);

/// Creates a dataset of fixed dims, chunked (uncompressed), with every chunk allocated now: writes into it later are
/// in place and change no metadata (the snapshot writer's staging area).
io::Handle createFixed(hid_t file, const std::string& path, hid_t fileType, const std::vector<hsize_t>& dims,
                       const std::vector<hsize_t>& chunk, const std::string& where);

/// Writes the box [start, start + count) from `data`; with `grow`, first extends axis 0 to cover it.
void writeBox(hid_t dataset, hid_t memType, const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
              const void* data, bool grow, const std::string& where);

/// Sets the extent of axis 0 to index + 1 and writes one row at `index`.
void writeRow(hid_t dataset, int64_t index, hid_t memType, const void* data, const std::string& where);

/// The dataset's dimensions.
std::vector<hsize_t> extent(hid_t dataset, const std::string& where);

/// Reads the box [start, start + count) into `out` (as many elements as the product of count).
void readBox(hid_t dataset, hid_t memType, const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
             void* out, const std::string& where);

/// Frames per chunk of the per-probe series (and of the staging area).
inline constexpr hsize_t kFramesPerChunk = 8;

/// Chunk dims of a per-probe series: (8 frames, probes, shape...) with as many probes as keep a chunk near 64 KiB (at
/// least one, at most all).
std::vector<hsize_t> seriesChunk(int64_t probes, const Shape& shape);

} // namespace lantern::snapshots::detail
