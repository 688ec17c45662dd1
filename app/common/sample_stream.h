#pragma once
// Samples read batch by batch for the batch commands (lantern-cli predict/explain), so that memory stays at a few
// batches however many samples there are. Specs are those of loadSamples and every batch is fitted by the same code
// (common/sample_fit.h): read(begin, end) is bit for bit loadSamples(...).data.slice(begin, end), and count(),
// name(), notes() equal loadSamples' count, names and notes. Streamed: .npy (the header parsed once, rows read with
// pread; C or Fortran order, every dtype readNpy takes), HDF5 datasets FILE.h5[:DATASET] (hyperslabs of rows, the
// file kept open), IDX (plain: rows read at their offset; .gz: decompressed forward from the last read, a read
// further back restarts the stream; non-u8 files are scanned once at open for the 0..255 default scale), gridded
// variables FILE.nc:VAR[time=a:b,level=k] and CF HDF5 fields (the steps of each batch read as a time range; the
// time labels and masked-cell notes from one pass at open), folders of images (file names and image headers read
// at open, each batch's images decoded when it is read). Read whole through loadSamples (streamed() false): .npz
// archives, a single image file, and arrays whose whole content is one sample (the model takes the array as one
// input, e.g. a (28, 28) array for a (N, 1, 28, 28) model). A stream is read from one thread at a time.

#include "common/sample_loader.h"
#include "lantern/tensor.h"

#include <memory>
#include <string>
#include <vector>

namespace lantern::app {

class SampleStream {
public:
    /// Opens `spec` (same specs as loadSamples) for the model input. Throws like loadSamples does.
    static std::unique_ptr<SampleStream> open(const std::string& spec, const Shape& modelInput,
                                              const std::string& layout, const SampleOptions& options = {});
    virtual ~SampleStream() = default;
    virtual int64_t count() const = 0;                  ///< number of samples (after options.limit)
    virtual Shape sampleShape() const = 0;              ///< one fitted sample, without the batch dimension
    virtual std::string name(int64_t i) const = 0;      ///< as Samples::names[i]
    virtual std::vector<std::string> notes() const = 0; ///< as Samples::notes
    virtual bool streamed() const = 0;                  ///< false when the source had to be read whole (npz, one image)
    /// Samples [begin, end) fitted to the model input: bit-identical to loadSamples(spec,...).data.slice(begin, end).
    /// Any begin/end order must work (ranks read every N-th batch; resumed runs skip batches).
    virtual Tensor read(int64_t begin, int64_t end) = 0;
};

} // namespace lantern::app
