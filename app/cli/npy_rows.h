#pragma once
// A float32 .npy file written row block by row block, so that a single-process batch command streams its results
// to NumPy without holding them: the header is written with the first block (its row shape), the file goes to
// `A.npy.part` and is renamed to `A.npy` when every row is in. Not resumable (use .h5 for that).

#include "lantern/tensor.h"

#include <cstdio>
#include <string>

namespace lantern::cli {

class NpyRowWriter {
public:
    NpyRowWriter(std::string path, int64_t rows);
    ~NpyRowWriter();
    NpyRowWriter(const NpyRowWriter&) = delete;
    NpyRowWriter& operator=(const NpyRowWriter&) = delete;

    /// The next rows (blocks arrive in order; every block has the first one's row shape).
    void append(const Tensor& block);
    /// Checks that every row arrived, closes and renames. Returns the array's shape.
    Shape finish();

private:
    std::string m_path, m_part;
    int64_t m_rows = 0, m_written = 0;
    Shape m_shape;
    std::FILE* m_file = nullptr;
};

} // namespace lantern::cli
