#include "npy_rows.h"

#include "lantern/error.h"

#include <cstring>
#include <unistd.h>

namespace lantern::cli {

NpyRowWriter::NpyRowWriter(std::string path, int64_t rows)
    : m_path(std::move(path)), m_part(m_path + ".part"), m_rows(rows)
{
}

NpyRowWriter::~NpyRowWriter()
{
    if (m_file) {
        std::fclose(m_file);
        std::remove(m_part.c_str()); // unfinished: no partial array under any name
    }
}

void NpyRowWriter::append(const Tensor& block)
{
    if (block.rank() < 1)
        throw ShapeError(m_path + ": a block of rows needs a leading row dimension");
    if (!m_file) {
        m_shape = block.shape();
        m_shape[0] = m_rows;
        m_file = std::fopen(m_part.c_str(), "wb");
        if (!m_file)
            throw IoError(m_part + ": cannot create the file: " + std::strerror(errno));
        std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
        for (size_t i = 0; i < m_shape.size(); ++i) {
            if (i)
                dict += ", ";
            dict += std::to_string(m_shape[i]);
        }
        dict += m_shape.size() == 1 ? ",), }" : "), }";
        const size_t total = (10 + dict.size() + 1 + 63) / 64 * 64; // magic(6)+version(2)+length(2), '\n' last
        dict.append(total - 10 - dict.size() - 1, ' ');
        dict += '\n';
        const uint16_t length = static_cast<uint16_t>(dict.size());
        const char head[8] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
        std::fwrite(head, 1, 8, m_file);
        const unsigned char len[2] = {static_cast<unsigned char>(length & 0xff), static_cast<unsigned char>(length >> 8)};
        std::fwrite(len, 1, 2, m_file);
        std::fwrite(dict.data(), 1, dict.size(), m_file);
    }
    if (!std::equal(m_shape.begin() + 1, m_shape.end(), block.shape().begin() + 1, block.shape().end()))
        throw ShapeError(m_path + ": rows of shape " + shapeToString(block.shape()) + " do not continue an array of " +
                         shapeToString(m_shape));
    if (m_written + block.dim(0) > m_rows)
        throw ShapeError(m_path + ": more rows than the " + std::to_string(m_rows) + " announced");
    if (std::fwrite(block.data(), sizeof(float), static_cast<size_t>(block.size()), m_file) !=
        static_cast<size_t>(block.size()))
        throw IoError(m_part + ": cannot write (disk full?)");
    m_written += block.dim(0);
}

Shape NpyRowWriter::finish()
{
    if (!m_file || m_written != m_rows)
        throw IoError(m_path + ": " + std::to_string(m_written) + " of " + std::to_string(m_rows) + " rows written");
    const bool ok = std::fflush(m_file) == 0 && fsync(fileno(m_file)) == 0;
    std::fclose(m_file);
    m_file = nullptr;
    if (!ok || std::rename(m_part.c_str(), m_path.c_str()) != 0) {
        std::remove(m_part.c_str());
        throw IoError(m_path + ": cannot write the file");
    }
    return m_shape;
}

} // namespace lantern::cli
