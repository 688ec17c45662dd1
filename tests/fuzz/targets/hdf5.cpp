// An HDF5 file read as samples or reference data: every dataset listed and read (up to 16), and the root
// attributes Lantern looks at.
#include "fuzz_support.h"

#include "lantern/io/hdf5.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string path = fuzz::writeInput(data, size, "data.h5");
    LANTERN_FUZZ_LOAD(path, {
        int read = 0;
        for (const std::string& name : io::listHdf5Datasets(path)) {
            if (++read > 16)
                break;
            try {
                (void)io::readHdf5Dataset(path, name);
            } catch (const Error& e) {
                fuzz::requireNamed(e, path);
            }
        }
    });
    for (const char* attribute : {"model_config", "keras_version", "layer_names", "note"})
        LANTERN_FUZZ_LOAD(path, (void)io::readHdf5Attribute(path, "/", attribute));
    return 0;
}
